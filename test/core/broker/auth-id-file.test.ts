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

  it('a first line that is not one cookie token (a key file, ~/.netrc) is refused, not sent', async () => {
    for (const text of [
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n',
      'machine example.org login alice password s3cret\n',
      'caf\u00e9\n',
    ]) {
      const f = join(dir, 'wrong');
      await writeFile(f, text);
      await assert.rejects(
        readAuthIdFile(f),
        (e) =>
          e instanceof LauncherError &&
          e.kind === 'usage' &&
          /does not look like an auth-id cookie/.test(e.message) &&
          !/s3cret|BEGIN/.test(JSON.stringify(e.toJSON())),
      );
    }
    await writeFile(join(dir, 'uuid'), '3f2c9a6e-5b1d-4e8f-9a70-2c4b6d8e0f13\n');
    assert.equal(await readAuthIdFile(join(dir, 'uuid')), '3f2c9a6e-5b1d-4e8f-9a70-2c4b6d8e0f13');
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
