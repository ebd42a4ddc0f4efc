// Managed (IT) settings: the file-trust rules on real files, the parser, and precedence.
import { allowedBrokerUrls } from '../../../src/core/config/broker-lock';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_POLICY,
  MAX_MANAGED_FILE_BYTES,
  loadManagedConfig,
  managedConfigPath,
  parseManagedConfig,
  readTrustedFile,
  resolvePolicy,
} from '../../../src/core/config/managed';

const uid = process.getuid!();
const good = JSON.stringify({ brokerUrl: 'https://broker.corp/plain/', locked: ['brokerUrl'] });

async function dir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'managed-'));
}

void test('platform paths', () => {
  assert.equal(managedConfigPath('linux'), '/etc/x2go-launcher/config.json');
  assert.equal(
    managedConfigPath('darwin'),
    '/Library/Application Support/X2Go Launcher/config.json',
  );
  assert.equal(
    managedConfigPath('win32', { ProgramData: 'D:\\PD' }),
    join('D:\\PD', 'X2Go Launcher', 'config.json'),
  );
});

void test('trusted: a regular file owned by the required user, not group/other-writable', async () => {
  const d = await dir();
  const f = join(d, 'config.json');
  await writeFile(f, good, { mode: 0o644 });
  await chmod(f, 0o644);
  assert.deepEqual(await readTrustedFile(f, { ownerUid: uid }), { status: 'ok', text: good });
  assert.deepEqual(await readTrustedFile(join(d, 'absent.json'), { ownerUid: uid }), {
    status: 'absent',
  });
});

void test('rejected: symlink, wrong owner, group- or other-writable, directory, FIFO, too large', async () => {
  const d = await dir();
  const f = join(d, 'config.json');
  await writeFile(f, good);
  await chmod(f, 0o644);

  const link = join(d, 'link.json');
  await symlink(f, link);
  assert.deepEqual(await readTrustedFile(link, { ownerUid: uid }), {
    status: 'rejected',
    reason: 'it is a symbolic link',
  });

  const owner = await readTrustedFile(f, { ownerUid: uid + 1 });
  assert.equal(owner.status, 'rejected');
  assert.match(
    (owner as { reason: string }).reason,
    new RegExp(`owned by uid ${uid}, not ${uid + 1}`),
  );

  for (const mode of [0o664, 0o646, 0o666]) {
    await chmod(f, mode);
    const r = await readTrustedFile(f, { ownerUid: uid });
    assert.equal(r.status, 'rejected', mode.toString(8));
    assert.match((r as { reason: string }).reason, /writable by group or others/);
  }
  // Windows: ACLs instead of modes, so the owner/mode checks are skipped explicitly.
  assert.equal((await readTrustedFile(f, { ownerUid: null })).status, 'ok');

  const sub = join(d, 'dir.json');
  await mkdir(sub);
  const isDir = await readTrustedFile(sub, { ownerUid: uid });
  assert.equal(isDir.status, 'rejected');

  const fifo = join(d, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
  assert.deepEqual(await readTrustedFile(fifo, { ownerUid: uid }), {
    status: 'rejected',
    reason: 'it is not a regular file',
  });

  const big = join(d, 'big.json');
  await writeFile(big, ' '.repeat(MAX_MANAGED_FILE_BYTES + 1));
  await chmod(big, 0o600);
  assert.match(
    ((await readTrustedFile(big, { ownerUid: uid })) as { reason: string }).reason,
    /larger than/,
  );
});

void test('root-owned rule as the app applies it (ownerUid 0)', async (t) => {
  const d = await dir();
  const f = join(d, 'config.json');
  await writeFile(f, good);
  await chmod(f, 0o644);
  if (uid !== 0) {
    const r = await loadManagedConfig(f, 0);
    assert.equal(r.config, null);
    assert.match(r.warnings[0]!, /ignored: it is owned by uid/);
    t.diagnostic('not root: only the refusal of a non-root file is checked');
    return;
  }
  const ok = await loadManagedConfig(f, 0);
  assert.equal(ok.config?.values.brokerUrl, 'https://broker.corp/plain/');
  execFileSync('chown', ['65534', f]);
  const r = await loadManagedConfig(f, 0);
  assert.equal(r.config, null);
  assert.deepEqual(r.warnings, [`managed settings ${f} ignored: it is owned by uid 65534, not 0`]);
});

void test('parser: typed keys, per-key locks, bad entries reported one by one', () => {
  const c = parseManagedConfig(
    JSON.stringify({
      brokerUrl: ' https://broker.corp/plain/ ',
      brokerUrls: ['https://b2/json/'],
      kiosk: 'yes',
      allowRememberPassword: false,
      sshKnownHostsFile: '/etc/x2go-launcher/ssh_known_hosts',
      locked: ['allowRememberPassword', 'nope'],
      colour: 'blue',
    }),
  );
  assert.deepEqual(c.values, {
    brokerUrl: 'https://broker.corp/plain/',
    brokerUrls: ['https://b2/json/'],
    allowRememberPassword: false,
    sshKnownHostsFile: '/etc/x2go-launcher/ssh_known_hosts',
  });
  assert.deepEqual(c.locked, ['allowRememberPassword']);
  assert.deepEqual(c.warnings, [
    '"kiosk" must be true or false',
    'unknown key "colour" ignored',
    '"locked" names an unknown key "nope"',
  ]);
  assert.deepEqual(parseManagedConfig('{oops').values, {});
  assert.match(parseManagedConfig('{oops').warnings[0]!, /not valid JSON/);
  assert.deepEqual(parseManagedConfig('[1]').warnings, ['the top level must be a JSON object']);
  const sugar = parseManagedConfig('\uFEFF{"brokerUrl":"https://x/plain/","lockBrokerUrl":true}');
  assert.deepEqual(sugar.locked, ['brokerUrl']);
});

void test('precedence: defaults < defaults.json < managed < command line, admin locks win', () => {
  assert.deepEqual(resolvePolicy({}, null, {}), {
    ...DEFAULT_POLICY,
    locked: [],
    sources: {},
  });
  const managed = parseManagedConfig(good);
  const p = resolvePolicy({ brokerUrl: 'https://packaged/plain/' }, managed, {
    brokerUrl: 'https://user-choice/plain/',
  });
  assert.equal(p.brokerUrl, 'https://broker.corp/plain/', 'a locked key ignores the command line');
  assert.equal(p.lockBrokerUrl, true);
  assert.equal(p.sources.brokerUrl, 'managed');

  const open = resolvePolicy(
    { brokerUrl: 'https://packaged/plain/' },
    parseManagedConfig('{"brokerUrl":"https://corp/plain/"}'),
    { brokerUrl: 'https://cli/plain/', lockBrokerUrl: true, kiosk: true },
  );
  assert.equal(open.brokerUrl, 'https://cli/plain/');
  assert.equal(open.sources.brokerUrl, 'command-line');
  assert.equal(open.lockBrokerUrl, true);
  assert.deepEqual(open.locked, ['brokerUrl']);
  assert.equal(open.kiosk, true);
  assert.equal(open.autoLogoffAfterSession, true, 'kiosk forgets the user after a session');

  const adminSaysNo = resolvePolicy({}, parseManagedConfig('{"autoLogoffAfterSession":false}'), {
    kiosk: true,
  });
  assert.equal(adminSaysNo.autoLogoffAfterSession, false);
  assert.equal(
    resolvePolicy({}, null, { lockBrokerUrl: true }).lockBrokerUrl,
    false,
    'nothing to lock',
  );
});

void test('--broker-cacertfile reaches the app as the command-line value of brokerCaFiles; a lock keeps the policy files', () => {
  const fromCli = resolvePolicy({}, null, { brokerCaFiles: ['/etc/ssl/corp.pem'] });
  assert.deepEqual(fromCli.brokerCaFiles, ['/etc/ssl/corp.pem']);
  assert.equal(fromCli.sources.brokerCaFiles, 'command-line');
  const locked = resolvePolicy({}, parseManagedConfig(JSON.stringify({ brokerCaFiles: ['/etc/ssl/admin.pem'], locked: ['brokerCaFiles'] })), {
    brokerCaFiles: ['/tmp/mine.pem'],
  });
  assert.deepEqual(locked.brokerCaFiles, ['/etc/ssl/admin.pem']);
}); // prettier-ignore

void test('a policy with only brokerUrls: its first URL is the broker URL, and a lock holds for every URL of the list', () => {
  const A = 'https://a.example/plain/';
  const B = 'https://b.example/plain/';
  const managed = parseManagedConfig(JSON.stringify({ brokerUrls: [A, B], lockBrokerUrl: true }));
  const p = resolvePolicy({}, managed, {});
  assert.equal(p.brokerUrl, A, 'prefilled with the first URL, as the CLI does');
  assert.equal(p.lockBrokerUrl, true, 'the lock is not dropped for want of brokerUrl');
  assert.deepEqual(allowedBrokerUrls(p), [A, B]);
  // a command-line URL does not unlock it
  const cli = resolvePolicy({}, managed, { brokerUrl: 'https://evil.example/plain/' });
  assert.deepEqual(allowedBrokerUrls(cli), [A, B]);
  // unlocked: no restriction
  const open = resolvePolicy({}, parseManagedConfig(JSON.stringify({ brokerUrls: [A, B] })), {});
  assert.equal(open.brokerUrl, A);
  assert.equal(allowedBrokerUrls(open), null);
});

void test('a locked brokerUrls locks the broker URL too: a command-line URL cannot take its place', () => {
  const A = 'https://a.example/plain/';
  const managed = parseManagedConfig(JSON.stringify({ brokerUrls: [A], locked: ['brokerUrls'] }));
  assert.ok(managed.locked.includes('brokerUrl'));
  const p = resolvePolicy({}, managed, { brokerUrl: 'https://evil.example/plain/' });
  assert.equal(p.brokerUrl, A);
  assert.deepEqual(allowedBrokerUrls(p), [A]);
});
