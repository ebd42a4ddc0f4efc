// The IPC contract: every channel is distinct, validators reject hostile payloads (error
// reasons included: a code must be in the catalogue and carry exactly its parameters), and
// createBridge forwards exactly the validated arguments on the right channel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNELS } from '../../src/shared/api';
import { createBridge } from '../../src/shared/bridge';
import { LIMITS, isSafeExternalUrl, validateArgs, isSessionEvent } from '../../src/shared/validate';

void test('every API method has its own channel', () => {
  const values = Object.values(CHANNELS);
  assert.equal(new Set(values).size, values.length);
  for (const v of values) assert.match(v, /^x2go:[a-z-]+$/);
});

void test('signIn payloads are checked and copied', () => {
  const okArgs = validateArgs('signIn', [
    { url: 'https://broker.example/plain/', user: 'alice', password: 'pw', remember: true },
  ]);
  assert.ok(okArgs.ok);
  assert.deepEqual(okArgs.value[0], {
    url: 'https://broker.example/plain/',
    user: 'alice',
    password: 'pw',
    remember: true,
  });
  const cases: unknown[][] = [
    [],
    [null],
    [{ url: 'file:///etc/passwd' }],
    [{ url: 'https://u:secret@broker/plain/' }],
    [{ url: 'https://b/plain/', extra: 1 }],
    [{ url: 'https://b/plain/', user: 'x'.repeat(LIMITS.user + 1) }],
    [{ url: 'https://b/plain/', password: 'a\u0000b' }],
    [{ url: 'https://b/plain/', noAuth: 'yes' }],
    [{ url: 'https://b/plain/', authIdFile: '' }],
    [Object.assign(Object.create({ polluted: true }) as object, { url: 'https://b/plain/' })],
  ];
  for (const args of cases)
    assert.equal(validateArgs('signIn', args).ok, false, JSON.stringify(args));
});

void test('other calls validate ids, options, prompts and URLs', () => {
  assert.ok(validateArgs('selectAndLaunch', ['büro-desktop', {}]).ok);
  assert.ok(validateArgs('selectAndLaunch', ['p', { resume: 'new' }]).ok);
  assert.equal(validateArgs('selectAndLaunch', ['', {}]).ok, false);
  assert.equal(validateArgs('selectAndLaunch', ['p', { resume: 3 }]).ok, false);
  assert.equal(validateArgs('selectAndLaunch', ['p']).ok, false);
  assert.ok(validateArgs('setFavourite', ['p', true]).ok);
  assert.equal(validateArgs('setFavourite', ['p', 'true']).ok, false);
  assert.ok(validateArgs('respondToPrompt', ['1', { kind: 'answers', answers: ['123456'] }]).ok);
  assert.equal(
    validateArgs('respondToPrompt', ['1', { kind: 'answers', answers: new Array(17).fill('') }]).ok,
    false,
  );
  assert.equal(
    validateArgs('respondToPrompt', ['1', { kind: 'host-key', accept: true }]).ok,
    false,
  );
  assert.ok(validateArgs('setUiPreferences', [{ view: 'list' }]).ok);
  assert.equal(validateArgs('setUiPreferences', [{ view: 'table' }]).ok, false);
  assert.equal(validateArgs('pickFile', ['anything']).ok, false);
  assert.ok(isSafeExternalUrl('https://wiki.x2go.org/doku.php'));
  for (const u of ['http://x', 'javascript:alert(1)', 'file:///etc', 'https://a:b@x/', 'https://'])
    assert.equal(isSafeExternalUrl(u), false, u);
  assert.equal(validateArgs('getStartupState', [1]).ok, false);
});

void test('session events are shape-checked', () => {
  assert.ok(isSessionEvent({ type: 'progress', op: 'sign-in', phase: 'connecting' }));
  assert.ok(isSessionEvent({ type: 'launch', launchId: '1', profileId: 'p', state: 'running' }));
  assert.ok(isSessionEvent({ type: 'signed-out', reason: null }));
  assert.equal(
    isSessionEvent({ type: 'signed-out', reason: { kind: 'nope', message: '' } }),
    false,
  );
  const reason = {
    kind: 'broker',
    code: 'broker.http.status',
    params: { where: 'https://b/plain/', status: 502 },
    message: 'The broker answered HTTP 502.',
    details: {},
  };
  assert.ok(isSessionEvent({ type: 'signed-out', reason }));
  for (const bad of [
    { ...reason, code: 'broker.no-such-code' },
    { ...reason, params: { where: 'x' } },
    { ...reason, params: { where: 'x', status: '502' } },
    { ...reason, params: { where: 'x', status: 502, extra: 'y' } },
    { ...reason, params: null },
  ])
    assert.equal(isSessionEvent({ type: 'signed-out', reason: bad }), false, JSON.stringify(bad));
  assert.equal(isSessionEvent({ type: 'whatever' }), false);
  assert.equal(isSessionEvent('progress'), false);
});

void test('createBridge sends validated args on the right channel and wraps failures', async () => {
  const sent: unknown[][] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const api = createBridge(
    (channel, ...args) => {
      sent.push([channel, ...args]);
      if (channel === CHANNELS.listProfiles) return Promise.reject(new Error('boom'));
      return Promise.resolve({ ok: true, value: null });
    },
    (channel, listener) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  );
  assert.ok(Object.isFrozen(api));
  await api.setFavourite('p', true);
  assert.deepEqual(sent.at(-1), [CHANNELS.setFavourite, 'p', true]);
  // Invalid arguments never reach the transport.
  const bad = await api.openExternal('javascript:alert(1)');
  assert.equal(bad.ok, false);
  assert.equal(sent.length, 1);
  // A throwing handler becomes a Result.
  const thrown = await api.listProfiles();
  assert.equal(thrown.ok, false);
  // … of the `internal` kind: a failing handler is a bug, not a broker protocol fault.
  if (!thrown.ok) {
    assert.equal(thrown.error.kind, 'internal');
    assert.equal(thrown.error.code, 'internal.ipc');
    assert.deepEqual(thrown.error.params, { method: 'listProfiles', reason: 'Error: boom' });
  }
  // Events: malformed ones are dropped, good ones delivered, unsubscribe works.
  const got: unknown[] = [];
  const off = api.onSessionEvent((e) => got.push(e));
  const emit = listeners.get(CHANNELS.onSessionEvent)!;
  emit({ type: 'bogus' });
  emit({ type: 'progress', op: 'sign-in', phase: 'authenticating' });
  assert.equal(got.length, 1);
  off();
  assert.equal(listeners.has(CHANNELS.onSessionEvent), false);
});
