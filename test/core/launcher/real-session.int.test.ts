// THE proof of the hand-off: list and select `loopback-xterm` from the REAL broker, launch it
// with the launcher's own code (prepareLaunch/startLaunch) under Xvfb — once with x2goclient,
// once with pyhoca-cli, one after the other (the session user must never have two sessions) —
// confirm on the server (x2golistsessions as the session user) that it runs and that the
// remote xterm is on our display, terminate it, and confirm that nothing of ours remains:
// no process carrying our run marker, no private dir (session file, key), and the passwd
// home's known_hosts as before (x2goclient's libssh writes there regardless of $HOME).
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrokerProfile, SelectedSession } from '../../../src/shared/model';
import { prepareLaunch, startLaunch } from '../../../src/core/launcher/launch';
import { PRIVATE_DIR_PREFIX } from '../../../src/core/launcher/private-dir';
import {
  markedProcesses,
  type LaunchEvent,
  type RunningClient,
} from '../../../src/core/launcher/process';
import type { ClientKind } from '../../../src/core/launcher/types';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';
import { skipOrFail } from '../../helpers/skip';
import {
  hasWindow,
  listServerSessions,
  removeServerSessionDir,
  serverCommand,
  startXvfb,
  toolsOrSkip,
  listAndSelect,
  withSessionLock,
  type ServerSession,
} from '../../helpers/x2go-env';

const PROFILE = 'loopback-xterm';

/** listsessions + selectsession of loopback-xterm: the fixture's own sshd, as its user. */
async function listAndSelectLoopback(
  broker: BrokerFixture,
): Promise<{ profile: BrokerProfile; selected: SelectedSession }> {
  const result = await listAndSelect(broker, PROFILE);
  assert.equal(result.selected.server, '127.0.0.1');
  assert.equal(result.selected.user, broker.x2goSession?.user);
  return result;
}

function passwdKnownHosts(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/**
 * Remove the known_hosts lines for host:port that were not there before (x2goclient's libssh
 * adds them to the passwd home's file whatever $HOME is). Only those lines: other test runs
 * on this machine (CI clones, other users' ports) write to the same file at the same time.
 * Returns the lines removed.
 */
function restoreKnownHosts(
  file: string,
  before: string | null,
  host: string,
  port: number,
): string[] {
  const now = readOrNull(file);
  if (now === null) return [];
  const prefix = port === 22 ? `${host} ` : `[${host}]:${port} `;
  const old = new Set((before ?? '').split('\n'));
  const lines = now.split('\n');
  const removed = lines.filter((l) => l.startsWith(prefix) && !old.has(l));
  if (removed.length === 0) return [];
  const kept = lines.filter((l) => !removed.includes(l)).join('\n');
  if (before === null && kept.trim() === '') rmSync(file, { force: true });
  else writeFileSync(file, kept);
  return removed;
}

function ourKnownHostsLines(file: string, host: string, port: number): string[] {
  const prefix = port === 22 ? `${host} ` : `[${host}]:${port} `;
  return (readOrNull(file) ?? '').split('\n').filter((l) => l.startsWith(prefix));
}

/** OpenSSH's own SHA256 fingerprint of the (first) key in a known_hosts file. */
function fingerprintOf(file: string): string {
  return spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], {
    encoding: 'utf8',
  }).stdout.split(' ')[1]!;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

async function runOneSession(
  t: TestContext,
  broker: BrokerFixture,
  client: ClientKind,
  keyMode: 'ssh-key' | 'broker-key',
): Promise<void> {
  if (!toolsOrSkip(t, [client])) return;
  const session = broker.x2goSession;
  assert.ok(session);
  const already = listServerSessions(broker);
  assert.deepEqual(
    already.map((s) => s.name),
    [],
    `${session.user} already has X2Go sessions: terminate them first (x2goterminate-session NAME as ${session.user})`,
  );

  const base = mkdtempSync(join(tmpdir(), 'launcher-session-'));
  const khFile = passwdKnownHosts();
  const khBefore = readOrNull(khFile);
  const khBeforeOurs = ourKnownHostsLines(khFile, session.host, session.sshport);
  const xvfb = await startXvfb();
  const env = {
    ...process.env,
    DISPLAY: xvfb.display,
    QT_QPA_PLATFORM: 'xcb',
    // a throwaway HOME for x2goclient's own settings (pyhoca-cli gets its private HOME anyway)
    HOME: mkdtempSync(join(base, 'user-home-')),
  };
  let running: RunningClient | null = null;
  let sessionName = '';
  t.after(async () => {
    // failure paths: end the session on the server first, then the client
    for (const s of listServerSessions(broker)) {
      serverCommand(broker, `x2goterminate-session ${s.name}`);
      removeServerSessionDir(broker, s.name);
    }
    if (running) {
      running.stop('SIGTERM');
      await running.done;
    }
    await xvfb.stop();
    rmSync(base, { recursive: true, force: true });
    restoreKnownHosts(khFile, khBefore, session.host, session.sshport);
  });

  const t0 = Date.now();
  const { profile, selected: reply } = await listAndSelectLoopback(broker);
  const brokerMs = Date.now() - t0;
  // broker-key: the fixture broker has no agent, so it pushes no key; we put the session
  // user's key into the selection as a broker would (PEM in the reply) to drive that path:
  // written 0600 into the private dir, used via key=, deleted when the client exits
  const selected =
    keyMode === 'broker-key'
      ? { ...reply, privateKey: readFileSync(session.privateKey, 'utf8') }
      : reply;
  const prepared = prepareLaunch(
    profile,
    selected,
    keyMode === 'ssh-key'
      ? { client, sshKeyFile: session.privateKey, addToKnownHosts: true }
      : { client, addToKnownHosts: true },
    { baseDir: base, env },
  );
  const keyFile =
    keyMode === 'ssh-key' ? session.privateKey : join(prepared.privateDir.path, 'session.key');
  assert.equal(prepared.plan.login.method, keyMode);
  const events: LaunchEvent[] = [];
  const tSpawn = Date.now();
  // the broker key exists (0600) when the client starts; it is deleted once the client is
  // up or the key's ~20 s budget is over (x2goclient has no ready line: the budget)
  let keyModeAtStart: number | null = null;
  running = await startLaunch(prepared, {
    env,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'started' && keyMode === 'broker-key')
        keyModeAtStart = statSync(keyFile).mode & 0o777;
    },
  });
  const client_ = running;
  let exited = false;
  void client_.exited.then(() => (exited = true));

  // up = listed running with a graphics port on the server AND the remote xterm on our display
  let listed: ServerSession | null = null;
  let tListed = 0;
  let tWindow = 0;
  const deadline = Date.now() + 90_000;
  while (!(listed && tWindow) && !exited && Date.now() < deadline) {
    if (!listed) {
      const s = listServerSessions(broker).find((x) => x.status === 'R' && x.graphicsPort !== '');
      if (s) {
        listed = s;
        tListed = Date.now();
      }
    }
    if (!tWindow && hasWindow(xvfb.display, /\("xterm" "XTerm"\)/)) tWindow = Date.now();
    if (!(listed && tWindow)) await sleep(200);
  }
  const lastLines = events
    .flatMap((e) => (e.type === 'output' ? [e.line] : []))
    .slice(-15)
    .join('\n');
  assert.ok(
    listed,
    `no running session on the server (client exited: ${exited}); client output:\n${lastLines}`,
  );
  assert.ok(
    tWindow,
    `the remote xterm never appeared on ${xvfb.display}; client output:\n${lastLines}`,
  );
  sessionName = listed.name;
  assert.match(sessionName, new RegExp(`^${session.user}-[0-9]+-[0-9]+_stRxterm_dp[0-9]+$`));

  // while it runs: our files are private, the client's tunnel process is ours
  const dir = prepared.privateDir.path;
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(prepared.built.sessionFilePath).mode & 0o777, 0o600);
  assert.match(
    readFileSync(prepared.built.sessionFilePath, 'utf8'),
    new RegExp(`^key=${keyFile}$`, 'm'),
  );
  if (keyMode === 'broker-key') {
    assert.equal(keyModeAtStart, 0o600, 'broker key file there (0600) when the client starts');
    assert.ok(!readFileSync(prepared.built.sessionFilePath, 'utf8').includes('PRIVATE KEY'));
    // the key is needed only for the login: deleted within its budget, the session runs on
    const keyDeadline = Date.now() + 30_000;
    while (!events.some((e) => e.type === 'key-removed') && Date.now() < keyDeadline)
      await sleep(200);
    const removed = events.find((e) => e.type === 'key-removed');
    assert.ok(removed?.type === 'key-removed', 'key-removed reported');
    assert.equal(removed.reason, client === 'pyhoca-cli' ? 'ready' : 'budget');
    assert.equal(existsSync(keyFile), false, 'broker key deleted while the session runs');
    assert.ok(!exited, 'the client still runs without the key file');
    assert.ok(
      listServerSessions(broker).some((x) => x.name === sessionName && x.status === 'R'),
      'the session still runs on the server without the key file',
    );
  }
  const ours = markedProcesses(client_.runId).map(
    (p) => readOrNull(`/proc/${p}/cmdline`)?.replaceAll('\0', ' ') ?? '',
  );
  assert.ok(
    ours.some((c) => c.includes('nxproxy')),
    `nxproxy runs as part of our launch: ${ours.join(' | ')}`,
  );
  assert.ok(!ours.some((c) => /PRIVATE KEY/.test(c)), 'no key material on any command line');

  // terminate: pyhoca-cli ends the session on SIGINT (--terminate-on-ctrl-c); x2goclient
  // (--close-disconnect) exits by itself once the session is terminated on the server
  const tTerm = Date.now();
  if (client === 'pyhoca-cli') client_.stop('SIGINT');
  else assert.ok(serverCommand(broker, `x2goterminate-session ${sessionName}`).ok);
  let tGone = 0;
  const termDeadline = Date.now() + 60_000;
  while ((!tGone || !exited) && Date.now() < termDeadline) {
    if (!tGone && !listServerSessions(broker).some((s) => s.name === sessionName))
      tGone = Date.now();
    if (!tGone || !exited) await sleep(200);
  }
  const outputTail = () =>
    events
      .flatMap((e) => (e.type === 'output' ? [e.line] : e.type === 'ready' ? ['<ready>'] : []))
      .slice(-12)
      .join('\n');
  assert.ok(
    tGone,
    `session ${sessionName} still listed on the server; client output:\n${outputTail()}`,
  );
  assert.ok(exited, `${client} did not exit after the session ended`);
  const tExit = Date.now();
  const exit = await client_.done;
  const tClean = Date.now();
  running = null;
  removeServerSessionDir(broker, sessionName);

  // nothing of ours remains
  assert.deepEqual(markedProcesses(client_.runId), [], 'no process of the launch left');
  assert.equal(existsSync(dir), false, 'private dir (session file, key) removed');
  if (keyMode === 'broker-key') assert.equal(existsSync(keyFile), false, 'broker key deleted');
  else assert.ok(existsSync(keyFile), "the user's own --ssh-key file is left alone");
  assert.deepEqual(
    readdirSync(base).filter((n) => n.startsWith(PRIVATE_DIR_PREFIX)),
    [],
    'no launcher temp dir left',
  );
  assert.deepEqual(
    events.map((e) => e.type).filter((x) => x !== 'output'),
    [
      'started',
      ...(client === 'pyhoca-cli' ? ['ready'] : []),
      ...(keyMode === 'broker-key' ? ['key-removed'] : []),
      'exited',
      'cleaned',
    ],
  );
  // known_hosts of the passwd home: x2goclient (libssh) adds the server; put it back
  const added = restoreKnownHosts(khFile, khBefore, selected.server, selected.port);
  if (client === 'pyhoca-cli')
    assert.deepEqual(added, [], 'pyhoca-cli wrote only into its private HOME');
  assert.deepEqual(
    ourKnownHostsLines(khFile, selected.server, selected.port),
    khBeforeOurs,
    'passwd home known_hosts restored',
  );

  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
  t.diagnostic(
    `${client} (${keyMode}): broker list+select ${brokerMs} ms; spawn→listed R ${s(tSpawn, tListed)} s, spawn→xterm mapped ${s(tSpawn, tWindow)} s, ` +
      `terminate→gone on server ${s(tTerm, tGone)} s, terminate→client exited ${s(tTerm, tExit)} s (exit code ${exit.code}), ` +
      `cleanup ${s(tExit, tClean)} s, session ${sessionName}, known_hosts lines added by the client: ${added.length}`,
  );
}

/**
 * The whole product path: `x2go-launcher launch` as a child process (the CLI a kiosk or
 * script runs). pyhoca-cli: Ctrl-C to the CLI as soon as the session shows up on the server
 * (still starting) — the launcher must hold the interrupt until pyhoca-cli reports the
 * session up, so that it is terminated, not left running. x2goclient: the session is
 * terminated on the server; x2goclient (--close-disconnect) and then the CLI exit 0.
 */
async function runCliSession(
  t: TestContext,
  broker: BrokerFixture,
  client: ClientKind,
): Promise<void> {
  if (!toolsOrSkip(t, [client])) return;
  const session = broker.x2goSession;
  assert.ok(session);
  assert.deepEqual(
    listServerSessions(broker).map((s) => s.name),
    [],
    `${session.user} already has sessions`,
  );
  const base = mkdtempSync(join(tmpdir(), 'launcher-cli-session-'));
  const khFile = passwdKnownHosts();
  const khBefore = readOrNull(khFile);
  const khBeforeOurs = ourKnownHostsLines(khFile, session.host, session.sshport);
  const xvfb = await startXvfb();
  const cli = spawn(
    process.execPath,
    [
      join(import.meta.dirname, '../../../bin/x2go-launcher.mjs'),
      'launch', PROFILE, '--broker-url', broker.http.main.plainUrl, '--broker-user', 'test',
      '--broker-password-env', 'LAUNCH_TEST_PW', '--client', client, '--ssh-key', session.privateKey,
      '--add-to-known-hosts', '--json',
    ], // prettier-ignore
    {
      env: {
        ...process.env,
        LAUNCH_TEST_PW: userPassword(broker, 'test'),
        DISPLAY: xvfb.display,
        QT_QPA_PLATFORM: 'xcb',
        HOME: base,
        TMPDIR: base, // the CLI's private dirs go here: checked below
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const events: Array<Record<string, unknown>> = [];
  let stderr = '';
  cli.stdout.setEncoding('utf8');
  let partial = '';
  cli.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as Record<string, unknown>);
  });
  cli.stderr.setEncoding('utf8');
  cli.stderr.on('data', (c: string) => (stderr += c));
  const cliExit = new Promise<number | null>((resolve) =>
    cli.once('exit', (code) => resolve(code)),
  );
  let cliDone = false;
  void cliExit.then(() => (cliDone = true));
  t.after(async () => {
    for (const s of listServerSessions(broker)) {
      serverCommand(broker, `x2goterminate-session ${s.name}`);
      removeServerSessionDir(broker, s.name);
    }
    if (!cliDone) cli.kill('SIGTERM');
    await cliExit;
    await xvfb.stop();
    rmSync(base, { recursive: true, force: true });
    restoreKnownHosts(khFile, khBefore, session.host, session.sshport);
  });

  const tSpawn = Date.now();
  let listed: ServerSession | null = null;
  const deadline = Date.now() + 90_000;
  // pyhoca-cli: interrupt at the first sight of the session (status R, graphics port maybe
  // not yet known); x2goclient: wait until it is fully up (ports + the xterm on our display)
  while (!cliDone && Date.now() < deadline) {
    listed =
      listServerSessions(broker).find(
        (x) =>
          x.status === 'R' &&
          (client === 'pyhoca-cli' ||
            (x.graphicsPort !== '' && hasWindow(xvfb.display, /\("xterm" "XTerm"\)/))),
      ) ?? null;
    if (listed) break;
    await sleep(150);
  }
  assert.ok(
    listed,
    `no session on the server (CLI exited: ${cliDone}); stderr: ${stderr.slice(-800)}`,
  );
  const tListed = Date.now();
  const started = events.find((e) => e.event === 'started');
  assert.ok(
    started && typeof started.runId === 'string',
    `started event: ${JSON.stringify(events)}`,
  );
  const runId = started.runId;

  const tTerm = Date.now();
  if (client === 'pyhoca-cli') cli.kill('SIGINT');
  else assert.ok(serverCommand(broker, `x2goterminate-session ${listed.name}`).ok);
  const code = await cliExit;
  const tExit = Date.now();
  assert.equal(code, 0, `CLI exit code; stderr: ${stderr.slice(-800)}`);
  // pyhoca-cli asks the server to terminate and exits; the server may need a moment more
  let gone = false;
  for (let i = 0; i < 100 && !gone; i++) {
    gone = !listServerSessions(broker).some((s) => s.name === listed.name);
    if (!gone) await sleep(300);
  }
  assert.ok(gone, `session ${listed.name} left on the server; stderr: ${stderr.slice(-800)}`);
  removeServerSessionDir(broker, listed.name);
  // the X2Go server's host key is verified (and with --add-to-known-hosts accepted) first
  const types = events.map((e) => e.event);
  const hostKey = events.find((e) => e.event === 'host-key');
  assert.equal(hostKey?.fingerprint, fingerprintOf(session.knownHosts));
  if (client === 'pyhoca-cli')
    assert.deepEqual(types, ['host-key', 'started', 'ready', 'exited', 'cleaned']);
  else assert.deepEqual(types, ['host-key', 'started', 'exited', 'cleaned']);
  assert.deepEqual(markedProcesses(runId), [], 'no process of the launch left');
  assert.deepEqual(
    readdirSync(base).filter((n) => n.startsWith(PRIVATE_DIR_PREFIX)),
    [],
    'no private dir left',
  );
  const out = JSON.stringify(events) + stderr;
  assert.ok(!out.includes('PRIVATE KEY'), 'no key material in the CLI output');
  restoreKnownHosts(khFile, khBefore, session.host, session.sshport);
  assert.deepEqual(
    ourKnownHostsLines(khFile, session.host, session.sshport),
    khBeforeOurs,
    'passwd home known_hosts restored',
  );
  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
  t.diagnostic(
    `CLI ${client}: spawn→${client === 'pyhoca-cli' ? 'first listed (interrupted then)' : 'up'} ${s(tSpawn, tListed)} s, ` +
      `${client === 'pyhoca-cli' ? 'Ctrl-C' : 'terminate'}→CLI exited ${s(tTerm, tExit)} s, session ${listed.name}`,
  );
}

void it(`real session: ${PROFILE} from the broker, x2goclient then pyhoca-cli`, async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!toolsOrSkip(t, ['Xvfb', 'xwininfo', 'ssh'])) return;
  const probe = serverCommand(
    broker,
    'command -v x2gostartagent >/dev/null && command -v x2golistsessions >/dev/null',
  );
  if (!probe.ok) {
    const reason = `x2goserver is not usable on ${broker.x2goSession.host}:${broker.x2goSession.sshport}: ${probe.stderr.trim() || 'not installed'}`;
    return void skipOrFail(t, reason);
  }
  // one after the other (and never beside another test file's session): the session user
  // must never have two sessions at once
  await withSessionLock(broker, async () => {
    await t.test('x2goclient, --ssh-key', (tt) =>
      runOneSession(tt, broker, 'x2goclient', 'ssh-key'),
    );
    await t.test('pyhoca-cli, --ssh-key', (tt) =>
      runOneSession(tt, broker, 'pyhoca-cli', 'ssh-key'),
    );
    await t.test('x2goclient, key pushed in the selection', (tt) =>
      runOneSession(tt, broker, 'x2goclient', 'broker-key'),
    );
    await t.test('CLI, pyhoca-cli, Ctrl-C while the session starts', (tt) =>
      runCliSession(tt, broker, 'pyhoca-cli'),
    );
    await t.test('CLI, x2goclient, session terminated on the server', (tt) =>
      runCliSession(tt, broker, 'x2goclient'),
    );
  });
});
