// Several brokers in one catalogue (docs/brokers.md), main side: the REAL controller with the
// REAL session factory against TWO real brokers of the peer set — the HTTP broker (password)
// and the SSH broker (x2gobroker-ssh behind the peers' sshd, key file) — plus the no-auth HTTP
// instance, a closed loopback port and a loopback socket that never answers (a dead and a
// hanging broker). Only the local X2Go client is replaced (a recorder at the launcher seam).
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { resolvePolicy, type Policy } from '../../src/core/config/managed';
import type { LauncherError } from '../../src/core/errors';
import type { LaunchRequest } from '../../src/main/controller';
import { createSessionFactory } from '../../src/main/session-factory';
import { scopeKey, type LauncherSettings } from '../../src/main/settings';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../helpers/broker-env';
import { deadPort } from '../helpers/cli-net';
import { makeController, memorySettings, memoryVault } from '../helpers/controller';

/** A keychain that works (Electron's safeStorage is not there under Node): tagged text. */
const KEYCHAIN = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (t: string) => Buffer.from(`enc:${t}`),
  decryptString: (b: Buffer) => b.toString().slice(4),
};

function make(
  o: {
    settings?: LauncherSettings;
    policy?: Partial<Policy>;
    vault?: ReturnType<typeof memoryVault>;
  } = {},
) {
  const launched: LaunchRequest[] = [];
  const settings = o.settings ?? memorySettings();
  const vault = o.vault ?? memoryVault({ safe: KEYCHAIN });
  const t = makeController({
    settings,
    passwords: vault.passwords,
    policy: resolvePolicy(o.policy ?? {}, null, {}),
    createSession: createSessionFactory({ proxyPolicy: 'direct' }),
    // the renderer allows what a profile asks of this machine, once (no question stays open)
    answer: (prompt) =>
      prompt.kind === 'local-resources' ? { kind: 'local-resources', decision: 'once' } : null,
    launcher: {
      detect: () => Promise.resolve({ available: true, name: 'pyhoca-cli' }),
      start: (request) => {
        launched.push(request);
        return Promise.resolve({ client: 'pyhoca-cli', exited: new Promise(() => undefined) });
      },
    },
  });
  return { ...t, launched, settings, vault };
}

/** The two brokers of the catalogue: the HTTP broker (user test) and the SSH broker. */
function brokers(b: BrokerFixture) {
  const ssh = b.ssh!;
  const http = { url: b.http.main.plainUrl, user: 'test', password: userPassword(b, 'test') };
  const sshUrl = `ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`;
  return {
    http,
    httpKey: scopeKey(b.http.main.plainUrl, 'test'),
    ssh: { url: sshUrl, sshKeyFile: ssh.privateKey },
    sshKey: scopeKey(`ssh://${ssh.host}:${ssh.port}${ssh.command}`, ssh.user),
    policy: { sshKnownHostsFile: ssh.knownHosts } as Partial<Policy>,
  };
}

const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();

/** A loopback TCP server that accepts and never answers (a hanging broker). */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/plain/`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

void test('two real brokers: add keeps both signed in, each list comes back, calls reach their broker', async (t) => {
  const b = brokerOrSkip(t, 'ssh');
  if (!b) return;
  const x = brokers(b);
  const { controller, launched, events } = make({ policy: x.policy });

  const first = await controller.signIn({ ...x.http, remember: true });
  assert.equal(first.broker, x.httpKey);
  assert.deepEqual(ids(first.profiles), [...b.profiles.visibleTo.test!].sort());
  // A refresh of the first broker runs WHILE the second one signs in: neither aborts the other.
  const [again, second] = await Promise.all([
    controller.listProfiles(x.httpKey),
    controller.signIn({ ...x.ssh, add: true }),
  ]);
  assert.equal(again.profiles.length, first.profiles.length);
  assert.equal(second.broker, x.sshKey);
  assert.deepEqual(ids(second.profiles), [...b.profiles.visibleTo[b.ssh.user]!].sort());
  assert.ok(
    events.some((e) => e.type === 'progress' && e.op === 'sign-in' && e.broker === x.sshKey),
    'the added sign-in’s progress names its broker',
  );
  // both lists again, each from its own broker
  assert.deepEqual(ids((await controller.listProfiles(x.httpKey)).profiles), ids(first.profiles));
  assert.deepEqual(ids((await controller.listProfiles(x.sshKey)).profiles), ids(second.profiles));

  // Per-profile calls reach the broker they name: the profile only the SSH broker's user
  // sees is gone on the HTTP broker and launches through the SSH one.
  await assert.rejects(
    controller.selectAndLaunch('acl-group-x2gobroker-users', { resume: 'new' }, x.httpKey),
    (e: LauncherError) => e.code === 'profile.gone',
  );
  const viaSsh = await controller.selectAndLaunch('loopback-xterm', { resume: 'new' }, x.sshKey);
  assert.equal(viaSsh.kind, 'launched');
  const viaHttp = await controller.selectAndLaunch('loopback-xterm', { resume: 'new' }, x.httpKey);
  assert.equal(viaHttp.kind, 'launched');
  assert.deepEqual(
    launched.map((l) => [l.brokerUrl, l.brokerUser, l.selected.profileId]),
    [
      [x.sshKey.split('\n')[0], b.ssh.user, 'loopback-xterm'],
      [b.http.main.plainUrl, 'test', 'loopback-xterm'],
    ],
  );
  assert.ok(
    launched.every((l) => l.selected.server),
    'each broker answered selectsession',
  );
  const launchEvents = events.filter((e) => e.type === 'launch' && e.state === 'running');
  assert.deepEqual(
    launchEvents.map((e) => e.type === 'launch' && e.broker),
    [x.sshKey, x.httpKey],
  );
  // no broker named: the last sign-in (the SSH broker) — one-broker flows, deep links
  assert.equal(
    (await controller.selectAndLaunch('acl-group-x2gobroker-users', { resume: 'new' })).kind,
    'launched',
  );

  // "Check connection" asks the broker it names: the SSH broker offers the profile (and its
  // selectsession names a server), the HTTP broker's user does not see it
  const viaSshCheck = await controller.checkConnection('acl-group-x2gobroker-users', x.sshKey);
  assert.equal(viaSshCheck.broker, x.sshKey.split('\n')[0]);
  assert.equal(viaSshCheck.lines.find((l) => l.id === 'profile')?.status, 'pass');
  assert.ok(viaSshCheck.server, 'the SSH broker answered selectsession');
  const viaHttpCheck = await controller.checkConnection('acl-group-x2gobroker-users', x.httpKey);
  assert.equal(viaHttpCheck.broker, b.http.main.plainUrl);
  assert.equal(viaHttpCheck.lines.find((l) => l.id === 'profile')?.status, 'fail');

  // Favourites and recents per entry.
  const favHttp = controller.setFavourite('xfce-desktop', true, x.httpKey);
  assert.deepEqual(favHttp.favourites, ['xfce-desktop']);
  const favSsh = controller.setFavourite('kde-pool', true, x.sshKey);
  assert.deepEqual(favSsh.favourites, ['kde-pool']);
  const state = await controller.getStartupState();
  const entries = new Map(state.brokerEntries!.map((e) => [e.key, e]));
  assert.deepEqual(entries.get(x.httpKey)!.prefs.favourites, ['xfce-desktop']);
  assert.deepEqual(entries.get(x.sshKey)!.prefs.favourites, ['kde-pool']);
  assert.deepEqual(
    entries.get(x.sshKey)!.prefs.recents.map((r) => r.id),
    ['acl-group-x2gobroker-users', 'loopback-xterm'],
  );
  assert.equal(entries.get(x.httpKey)!.auth, 'password');
  assert.equal(entries.get(x.httpKey)!.savedPassword, true);
  assert.equal(entries.get(x.sshKey)!.auth, 'ssh-key');
  assert.equal(state.canAddBrokers, true);

  await controller.signOut();
  await assert.rejects(controller.listProfiles(x.httpKey), /not signed in/);
  await assert.rejects(controller.listProfiles(x.sshKey), /not signed in/);
});

void test('real brokers: a dead and a hanging broker fail alone; refresh with what is stored; remove', async (t) => {
  const b = brokerOrSkip(t, 'ssh');
  if (!b) return;
  const x = brokers(b);
  const settings = memorySettings();
  const { controller, vault } = make({ settings, policy: x.policy });
  await controller.signIn({ ...x.http, remember: true });
  await controller.signIn({ ...x.ssh, add: true });
  await controller.signIn({ url: b.http.noauth.plainUrl, noAuth: true, add: true });
  const noauthKey = scopeKey(b.http.noauth.plainUrl, null);
  // entries of an earlier run: a broker on a closed port, one that never answers, and one
  // that needs a password nobody saved
  const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
  const silent = await silentServer();
  t.after(() => silent.close());
  settings.rememberBrokerEntry({ brokerUrl: dead, user: null, auth: 'noauth' });
  settings.rememberBrokerEntry({ brokerUrl: silent.url, user: null, auth: 'noauth' });
  settings.rememberBrokerEntry({
    brokerUrl: b.http.static.plainUrl,
    user: 'jacques',
    auth: 'password',
  });
  const deadKey = scopeKey(dead, null);
  const silentKey = scopeKey(silent.url, null);

  // All refresh at once: the dead one fails alone, the hanging one hangs alone.
  // (its outcome is taken at once: a rejection must not count as unhandled meanwhile)
  const hanging = controller.refreshBroker(silentKey).then(
    () => null,
    (e: LauncherError) => e,
  );
  const [deadResult, httpResult, sshResult, noauthResult] = await Promise.allSettled([
    controller.refreshBroker(deadKey),
    controller.refreshBroker(x.httpKey),
    controller.refreshBroker(x.sshKey),
    controller.refreshBroker(noauthKey),
  ]);
  assert.equal(
    deadResult.status === 'rejected' && (deadResult.reason as LauncherError).kind,
    'unreachable',
  );
  assert.equal(httpResult.status === 'fulfilled' && httpResult.value.passwordRemembered, true);
  assert.equal(sshResult.status === 'fulfilled' && sshResult.value.broker, x.sshKey);
  assert.ok(noauthResult.status === 'fulfilled' && noauthResult.value.profiles.length > 0);
  // still signed in to the three live ones
  for (const key of [x.httpKey, x.sshKey, noauthKey])
    assert.ok((await controller.listProfiles(key)).profiles.length > 0, key);

  // Removing the hanging broker aborts its refresh (its own operation) and nothing else.
  await controller.removeBroker(silentKey);
  assert.equal((await hanging)?.kind, 'cancelled');
  assert.ok((await controller.listProfiles(x.httpKey)).profiles.length > 0);

  // A password must be typed and none is saved: broker.needs-password; an unknown key.
  const jacques = scopeKey(b.http.static.plainUrl, 'jacques');
  await assert.rejects(controller.refreshBroker(jacques), (e: LauncherError) => {
    assert.equal(e.code, 'broker.needs-password');
    assert.deepEqual(e.params, { broker: b.http.static.plainUrl });
    return true;
  });
  await assert.rejects(
    controller.refreshBroker(scopeKey('http://127.0.0.1:9/plain/', 'nobody')),
    (e: LauncherError) => e.code === 'broker.unknown-entry',
  );

  // removeBroker: signed out of it, the entry, its list, favourites and password forgotten
  controller.setFavourite('xfce-desktop', true, x.httpKey);
  await controller.removeBroker(x.httpKey);
  await assert.rejects(controller.listProfiles(x.httpKey), /not signed in/);
  assert.equal(settings.cachedProfiles(x.httpKey), null);
  assert.deepEqual(settings.favourites(x.httpKey), []);
  assert.equal(vault.passwords.has(x.httpKey), false);
  const keys = (await controller.getStartupState()).brokerEntries!.map((e) => e.key);
  assert.ok(!keys.includes(x.httpKey) && !keys.includes(silentKey));
  assert.ok(keys.includes(x.sshKey) && keys.includes(deadKey));
  assert.ok((await controller.listProfiles(x.sshKey)).profiles.length > 0, 'the others stay');
  await assert.rejects(
    controller.removeBroker(x.httpKey),
    (e: LauncherError) => e.code === 'broker.unknown-entry',
  );
  await controller.signOut();
});

void test('real brokers: startup shows every entry’s last list, stale with its age, no secret stored', async (t) => {
  const b = brokerOrSkip(t, 'ssh');
  if (!b) return;
  const x = brokers(b);
  let now = 1_000_000;
  const settings = memorySettings(() => now);
  const run1 = make({ settings, policy: x.policy });
  const a = await run1.controller.signIn({ ...x.http, remember: true });
  now += 60_000;
  const s = await run1.controller.signIn({ ...x.ssh, add: true });
  await run1.controller.dispose(100);

  // the next start: nothing signed in, both lists at once with when they were fetched
  const run2 = make({ settings, policy: x.policy, vault: run1.vault });
  const state = await run2.controller.getStartupState();
  const byKey = new Map(state.brokerEntries!.map((e) => [e.key, e]));
  assert.equal(state.brokerEntries![0]!.key, x.sshKey, 'the last sign-in is preselected, first');
  assert.deepEqual(ids(byKey.get(x.httpKey)!.cached!.profiles), ids(a.profiles));
  assert.equal(byKey.get(x.httpKey)!.cached!.fetchedAt, 1_000_000);
  assert.deepEqual(ids(byKey.get(x.sshKey)!.cached!.profiles), ids(s.profiles));
  assert.equal(byKey.get(x.sshKey)!.cached!.fetchedAt, 1_060_000);
  assert.equal(run2.controller.signedIn, false);
  // settings hold no password (it is in the keychain store, encrypted)
  const stored = JSON.stringify(settings.brokerEntries());
  assert.ok(!stored.includes(x.http.password));
  assert.deepEqual(settings.brokerEntries()[0], {
    brokerUrl: x.sshKey.split('\n')[0],
    user: b.ssh.user,
    auth: 'ssh-key',
    sshKeyFile: b.ssh.privateKey,
  });
  // both refresh in the background with what is stored
  const [ra, rs] = await Promise.all([
    run2.controller.refreshBroker(x.httpKey),
    run2.controller.refreshBroker(x.sshKey),
  ]);
  assert.deepEqual(ids(ra.profiles), ids(a.profiles));
  assert.deepEqual(ids(rs.profiles), ids(s.profiles));
  await run2.controller.signOut();
});

void test('real brokers: policy broker is managed; kiosk and a locked URL refuse adding', async (t) => {
  const b = brokerOrSkip(t);
  if (!b) return;
  const main = b.http.main.plainUrl;
  const noauth = b.http.noauth.plainUrl;
  const password = userPassword(b, 'test');

  // the policy's broker: always an entry, cannot be removed; others can be added
  const managed = make({ policy: { brokerUrl: main } });
  const before = await managed.controller.getStartupState();
  assert.deepEqual(
    before.brokerEntries!.map((e) => [e.brokerUrl, e.managed, e.cached]),
    [[main, true, null]],
  );
  await managed.controller.signIn({ url: main, user: 'test', password });
  await managed.controller.signIn({ url: noauth, noAuth: true, add: true });
  const after = await managed.controller.getStartupState();
  assert.deepEqual(after.brokerEntries!.map((e) => [e.brokerUrl, e.managed]).sort(), [
    [main, true],
    [noauth, false],
  ]);
  await assert.rejects(
    managed.controller.removeBroker(scopeKey(main, 'test')),
    (e: LauncherError) => e.code === 'broker.entry-managed',
  );
  await managed.controller.removeBroker(scopeKey(noauth, null));
  assert.ok((await managed.controller.listProfiles(scopeKey(main, 'test'))).profiles.length > 0);
  await managed.controller.signOut();

  for (const policy of [
    { brokerUrl: main, lockBrokerUrl: true },
    { brokerUrl: main, kiosk: true },
  ] satisfies Partial<Policy>[]) {
    const one = make({ policy });
    const state = await one.controller.getStartupState();
    assert.equal(state.canAddBrokers, false);
    await one.controller.signIn({ url: main, user: 'test', password });
    await assert.rejects(
      one.controller.signIn({ url: noauth, noAuth: true, add: true }),
      (e: LauncherError) => e.code === 'policy.one-broker',
    );
    const entries = (await one.controller.getStartupState()).brokerEntries!;
    assert.deepEqual(
      entries.map((e) => [e.brokerUrl, e.user, e.managed]),
      [[main, 'test', true]],
    );
    assert.ok((await one.controller.listProfiles()).profiles.length > 0, 'still signed in');
    await one.controller.signOut();
  }
});
