// Issue 8 point 3 against REAL peers: every X2Go server's host key is verified by the launcher
// before a client starts, and the client is confined to that key. A private sshd of our own
// (loopback, a FRESH host key nobody knows, LogLevel VERBOSE into a log file, no way to log in)
// plays the broker-named server: its log shows whether any authentication reached it. The
// real pyhoca-cli is started against it (a) after our pre-check refuses — never spawned — and
// (b) directly, with our confinement but a key it must not accept, and as the control without
// the python-side switch: that run DOES try to log in (so the log check can fail).
// The whole CLI is run against the real broker (server = the fixture's sshd): unknown → exit 4
// with the fingerprint, --add-to-known-hosts → accepted and written. Needs root (sshd) and
// broker.json; skips with the reason otherwise.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import {
  prepareLaunch,
  startLaunch,
  type HostKeyCheckOptions,
} from '../../../src/core/launcher/launch';
import { RunningClient, type LaunchEvent } from '../../../src/core/launcher/process';
import { withConfinedKnownHosts } from '../../../src/core/launcher/pyhoca-cli';
import {
  PYHOCA_REFUSED_MARK,
  pyhocaHostKeyRefusal,
} from '../../../src/core/launcher/pyhoca-host-key-policy';
import { fetchHostKey, verifyServerHostKey } from '../../../src/core/launcher/server-host-key';
import type { ClientKind } from '../../../src/core/launcher/types';
import { createClientLauncher } from '../../../src/main/client-launcher';
import { brokerOrSkip, loadBroker, userPassword } from '../../helpers/broker-env';
import { FAKE_PEM, fixtureProfile, selection } from '../../helpers/launcher-fixtures';
import { runCli } from '../../helpers/run-cli';
import { startXvfb, which, type Xvfb } from '../../helpers/x2go-env';
import { sshEd25519Key } from './ssh-test-keys';

const dir = mkdtempSync(join(tmpdir(), 'x2gol-srvkey-'));
chmodSync(dir, 0o755);
const sshdLog = join(dir, 'sshd.log');
let sshd: ChildProcess | null = null;
let port = 0;
let why = '';
/** `[127.0.0.1]:port ssh-ed25519 AAAA…` of our sshd's fresh key, and its fingerprint. */
let hostLine = '';
let fingerprint = '';
let user = '';
let keyFile = '';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

before(async () => {
  const { broker } = loadBroker();
  if (!broker?.x2goSession) return void (why = 'no x2goSession in broker.json (no test user)');
  if (process.getuid?.() !== 0) return void (why = 'starting a private sshd needs root');
  user = broker.x2goSession.user;
  keyFile = broker.x2goSession.privateKey;
  const hostKey = join(dir, 'host_ed25519');
  if (spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]).status !== 0)
    return void (why = 'ssh-keygen failed');
  port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'LogLevel VERBOSE',
      // nobody can log in here: a login attempt is visible in the log, never successful
      'AuthorizedKeysFile none',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      `AllowUsers ${user}`,
      'PrintMotd no',
      '',
    ].join('\n'),
  );
  sshd = spawn('/usr/sbin/sshd', ['-D', '-E', sshdLog, '-f', config], { stdio: 'ignore' });
  for (let i = 0; i < 200 && sshd.exitCode === null; i++) {
    if (existsSync(sshdLog) && /Server listening/.test(readFileSync(sshdLog, 'utf8'))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!existsSync(sshdLog) || !/Server listening/.test(readFileSync(sshdLog, 'utf8'))) {
    why = 'private sshd did not start';
    sshd.kill();
    sshd = null;
    return;
  }
  hostLine = `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`;
  // OpenSSH's own fingerprint of the key, to compare with ours
  fingerprint = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], {
    encoding: 'utf8',
  }).stdout.split(' ')[1]!;
});

after(() => {
  sshd?.kill(); // exactly the sshd this file started
  rmSync(dir, { recursive: true, force: true });
});

function ready(t: TestContext): boolean {
  if (!brokerOrSkip(t)) return false;
  if (!sshd) {
    t.skip(why);
    return false;
  }
  return true;
}

/** What the sshd logged from now until `read()` is called. */
function logFromNow(): { read(): string } {
  const start = readFileSync(sshdLog).length;
  return { read: () => readFileSync(sshdLog).subarray(start).toString('utf8') };
}

/** sshd (LogLevel VERBOSE) lines that only an authentication attempt produces. */
const AUTH_LINE =
  /Accepted|Failed (none|publickey|password)|Postponed|authenticating user|Invalid user|userauth|Starting session/;

/** A scratch HOME with an optional known_hosts. */
function home(knownHosts?: string): string {
  const h = mkdtempSync(join(dir, 'home-'));
  mkdirSync(join(h, '.ssh'), { mode: 0o700 });
  if (knownHosts !== undefined) writeFileSync(join(h, '.ssh', 'known_hosts'), knownHosts);
  return h;
}

function prepareFor(client: ClientKind, clientPath: string, userHome: string, add = false) {
  const profile = fixtureProfile('loopback-xterm');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: userHome, XAUTHORITY: '/x' };
  const prepared = prepareLaunch(
    profile,
    selection(profile, { server: '127.0.0.1', port, user }),
    { client, clientPath, sshKeyFile: keyFile, addToKnownHosts: add },
    { baseDir: mkdtempSync(join(dir, 'base-')), env },
  );
  return { prepared, env };
}

/** A stand-in client that records the known_hosts it was given, then exits 0. */
function recorder(name: string): { bin: string; seen: string } {
  const d = mkdtempSync(join(dir, 'rec-'));
  const bin = join(d, name);
  const seen = join(d, 'seen');
  writeFileSync(bin, `#!/bin/sh\ncat "$HOME/.ssh/known_hosts" > '${seen}' 2>/dev/null\nexit 0\n`, {
    mode: 0o755,
  });
  return { bin, seen };
}

/** startLaunch's rejection, or a failure if it resolved. */
async function refused(p: Promise<unknown>): Promise<LauncherError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LauncherError, String(e));
    return e;
  }
  assert.fail('the launch was not refused');
}

describe('X2Go server host key: fetched without logging in', () => {
  it('fetchHostKey: the key of the server, the same fingerprint as ssh-keygen; no authentication in the log', async (t) => {
    if (!ready(t)) return;
    const log = logFromNow();
    const key = await fetchHostKey('127.0.0.1', port);
    const v = await verifyServerHostKey('127.0.0.1', port, {
      knownHosts: { userFiles: [], extraFiles: [], globalFiles: [] },
      addToKnownHosts: true,
    });
    assert.equal(v.fingerprint, fingerprint);
    assert.equal(`[127.0.0.1]:${port} ${v.keyType} ${key.toString('base64')}`, hostLine);
    await new Promise((r) => setTimeout(r, 300)); // sshd writes its log lines
    const text = log.read();
    assert.match(text, /Connection from 127\.0\.0\.1/, 'the check did reach the sshd');
    assert.doesNotMatch(text, AUTH_LINE, text);
    t.diagnostic(`host key check: ${v.ms} ms (connect + key exchange)`);
  });

  it('unreachable and silent servers: clear errors within the deadline', async (t) => {
    const closed = await freePort();
    const e = await refused(fetchHostKey('127.0.0.1', closed));
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, new RegExp(`X2Go server 127\\.0\\.0\\.1:${closed}`));
    // a TCP server that never speaks SSH: the deadline ends it
    const mute = createServer(() => undefined);
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    t.after(() => mute.close());
    const started = Date.now();
    const slow = await refused(
      fetchHostKey('127.0.0.1', (mute.address() as AddressInfo).port, { timeoutMs: 500 }),
    );
    assert.equal(slow.kind, 'timeout');
    assert.ok(Date.now() - started < 5_000);
  });
});

describe('(a) pyhoca-cli is refused on an unknown key, and no login reaches the server', () => {
  // pyhoca-cli stops before connecting when there is no DISPLAY
  let xvfb: Xvfb | null = null;
  before(async () => {
    if (sshd && which('pyhoca-cli') && which('Xvfb')) xvfb = await startXvfb();
  });
  after(async () => {
    await xvfb?.stop();
  });
  const withDisplay = (env: Record<string, string>) => ({ ...env, DISPLAY: xvfb?.display ?? '' });
  it('our pre-check: unknown key → host-key error (exit 4) naming host, port, fingerprint and file; pyhoca-cli never started', async (t) => {
    if (!ready(t)) return;
    const pyhoca = which('pyhoca-cli');
    if (!pyhoca) return t.skip('pyhoca-cli not installed');
    const userHome = home('');
    const { prepared, env } = prepareFor('pyhoca-cli', pyhoca, userHome);
    const events: LaunchEvent[] = [];
    const log = logFromNow();
    const e = await refused(startLaunch(prepared, { env, onEvent: (x) => events.push(x) }));
    assert.equal(e.kind, 'host-key');
    assert.equal(e.exitCode, 4);
    assert.equal(e.details.hostKeyFingerprint, fingerprint);
    assert.ok(e.message.includes(`[127.0.0.1]:${port}`), e.message);
    assert.ok(e.message.includes(fingerprint), e.message);
    assert.ok(e.message.includes(join(userHome, '.ssh', 'known_hosts')), e.message);
    assert.deepEqual(events, [], 'no client was started');
    assert.equal(existsSync(prepared.privateDir.path), false, 'private dir removed');
    assert.equal(readFileSync(join(userHome, '.ssh', 'known_hosts'), 'utf8'), '', 'nothing added');
    await new Promise((r) => setTimeout(r, 300));
    const text = log.read();
    assert.match(text, /Connection from 127\.0\.0\.1/);
    assert.doesNotMatch(text, AUTH_LINE, text);
  });

  for (const variant of ['unknown', 'changed'] as const) {
    it(`pyhoca-cli itself, confined, given a ${variant} key: login refused before authentication`, async (t) => {
      if (!ready(t)) return;
      const pyhoca = which('pyhoca-cli');
      if (!pyhoca) return t.skip('pyhoca-cli not installed');
      if (!xvfb) return t.skip('Xvfb not installed');
      const { prepared, env } = prepareFor('pyhoca-cli', pyhoca, home());
      // skip our pre-check: the private known_hosts names NOT the server's key (empty, or
      // another key for the same name), as if the server had changed after our check
      const other = sshEd25519Key();
      const known = variant === 'unknown' ? '' : `[127.0.0.1]:${port} ${other}\n`;
      const built = withConfinedKnownHosts(prepared.built, known);
      const log = logFromNow();
      const lines: string[] = [];
      const running = await RunningClient.start(built, {
        privateDir: prepared.privateDir,
        env: withDisplay(env),
        onEvent: (x) => x.type === 'output' && lines.push(x.line),
      });
      const exit = await Promise.race([
        running.done,
        new Promise<null>((r) => setTimeout(() => r(null), 60_000)),
      ]);
      if (!exit) running.stopNow('SIGKILL');
      assert.ok(exit, 'pyhoca-cli ended by itself');
      // (pyhoca-cli 0.6.1.2 exits 0 even when its login failed: its output is the proof)
      const output = lines.join('\n');
      if (variant === 'unknown') assert.ok(output.includes(PYHOCA_REFUSED_MARK), output);
      // paramiko's BadHostKeyException, as pyhoca-cli reports it
      else assert.match(output, /SSH host key verification for remote host .* failed/, output);
      // what the CLI reports as a host-key error (exit 4) although pyhoca-cli exits 0
      assert.ok(pyhocaHostKeyRefusal(exit.lastLines), exit.lastLines.join('\n'));
      await new Promise((r) => setTimeout(r, 300));
      const text = log.read();
      assert.match(text, /Connection from 127\.0\.0\.1/, 'pyhoca-cli did connect');
      assert.doesNotMatch(text, AUTH_LINE, `${variant}: no authentication attempt:\n${text}`);
    });
  }

  it('control: the same pyhoca-cli WITHOUT the python-side switch accepts the unknown key and tries to log in', async (t) => {
    if (!ready(t)) return;
    const pyhoca = which('pyhoca-cli');
    if (!pyhoca) return t.skip('pyhoca-cli not installed');
    if (!xvfb) return t.skip('Xvfb not installed');
    const { prepared, env } = prepareFor('pyhoca-cli', pyhoca, home());
    const built = withConfinedKnownHosts(prepared.built, '');
    // what pyhoca-cli does on its own (its default, not ours): PYTHONPATH without our file
    const bare = { ...built, env: { ...built.env, PYTHONPATH: join(dir, 'nothing-here') } };
    const log = logFromNow();
    const running = await RunningClient.start(bare, {
      privateDir: prepared.privateDir,
      env: withDisplay(env),
    });
    const exit = await Promise.race([
      running.done,
      new Promise<null>((r) => setTimeout(() => r(null), 60_000)),
    ]);
    if (!exit) running.stopNow('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    assert.match(log.read(), AUTH_LINE, 'python-x2go alone logs in to an unknown server');
    assert.equal(pyhocaHostKeyRefusal(exit?.lastLines ?? []), null);
  });
});

describe('(c) a changed or revoked key is refused for both clients, even with --add-to-known-hosts', () => {
  for (const client of ['pyhoca-cli', 'x2goclient'] as const) {
    it(`${client}: changed key in the user's known_hosts → refused, file:line named, nothing written`, async (t) => {
      if (!ready(t)) return;
      const rec = recorder(client);
      const stale = `${hostLine.split(' ')[0]} ${sshEd25519Key()}\n`;
      const userHome = home(stale);
      const libssh = join(dir, `libssh-${client}`);
      const { prepared, env } = prepareFor(client, rec.bin, userHome, true);
      const e = await refused(startLaunch(prepared, { env, hostKey: { libsshFile: libssh } }));
      assert.equal(e.kind, 'host-key');
      assert.match(e.message, /HAS CHANGED/);
      assert.ok(e.message.includes(`${join(userHome, '.ssh', 'known_hosts')}:1`), e.message);
      assert.equal(e.details.hostKeyFingerprint, fingerprint);
      assert.equal(existsSync(rec.seen), false, 'the client never ran');
      assert.equal(readFileSync(join(userHome, '.ssh', 'known_hosts'), 'utf8'), stale);
      assert.equal(existsSync(libssh), false);
    });
  }

  it("x2goclient: a stale key in libssh's file (passwd home) counts as changed too", async (t) => {
    if (!ready(t)) return;
    const rec = recorder('x2goclient');
    const libssh = join(dir, 'libssh-stale');
    writeFileSync(libssh, `${hostLine.split(' ')[0]} ${sshEd25519Key()}\n`);
    const { prepared, env } = prepareFor('x2goclient', rec.bin, home(''), true);
    const e = await refused(startLaunch(prepared, { env, hostKey: { libsshFile: libssh } }));
    assert.match(e.message, /HAS CHANGED/);
    assert.ok(e.message.includes(`${libssh}:1`), e.message);
  });

  it('revoked (admin file @revoked) → refused, even with --add-to-known-hosts', async (t) => {
    if (!ready(t)) return;
    const rec = recorder('pyhoca-cli');
    const admin = join(dir, 'admin-revoked');
    writeFileSync(admin, `${hostLine}\n@revoked * ${hostLine.split(' ').slice(1).join(' ')}\n`);
    const { prepared, env } = prepareFor('pyhoca-cli', rec.bin, home(''), true);
    const e = await refused(
      startLaunch(prepared, { env, hostKey: { knownHosts: { extraFiles: [admin] } } }),
    );
    assert.match(e.message, /REVOKED/);
    assert.equal(existsSync(rec.seen), false);
  });
});

describe('known and accepted keys: the client gets exactly the verified key', () => {
  it('pyhoca-cli, known from a HASHED user entry: its known_hosts is exactly the verified line', async (t) => {
    if (!ready(t)) return;
    const rec = recorder('pyhoca-cli');
    const hashedHome = home();
    const plain = join(hashedHome, '.ssh', 'known_hosts');
    writeFileSync(plain, `other.example ${sshEd25519Key()}\n${hostLine}\n`);
    assert.equal(spawnSync('ssh-keygen', ['-H', '-f', plain]).status, 0);
    rmSync(`${plain}.old`, { force: true });
    assert.ok(!readFileSync(plain, 'utf8').includes('127.0.0.1'), 'entries hashed');
    const { prepared, env } = prepareFor('pyhoca-cli', rec.bin, hashedHome);
    const running = await startLaunch(prepared, { env });
    await running.done;
    assert.equal(readFileSync(rec.seen, 'utf8'), `${hostLine}\n`);
  });

  it('--add-to-known-hosts: accepted, appended to the user file; x2goclient: also where libssh looks', async (t) => {
    if (!ready(t)) return;
    for (const client of ['pyhoca-cli', 'x2goclient'] as const) {
      const rec = recorder(client);
      const userHome = home();
      const libssh = join(dir, `libssh-accept-${client}`);
      const { prepared, env } = prepareFor(client, rec.bin, userHome, true);
      const seen: string[] = [];
      const running = await startLaunch(prepared, {
        env,
        hostKey: { libsshFile: libssh },
        onHostKey: (v) => seen.push(`${v.status} ${v.fingerprint} ${v.source ?? ''}`),
      });
      await running.done;
      const userFile = join(userHome, '.ssh', 'known_hosts');
      assert.deepEqual(seen, [`accepted ${fingerprint} ${userFile}`]);
      assert.equal(readFileSync(userFile, 'utf8'), `${hostLine}\n`);
      if (client === 'pyhoca-cli') {
        assert.equal(readFileSync(rec.seen, 'utf8'), `${hostLine}\n`);
        assert.equal(existsSync(libssh), false, "pyhoca-cli: libssh's file untouched");
      } else assert.equal(readFileSync(libssh, 'utf8'), `${hostLine}\n`);
    }
  });
});

describe('GUI wiring (src/main/client-launcher.ts): the unknown key is asked with the fingerprint as ssh prints it', () => {
  for (const answer of [true, false]) {
    it(`prompter answers ${answer ? 'yes → stored, client started' : 'no → host-key error, nothing started'}`, async (t) => {
      if (!ready(t)) return;
      const rec = recorder('pyhoca-cli');
      const userFile = join(home(), '.ssh', 'known_hosts');
      const asked: string[] = [];
      const hostKey: Omit<HostKeyCheckOptions, 'prompter' | 'signal'> = {
        knownHosts: { userFiles: [userFile], globalFiles: [] },
      };
      const launcher = createClientLauncher({
        find: { clientPath: rec.bin },
        clients: ['pyhoca-cli'],
        hostKey,
        prompter: {
          confirmUnknownHostKey: (host, p, type, fp) => {
            asked.push(`${host}:${p} ${type} ${fp}`);
            return Promise.resolve(answer);
          },
        },
      });
      const profile = fixtureProfile('loopback-xterm');
      const request = {
        // a pushed key: pyhoca-cli is handed key logins only (it cannot prompt for a password)
        selected: selection(profile, { server: '127.0.0.1', port, user, privateKey: FAKE_PEM }),
        profile,
        brokerUrl: 'http://broker.invalid/',
        brokerUser: null,
        resume: 'new',
      };
      if (answer) {
        const running = await launcher.start(request);
        await running.done;
        assert.equal(readFileSync(userFile, 'utf8'), `${hostLine}\n`);
        assert.equal(readFileSync(rec.seen, 'utf8'), `${hostLine}\n`);
      } else {
        const e = await refused(launcher.start(request));
        assert.equal(e.kind, 'host-key');
        assert.equal(existsSync(rec.seen), false);
        assert.equal(existsSync(userFile), false);
      }
      assert.deepEqual(asked, [`127.0.0.1:${port} ssh-ed25519 ${fingerprint}`]);
    });
  }
});

describe('(d) the whole CLI against the real broker (server = the fixture sshd)', () => {
  it('unknown → exit 4 with the fingerprint; --add-to-known-hosts → accepted, written, the client sees only that key', async (t) => {
    const broker = brokerOrSkip(t, 'x2goSession');
    if (!broker) return;
    const target = broker.x2goSession;
    const want = readFileSync(target.knownHosts, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`[${target.host}]:${target.sshport} `));
    assert.ok(want);
    const wantFp = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', target.knownHosts], {
      encoding: 'utf8',
    }).stdout.split(' ')[1]!;
    const rec = recorder('pyhoca-cli');
    const userHome = home();
    const base = [
      'launch', target.profile, '--broker-url', broker.http.main.plainUrl,
      '--broker-user', 'test', '--broker-password-env', 'HK_TEST_PW', '--client', 'pyhoca-cli',
      '--client-path', rec.bin, '--ssh-key', target.privateKey,
    ]; // prettier-ignore
    const env = { HOME: userHome, HK_TEST_PW: userPassword(broker, 'test') };
    const unknown = await runCli(base, { env });
    assert.equal(unknown.code, 4, unknown.stderr);
    assert.ok(unknown.stderr.includes(wantFp), unknown.stderr);
    assert.ok(unknown.stderr.includes(`[${target.host}]:${target.sshport}`), unknown.stderr);
    assert.ok(unknown.stderr.includes(join(userHome, '.ssh', 'known_hosts')), unknown.stderr);
    assert.match(unknown.stderr, /--add-to-known-hosts/);
    assert.equal(existsSync(rec.seen), false, 'no client started');

    const json = await runCli([...base, '--json'], { env });
    assert.equal(json.code, 4);
    const err = JSON.parse(json.stderr.trim().split('\n').at(-1)!) as {
      error?: { kind: string; details: { hostKeyFingerprint?: string } };
    };
    assert.equal(err.error?.kind, 'host-key', json.stderr);
    assert.equal(err.error?.details.hostKeyFingerprint, wantFp);

    const added = await runCli([...base, '--add-to-known-hosts', '--json'], { env });
    assert.equal(added.code, 0, added.stderr);
    const hostKeyEvent = added.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.event === 'host-key');
    assert.equal(hostKeyEvent?.status, 'accepted');
    assert.equal(hostKeyEvent?.fingerprint, wantFp);
    assert.equal(readFileSync(join(userHome, '.ssh', 'known_hosts'), 'utf8'), `${want}\n`);
    assert.equal(readFileSync(rec.seen, 'utf8'), `${want}\n`);

    // now known: no flag needed, nothing added twice
    const again = await runCli(base, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /known \(/);
    assert.equal(readFileSync(join(userHome, '.ssh', 'known_hosts'), 'utf8'), `${want}\n`);
  });
});
