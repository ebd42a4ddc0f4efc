// THE proof of "End session": a REAL X2Go session of `loopback-xterm` (selected on the REAL
// broker, started with the launcher's own code and pyhoca-cli under Xvfb, confirmed running
// with x2golistsessions on the server) is ended by our terminate code — through the core API,
// through `x2go-launcher terminate` and through the GUI's controller — and each time the
// server no longer lists it and the client exits by itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareLaunch, startLaunch } from '../../../src/core/launcher/launch';
import type { RunningClient } from '../../../src/core/launcher/process';
import { terminateSession } from '../../../src/core/launcher/terminate';
import { createClientLauncher } from '../../../src/main/client-launcher';
import { createSessionFactory } from '../../../src/main/session-factory';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';
import { makeController } from '../../helpers/controller';
import { skipOrFail } from '../../helpers/skip';
import {
  listServerSessions,
  removeServerSessionDir,
  serverCommand,
  startXvfb,
  toolsOrSkip,
  listAndSelect,
  withSessionLock,
  type Xvfb,
} from '../../helpers/x2go-env';

type X2GoSession = NonNullable<BrokerFixture['x2goSession']>;

interface Started {
  name: string;
  running: RunningClient;
  exited: () => boolean;
}

/** A real session with pyhoca-cli (its HOME is private: nothing written to ours). */
async function startSession(
  t: TestContext,
  broker: BrokerFixture,
  s: X2GoSession,
  xvfb: Xvfb,
  base: string,
): Promise<Started> {
  assert.deepEqual(
    listServerSessions(broker).map((x) => x.name),
    [],
    `${s.user} already has X2Go sessions: terminate them first`,
  );
  const env = { ...process.env, DISPLAY: xvfb.display };
  const { profile, selected } = await listAndSelect(broker, s.profile);
  const prepared = prepareLaunch(
    profile,
    selected,
    { client: 'pyhoca-cli', sshKeyFile: s.privateKey, addToKnownHosts: true },
    { baseDir: base, env },
  );
  // the fixture's known_hosts vouches for the server: nothing is written to the passwd home
  const running = await startLaunch(prepared, {
    env,
    hostKey: { knownHosts: { extraFiles: [s.knownHosts] } },
  });
  let exited = false;
  void running.exited.then(() => (exited = true));
  t.after(async () => {
    // failure paths: end what is left on the server, then the client
    for (const x of listServerSessions(broker)) {
      serverCommand(broker, `x2goterminate-session ${x.name}`);
      removeServerSessionDir(broker, x.name);
    }
    running.stop('SIGTERM');
    await running.done;
  });
  const deadline = Date.now() + 90_000;
  while (!exited && Date.now() < deadline) {
    const up = listServerSessions(broker).find((x) => x.status === 'R' && x.graphicsPort !== '');
    if (up) return { name: up.name, running, exited: () => exited };
    await sleep(200);
  }
  assert.fail(`no running session on the server (pyhoca-cli exited: ${exited})`);
}

/** After our terminate: gone on the server (checked here, independently) and the client exits. */
async function assertEnded(
  broker: BrokerFixture,
  started: Started,
  tTerm: number,
): Promise<{ clientExitS: string }> {
  assert.ok(
    !listServerSessions(broker).some((x) => x.name === started.name),
    `${started.name} still listed on the server`,
  );
  const deadline = Date.now() + 60_000;
  while (!started.exited() && Date.now() < deadline) await sleep(200);
  assert.ok(started.exited(), 'pyhoca-cli did not exit after its session was terminated');
  const clientExitS = ((Date.now() - tTerm) / 1000).toFixed(1);
  await started.running.done;
  removeServerSessionDir(broker, started.name);
  return { clientExitS };
}

void it('End session: a real loopback-xterm session terminated by our code (API, CLI, GUI)', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  const s = broker.x2goSession;
  if (!toolsOrSkip(t, ['Xvfb', 'ssh', 'pyhoca-cli'])) return;
  const probe = serverCommand(
    broker,
    'command -v x2goterminate-session >/dev/null && command -v x2golistsessions >/dev/null',
  );
  if (!probe.ok) {
    const reason = `x2goserver is not usable on ${s.host}:${s.sshport}: ${probe.stderr.trim() || 'not installed'}`;
    return void skipOrFail(t, reason);
  }
  const base = mkdtempSync(join(tmpdir(), 'launcher-terminate-session-'));
  const xvfb = await startXvfb();
  t.after(async () => {
    await xvfb.stop();
    rmSync(base, { recursive: true, force: true });
  });
  // trust the X2Go server through the fixture's known_hosts only; write nothing of ours
  const knownHosts = {
    userFiles: [join(base, 'known_hosts')],
    extraFiles: [s.knownHosts],
    globalFiles: [],
  };

  await withSessionLock(broker, async () => {
    await t.test('core terminateSession (--ssh-key)', async (tt) => {
      const started = await startSession(tt, broker, s, xvfb, base);
      const { selected } = await listAndSelect(broker, s.profile);
      const tTerm = Date.now();
      const done = await terminateSession(selected, started.name, {
        sshKeyFile: s.privateKey,
        knownHosts,
      });
      const terminateMs = Date.now() - tTerm;
      assert.equal(done.session, started.name);
      assert.equal(done.login, 'ssh-key');
      assert.equal(done.before.status, 'R');
      assert.equal(done.before.name, started.name);
      const { clientExitS } = await assertEnded(broker, started, tTerm);
      tt.diagnostic(
        `terminateSession: ${terminateMs} ms until x2golistsessions no longer lists it (SSH login + list ${done.steps.loginAndListMs} ms, x2goterminate-session ${done.steps.terminateMs} ms, re-list until gone ${done.steps.confirmMs} ms); pyhoca-cli exited ${clientExitS} s after the request`,
      );
    });

    await t.test('x2go-launcher terminate PROFILE SESSION (CLI)', async (tt) => {
      const started = await startSession(tt, broker, s, xvfb, base);
      const home = mkdtempSync(join(base, 'cli-home-'));
      const tTerm = Date.now();
      const cli = spawn(
        process.execPath,
        [
          join(import.meta.dirname, '../../../bin/x2go-launcher.mjs'),
          'terminate', s.profile, started.name, '--broker-url', broker.http.main.plainUrl,
          '--broker-user', 'test', '--broker-password-env', 'TERMINATE_TEST_PW',
          '--ssh-key', s.privateKey, '--add-to-known-hosts', '--json',
        ], // prettier-ignore
        {
          env: { ...process.env, TERMINATE_TEST_PW: userPassword(broker, 'test'), HOME: home },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      cli.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      cli.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const code = await new Promise<number | null>((r) => cli.once('exit', (c) => r(c)));
      const cliMs = Date.now() - tTerm;
      assert.equal(code, 0, `exit code; stderr: ${stderr}`);
      const out = JSON.parse(stdout) as Record<string, unknown>;
      assert.equal(out.event, 'terminated');
      assert.equal(out.session, started.name);
      assert.equal(out.server, s.host);
      assert.equal(out.port, s.sshport);
      assert.equal(out.login, 'ssh-key');
      // --add-to-known-hosts wrote the server's key into this HOME's known_hosts
      assert.match(
        readFileSync(join(home, '.ssh', 'known_hosts'), 'utf8'),
        new RegExp(`^\\[${s.host.replaceAll('.', '\\.')}\\]:${s.sshport} `, 'm'),
      );
      assert.ok(!(stdout + stderr).includes('PRIVATE KEY'));
      const { clientExitS } = await assertEnded(broker, started, tTerm);
      tt.diagnostic(
        `CLI terminate: ${cliMs} ms for the whole command (node start, broker list+select, terminate, confirm); pyhoca-cli exited ${clientExitS} s after`,
      );
    });

    await t.test('GUI: controller.terminateSession (capability on)', async (tt) => {
      const started = await startSession(tt, broker, s, xvfb, base);
      const logs: string[] = [];
      const { controller, events } = makeController({
        createSession: createSessionFactory(),
        launcher: createClientLauncher({
          clients: ['pyhoca-cli'],
          onLog: (l) => logs.push(l),
          terminate: { sshKeyFile: s.privateKey, knownHosts },
        }),
      });
      assert.equal((await controller.getStartupState()).capabilities.terminate, true);
      await controller.signIn({
        url: broker.http.main.plainUrl,
        user: 'test',
        password: userPassword(broker, 'test'),
      });
      const tTerm = Date.now();
      await controller.terminateSession(s.profile, started.name);
      const guiMs = Date.now() - tTerm;
      assert.ok(
        logs.some((l) => l.startsWith(`terminated ${started.name} `)),
        logs.join('\n'),
      );
      assert.deepEqual(
        events.filter((e) => e.type === 'prompt'),
        [],
        'no dialog needed',
      );
      const { clientExitS } = await assertEnded(broker, started, tTerm);
      tt.diagnostic(
        `GUI terminateSession: ${guiMs} ms (selectsession + terminate + confirm); pyhoca-cli exited ${clientExitS} s after`,
      );
    });
  });
});
