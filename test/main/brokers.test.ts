// Several brokers in one catalogue (docs/brokers.md): the controller's per-entry decisions
// that a real broker cannot be made to show on demand (a cookie refused on one broker, a
// sign-in that hangs until cancelled), the entries' storage rules, and the IPC validators of
// the new arguments. Broker sessions are scripted here; the real brokers are driven in
// brokers.int.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePolicy, type Policy } from '../../src/core/config/managed';
import { LauncherError } from '../../src/core/errors';
import type { BrokerSessionLike, SessionRequest } from '../../src/main/controller';
import {
  MAX_BROKER_ENTRIES,
  MAX_CACHED_SCOPES,
  scopeKey,
  type LauncherSettings,
} from '../../src/main/settings';
import type { BrokerProfile } from '../../src/shared/model';
import { ARG_VALIDATORS, isBrokerKey, isSessionEvent } from '../../src/shared/validate';
import { desktopProfile, makeController, memorySettings } from '../helpers/controller';

const A = 'http://a.example:8080/plain/';
const B = 'https://b.example/json/';
const B2 = 'https://b2.example/json/';

const profile = (id: string): BrokerProfile => desktopProfile(id);

/** Sessions by broker URL: `refuse` makes its next list a refused cookie, `hang` waits. */
function brokers() {
  const calls: string[] = [];
  const behaviour: Record<string, { refuse?: boolean; hang?: boolean }> = {};
  const make = (req: SessionRequest): BrokerSessionLike => {
    const display = new URL(req.url).href;
    const waitOrGo = async (signal?: AbortSignal) => {
      if (!behaviour[display]?.hang) return;
      await new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
    return {
      url: { display, scheme: 'http' },
      // fail-over (docs/failover.md): B answers at its second address
      ...(display === B ? { activeUrl: { display: B2 } } : {}),
      user: req.user ?? null,
      authenticate: async (signal) => {
        calls.push(`auth ${display}`);
        await waitOrGo(signal);
      },
      listProfiles: async (signal) => {
        calls.push(`list ${display}`);
        await waitOrGo(signal);
        if (behaviour[display]?.refuse)
          throw new LauncherError('broker.cookie.expired', {}, 'Cookie refused.');
        return [profile(`${display.includes('a.example') ? 'a' : 'b'}-desk`), profile('same')];
      },
      selectSession: () => Promise.reject(new Error('not in this test')),
      logout: () => {
        calls.push(`logout ${display}`);
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
  };
  return { calls, behaviour, make };
}

function setup(policy: Partial<Policy> = {}, settings: LauncherSettings = memorySettings()) {
  const b = brokers();
  const t = makeController({
    settings,
    policy: resolvePolicy(policy, null, {}),
    createSession: b.make,
  });
  return { ...t, ...b, settings };
}

void test('a cookie refused on B signs out B alone, with broker: B on the event', async () => {
  const { controller, events, behaviour, calls } = setup();
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  const b = await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  assert.equal(b.broker, scopeKey(B, 'bob'));
  behaviour[B] = { refuse: true };
  await assert.rejects(controller.listProfiles(b.broker), (e: LauncherError) => {
    return e.kind === 'cookie-rejected';
  });
  const out = events.at(-1)!;
  assert.equal(out.type, 'signed-out');
  assert.equal(out.type === 'signed-out' && out.broker, scopeKey(B, 'bob'));
  assert.ok(calls.includes(`logout ${B}`) && !calls.includes(`logout ${A}`));
  assert.equal(controller.signedIn, true);
  assert.equal((await controller.listProfiles(scopeKey(A, 'ann'))).profiles.length, 2);
  // B's entry and its cached list stay for the catalogue (stale)
  const entries = (await controller.getStartupState()).brokerEntries!;
  assert.equal(entries.find((e) => e.key === b.broker)?.cached?.profiles.length, 2);
});

void test('a sign-in without add ends the other sessions; the entries stay', async () => {
  const { controller, calls } = setup();
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  assert.ok(calls.includes(`logout ${B}`));
  await assert.rejects(controller.listProfiles(scopeKey(B, 'bob')), /not signed in/);
  const keys = (await controller.getStartupState()).brokerEntries!.map((e) => e.key);
  assert.deepEqual(keys, [scopeKey(A, 'ann'), scopeKey(B, 'bob')], 'the primary first');
});

void test('a hanging sign-in of B blocks nothing of A; cancel() aborts every broker', async () => {
  const { controller, behaviour } = setup();
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  behaviour[B] = { hang: true };
  const pendingB = controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  const outcomeB = pendingB.then(
    () => null,
    (e: LauncherError) => e,
  );
  assert.equal((await controller.listProfiles()).profiles.length, 2, 'A answers meanwhile');
  const settledYet = await Promise.race([
    outcomeB.then(() => 'settled'),
    new Promise((r) => setTimeout(() => r('pending'), 20)),
  ]);
  assert.equal(settledYet, 'pending', 'A’s request did not abort B’s sign-in');
  behaviour[A] = { hang: true };
  const outcomeA = controller.listProfiles().then(
    () => null,
    (e: LauncherError) => e,
  );
  await new Promise((r) => setImmediate(r));
  controller.cancel();
  assert.equal((await outcomeA)?.kind, 'cancelled');
  assert.equal((await outcomeB)?.kind, 'cancelled');
  // a failed list is no sign-out: A is still the signed-in broker
  assert.equal(controller.signedIn, true);
});

void test('a refresh leaves the primary broker and the preselected one; answeredUrl per entry', async () => {
  const { controller, settings } = setup();
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  const primaryList = async () => (await controller.listProfiles()).profiles.map((p) => p.id);
  assert.deepEqual(await primaryList(), ['b-desk', 'same']);
  const refreshed = await controller.refreshBroker(scopeKey(A, 'ann'));
  assert.equal(refreshed.broker, scopeKey(A, 'ann'));
  assert.deepEqual(await primaryList(), ['b-desk', 'same'], 'B is still the primary');
  assert.equal(settings.lastBrokerUrl(), B);
  const state = await controller.getStartupState();
  assert.deepEqual(
    state.brokerEntries!.map((e) => [e.key, e.answeredUrl]),
    [
      [scopeKey(B, 'bob'), B2],
      [scopeKey(A, 'ann'), undefined],
    ],
  );
  // a new sign-in (not a refresh) makes A the primary again
  await controller.signIn({ url: A, user: 'ann', noAuth: true, add: true });
  assert.deepEqual(await primaryList(), ['a-desk', 'same']);
});

void test('policy allowRememberUser false: entries of this run only, never stored', async () => {
  const { controller, settings } = setup({ allowRememberUser: false });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  assert.deepEqual(settings.brokerEntries(), []);
  const keys = (await controller.getStartupState()).brokerEntries!.map((e) => e.key);
  assert.deepEqual(keys.sort(), [scopeKey(A, 'ann'), scopeKey(B, 'bob')].sort());
  // the next start knows none of them
  const next = setup({ allowRememberUser: false }, settings);
  assert.deepEqual((await next.controller.getStartupState()).brokerEntries, []);
});

void test('at most 20 entries, most recent first, each with its cached list', () => {
  const settings = memorySettings();
  assert.equal(MAX_BROKER_ENTRIES, 20);
  assert.ok(MAX_CACHED_SCOPES >= MAX_BROKER_ENTRIES, 'a cached list for every entry');
  for (let i = 0; i < MAX_BROKER_ENTRIES + 3; i++) {
    const url = `http://b${i}.example/plain/`;
    settings.rememberBrokerEntry({ brokerUrl: url, user: 'u', auth: 'password' });
    settings.saveProfiles(scopeKey(url, 'u'), [profile('p')]);
  }
  const entries = settings.brokerEntries();
  assert.equal(entries.length, MAX_BROKER_ENTRIES);
  assert.equal(entries[0]!.brokerUrl, `http://b${MAX_BROKER_ENTRIES + 2}.example/plain/`);
  assert.ok(entries.every((e) => settings.cachedProfiles(scopeKey(e.brokerUrl, e.user))));
  // an entry changed by hand into something else is dropped, not trusted
  const store = (settings as unknown as { store: { set(k: string, v: unknown): void } }).store;
  store.set('brokerEntries', [{ brokerUrl: A, user: 'x', auth: 'telnet' }, 'junk', null]);
  assert.deepEqual(settings.brokerEntries(), []);
});

void test('validators: the optional trailing broker key, add, refresh/remove, events', () => {
  const key = scopeKey(A, 'ann');
  assert.ok(isBrokerKey(key) && isBrokerKey(scopeKey(B, null)));
  assert.ok(isBrokerKey(`${A}\nname with\nnewline`), 'the user part is any sign-in user');
  for (const bad of ['extra', A, `ftp://h/\nx`, '\nx', `${A}\n${'x'.repeat(3000)}`])
    assert.equal(isBrokerKey(bad), false, JSON.stringify(bad));
  assert.deepEqual(ARG_VALIDATORS.listProfiles([]), { ok: true, value: [] });
  assert.deepEqual(ARG_VALIDATORS.listProfiles([key]), { ok: true, value: [key] });
  assert.deepEqual(ARG_VALIDATORS.listProfiles([undefined]), { ok: true, value: [] });
  assert.equal(ARG_VALIDATORS.listProfiles([key, key]).ok, false);
  assert.deepEqual(ARG_VALIDATORS.setFavourite(['p', true, key]), {
    ok: true,
    value: ['p', true, key],
  });
  assert.equal(ARG_VALIDATORS.setFavourite(['p', true, 'extra']).ok, false);
  assert.deepEqual(ARG_VALIDATORS.selectAndLaunch(['p', { resume: 'new' }, key]), {
    ok: true,
    value: ['p', { resume: 'new' }, key],
  });
  assert.equal(ARG_VALIDATORS.selectAndLaunch(['p', { resume: 'new' }, 42]).ok, false);
  assert.equal(ARG_VALIDATORS.terminateSession(['p', 's', key]).ok, true);
  assert.equal(ARG_VALIDATORS.createShortcut(['p', key]).ok, true);
  assert.equal(ARG_VALIDATORS.checkConnection(['p', key]).ok, true);
  assert.equal(ARG_VALIDATORS.checkConnection(['p', key, key]).ok, false);
  assert.deepEqual(ARG_VALIDATORS.refreshBroker([key]), { ok: true, value: [key] });
  assert.equal(ARG_VALIDATORS.refreshBroker([]).ok, false);
  assert.equal(ARG_VALIDATORS.removeBroker(['nope']).ok, false);
  assert.deepEqual(ARG_VALIDATORS.signIn([{ url: A, add: true }]), {
    ok: true,
    value: [{ url: A, add: true }],
  });
  assert.equal(ARG_VALIDATORS.signIn([{ url: A, add: 'yes' }]).ok, false);
  assert.ok(isSessionEvent({ type: 'progress', op: 'refresh', phase: 'connecting', broker: key }));
  assert.ok(isSessionEvent({ type: 'signed-out', reason: null, broker: key }));
  assert.equal(isSessionEvent({ type: 'signed-out', reason: null, broker: 7 }), false);
  assert.equal(
    isSessionEvent({
      type: 'launch',
      launchId: 'l',
      profileId: 'p',
      state: 'running',
      broker: 'x',
    }),
    false,
  );
});
