// The main-process controller with the REAL core BrokerSession against the REAL x2gobroker
// (BROKER_JSON): what the GUI's IPC handlers do on sign-in, refresh, errors and select.
// Only the local X2Go client is replaced (a recorder at the launcher seam).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePolicy } from '../../src/core/config/managed';
import type { LauncherError } from '../../src/core/errors';
import { createSessionFactory } from '../../src/main/session-factory';
import type { LaunchRequest } from '../../src/main/controller';
import { scopeKey } from '../../src/main/settings';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { makeController, memorySettings } from '../helpers/controller';

function make(opts: { caFile?: string } = {}) {
  const launched: LaunchRequest[] = [];
  const settings = memorySettings();
  const policy = resolvePolicy(opts.caFile ? { brokerCaFile: opts.caFile } : {}, null, {});
  const { controller, events } = makeController({
    settings,
    policy,
    createSession: createSessionFactory(),
    launcher: {
      detect: () => Promise.resolve({ available: true, name: 'pyhoca-cli' }),
      start: (request) => {
        launched.push(request);
        return Promise.resolve({
          client: 'pyhoca-cli',
          exited: Promise.resolve({ exitCode: 0 }),
        });
      },
    },
  });
  return { controller, events, launched, settings };
}

void test('real broker: sign in, the fixture profiles with icons, refresh, select → launcher', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const { controller, events, launched, settings } = make();
  const url = broker.http.main.plainUrl;
  const signed = await controller.signIn({
    url,
    user: 'test',
    password: userPassword(broker, 'test'),
  });
  assert.deepEqual(
    signed.profiles.map((p) => p.id).sort(),
    [...broker.profiles.visibleTo.test!].sort(),
  );
  const xfce = signed.profiles.find((p) => p.id === 'xfce-desktop')!;
  assert.equal(xfce.icon?.mime, 'image/png');
  assert.match(xfce.icon.dataUrl, /^data:image\/png;base64,iVBOR/);
  assert.deepEqual(xfce.raw, {}, 'raw fields stay in main');
  assert.deepEqual(
    events.map((e) => (e.type === 'progress' ? e.phase : e.type)),
    ['connecting', 'authenticating', 'loading-profiles'],
  );
  // The broker rotates its one-time AUTHID on every reply: a refresh must still work.
  const again = await controller.listProfiles();
  assert.equal(again.profiles.length, signed.profiles.length);
  assert.equal(
    settings.cachedProfiles(scopeKey(url, 'test'))?.profiles.length,
    signed.profiles.length,
  );

  const outcome = await controller.selectAndLaunch('loopback-xterm', { resume: 'new' });
  assert.equal(outcome.kind, 'launched');
  assert.equal(launched.length, 1);
  assert.equal(launched[0]!.selected.server, broker.x2goSession?.host ?? '127.0.0.1');
  assert.equal(launched[0]!.profile.id, 'loopback-xterm');
  assert.ok(launched[0]!.profile.raw.host, 'the launcher gets the full profile');
  await controller.signOut();
  await assert.rejects(controller.listProfiles(), /not signed in/);
});

void test('real broker: wrong password, broker down, TLS failures come back as typed errors', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const { controller } = make();
  await assert.rejects(
    controller.signIn({ url: broker.http.main.plainUrl, user: 'test', password: 'wrong' }),
    (e: LauncherError) => e.kind === 'auth',
  );
  await assert.rejects(
    controller.signIn({ url: 'http://127.0.0.1:1/plain/', user: 'test', password: 'x' }),
    (e: LauncherError) => e.kind === 'unreachable',
  );
  if (broker.https) {
    const self = broker.https['tls-selfsigned'];
    await assert.rejects(
      controller.signIn({
        url: self.plainUrl,
        user: 'test',
        password: userPassword(broker, 'test'),
      }),
      (e: LauncherError) =>
        e.kind === 'tls' && e.details.certificate?.fingerprint256 === self.certFingerprintSha256,
    );
  }
  // Still usable after every failure.
  const ok = await controller.signIn({
    url: broker.http.main.jsonUrl,
    user: 'jacques',
    password: userPassword(broker, 'jacques'),
  });
  assert.ok(ok.profiles.some((p) => p.id === 'acl-jacques-only'));
});

void test('real broker: the admin CA file (brokerCaFile policy) makes the https broker trusted', async (t) => {
  const broker = brokerOrSkip(t, 'https');
  if (!broker) return;
  const tls = broker.https.tls;
  await assert.rejects(
    make().controller.signIn({
      url: tls.plainUrl,
      user: 'test',
      password: userPassword(broker, 'test'),
    }),
    (e: LauncherError) => e.kind === 'tls',
  );
  const { controller } = make({ caFile: tls.caFile });
  const r = await controller.signIn({
    url: tls.plainUrl,
    user: 'test',
    password: userPassword(broker, 'test'),
  });
  assert.ok(r.profiles.length > 0);
});

void test('real broker: no-auth broker and pre-shared auth-id cookie file', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const { controller } = make();
  const open = await controller.signIn({ url: broker.http.noauth.plainUrl, noAuth: true });
  assert.ok(open.profiles.length > 0);
  const cookie = await controller.signIn({
    url: broker.http.cookie.plainUrl,
    user: 'test',
    authIdFile: broker.cookie.file,
  });
  assert.ok(cookie.profiles.length > 0);
});
