// The bundle identity in the CLI code cache's name (src/core/cli/code-cache-identity.ts).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bundleIdentity } from '../../../src/core/cli/code-cache-identity';

void it('differs when only the ctime, the inode, the size or the mtime (to the nanosecond) differ', () => {
  const base = { size: 1000n, mtimeNs: 1_700_000_000_123_456_789n, ctimeNs: 1_700_000_000_123_456_789n, ino: 42n };
  const names = new Set([
    bundleIdentity(base),
    bundleIdentity({ ...base, ctimeNs: base.ctimeNs + 1n }),
    bundleIdentity({ ...base, ino: 43n }),
    bundleIdentity({ ...base, size: 1001n }),
    bundleIdentity({ ...base, mtimeNs: base.mtimeNs + 1n }),
  ]);
  assert.equal(names.size, 5);
  assert.equal(bundleIdentity(base), '1000-1700000000123456789-1700000000123456789-42');
}); // prettier-ignore
