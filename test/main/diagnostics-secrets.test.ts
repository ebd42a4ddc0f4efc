// "Copy diagnostics" in the app (controller.copyDiagnostics, docs/diagnostics.md): no known
// secret survives in the bundle — the password typed at sign-in, the broker cookie the session
// holds, the login key the broker pushed, the user's home path — wherever they turn up (a
// broker error echoing them into the health check, a client printing them at exit), in raw,
// URL-encoded and base64 forms. The broker session is a scripted stand-in (no peer needed:
// the masking is main's own work); the controller, the health check and the bundle are real.
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { test } from 'node:test';
import { recordClientExit } from '../../src/core/diagnostics/client-log';
import type { BrokerSessionLike, SessionRequest } from '../../src/main/controller';
import { DiagnosticSecrets } from '../../src/main/diagnostic-secrets';
import type { BrokerProfile } from '../../src/shared/model';
import { desktopProfile, makeController } from '../helpers/controller';

const PASSWORD = 'Tr0ub4dor-9zq!x&y';
const COOKIE = 'c00kie-7f3a9c2e11d04b5a';
const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7pushedkey';
const PEM = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
const HOME = homedir();

const profile: BrokerProfile = desktopProfile('desk', 'Desk');

/** A session that holds COOKIE, pushes PEM, and whose broker echoes secrets in an error. */
function hostileEchoSession(req: SessionRequest): BrokerSessionLike & { currentCookie: string } {
  let selects = 0;
  return {
    url: { display: 'http://127.0.0.1:18080/plain/', scheme: 'http' },
    user: req.user ?? null,
    currentCookie: COOKIE,
    authenticate: () =>
      req.password === PASSWORD ? Promise.resolve() : Promise.reject(new Error('refused')),
    listProfiles: () => Promise.resolve([profile]),
    selectSession: (id) => {
      // the launch gets a pushed key; the health check's selectsession fails with an error
      // page that echoes the password, the cookie and a path in the user's home
      if (++selects > 1)
        return Promise.reject(
          new Error(
            `broker error: user test password ${PASSWORD} (${encodeURIComponent(PASSWORD)}) cookie ${COOKIE} file ${HOME}/.x2goclient/sessions`,
          ),
        );
      return Promise.resolve({
        profileId: id,
        server: '127.0.0.1',
        port: 22,
        user: 'test',
        privateKey: PEM,
        pubkeyAccepted: false,
        sessionInfo: [],
        receivedAt: 0,
      });
    },
    logout: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/=+$/, '');

void test('Copy diagnostics: the typed password, the cookie, the pushed key and the home path never survive', async () => {
  let clipboard = '';
  const { controller } = makeController({
    createSession: hostileEchoSession,
    launcher: {
      detect: () => Promise.resolve({ available: true, name: 'pyhoca-cli' }),
      start: () =>
        Promise.resolve({ client: 'pyhoca-cli', exited: Promise.resolve({ exitCode: 1 }) }),
    },
    writeClipboard: (text) => {
      clipboard = text;
    },
    health: { clientVersion: () => Promise.resolve('4.1.2.2') },
  });
  await controller.signIn({
    url: 'http://127.0.0.1:18080/plain/',
    user: 'test',
    password: PASSWORD,
  });
  assert.equal((await controller.selectAndLaunch('desk', { resume: 'new' })).kind, 'launched');
  // the client printed everything it should not have (its last lines go into the bundle)
  recordClientExit('pyhoca-cli', {
    code: 1,
    signal: null,
    runMs: 1200,
    lastLines: [
      `client said: login as test with ${PASSWORD}`,
      `Authorization: Basic ${Buffer.from(`test:${PASSWORD}`).toString('base64')}`,
      `key line ${KEY_BODY}`,
      `cookie ${COOKIE} b64 ${b64(COOKIE)}`,
      `reading ${HOME}/.ssh/known_hosts`,
    ],
  });
  const report = await controller.checkConnection('desk');
  assert.ok(
    report.lines.some((l) => l.id === 'selectsession' && l.status === 'fail'),
    'the echoing error reached the health report',
  );
  const { bytes } = await controller.copyDiagnostics();
  assert.equal(bytes, Buffer.byteLength(clipboard, 'utf8'));
  assert.doesNotThrow(() => JSON.parse(clipboard), 'the masked bundle is still JSON');
  // the places the secrets were put are there (the test cannot pass on an empty bundle) …
  assert.match(clipboard, /client said: login as test with \*\*\*/);
  assert.match(clipboard, /key line \*\*\*/);
  assert.match(clipboard, /reading ~\/\.ssh\/known_hosts/);
  assert.match(clipboard, /broker error: user test password \*\*\*/);
  // … and no known secret survives, in any form
  for (const [name, secret] of [
    ['typed password', PASSWORD],
    ['cookie', COOKIE],
    ['pushed key', KEY_BODY],
    ['home path', HOME],
  ] as const) {
    for (const form of [secret, encodeURIComponent(secret), b64(secret)])
      assert.equal(clipboard.includes(form), false, `${name} (${form}) in the bundle`);
  }
});

void test('the masking secrets live in memory for the sign-in only', async () => {
  const { controller } = makeController({
    createSession: hostileEchoSession,
    launcher: {
      detect: () => Promise.resolve({ available: false, name: null }),
      start: () => Promise.reject(new Error('no launch here')),
    },
  });
  await controller.signIn({
    url: 'http://127.0.0.1:18080/plain/',
    user: 'test',
    password: PASSWORD,
  });
  // a white-box look: the controller's only copy of the typed password
  const held = (controller as unknown as { typedSecrets: DiagnosticSecrets }).typedSecrets;
  assert.deepEqual(held.list(), [PASSWORD]);
  await controller.signOut();
  assert.equal(held.size, 0, 'forgotten at sign-out');
  const s = new DiagnosticSecrets();
  s.add('');
  s.add(null);
  s.add('x1');
  s.add('x1');
  s.addKey(PEM);
  assert.deepEqual(s.list(), ['x1', PEM, KEY_BODY]);
  s.clear();
  assert.deepEqual(s.list(), []);
});
