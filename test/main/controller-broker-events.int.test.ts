// Broker events (x2goclient 4.1.2.x client events, docs/protocol.md §12.3) in the APP's launch
// path: the REAL controller (src/main/controller.ts) with the real session factory
// (BrokerSession) and the real core launcher (src/main/client-launcher.ts). The broker is a
// loopback TEST DOUBLE (test/helpers/events-broker-double.ts) for this block ONLY, because
// Debian's x2gobroker 0.0.4.3 never asks for events nor orders SUSPEND / TERMINATE
// (test/core/broker/broker-events.int.test.ts shows that against the real broker). The X2Go
// server whose host key is verified before the hand-off is the real test sshd (BROKER_JSON);
// the client is a recording stand-in for x2goclient that notes the signal it gets.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, type TestContext } from 'node:test';
import { resolvePolicy } from '../../src/core/config/managed';
import { libsshKnownHostsFile } from '../../src/core/launcher/server-host-key';
import { createClientLauncher } from '../../src/main/client-launcher';
import { createSessionFactory } from '../../src/main/session-factory';
import type { SessionEvent } from '../../src/shared/api';
import { brokerOrSkip } from '../helpers/broker-env';
import { makeController } from '../helpers/controller';
import { startEventsBrokerDouble, type EventsBrokerDouble } from '../helpers/events-broker-double';
import { guardKnownHosts } from '../helpers/known-hosts-guard';
import { skipOrFail } from '../helpers/skip';

interface Setup {
  double: EventsBrokerDouble;
  record: string;
  events: SessionEvent[];
  log: string[];
  controller: ReturnType<typeof makeController>['controller'];
}

/** The double (asking for events), a stand-in x2goclient, the real controller; null: skipped. */
async function setUp(t: TestContext, clientConfig: string | null): Promise<Setup | null> {
  const fixture = brokerOrSkip(t);
  if (!fixture) return null;
  const target = fixture.x2goSession;
  if (!target) {
    skipOrFail(t, 'broker.json has no x2goSession');
    return null;
  }
  t.after(guardKnownHosts(libsshKnownHostsFile(), target.host, target.sshport));
  const dir = mkdtempSync(join(tmpdir(), 'app-broker-events-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, 'signal.txt');
  const bin = join(dir, 'x2goclient');
  // runs up to 30 s; SIGTERM is what x2goclient gets to quit (its session stays suspended)
  writeFileSync(
    bin,
    `#!/bin/sh\ntrap 'echo TERM > "${record}.tmp"; mv "${record}.tmp" "${record}"; exit 0' TERM\ni=0\nwhile [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\nexit 7\n`,
  );
  chmodSync(bin, 0o755);
  const double = await startEventsBrokerDouble({
    clientConfig,
    profile: {
      id: 'desk',
      host: target.host,
      sshport: target.sshport,
      user: target.user,
      command: 'XFCE',
    },
  });
  t.after(() => double.close());
  const events: SessionEvent[] = [];
  const log: string[] = [];
  const { controller } = makeController({
    policy: resolvePolicy({ sshKnownHostsFile: target.knownHosts }, null, {}),
    createSession: createSessionFactory(),
    launcher: createClientLauncher({
      find: { clientPath: bin },
      clients: ['x2goclient'],
      onLog: (line) => log.push(line),
    }),
    onEvent: (e) => events.push(e),
    answer: (prompt) =>
      prompt.kind === 'local-resources' ? { kind: 'local-resources', decision: 'deny' } : null,
  });
  t.after(() => controller.dispose(2000));
  await controller.signIn({ url: double.url, user: 'test', password: 'sweet' });
  return { double, record, events, log, controller };
}

/** Wait until `done()` holds (polling every 20 ms, at most `ms`). */
async function until(done: () => boolean, ms: number): Promise<void> {
  for (let waited = 0; !done() && waited < ms; waited += 20)
    await new Promise((r) => setTimeout(r, 20));
}

const sentEvents = (d: EventsBrokerDouble): string[] =>
  d.requests.filter((r) => r.fields.task === 'clientevent').map((r) => r.fields.event ?? '');

const ended = (events: SessionEvent[]) =>
  events.find((e) => e.type === 'launch' && e.state === 'ended');

void it('app launch, the broker orders SUSPEND: CONNECTING, the client gets SIGTERM, SUSPENDING and FINISHED', async (t) => {
  const s = await setUp(t, 'events=true\nliveevent=10');
  if (!s) return;
  s.double.commandQueue.push('SUSPEND desk'); // the answer to the first event (CONNECTING)
  const outcome = await s.controller.selectAndLaunch('desk', { resume: 'new' });
  assert.equal(outcome.kind, 'launched');
  await until(() => ended(s.events) !== undefined, 20_000);
  await until(() => s.controller.runningLaunches === 0, 5000); // FINISHED delivered
  assert.equal(readFileSync(s.record, 'utf8').trim(), 'TERM', 'the client got its stop signal');
  assert.deepEqual(sentEvents(s.double), ['CONNECTING', 'SUSPENDING', 'FINISHED']);
  const end = ended(s.events);
  assert.equal(end?.type === 'launch' ? end.exitCode : null, 0, 'x2goclient quit on SIGTERM');
  const events = s.double.requests.filter((r) => r.fields.task === 'clientevent');
  for (const r of events) {
    assert.equal(r.fields.sid, 'desk', 'sid: the profile (a new session has no known name)');
    assert.ok(r.fields.authid?.startsWith('double-cookie-'), 'in the cookie chain, no password');
    assert.equal(r.fields.password, undefined);
  }
  assert.ok(
    s.log.some((l) => /orders SUSPEND of this session: done/.test(l)),
    s.log.join('\n'),
  );
});

void it('app launch: ALIVE at the broker’s interval; an order for another session is ignored, TERMINATE obeyed', async (t) => {
  const s = await setUp(t, 'events=true\nliveevent=10');
  if (!s) return;
  // CONNECTING's answer names another session (ignored); the first ALIVE's says TERMINATE
  s.double.commandQueue.push('SUSPEND someone-else', 'TERMINATE desk');
  const launchedAt = Date.now();
  await s.controller.selectAndLaunch('desk', { resume: 'new' });
  await until(() => existsSync(s.record), 20_000);
  await until(() => s.controller.runningLaunches === 0, 5000);
  assert.deepEqual(sentEvents(s.double), ['CONNECTING', 'ALIVE', 'TERMINATING', 'FINISHED']);
  const alive = s.double.requests.find((r) => r.fields.event === 'ALIVE')!;
  assert.ok(
    alive.at - launchedAt >= 9_500,
    `ALIVE after the 10 s interval (${alive.at - launchedAt} ms)`,
  );
  assert.ok(Number(alive.fields.elapsed) >= 9, `elapsed ${alive.fields.elapsed}`);
  assert.equal(readFileSync(s.record, 'utf8').trim(), 'TERM');
  assert.ok(s.log.some((l) => /ignored a broker order to suspend another session/.test(l)));
  assert.ok(
    s.log.some((l) => /stays suspended on the server/.test(l)),
    'x2goclient: said so',
  );
});

void it('app launch without a client config: no event is sent', async (t) => {
  const s = await setUp(t, null);
  if (!s) return;
  s.double.commandQueue.push('SUSPEND desk'); // never asked for: never read
  await s.controller.selectAndLaunch('desk', { resume: 'new' });
  await until(() => s.events.some((e) => e.type === 'launch' && e.state === 'running'), 10_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(sentEvents(s.double), []);
  assert.equal(existsSync(s.record), false, 'the client runs on');
});
