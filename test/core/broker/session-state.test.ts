// The sign-in/cookie state machine (src/core/broker/session-state.ts; docs/protocol.md §6).
// Two layers, both iterating the transition table so that a new row without a test fails:
//  1. the pure transition function, for every row from every phase it lists;
//  2. BrokerSession driving the machine over a fake transport (the one test double the project
//     wants: each transition must be reached deterministically, including races a real broker
//     cannot be made to produce on demand). The real-broker suites (session-http/-ssh,
//     test/hostile) stay and prove the same rules against x2gobroker.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isAuthIdToken } from '../../../src/core/broker/auth-id-file';
import { BrokerSession, type BrokerSessionOptions } from '../../../src/core/broker/session';
import {
  EVENT_TYPES,
  PHASES,
  TRANSITIONS,
  connectivityTask,
  credentialsFor,
  initialSessionState,
  replyEvent,
  transition,
  type Effect,
  type Phase,
  type SignInEvent,
  type SessionState,
} from '../../../src/core/broker/session-state';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { SSH_AUTH_CODES } from '../../../src/core/transport/ssh-auth';
import type {
  BrokerReply,
  BrokerRequest,
  BrokerTransport,
} from '../../../src/core/transport/types';

const dir = mkdtempSync(join(tmpdir(), 'x2gol-fsm-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// ---- 1. the pure transition function -------------------------------------------------------

/** A state in `phase` holding a pre-shared cookie, a password and (when fitting) an issued one. */
function stateIn(phase: Phase, over: Partial<SessionState> = {}): SessionState {
  return {
    phase,
    initialCookie: phase === 'signed-out' ? null : 'pre',
    issuedCookie: phase === 'rotating' || phase === 'static' ? 'iss' : null,
    hasPassword: phase !== 'signed-out',
    noAuthConfigured: false,
    noAuthDetected: false,
    ...over,
  };
}

/** For each row: an event (and state adjustments) that must select exactly that row. */
const PURE_CASES: Record<string, { over?: Partial<SessionState>; event: SignInEvent }> = {
  'load-credentials': { event: { type: 'loaded', cookie: 'from-file' } },
  'pre-shared-echoed': {
    event: { type: 'cookie-issued', cookie: 'pre', sent: { authid: 'pre', password: false } },
  },
  'static-cookie': {
    event: { type: 'cookie-issued', cookie: 'iss', sent: { authid: 'iss', password: false } },
  },
  'pre-shared-named': {
    event: { type: 'cookie-issued', cookie: 'pre', sent: { authid: 'iss', password: false } },
  },
  'pre-shared-consumed': {
    event: { type: 'cookie-issued', cookie: 'new', sent: { authid: 'pre', password: false } },
  },
  'cookie-rotated': {
    event: { type: 'cookie-issued', cookie: 'new', sent: { authid: 'pre', password: true } },
  },
  'bad-cookie-refused': { event: { type: 'bad-cookie-issued' } },
  'noauth-detected': {
    event: { type: 'granted-without-cookie', task: 'listsessions', sent: { password: true } },
  },
  'testcon-consumed-cookie': {
    event: {
      type: 'granted-without-cookie',
      task: 'testcon',
      sent: { authid: 'iss', password: false },
    },
  },
  'testcon-without-cookie': {
    event: {
      type: 'granted-without-cookie',
      task: 'testcon',
      sent: { authid: 'pre', password: true },
    },
  },
  'issued-refused-retry': { event: { type: 'refused' } },
  'issued-refused-final': {
    over: { hasPassword: false, initialCookie: null },
    event: { type: 'refused' },
  },
  'initial-refused': { event: { type: 'refused' } },
  'loaded-after-logout': { event: { type: 'loaded', cookie: 'late' } },
  'cookie-after-logout': {
    event: { type: 'cookie-issued', cookie: 'late', sent: { password: true } },
  },
  'bad-cookie-after-logout': { event: { type: 'bad-cookie-issued' } },
  'granted-after-logout': {
    event: { type: 'granted-without-cookie', task: 'auth', sent: { password: true } },
  },
  'refused-after-logout': { event: { type: 'refused' } },
  logout: { event: { type: 'logout' } },
};

describe('session state machine: the pure transition function', () => {
  it('the table: unique row ids, known phases and events, and a pure case for every row', () => {
    const ids = TRANSITIONS.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate row id');
    for (const r of TRANSITIONS) {
      assert.ok(EVENT_TYPES.includes(r.event), r.id);
      assert.ok(r.from.length > 0 && r.from.every((p) => PHASES.includes(p)), r.id);
      assert.ok(r.to === 'same' || PHASES.includes(r.to), r.id);
      assert.match(r.why, /\S/, r.id);
    }
    assert.deepEqual(Object.keys(PURE_CASES).sort(), [...ids].sort(), 'rows without a pure case');
  });

  for (const row of TRANSITIONS) {
    for (const from of row.from) {
      it(`${row.id}: ${from} --${row.event}--> ${row.to} (${row.effect})`, () => {
        const c = PURE_CASES[row.id]!;
        const before = stateIn(from, c.over);
        const frozen = structuredClone(before);
        const step = transition(before, c.event);
        assert.equal(step.row.id, row.id);
        assert.equal(step.effect, row.effect);
        assert.deepEqual(before, frozen, 'the input state was modified');
        const after = step.state;
        if (row.to === 'same') {
          assert.deepEqual(after, before);
          return;
        }
        assert.equal(after.phase, row.to);
        // issued cookie: held exactly in rotating and static, and it is the reply's
        if (row.to === 'rotating' || row.to === 'static')
          assert.equal(after.issuedCookie, (c.event as { cookie: string }).cookie);
        else assert.equal(after.issuedCookie, null);
        if (row.to === 'signed-out') {
          assert.equal(after.initialCookie, null);
          assert.equal(after.hasPassword, false);
        } else if (c.event.type === 'loaded') {
          assert.equal(after.initialCookie, c.event.cookie);
        } else {
          assert.equal(after.initialCookie, row.forgetInitialCookie ? null : before.initialCookie);
          assert.equal(after.hasPassword, before.hasPassword);
        }
        assert.equal(after.noAuthDetected, row.to === 'open' || before.noAuthDetected);
        assert.equal(after.noAuthConfigured, before.noAuthConfigured);
      });
    }
  }

  it('an event a phase has no row for is a bug: transition throws', () => {
    const live: Phase[] = ['initial', 'pre-shared', 'rotating', 'static', 'open'];
    const impossible: Array<[Phase, SignInEvent]> = [
      ...live.map((p): [Phase, SignInEvent] => [p, { type: 'loaded', cookie: null }]),
      ['unread', { type: 'refused' }],
      ['unread', { type: 'bad-cookie-issued' }],
      ['unread', { type: 'cookie-issued', cookie: 'c', sent: { password: true } }],
      ['unread', { type: 'granted-without-cookie', task: 'auth', sent: { password: true } }],
    ];
    for (const [phase, event] of impossible)
      assert.throws(
        () => transition(stateIn(phase), event),
        /no transition/,
        `${phase} ${event.type}`,
      );
    // every other (phase, event) pair has a row that always applies (no gaps behind guards)
    for (const phase of PHASES)
      for (const type of EVENT_TYPES) {
        if (impossible.some(([p, e]) => p === phase && e.type === type)) continue;
        assert.ok(
          TRANSITIONS.some(
            (r) => r.event === type && r.from.includes(phase) && r.when === 'always',
          ),
          `${phase} × ${type} has no catch-all row`,
        );
      }
  });

  it('replyEvent: no cookie, a token, a non-token', () => {
    const sent = { authid: 'a', password: false };
    assert.deepEqual(replyEvent('auth', sent, null, isAuthIdToken), {
      type: 'granted-without-cookie',
      task: 'auth',
      sent,
    });
    assert.deepEqual(replyEvent('listsessions', sent, 'c-1', isAuthIdToken), {
      type: 'cookie-issued',
      cookie: 'c-1',
      sent,
    });
    assert.deepEqual(replyEvent('auth', sent, 'two words', isAuthIdToken), {
      type: 'bad-cookie-issued',
    });
  });

  it('credentialsFor: what each phase sends (docs/protocol.md §6.3)', () => {
    const expect: Record<Phase, object> = {
      unread: { authid: 'pre', password: true },
      initial: { authid: 'pre', password: true },
      'pre-shared': { authid: 'pre', password: true },
      rotating: { authid: 'iss' },
      static: { authid: 'iss' },
      open: { authid: 'pre', password: true },
      'signed-out': {},
    };
    for (const phase of PHASES)
      assert.deepEqual(credentialsFor(stateIn(phase), 'listsessions'), expect[phase], phase);
    // testcon with the password known keeps a one-time cookie chain intact…
    assert.deepEqual(credentialsFor(stateIn('rotating'), 'testcon'), {
      authid: 'pre',
      password: true,
    });
    // …but a static cookie is reusable, so testcon sends it
    assert.deepEqual(credentialsFor(stateIn('static'), 'testcon'), { authid: 'iss' });
    assert.deepEqual(credentialsFor(stateIn('rotating', { noAuthConfigured: true }), 'auth'), {});
    assert.deepEqual(
      credentialsFor(stateIn('initial', { initialCookie: null, hasPassword: false }), 'auth'),
      {},
    );
  });

  it('connectivityTask: auth only when a one-time cookie is all we hold', () => {
    const noPw = { hasPassword: false };
    assert.equal(connectivityTask(stateIn('rotating', noPw)), 'auth');
    assert.equal(connectivityTask(stateIn('initial', noPw)), 'auth');
    assert.equal(connectivityTask(stateIn('static', noPw)), 'testcon');
    assert.equal(connectivityTask(stateIn('pre-shared', noPw)), 'testcon');
    assert.equal(connectivityTask(stateIn('rotating')), 'testcon');
    assert.equal(connectivityTask(stateIn('initial', { ...noPw, initialCookie: null })), 'testcon');
    assert.equal(
      connectivityTask(stateIn('rotating', { ...noPw, noAuthConfigured: true })),
      'testcon',
    );
  });

  it('a new session starts unread with no cookies', () => {
    assert.deepEqual(initialSessionState({ hasPassword: true, noAuthConfigured: false }), {
      phase: 'unread',
      initialCookie: null,
      issuedCookie: null,
      hasPassword: true,
      noAuthConfigured: false,
      noAuthDetected: false,
    });
  });
});

// ---- 2. BrokerSession over a fake transport ------------------------------------------------

type Responder = (request: BrokerRequest) => BrokerReply | Error | Promise<BrokerReply | Error>;

/** A scripted BrokerTransport: answers each request with the next responder, records them. */
class FakeTransport implements BrokerTransport {
  readonly url = parseBrokerUrl('http://broker.test/plain/');
  readonly sent: BrokerRequest[] = [];
  closed = 0;
  constructor(private readonly script: Responder[]) {}
  async send(request: BrokerRequest): Promise<BrokerReply> {
    this.sent.push({ ...request });
    const next = this.script.shift();
    if (!next) throw new Error(`fake transport: no reply scripted for request ${this.sent.length}`);
    await new Promise((r) => setImmediate(r)); // a reply is never synchronous
    const out = await next(request);
    if (out instanceof Error) throw out;
    return out;
  }
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

const granted =
  (cookie?: string): Responder =>
  () => ({
    body: `${cookie ? `AUTHID:${cookie}\n` : ''}Access granted\n`,
    contentType: 'text/plain',
  });
const testconOk: Responder = () => ({ body: 'OK\n', contentType: 'text/plain' });
const refuse: Responder = () =>
  new LauncherError('broker.http.unauthorized', {}, 'The broker answered 401: Unauthorized.');
const sshLoginRefused: Responder = () =>
  new LauncherError(
    'ssh.password-refused',
    { where: 'broker:22' },
    'The SSH server refused the password.',
    {
      code: SSH_AUTH_CODES.passwordRefused,
    },
  );
/** A responder that waits until `open()` is called (to interleave logout with a reply). */
function gate(then: Responder): { responder: Responder; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return {
    responder: async (req) => {
      await opened;
      return then(req);
    },
    open: () => open(),
  };
}

interface Trace {
  row: string;
  from: Phase;
  to: Phase;
  effect: Effect;
}

function harness(options: Partial<BrokerSessionOptions>, script: Responder[]) {
  const fake = new FakeTransport(script);
  const trace: Trace[] = [];
  const session = new BrokerSession({
    url: 'http://broker.test/plain/',
    user: 'alice',
    transport: fake,
    onTransition: (step) => trace.push(step),
    ...options,
  });
  return { fake, trace, session };
}

type Harness = ReturnType<typeof harness>;

/** What a request carried, cookie and password only. */
const creds = (r: BrokerRequest) => ({
  ...(r.authid !== undefined ? { authid: r.authid } : {}),
  ...(r.password !== undefined ? { password: r.password } : {}),
});

/**
 * For each row: a scenario over the public API that must pass through that row (from the
 * phase given), with its own checks of what was sent and what the session holds.
 */
const SCENARIOS: Record<string, { from: Phase; run: () => Promise<Harness> }> = {
  'load-credentials': {
    from: 'unread',
    run: async () => {
      const file = join(dir, 'load');
      writeFileSync(file, ' file-cookie \r\nsecond line\n', { mode: 0o600 });
      const h = harness({ authIdFile: file }, [granted('file-cookie')]);
      await h.session.authenticate();
      assert.deepEqual(creds(h.fake.sent[0]!), { authid: 'file-cookie' });
      return h;
    },
  },
  'pre-shared-echoed': {
    from: 'initial',
    run: async () => {
      const h = harness({ authId: 'pre' }, [granted('pre'), granted('pre'), testconOk]);
      await h.session.authenticate();
      await h.session.listProfiles();
      assert.equal(h.session.phase, 'pre-shared');
      // the echoed cookie is reusable, so the real testcon is sent (with it)
      assert.deepEqual(await h.session.testConnection().then((r) => r.ok), true);
      assert.deepEqual(
        h.fake.sent.map((r) => [r.task, creds(r)]),
        [
          ['auth', { authid: 'pre' }],
          ['listsessions', { authid: 'pre' }],
          ['testcon', { authid: 'pre' }],
        ],
      );
      return h;
    },
  },
  'static-cookie': {
    from: 'rotating',
    run: async () => {
      const h = harness({ password: 'pw' }, [granted('s1'), granted('s1'), granted('s1')]);
      await h.session.authenticate();
      await h.session.authenticate();
      await h.session.authenticate();
      assert.equal(h.session.phase, 'static');
      assert.deepEqual(h.fake.sent.map(creds), [
        { password: 'pw' },
        { authid: 's1' },
        { authid: 's1' },
      ]);
      return h;
    },
  },
  'pre-shared-named': {
    from: 'rotating',
    run: async () => {
      const h = harness({ authId: 'pre', password: 'pw' }, [
        granted('c1'),
        granted('pre'),
        granted('c2'),
      ]);
      await h.session.authenticate();
      await h.session.authenticate(); // sends c1, the reply names the pre-shared cookie
      assert.equal(h.session.phase, 'initial');
      assert.equal(h.session.currentCookie, 'pre');
      await h.session.authenticate();
      assert.deepEqual(h.fake.sent.map(creds), [
        { authid: 'pre', password: 'pw' },
        { authid: 'c1' },
        { authid: 'pre', password: 'pw' },
      ]);
      return h;
    },
  },
  'pre-shared-consumed': {
    from: 'initial',
    run: async () => {
      const h = harness({ authId: 'one-time' }, [granted('c1'), granted('c2')]);
      await h.session.authenticate();
      assert.equal(h.session.currentCookie, 'c1');
      await h.session.authenticate();
      assert.deepEqual(h.fake.sent.map(creds), [{ authid: 'one-time' }, { authid: 'c1' }]);
      return h;
    },
  },
  'cookie-rotated': {
    from: 'initial',
    run: async () => {
      const file = join(dir, 'rotated');
      writeFileSync(file, 'start\n', { mode: 0o600 });
      const h = harness({ password: 'pw', authIdFile: file, persistAuthId: true }, [
        granted('c1'),
        granted('c2'),
        granted('c3'),
      ]);
      for (let i = 0; i < 3; i++) await h.session.listProfiles();
      assert.deepEqual(h.fake.sent.map(creds), [
        { authid: 'start', password: 'pw' },
        { authid: 'c1' },
        { authid: 'c2' },
      ]);
      assert.equal(h.session.currentCookie, 'c3');
      assert.equal(readFileSync(file, 'utf8'), 'c3\n'); // effect persist
      return h;
    },
  },
  'bad-cookie-refused': {
    from: 'rotating',
    run: async () => {
      const h = harness({ password: 'pw' }, [
        granted('c1'),
        granted('bad\u001bcookie'),
        granted('c2'),
      ]);
      await h.session.authenticate();
      await assert.rejects(h.session.authenticate(), { kind: 'protocol' });
      assert.equal(h.session.currentCookie, null);
      await h.session.authenticate();
      assert.deepEqual(h.fake.sent.map(creds), [
        { password: 'pw' },
        { authid: 'c1' },
        { password: 'pw' },
      ]);
      return h;
    },
  },
  'noauth-detected': {
    from: 'initial',
    run: async () => {
      const h = harness({}, [granted()]);
      assert.equal(h.session.noAuth, false);
      await h.session.listProfiles();
      assert.equal(h.session.noAuth, true);
      assert.equal(h.session.phase, 'open');
      return h;
    },
  },
  'testcon-consumed-cookie': {
    // a race: testConnection chose testcon while nothing was held, then a queued sign-in
    // obtained a one-time cookie, which testcon then used up without returning the next
    from: 'rotating',
    run: async () => {
      const h = harness({}, [granted('c1'), testconOk]);
      const [, test] = await Promise.all([h.session.authenticate(), h.session.testConnection()]);
      assert.equal(test.ok, true);
      assert.deepEqual(
        h.fake.sent.map((r) => [r.task, creds(r)]),
        [
          ['auth', {}],
          ['testcon', { authid: 'c1' }],
        ],
      );
      assert.equal(h.session.currentCookie, null);
      return h;
    },
  },
  'testcon-without-cookie': {
    from: 'rotating',
    run: async () => {
      const h = harness({ password: 'pw' }, [granted('c1'), testconOk, granted('c2')]);
      await h.session.authenticate();
      assert.equal((await h.session.testConnection()).ok, true);
      assert.equal(h.session.currentCookie, 'c1'); // the chain is intact
      await h.session.authenticate();
      assert.deepEqual(
        h.fake.sent.map((r) => [r.task, creds(r)]),
        [
          ['auth', { password: 'pw' }],
          ['testcon', { password: 'pw' }],
          ['auth', { authid: 'c1' }],
        ],
      );
      return h;
    },
  },
  'issued-refused-retry': {
    from: 'rotating',
    run: async () => {
      const h = harness({ password: 'pw' }, [granted('c1'), refuse, granted('c2')]);
      await h.session.authenticate();
      await h.session.listProfiles();
      assert.deepEqual(h.fake.sent.map(creds), [
        { password: 'pw' },
        { authid: 'c1' },
        { password: 'pw' },
      ]);
      assert.equal(h.session.currentCookie, 'c2');
      return h;
    },
  },
  'issued-refused-final': {
    from: 'rotating',
    run: async () => {
      const h = harness({ authId: 'one-time' }, [granted('c1'), refuse]);
      await h.session.authenticate();
      await assert.rejects(h.session.listProfiles(), (e: LauncherError) => {
        assert.equal(e.kind, 'cookie-rejected');
        assert.match(e.message, /no longer accepts/);
        return true;
      });
      assert.equal(h.fake.sent.length, 2, 'nothing to retry with');
      return h;
    },
  },
  'initial-refused': {
    from: 'initial',
    run: async () => {
      // the retry after a refused issued cookie is refused too: reported, not retried again
      const h = harness({ password: 'wrong' }, [granted('c1'), refuse, refuse, refuse]);
      await h.session.authenticate();
      await assert.rejects(h.session.listProfiles(), { kind: 'auth' });
      assert.equal(h.fake.sent.length, 3);
      await assert.rejects(h.session.listProfiles(), { kind: 'auth' });
      assert.equal(h.fake.sent.length, 4, 'a refusal from initial is never retried');
      return h;
    },
  },
  'loaded-after-logout': {
    from: 'signed-out',
    run: async () => {
      const h = harness({ authId: 'pre' }, []);
      const test = h.session.testConnection(); // starts loading the cookie…
      await h.session.logout(); // …and logout wins
      await assert.rejects(test, /Signed out/);
      assert.equal(h.session.currentCookie, null);
      assert.equal(h.fake.sent.length, 0);
      return h;
    },
  },
  'cookie-after-logout': {
    from: 'signed-out',
    run: async () => {
      const file = join(dir, 'late');
      writeFileSync(file, 'start\n', { mode: 0o600 });
      const g = gate(granted('late'));
      const h = harness({ password: 'pw', authIdFile: file, persistAuthId: true }, [g.responder]);
      const pending = h.session.authenticate();
      await waitFor(() => h.fake.sent.length === 1);
      await h.session.logout();
      g.open();
      await pending;
      assert.equal(h.session.currentCookie, null);
      assert.equal(readFileSync(file, 'utf8'), 'start\n', 'a late cookie is not written');
      return h;
    },
  },
  'bad-cookie-after-logout': {
    from: 'signed-out',
    run: async () => {
      const g = gate(granted('bad cookie'));
      const h = harness({ password: 'pw' }, [g.responder]);
      const pending = h.session.authenticate();
      await waitFor(() => h.fake.sent.length === 1);
      await h.session.logout();
      g.open();
      await assert.rejects(pending, { kind: 'protocol' });
      return h;
    },
  },
  'granted-after-logout': {
    from: 'signed-out',
    run: async () => {
      const g = gate(granted());
      const h = harness({ password: 'pw' }, [g.responder]);
      const pending = h.session.authenticate();
      await waitFor(() => h.fake.sent.length === 1);
      await h.session.logout();
      g.open();
      await pending;
      assert.equal(h.session.noAuth, false);
      return h;
    },
  },
  'refused-after-logout': {
    from: 'signed-out',
    run: async () => {
      const g = gate(refuse);
      const h = harness({ password: 'pw' }, [g.responder]);
      const pending = h.session.authenticate();
      await waitFor(() => h.fake.sent.length === 1);
      await h.session.logout();
      g.open();
      await assert.rejects(pending, { kind: 'auth' });
      assert.equal(h.fake.sent.length, 1);
      return h;
    },
  },
  logout: {
    from: 'rotating',
    run: async () => {
      const h = harness({ password: 'pw' }, [granted('c1')]);
      await h.session.authenticate();
      await h.session.logout();
      assert.equal(h.session.currentCookie, null);
      assert.equal(h.fake.closed, 1);
      await assert.rejects(h.session.authenticate(), /Signed out/);
      assert.equal(h.fake.sent.length, 1, 'nothing is sent after logout');
      return h;
    },
  },
};

async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setImmediate(r));
}

describe('session state machine: BrokerSession over a fake transport', () => {
  it('every row of the table has a scenario', () => {
    assert.deepEqual(
      Object.keys(SCENARIOS).sort(),
      TRANSITIONS.map((r) => r.id).sort(),
      'rows without a session scenario',
    );
  });

  for (const row of TRANSITIONS) {
    const scenario = SCENARIOS[row.id];
    it(`${row.id}: reached through the public API from ${scenario?.from ?? '?'}`, async () => {
      assert.ok(scenario, `no scenario for row ${row.id}`);
      assert.ok(row.from.includes(scenario.from), `${row.id} does not start from ${scenario.from}`);
      const h = await scenario.run();
      const step = h.trace.find((s) => s.row === row.id);
      assert.ok(step, `row ${row.id} not taken; trace: ${h.trace.map((s) => s.row).join(', ')}`);
      assert.equal(step.from, scenario.from);
      assert.equal(step.to, row.to === 'same' ? scenario.from : row.to);
      assert.equal(step.effect, row.effect);
      // no cookie ever reaches the trace (it goes to logs)
      for (const s of h.trace)
        assert.deepEqual(Object.keys(s).sort(), ['effect', 'from', 'row', 'to']);
    });
  }

  it('an SSH login refusal is not a cookie refusal: no event, no retry, the cookie is kept', async () => {
    const h = harness({ password: 'pw' }, [granted('c1'), sshLoginRefused]);
    await h.session.authenticate();
    await assert.rejects(h.session.authenticate(), (e: LauncherError) => {
      assert.equal(e.kind, 'auth');
      assert.equal(e.details.code, SSH_AUTH_CODES.passwordRefused);
      return true;
    });
    assert.equal(h.fake.sent.length, 2);
    assert.equal(h.session.currentCookie, 'c1');
    assert.deepEqual(
      h.trace.map((s) => s.row),
      ['load-credentials', 'cookie-rotated'],
    );
  });

  it('other failures (unreachable) change no state and are not retried', async () => {
    const h = harness({ password: 'pw' }, [
      granted('c1'),
      () =>
        new LauncherError(
          'broker.unreachable',
          { where: 'broker:80', error: 'ECONNREFUSED' },
          'Connection refused.',
        ),
      granted('c2'),
    ]);
    await h.session.authenticate();
    await assert.rejects(h.session.authenticate(), { kind: 'unreachable' });
    await h.session.authenticate();
    assert.deepEqual(h.fake.sent.map(creds), [
      { password: 'pw' },
      { authid: 'c1' },
      { authid: 'c1' },
    ]);
  });

  it('a cookie-only request refused from the start says the cookie was refused', async () => {
    const h = harness({ authId: 'stale' }, [refuse]);
    await assert.rejects(h.session.authenticate(), { kind: 'cookie-rejected' });
    const n = harness({}, [refuse]);
    await assert.rejects(n.session.authenticate(), /requires authentication/);
  });

  it('an unreadable auth-id file fails the request, and the next request reads it again', async () => {
    const file = join(dir, 'appears-later');
    const h = harness({ authIdFile: file }, [granted('c1')]);
    await assert.rejects(h.session.authenticate(), { kind: 'usage' });
    assert.equal(h.session.phase, 'unread');
    writeFileSync(file, 'now-here\n', { mode: 0o600 });
    await h.session.authenticate();
    assert.deepEqual(creds(h.fake.sent[0]!), { authid: 'now-here' });
  });
});
