import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readAuthIdFile, writeAuthIdFile } from '../../../src/core/broker/auth-id-file';
import { LauncherError } from '../../../src/core/errors';

describe('auth-id file', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'authid-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('A10 first line, CRLF and surrounding blanks stripped', async () => {
    const f = join(dir, 'a');
    await writeFile(f, 'preshared\r\nsecond\n');
    assert.equal(await readAuthIdFile(f), 'preshared');
    await writeFile(f, '  abc  \n');
    assert.equal(await readAuthIdFile(f), 'abc');
    await writeFile(f, 'no-newline');
    assert.equal(await readAuthIdFile(f), 'no-newline');
  });

  it('missing or empty file → usage error', async () => {
    await assert.rejects(
      readAuthIdFile(join(dir, 'missing')),
      (e) => e instanceof LauncherError && e.kind === 'usage' && /ENOENT/.test(e.message),
    );
    const f = join(dir, 'empty');
    await writeFile(f, '\nsecond\n');
    await assert.rejects(
      readAuthIdFile(f),
      (e) => e instanceof LauncherError && e.kind === 'usage' && /empty/.test(e.message),
    );
  });

  it('writes atomically with mode 0600 and leaves no temp file', async () => {
    const f = join(dir, 'persist');
    await writeFile(f, 'old\n', { mode: 0o644 });
    await writeAuthIdFile(f, 'new-cookie');
    assert.equal(await readFile(f, 'utf8'), 'new-cookie\n');
    assert.equal((await stat(f)).mode & 0o777, 0o600);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.includes('.tmp')),
      [],
    );
    await assert.rejects(writeAuthIdFile(f, 'a\nb'), LauncherError);
    await assert.rejects(
      writeAuthIdFile(join(dir, 'no/such/dir/file'), 'x'),
      (e) => e instanceof LauncherError && e.kind === 'usage',
    );
  });
});
