// The GUI's launch path end to end with the REAL broker and the REAL core launcher; only the
// client binary is a recorder (a shell script pinned as pyhoca-cli): it writes its argv and
// the session file it was handed, then exits with a chosen code.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolvePolicy } from '../../src/core/config/managed';
import type { LauncherError } from '../../src/core/errors';
import { createClientLauncher, detectClient } from '../../src/main/client-launcher';
import { createSessionFactory } from '../../src/main/session-factory';
import { withPushedKey } from '../helpers/pushed-key';
import type { SessionEvent } from '../../src/shared/api';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { makeController } from '../helpers/controller';
import { skipOrFail } from '../helpers/skip';

async function recorder(exitCode: number): Promise<{ bin: string; record: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'recorder-'));
  const record = join(dir, 'record.txt');
  const bin = join(dir, 'pyhoca-cli');
  // HOME is the launch's private dir: the session file lives under it.
  await writeFile(
    bin,
    `#!/bin/sh\n{ printf 'ARG %s\\n' "$@"; echo "HOME $HOME"; find "$HOME" -type f -name sessions -exec cat {} \\; ; sed 's/^/KNOWN /' "$HOME/.ssh/known_hosts" 2>/dev/null; } > '${record}'\nexit ${exitCode}\n`,
  );
  await chmod(bin, 0o755);
  return { bin, record };
}

function controllerWith(bin: string | null, events: SessionEvent[], knownHostsFile?: string) {
  const find = bin
    ? { clientPath: bin }
    : { env: { PATH: '/nonexistent' }, platform: 'linux' as const, isExecutable: () => false };
  return makeController({
    policy: resolvePolicy(knownHostsFile ? { sshKnownHostsFile: knownHostsFile } : {}, null, {}),
    createSession: withPushedKey(createSessionFactory()),
    launcher: createClientLauncher({ find, clients: ['pyhoca-cli'] }),
    onEvent: (e) => events.push(e),
    // x2gobroker's defaults ask for printing (print=1): the user answers "Don't allow"
    answer: (prompt) =>
      prompt.kind === 'local-resources' ? { kind: 'local-resources', decision: 'deny' } : null,
  }).controller;
}

void test('real broker → core launcher → recorder: argv, session file, states, cleanup', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const { bin, record } = await recorder(3);
  const events: SessionEvent[] = [];
  // The admin's known_hosts (policy sshKnownHostsFile) vouches for the X2Go server's host key:
  // the launcher verifies the server against it, and pyhoca-cli's private HOME gets exactly
  // that one verified line — not the admin's other lines.
  const target = broker.x2goSession;
  if (!target) return void skipOrFail(t, 'broker.json has no x2goSession');
  const adminKnownHosts = join(tmpdir(), `admin-known-hosts-${process.pid}`);
  const otherLine =
    '[x2go.admin.example]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  const adminLine = (await readFile(target.knownHosts, 'utf8'))
    .split('\n')
    .find((l) => l.startsWith(`[${target.host}]:${target.sshport} `));
  assert.ok(adminLine, 'the fixture known_hosts has the sshd key');
  await writeFile(adminKnownHosts, `${otherLine}\n${adminLine}\n`);
  t.after(() => rm(adminKnownHosts, { force: true }));
  const controller = controllerWith(bin, events, adminKnownHosts);
  assert.deepEqual((await controller.getStartupState()).client, {
    available: true,
    name: 'pyhoca-cli',
  });
  await controller.signIn({
    url: broker.http.main.plainUrl,
    user: 'test',
    password: userPassword(broker, 'test'),
  });
  const outcome = await controller.selectAndLaunch('loopback-xterm', { resume: 'new' });
  assert.equal(outcome.kind, 'launched');
  assert.equal(outcome.kind === 'launched' && outcome.client, 'pyhoca-cli');
  const launchId = outcome.kind === 'launched' ? outcome.launchId : '';
  for (let i = 0; i < 500; i++) {
    if (events.some((e) => e.type === 'launch' && e.state === 'ended')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const states = events.filter((e) => e.type === 'launch' && e.launchId === launchId);
  assert.deepEqual(
    states.map((e) => (e.type === 'launch' ? e.state : '')),
    ['asking-broker', 'starting-client', 'running', 'ended'],
  );
  const ended = states.at(-1);
  assert.equal(ended?.type === 'launch' ? ended.exitCode : null, 3, 'the exit code reaches the UI');
  if (process.env.DEBUG_RECORDER) console.log(await readFile(record, 'utf8'));
  const text = await readFile(record, 'utf8');
  assert.match(text, /^ARG --session-profile=/m);
  assert.match(text, /^ARG --new$/m);
  assert.match(text, /^ARG --terminate-on-ctrl-c$/m);
  assert.match(text, /host=127\.0\.0\.1/, 'the session file names the server the broker chose');
  assert.doesNotMatch(
    text,
    new RegExp(userPassword(broker, 'test')),
    'no broker password handed on',
  );
  assert.deepEqual(
    text.split('\n').filter((l) => l.startsWith('KNOWN ')),
    [`KNOWN ${adminLine}`],
    'only the verified key reached the client',
  );
  const home = /^HOME (.*)$/m.exec(text)![1]!;
  for (let i = 0; i < 500 && existsSync(home); i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(existsSync(home), false, 'private launch dir removed after exit');
});

void test('no X2Go client installed: the launch fails with what to install; still signed in', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  assert.deepEqual(
    detectClient({
      clients: ['pyhoca-cli'],
      find: { env: { PATH: '/nonexistent' }, isExecutable: () => false },
    }),
    { available: false, name: null },
  );
  const events: SessionEvent[] = [];
  const controller = controllerWith(null, events);
  await controller.signIn({
    url: broker.http.main.plainUrl,
    user: 'test',
    password: userPassword(broker, 'test'),
  });
  await assert.rejects(
    controller.selectAndLaunch('xfce-desktop', { resume: 'new' }),
    (e: LauncherError) =>
      e.kind === 'client' && /apt install x2goclient/.test(e.details.hint ?? ''),
  );
  const failed = events.find((e) => e.type === 'launch' && e.state === 'failed');
  assert.ok(failed);
  assert.equal(controller.signedIn, true);
});

/** A "pyhoca-cli" that comes up (its ready line) and runs until it is told to end. */
async function longRunner(ready: boolean): Promise<{ bin: string; record: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'recorder-'));
  const record = join(dir, 'record.txt');
  const bin = join(dir, 'pyhoca-cli');
  await writeFile(
    bin,
    `#!/bin/sh\ntrap 'echo GOT >> '"'${record}'"'; exit 0' INT TERM\necho "HOME $HOME" > '${record}'\n` +
      (ready ? `echo 'Press CTRL+C to terminate the running session...'\n` : '') +
      `while :; do sleep 0.1; done\n`,
  );
  await chmod(bin, 0o755);
  return { bin, record };
}

async function homeOf(record: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const m = /^HOME (.*)$/m.exec(await readFile(record, 'utf8').catch(() => ''));
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the client never started');
}

for (const ready of [true, false]) {
  void test(`I2: quitting (dispose) ends a running client and removes its private dir (${ready ? 'client up' : 'still coming up: signalled after the grace'})`, async (t) => {
    const broker = brokerOrSkip(t);
    if (!broker) return;
    const { bin, record } = await longRunner(ready);
    const events: SessionEvent[] = [];
    // the admin's known_hosts vouches for the X2Go server (verified before the client starts)
    const controller = controllerWith(bin, events, broker.x2goSession?.knownHosts);
    await controller.signIn({
      url: broker.http.main.plainUrl,
      user: 'test',
      password: userPassword(broker, 'test'),
    });
    const outcome = await controller.selectAndLaunch('loopback-xterm', { resume: 'new' });
    assert.equal(outcome.kind, 'launched');
    const home = await homeOf(record);
    assert.ok(existsSync(home), 'private dir there while the client runs');
    assert.equal(controller.runningLaunches, 1);
    await controller.dispose(ready ? 10_000 : 300);
    assert.equal(existsSync(home), false, 'private dir removed at quit');
    assert.equal(controller.signedIn, false);
    for (let i = 0; i < 500 && !/^GOT/m.test(await readFile(record, 'utf8')); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.match(await readFile(record, 'utf8'), /^GOT/m, 'the client was told to end');
    for (let i = 0; i < 500 && controller.runningLaunches > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(controller.runningLaunches, 0);
  });
}
