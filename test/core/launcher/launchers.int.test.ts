// Command lines of both client launchers, the login order, resume choice and client discovery.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import { assertSafeArgv } from '../../../src/core/launcher/argv';
import {
  defaultClientPaths,
  detectClients,
  findClient,
} from '../../../src/core/launcher/find-client';
import { chooseLogin, prepareLaunch, startLaunch } from '../../../src/core/launcher/launch';
import {
  PYHOCA_KNOWN_HOSTS,
  pyhocaCliLauncher,
  withConfinedKnownHosts,
} from '../../../src/core/launcher/pyhoca-cli';
import {
  PYHOCA_SITECUSTOMIZE,
  PYHOCA_SITECUSTOMIZE_SOURCE,
} from '../../../src/core/launcher/pyhoca-host-key-policy';
import {
  confinedKnownHosts,
  type VerifiedHostKey,
} from '../../../src/core/launcher/server-host-key';
import { brokerOrSkip } from '../../helpers/broker-env';
import type { LaunchPlan } from '../../../src/core/launcher/types';
import { x2goclientLauncher } from '../../../src/core/launcher/x2goclient';
import {
  FAKE_PEM,
  fixtureProfile,
  profileFromFields,
  selection,
  sessionInfo,
} from '../../helpers/launcher-fixtures';
import { sshEd25519Key } from './ssh-test-keys';

function plan(over: Partial<LaunchPlan> = {}): LaunchPlan {
  const profile = fixtureProfile('loopback-xterm');
  return {
    profile,
    selected: selection(profile, { server: '127.0.0.1', port: 12222 }),
    login: { method: 'ssh-key', keyFile: '/keys/id' },
    options: { client: 'x2goclient' },
    clientPath: '/usr/bin/x2goclient',
    dir: '/tmp/x2go-launcher-1-AAAAAA',
    ...over,
  };
}

void it('x2goclient argv: --session-conf/--sessionid, --close-disconnect, --no-menu, opt-in flags', () => {
  const b = x2goclientLauncher.buildLaunch(plan());
  assert.deepEqual(b.argv, [
    '/usr/bin/x2goclient',
    '--session-conf=/tmp/x2go-launcher-1-AAAAAA/sessions',
    '--sessionid=loopback-xterm',
    '--close-disconnect',
    '--no-menu',
  ]);
  assert.equal(b.sessionFilePath, '/tmp/x2go-launcher-1-AAAAAA/sessions');
  assert.deepEqual(
    b.files.map((f) => f.name),
    ['sessions'],
  );
  const opt = x2goclientLauncher.buildLaunch(
    plan({ options: { client: 'x2goclient', addToKnownHosts: true, noAutoresume: true } }),
  );
  // --add-to-known-hosts is the launcher's own check now (server-host-key.ts): x2goclient
  // would accept ANY unknown key with it, not just the one verified
  assert.deepEqual(opt.argv.slice(5), ['--no-autoresume']);
});

void it('pyhoca-cli argv: private HOME with the session file, --session-profile, SIGINT terminates', () => {
  const b = pyhocaCliLauncher.buildLaunch(
    plan({ clientPath: '/usr/bin/pyhoca-cli', options: { client: 'pyhoca-cli' } }),
    {
      HOME: '/nonexistent-home',
    },
  );
  assert.deepEqual(b.argv, [
    '/usr/bin/pyhoca-cli',
    '--session-profile=loopback-xterm',
    '--new',
    '--terminate-on-ctrl-c',
  ]);
  assert.equal(b.env.HOME, '/tmp/x2go-launcher-1-AAAAAA/home');
  assert.equal(b.env.XAUTHORITY, '/nonexistent-home/.Xauthority');
  assert.equal(b.sessionFilePath, '/tmp/x2go-launcher-1-AAAAAA/home/.x2goclient/sessions');
  assert.match(b.sessionFileContent, /^key=\/keys\/id$/m);
  assert.match(b.sessionFileContent, /^autologin=false$/m);
  assert.ok(
    !b.argv.some((a) => a.startsWith('-i') || a.includes('ssh-privkey')),
    'pyhoca-cli ignores -i',
  );
  // the accept-anything host key default switched off: sitecustomize on PYTHONPATH
  assert.equal(b.env.PYTHONPATH, '/tmp/x2go-launcher-1-AAAAAA/python');
  assert.equal(
    b.files.find((f) => f.name === PYHOCA_SITECUSTOMIZE)?.content,
    PYHOCA_SITECUSTOMIZE_SOURCE,
  );
  const trusting = pyhocaCliLauncher.buildLaunch(
    plan({ options: { client: 'pyhoca-cli', addToKnownHosts: true } }),
    { HOME: '/h' },
  );
  assert.ok(!trusting.argv.includes('--add-to-known-hosts'), 'python-x2go would auto-add any key');
});

function verifiedKey(host: string, port: number): VerifiedHostKey {
  const [keyType, b64] = sshEd25519Key().split(' ') as [string, string];
  return {
    host,
    port,
    key: Buffer.from(b64, 'base64'),
    keyType,
    fingerprint: 'SHA256:x',
    status: 'known',
    source: null,
    ms: 0,
  };
}

void it('pyhoca-cli known_hosts: none from buildLaunch; at the start ONLY the verified key', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'launcher-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, '.ssh'));
  // the user's file is not copied any more: other hosts' keys have no business there
  writeFileSync(
    join(home, '.ssh', 'known_hosts'),
    `[127.0.0.1]:12222 ${sshEd25519Key()}
`,
  );
  const b = pyhocaCliLauncher.buildLaunch(plan({ options: { client: 'pyhoca-cli' } }), {
    HOME: home,
    XAUTHORITY: '/x/auth',
  });
  assert.equal(
    b.files.find((f) => f.name === PYHOCA_KNOWN_HOSTS),
    undefined,
  );
  assert.equal(b.env.XAUTHORITY, undefined, 'an existing XAUTHORITY is inherited');
  const v = verifiedKey('127.0.0.1', 12222);
  const confined = withConfinedKnownHosts(b, confinedKnownHosts(v));
  const kh = confined.files.filter((f) => f.name === PYHOCA_KNOWN_HOSTS);
  assert.deepEqual(
    kh.map((f) => f.content),
    [`[127.0.0.1]:12222 ssh-ed25519 ${v.key.toString('base64')}\n`],
  );
  // applied twice: still one file
  assert.equal(
    withConfinedKnownHosts(confined, 'x').files.filter((f) => f.name === PYHOCA_KNOWN_HOSTS).length,
    1,
  );
});

void it('confined known_hosts: port 22 plain name; localhost also as 127.0.0.1 (Python X2Go connects there)', () => {
  const v22 = verifiedKey('Srv.Example', 22);
  const blob = v22.key.toString('base64');
  // lower-cased as OpenSSH folds it, and as sent: paramiko looks names up exactly
  assert.equal(
    confinedKnownHosts(v22),
    `srv.example ssh-ed25519 ${blob}\nSrv.Example ssh-ed25519 ${blob}\n`,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'confined-')), 'known_hosts');
  writeFileSync(file, confinedKnownHosts(v22));
  const paramiko = spawnSync(
    'python3',
    [
      '-c',
      'import sys, paramiko; h = paramiko.HostKeys(sys.argv[1]); print(h.lookup("Srv.Example") is not None)',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (paramiko.status === 0)
    assert.equal(paramiko.stdout.trim(), 'True', 'paramiko finds the name as sent');
  const local = verifiedKey('localhost', 2222);
  assert.deepEqual(confinedKnownHosts(local).trimEnd().split('\n'), [
    `[localhost]:2222 ssh-ed25519 ${local.key.toString('base64')}`,
    `[127.0.0.1]:2222 ssh-ed25519 ${local.key.toString('base64')}`,
  ]);
});

void it('pyhoca-cli sees only the verified key as $HOME/.ssh/known_hosts (0600), with the real sshd', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  const target = broker.x2goSession;
  const base = mkdtempSync(join(tmpdir(), 'launcher-kh-run-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const home = join(base, 'user-home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  // the user's file knows another host; the admin's file vouches for the fixture's sshd
  writeFileSync(join(home, '.ssh', 'known_hosts'), `user.example ${sshEd25519Key()}\n`);
  const client = join(base, 'pyhoca-cli');
  const seen = join(base, 'seen');
  writeFileSync(
    client,
    `#!/bin/sh\nstat -c %a "$HOME/.ssh/known_hosts" > '${seen}.mode'\ncat "$HOME/.ssh/known_hosts" > '${seen}.kh'\n`,
    { mode: 0o755 },
  );
  const profile = fixtureProfile('loopback-xterm');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XAUTHORITY: '/x' };
  const prepared = prepareLaunch(
    profile,
    selection(profile, { server: target.host, port: target.sshport }),
    {
      client: 'pyhoca-cli',
      clientPath: client,
      autologin: true,
      knownHostsFiles: [target.knownHosts],
    },
    { baseDir: base, env },
  );
  const running = await startLaunch(prepared, { env });
  await running.exited;
  assert.equal(readFileSync(`${seen}.mode`, 'utf8').trim(), '600');
  const want = readFileSync(target.knownHosts, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`[${target.host}]:${target.sshport} `));
  assert.equal(want.length, 1, 'the fixture known_hosts has one line for the sshd');
  assert.equal(readFileSync(`${seen}.kh`, 'utf8'), `${want[0]}\n`);
});

void it('resume: SESSION_INFO → pyhoca-cli --resume=<name>; --no-autoresume → new session', () => {
  const profile = fixtureProfile('loopback-xterm');
  const info = [
    sessionInfo('x2gotest-51-1_stRMATE_dp24', 'S', 'MATE'),
    sessionInfo('x2gotest-50-1_stRxterm_dp24', 'S', 'xterm'),
  ];
  const p = plan({
    profile,
    selected: selection(profile, { sessionInfo: info }),
    options: { client: 'pyhoca-cli' },
  });
  const b = pyhocaCliLauncher.buildLaunch(p, {});
  assert.ok(b.argv.includes('--resume=x2gotest-50-1_stRxterm_dp24'), b.argv.join(' '));
  assert.ok(!b.argv.includes('--new'));
  assert.equal(b.resume, 'x2gotest-50-1_stRxterm_dp24');
  const no = pyhocaCliLauncher.buildLaunch(
    { ...p, options: { client: 'pyhoca-cli', noAutoresume: true } },
    {},
  );
  assert.ok(no.argv.includes('--new') && !no.argv.some((a) => a.startsWith('--resume')));
  // x2goclient cannot be told a session name: it resumes a lone matching suspended one itself
  const x = x2goclientLauncher.buildLaunch({ ...p, options: { client: 'x2goclient' } });
  assert.ok(x.warnings.some((w) => /x2gotest-50-1_stRxterm_dp24/.test(w)));
});

void it('a hostile session name from the broker never reaches argv', () => {
  const profile = fixtureProfile('loopback-xterm');
  for (const name of ['-oProxyCommand=touch /tmp/x', '--help', 'a b', 'x\ny']) {
    const p = plan({
      profile,
      selected: selection(profile, { sessionInfo: [sessionInfo(name, 'S', 'xterm')] }),
      options: { client: 'pyhoca-cli' },
    });
    const b = pyhocaCliLauncher.buildLaunch(p, {});
    assert.ok(b.argv.includes('--new'), name);
    assert.ok(!b.argv.some((a) => a.includes(name)), name);
    assert.ok(b.warnings.some((w) => /unusable session/.test(w)));
  }
});

void it('argv rules: only --opt / --opt=value after an absolute program', () => {
  assertSafeArgv(['/usr/bin/x', '--a', '--b-c=d e', '--k=-x']);
  for (const bad of [
    ['x', '--a'],
    ['/x', '-P'],
    ['/x', 'value'],
    ['/x', '--a\n'],
    ['/x', '--=x'],
    ['/x', '--a=b\u0000'],
  ])
    assert.throws(
      () => assertSafeArgv(bad),
      /unsafe client argument|absolute path/,
      JSON.stringify(bad),
    );
});

void it('login order: broker key, then --ssh-key, then agent, then password prompt', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const userKey = join(dir, 'id_ed25519');
  writeFileSync(userKey, 'k', { mode: 0o600 });
  const profile = fixtureProfile('loopback-xterm');
  const withKey = selection(profile, { privateKey: FAKE_PEM });
  const none = selection(profile);
  assert.deepEqual(
    chooseLogin(withKey, { client: 'x2goclient', sshKeyFile: userKey, autologin: true }, '/d'),
    {
      method: 'broker-key',
      keyFile: '/d/session.key',
    },
  );
  assert.deepEqual(
    chooseLogin(none, { client: 'x2goclient', sshKeyFile: userKey, autologin: true }, '/d'),
    {
      method: 'ssh-key',
      keyFile: userKey,
    },
  );
  assert.deepEqual(chooseLogin(none, { client: 'x2goclient', autologin: true }, '/d'), {
    method: 'agent',
  });
  assert.deepEqual(chooseLogin(none, { client: 'x2goclient' }, '/d'), { method: 'password' });
  assert.throws(
    () => chooseLogin(none, { client: 'x2goclient', sshKeyFile: join(dir, 'missing') }, '/d'),
    (e: unknown) => e instanceof LauncherError && e.kind === 'usage' && /SSH key/.test(e.message),
  );
});

void it('prepareLaunch: broker key written 0600 in the private dir, never in argv or session file', (t) => {
  const b = mkdtempSync(join(tmpdir(), 'launcher-base-'));
  t.after(() => rmSync(b, { recursive: true, force: true }));
  const fakeClient = join(b, 'x2goclient');
  writeFileSync(fakeClient, '#!/bin/sh\n');
  chmodSync(fakeClient, 0o755);
  const profile = fixtureProfile('loopback-xterm');
  const prepared = prepareLaunch(
    profile,
    selection(profile, { privateKey: FAKE_PEM }),
    { client: 'x2goclient', clientPath: fakeClient },
    { baseDir: b },
  );
  const keyFile = join(prepared.privateDir.path, 'session.key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  assert.equal(readFileSync(keyFile, 'utf8'), FAKE_PEM);
  const everything = JSON.stringify(prepared.built);
  assert.ok(
    !everything.includes('PRIVATE KEY') && !everything.includes('ZmFrZS1rZXkt'),
    'no key material in argv/env/session file',
  );
  assert.ok(prepared.built.sessionFileContent.includes(`key=${keyFile}`));
  prepared.privateDir.remove();
  assert.equal(existsSync(keyFile), false);
  // --dry-run: nothing secret written
  const dry = prepareLaunch(
    profile,
    selection(profile, { privateKey: FAKE_PEM }),
    { client: 'x2goclient', clientPath: fakeClient },
    { baseDir: b, dryRun: true },
  );
  assert.equal(existsSync(join(dry.privateDir.path, 'session.key')), false);
  dry.privateDir.remove();
});

void it('findClient: override, PATH (absolute entries only), platform default paths, clear error', () => {
  const present = new Set([
    '/opt/x/bin/x2goclient',
    '/usr/bin/pyhoca-cli',
    'C:\\Program Files (x86)\\x2goclient\\x2goclient.exe',
    '/Applications/x2goclient.app/Contents/MacOS/x2goclient',
  ]);
  const isExecutable = (f: string) => present.has(f);
  assert.equal(
    findClient('x2goclient', { platform: 'linux', env: { PATH: 'bin:/opt/x/bin' }, isExecutable }),
    '/opt/x/bin/x2goclient',
  );
  assert.equal(
    findClient('pyhoca-cli', { platform: 'linux', env: { PATH: '' }, isExecutable }),
    '/usr/bin/pyhoca-cli',
  );
  assert.equal(
    findClient('x2goclient', {
      platform: 'win32',
      env: { 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
      isExecutable,
    }),
    'C:\\Program Files (x86)\\x2goclient\\x2goclient.exe',
  );
  assert.equal(
    findClient('x2goclient', { platform: 'darwin', env: {}, isExecutable }),
    '/Applications/x2goclient.app/Contents/MacOS/x2goclient',
  );
  assert.equal(
    findClient('x2goclient', {
      platform: 'linux',
      env: {},
      clientPath: '/opt/x/bin/x2goclient',
      isExecutable,
    }),
    '/opt/x/bin/x2goclient',
  );
  assert.throws(
    () =>
      findClient('x2goclient', {
        platform: 'linux',
        env: {},
        clientPath: '/nope/x2goclient',
        isExecutable,
      }),
    (e: unknown) =>
      e instanceof LauncherError &&
      e.kind === 'client' &&
      /--client-path/.test(e.details.hint ?? ''),
  );
  assert.throws(
    () =>
      findClient('x2goclient', {
        platform: 'linux',
        env: { PATH: '/empty' },
        isExecutable: () => false,
      }),
    (e: unknown) =>
      e instanceof LauncherError &&
      e.kind === 'client' &&
      /apt install x2goclient/.test(e.details.hint ?? ''),
  );
  assert.throws(
    () => findClient('x2goclient', { platform: 'win32', env: {}, isExecutable: () => false }),
    (e: unknown) => e instanceof LauncherError && /wiki\.x2go\.org/.test(e.details.hint ?? ''),
  );
  assert.ok(defaultClientPaths('pyhoca-cli', 'linux', {}).includes('/usr/bin/pyhoca-cli'));
});

void it('JSON profile with an unusable user for pyhoca-cli: LauncherError, nothing left behind', (t) => {
  const b = mkdtempSync(join(tmpdir(), 'launcher-base-'));
  t.after(() => rmSync(b, { recursive: true, force: true }));
  const fake = join(b, 'pyhoca-cli');
  writeFileSync(fake, '#!/bin/sh\n');
  chmodSync(fake, 0o755);
  const profile = profileFromFields('p', { host: 'h', user: 'a\nb' });
  assert.throws(
    () =>
      prepareLaunch(
        profile,
        selection(profile),
        // agent login: pyhoca-cli refuses password logins before it looks at the user
        { client: 'pyhoca-cli', clientPath: fake, autologin: true },
        { baseDir: b, env: {} },
      ),
    (e: unknown) => e instanceof LauncherError && e.kind === 'protocol',
  );
  assert.deepEqual(readdirSync(b), ['pyhoca-cli'], 'private dir removed on failure');
});

void it('explicit resume (GUI session chooser): pyhoca-cli --resume=NAME; a bad name is ignored', () => {
  const profile = fixtureProfile('loopback-xterm');
  const p = plan({
    profile,
    selected: selection(profile),
    options: { client: 'pyhoca-cli', resumeSession: 'x2gotest-50-1_stRxterm_dp24' },
  });
  assert.deepEqual(pyhocaCliLauncher.buildLaunch(p, {}).argv.slice(1), [
    '--session-profile=loopback-xterm',
    '--resume=x2gotest-50-1_stRxterm_dp24',
    '--terminate-on-ctrl-c',
  ]);
  const bad = pyhocaCliLauncher.buildLaunch(
    { ...p, options: { client: 'pyhoca-cli', resumeSession: '-x; rm' } },
    {},
  );
  assert.deepEqual(bad.argv.slice(1), [
    '--session-profile=loopback-xterm',
    '--new',
    '--terminate-on-ctrl-c',
  ]);
  assert.equal(bad.warnings.filter((w) => /cannot resume/.test(w)).length, 1, 'warned');
});

void it('detectClients lists what is installed, x2goclient first', () => {
  const present = new Set(['/usr/bin/pyhoca-cli', '/usr/bin/x2goclient']);
  assert.deepEqual(
    detectClients({ platform: 'linux', env: {}, isExecutable: (f) => present.has(f) }),
    [
      { client: 'x2goclient', path: '/usr/bin/x2goclient' },
      { client: 'pyhoca-cli', path: '/usr/bin/pyhoca-cli' },
    ],
  );
  assert.deepEqual(detectClients({ platform: 'linux', env: {}, isExecutable: () => false }), []);
});
