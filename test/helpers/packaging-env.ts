// For tests that build and install the Linux packages (npm run package:linux): the packaging
// tools must be there, and installing the deb needs root. Importing this module marks a test
// file as needing the "packaging" group (test/peers/plan.mjs, test/peers/install.sh): without
// root, npm test leaves the file out and says so once; as root it installs the group first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { skipOrFail } from './skip';

const TOOLS = ['dpkg-deb', 'fakeroot', 'rpmbuild', 'rpm', 'lintian'];

/** Why the packages cannot be built here, or null when they can. */
export function packagingUnavailable(): string | null {
  const missing = TOOLS.filter((t) => !['/usr/bin', '/bin'].some((d) => existsSync(join(d, t))));
  return missing.length
    ? `missing ${missing.join(', ')} (as root: bash test/peers/install.sh packaging)`
    : null;
}

/** True when the packages can be built; otherwise skips `t` with the reason (a failure under
 * CI=true, where every test must run) and returns false. */
export function packagingOrSkip(t: TestContext): boolean {
  const reason = packagingUnavailable();
  if (!reason) return true;
  skipOrFail(t, `Linux packaging test: ${reason}`);
  return false;
}
