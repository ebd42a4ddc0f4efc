// Client events (x2goclient 4.1.2.x; docs/protocol.md §12.3) against a loopback TEST DOUBLE
// of a broker (test/helpers/events-broker-double.ts), for this block ONLY: Debian's
// x2gobroker 0.0.4.3 never asks for events (no client config) and never orders SUSPEND /
// TERMINATE — broker-events.int.test.ts shows that against the real broker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MIN_ALIVE_SECONDS,
  parseBrokerCommands,
  parseClientConfig,
} from '../../../src/core/broker/broker-events-reply';
import { BrokerEventReporter, type EventReport } from '../../../src/core/broker/broker-events';
import { BrokerSession } from '../../../src/core/broker/session';
import {
  startEventsBrokerDouble,
  type EventsBrokerDouble,
} from '../../helpers/events-broker-double';

describe('client config and orders (parsers)', () => {
  it('reads events / liveevent with Qt rules, bounds the interval, ignores the rest', () => {
    const w: string[] = [];
    const lines = [
      'x',
      'START_CLIENT_CONFIG',
      '[General]',
      'events=true',
      'liveevent=30',
      'syncinterval=5',
      'END_CLIENT_CONFIG',
    ];
    assert.deepEqual(parseClientConfig(lines, w), { events: true, aliveSeconds: 30 });
    assert.ok(w.some((x) => x.includes('syncinterval')));
    assert.deepEqual(
      parseClientConfig(['START_CLIENT_CONFIG', 'events=false', 'liveevent=1'], []),
      {
        events: false,
        aliveSeconds: MIN_ALIVE_SECONDS,
      },
    );
    for (const v of ['0', '', 'FALSE', 'false'])
      assert.equal(parseClientConfig(['START_CLIENT_CONFIG', `events=${v}`], [])!.events, false, v);
    for (const v of ['1', 'yes', 'True'])
      assert.equal(parseClientConfig(['START_CLIENT_CONFIG', `events=${v}`], [])!.events, true, v);
    assert.equal(
      parseClientConfig(['START_CLIENT_CONFIG', 'liveevent=99999999999'], [])!.aliveSeconds,
      0,
      'not a uint: none',
    );
    assert.equal(parseClientConfig(['START_CLIENT_CONFIG', 'liveevent=-5'], [])!.aliveSeconds, 0);
    assert.equal(
      parseClientConfig(['START_CLIENT_CONFIG', '[other]', 'events=true'], [])!.events,
      false,
      'only the default group',
    );
    assert.equal(parseClientConfig(['events=true'], []), null, 'no section: no events');
  });

  it('orders are whole lines, the first of each kind, bounded', () => {
    assert.deepEqual(parseBrokerCommands(['SUSPEND s1', 'TERMINATE s2', 'SUSPEND s3']), [
      { action: 'suspend', sid: 's1' },
      { action: 'terminate', sid: 's2' },
    ]);
    assert.deepEqual(
      parseBrokerCommands([
        'name=SUSPEND s1',
        'SUSPEND',
        'SUSPEND a b',
        `TERMINATE ${'x'.repeat(300)}`,
      ]),
      [],
    );
  });
});

describe('reporter against the double', () => {
  let d: EventsBrokerDouble;
  before(async () => {
    d = await startEventsBrokerDouble({ clientConfig: 'events=true\nliveevent=15' });
  });
  after(() => d.close());

  function events(since: number) {
    return d.requests
      .slice(since)
      .filter((r) => r.fields.task === 'clientevent')
      .map((r) => r.fields);
  }

  it('CONNECTING, CONNECTED, ALIVE at the interval, a SUSPEND for our session obeyed, FINISHED; fields as x2goclient sends them', async () => {
    const s = new BrokerSession({ url: d.url, user: 'test', password: 'sweet' });
    await s.listProfiles();
    assert.deepEqual(s.clientConfig, { events: true, aliveSeconds: 15 });
    let tick: (() => void) | null = null;
    let intervalMs = 0;
    let clock = 1_000_000;
    const reports: EventReport[] = [];
    const done: string[] = [];
    const since = d.requests.length;
    const r = BrokerEventReporter.start(
      s,
      { sid: 'desk', server: '127.0.0.1', login: 'tester', cmd: 'XFCE' },
      { suspend: () => void done.push('suspend'), terminate: () => void done.push('terminate') },
      {
        onReport: (x) => reports.push(x),
        now: () => clock,
        setInterval: (fn, ms) => {
          tick = fn;
          intervalMs = ms;
          return {};
        },
        clearInterval: () => (tick = null),
      },
    )!;
    assert.ok(r);
    await r.report('CONNECTING');
    clock += 2_000;
    await r.report('CONNECTED');
    assert.equal(intervalMs, 15_000, 'ALIVE every liveevent seconds');
    await r.report('CONNECTING'); // earlier than the last: dropped (x2goclient's rule)
    clock += 15_000;
    tick!();
    await r.idle();
    d.commandQueue.push('SUSPEND someone-else', 'SUSPEND desk');
    tick!();
    await r.idle();
    assert.deepEqual(done, [], 'an order for another session is ignored');
    tick!();
    await r.idle();
    await r.idle();
    assert.deepEqual(done, ['suspend']);
    assert.equal(tick, null, 'ALIVE stops once an order is obeyed');
    await r.report('FINISHED');
    await r.report('CONNECTED'); // after FINISHED: nothing
    const sent = events(since);
    assert.deepEqual(
      sent.map((f) => f.event),
      ['CONNECTING', 'CONNECTED', 'ALIVE', 'ALIVE', 'ALIVE', 'SUSPENDING', 'FINISHED'],
    );
    const alive = sent[2]!;
    assert.equal(alive.sid, 'desk');
    assert.equal(alive.server, '127.0.0.1');
    assert.equal(alive.login, 'tester');
    assert.equal(alive.cmd, 'XFCE');
    assert.equal(alive.elapsed, '15', 'seconds since CONNECTED');
    assert.ok(
      sent.every((f) => f.authid?.startsWith('double-cookie-')),
      'in the cookie chain',
    );
    assert.deepEqual(
      reports.filter((x) => x.type === 'order'),
      [
        { type: 'order', action: 'suspend', sid: 'someone-else', obeyed: false },
        { type: 'order', action: 'suspend', sid: 'desk', obeyed: true },
      ],
    );
    await s.close();
  });

  it('an ALIVE that falls due while one is under way is skipped, not queued', async () => {
    const s = new BrokerSession({ url: d.url, user: 'test', password: 'sweet' });
    await s.listProfiles();
    let tick: (() => void) | null = null;
    const reports: EventReport[] = [];
    const r = BrokerEventReporter.start(
      s,
      { sid: 'desk', server: 'h', login: 'u', cmd: 'c' },
      { suspend: () => undefined, terminate: () => undefined },
      {
        onReport: (x) => reports.push(x),
        setInterval: (fn) => ((tick = fn), {}),
        clearInterval: () => undefined,
      },
    )!;
    void r.report('CONNECTED');
    tick!();
    await r.idle();
    assert.ok(reports.some((x) => x.type === 'skipped'));
    await s.close();
  });

  it('a failed event request is reported and the session goes on', async () => {
    const q = await startEventsBrokerDouble({ clientConfig: 'events=true' });
    const s = new BrokerSession({ url: q.url, user: 'test', password: 'sweet' });
    await s.listProfiles();
    await q.close();
    const reports: EventReport[] = [];
    const r = BrokerEventReporter.start(
      s,
      { sid: 'x', server: 'h', login: 'u', cmd: 'c' },
      { suspend: () => undefined, terminate: () => undefined },
      { onReport: (x) => reports.push(x) },
    )!;
    await r.report('CONNECTING');
    assert.equal(reports[0]?.type, 'failed');
    await s.close();
  });

  it('no client config, or events=false: no reporter, no clientevent request', async () => {
    for (const clientConfig of [null, 'events=false\nliveevent=10']) {
      const q = await startEventsBrokerDouble({ clientConfig });
      const s = new BrokerSession({ url: q.url, user: 'test', password: 'sweet' });
      await s.listProfiles();
      assert.equal(
        BrokerEventReporter.start(
          s,
          { sid: 'x', server: 'h', login: 'u', cmd: 'c' },
          { suspend: () => undefined, terminate: () => undefined },
        ),
        null,
      );
      await s.close();
      await q.close();
    }
  });
});
