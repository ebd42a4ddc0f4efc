// Several brokers (docs/brokers.md §1): races between brokers' operations, sign-out, cancel and
// the caps — with scripted broker sessions whose sign-in waits on a gate the test opens (the
// real-broker flows are in brokers.int.test.ts; a gate cannot be held open on a real broker).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePolicy } from '../../src/core/config/managed';
import type { BrokerSessionLike, SessionRequest } from '../../src/main/controller';
import { scopeKey } from '../../src/main/settings';
import type { BrokerProfile } from '../../src/shared/model';
import { desktopProfile, makeController, memorySettings, memoryVault } from '../helpers/controller';

const A = 'http://a.example:8080/plain/';
const B = 'https://b.example/json/';
const C = 'https://c.example/json/';
const profile = (id: string): BrokerProfile => desktopProfile(id);

/** Sessions whose authenticate waits for `gate[url]` when set. */
function brokers() {
  const gate: Record<string, Promise<void> | undefined> = {};
  const make = (req: SessionRequest): BrokerSessionLike => {
    const display = new URL(req.url).href;
    const session: BrokerSessionLike = {
      url: { display, scheme: 'http' },
      user: req.user ?? null,
      authenticate: async () => {
        await gate[display];
      },
      listProfiles: () => Promise.resolve([profile('same')]),
      // selectsession never answers: the launch waits until it is cancelled
      selectSession: (_id: string, _o: unknown, signal?: AbortSignal) =>
        new Promise((_, reject) =>
          signal?.addEventListener('abort', () =>
            reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')),
          ),
        ),
      logout: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    return session;
  };
  return { gate, make };
}

void test('signing out of all while a background refresh is in flight: it ends cancelled, nobody signed in', async () => {
  const b = brokers();
  const settings = memorySettings();
  const { controller } = makeController({
    settings,
    policy: resolvePolicy({}, null, {}),
    createSession: b.make,
  });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  let release!: () => void;
  b.gate[B] = new Promise((r) => (release = r));
  const refresh = controller.refreshBroker(scopeKey(B, 'bob')).then(
    () => 'ok',
    (e: Error) => e.message,
  );
  await new Promise((r) => setImmediate(r));
  await controller.signOut();
  assert.equal(controller.signedIn, false, 'signed out');
  release();
  assert.match(await refresh, /[Cc]ancelled/);
  assert.equal(controller.signedIn, false, 'the refresh begun before sign-out signed B in again');
});

void test('live sessions are bounded like the entries (20): the oldest is signed out', async () => {
  const b = brokers();
  const { controller } = makeController({
    policy: resolvePolicy({}, null, {}),
    createSession: b.make,
  });
  for (let i = 0; i < 200; i++)
    await controller.signIn({ url: A, user: `u${i}`, noAuth: true, add: true });
  const entries = (await controller.getStartupState()).brokerEntries!.length;
  const live = (controller as unknown as { sessions: Map<string, unknown> }).sessions.size;
  assert.equal(entries, 20);
  assert.equal(live, 20);
});

void test('the password of a sign-in in flight is still masked when another broker ends', async () => {
  const b = brokers();
  const vault = memoryVault().passwords;
  const { controller } = makeController({
    passwords: vault,
    policy: resolvePolicy({}, null, {}),
    createSession: b.make,
  });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  let release!: () => void;
  b.gate[B] = new Promise((r) => (release = r));
  const pending = controller.signIn({ url: B, user: 'bob', password: 'S3cret-pw-B', add: true });
  await new Promise((r) => setImmediate(r));
  await controller.removeBroker(scopeKey(A, 'ann'));
  release();
  await pending;
  const secrets = (
    controller as unknown as { typedSecrets: { list(): string[] } }
  ).typedSecrets.list();
  assert.ok(
    secrets.includes('S3cret-pw-B'),
    'B is signed in with a password the bundle no longer masks',
  );
});

void test('cancelling B (a launch’s Back) leaves A’s background refresh alone', async () => {
  const b = brokers();
  const { controller } = makeController({
    policy: resolvePolicy({}, null, {}),
    createSession: b.make,
  });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  let release!: () => void;
  b.gate[A] = new Promise((r) => (release = r));
  const refreshA = controller.refreshBroker(scopeKey(A, 'ann')).then(
    () => 'ok',
    (e: { kind?: string }) => e.kind,
  );
  const launchB = controller
    .selectAndLaunch('same', {}, scopeKey(B, 'bob'))
    .catch((e: { kind?: string }) => e.kind);
  await new Promise((r) => setTimeout(r, 10));
  controller.cancel({ broker: scopeKey(B, 'bob') }); // LaunchView "Back" while asking B
  release();
  assert.equal(await launchB, 'cancelled');
  assert.equal(await refreshA, 'ok', 'A’s refresh was aborted by a cancel meant for B');
});

void test('removing B during its refresh: B stays removed and signed out', async () => {
  const b = brokers();
  const { controller, settings } = (() => {
    const s = memorySettings();
    return {
      ...makeController({
        settings: s,
        policy: resolvePolicy({}, null, {}),
        createSession: b.make,
      }),
      settings: s,
    };
  })();
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  let release!: () => void;
  b.gate[B] = new Promise((r) => (release = r));
  const refresh = controller.refreshBroker(scopeKey(B, 'bob')).then(
    () => 'ok',
    (e: { kind?: string }) => e.kind,
  );
  await new Promise((r) => setImmediate(r));
  await controller.removeBroker(scopeKey(B, 'bob'));
  release();
  assert.equal(await refresh, 'cancelled');
  await assert.rejects(controller.listProfiles(scopeKey(B, 'bob')), /not signed in/);
  assert.equal(settings.brokerEntries().length, 1);
});

/** Sessions whose logout waits for `logoutGate` when set. */
function slowLogoutBrokers() {
  const g: { logoutGate?: Promise<void> } = {};
  const make = (req: SessionRequest): BrokerSessionLike => ({
    url: { display: new URL(req.url).href, scheme: 'http' },
    user: req.user ?? null,
    authenticate: () => Promise.resolve(),
    listProfiles: () => Promise.resolve([profile('same')]),
    selectSession: () => Promise.reject(new Error('unused')),
    logout: async () => {
      await g.logoutGate;
    },
    close: () => Promise.resolve(),
  });
  return { g, make };
}

void test('Cancel on the sign-in form while the previous broker logs out cancels the sign-in', async () => {
  const b = slowLogoutBrokers();
  const { controller } = makeController({
    policy: resolvePolicy({}, null, {}),
    createSession: b.make,
  });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  let release!: () => void;
  b.g.logoutGate = new Promise((r) => (release = r));
  const form = controller.signIn({ url: C, user: 'cy', noAuth: true }).then(
    () => 'signed in',
    (e: Error) => e.message,
  );
  await new Promise((r) => setTimeout(r, 10));
  controller.cancel({ signIn: true }); // the form's Cancel (app.ts: cancel({ signIn: true }))
  release();
  assert.match(await form, /[Cc]ancel/, 'Cancel pressed, yet the sign-in went on');
});

void test('a refresh begun while a sign-in without add signs everyone out does not stay live', async () => {
  const b = slowLogoutBrokers();
  const { controller } = makeController({
    policy: resolvePolicy({}, null, {}),
    createSession: b.make,
  });
  await controller.signIn({ url: A, user: 'ann', noAuth: true });
  await controller.signIn({ url: B, user: 'bob', noAuth: true, add: true });
  let release!: () => void;
  b.g.logoutGate = new Promise((r) => (release = r));
  const form = controller.signIn({ url: C, user: 'cy', noAuth: true });
  await new Promise((r) => setTimeout(r, 10));
  const refresh = controller.refreshBroker(scopeKey(B, 'bob')).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 10));
  release();
  await form;
  await refresh;
  const live = [...(controller as unknown as { sessions: Map<string, unknown> }).sessions.keys()];
  assert.deepEqual(live, [scopeKey(C, 'cy')], 'a sign-in without add signs out every other broker');
});
