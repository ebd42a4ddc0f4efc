// The BUILT preload (out/preload/index.cjs) in a vm context shaped like Electron's sandboxed
// preload: a `require` that knows only `electron`, no Node globals. Proves it loads there,
// exposes exactly one frozen `x2go` object with the contract's methods, sends only
// validated arguments on the contract's channels, and subscribes only to the event channel.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import vm from 'node:vm';
import { CHANNELS, type X2GoApi } from '../../src/shared/api';

const repo = join(import.meta.dirname, '..', '..');
let exposed: Map<string, unknown>;
let invoked: { channel: string; args: unknown[] }[];
let listeners: Map<string, ((event: unknown, payload: unknown) => void)[]>;
let required: string[];
/** Copy a value into the preload's realm, as contextBridge / IPC deserialisation do. */
let intoRealm: <T>(value: T) => T;
/** Back into this realm for deepStrictEqual (prototypes differ across realms). */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

before(async () => {
  const out = await mkdtemp(join(tmpdir(), 'preload-'));
  execFileSync(process.execPath, [join(repo, 'scripts/build.mjs'), 'preload', `--outdir=${out}`], {
    stdio: 'pipe',
  });
  const code = await readFile(join(out, 'preload', 'index.cjs'), 'utf8');
  exposed = new Map();
  invoked = [];
  listeners = new Map();
  required = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return Promise.resolve({ ok: true, value: null });
      },
      on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), fn]);
      },
      removeListener: (channel: string, fn: unknown) => {
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((f) => f !== fn),
        );
      },
    },
  };
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  const context = vm.createContext({
    require: sandboxRequire,
    module,
    exports: module.exports,
    console,
    // URL is a Web API the sandboxed preload has; Node-only globals (process, Buffer) are absent.
    URL,
  });
  vm.runInContext(code, context, { filename: 'preload/index.cjs' });
  const parse = vm.runInContext('(text) => JSON.parse(text)', context) as (t: string) => unknown;
  intoRealm = <T>(value: T) => parse(JSON.stringify(value)) as T;
});

void test('loads with a require that knows only electron; exposes one object', () => {
  assert.deepEqual([...new Set(required)], ['electron']);
  assert.deepEqual([...exposed.keys()], ['x2go']);
  const api = exposed.get('x2go') as Record<string, unknown>;
  assert.ok(Object.isFrozen(api));
  assert.deepEqual(Object.keys(api).sort(), Object.keys(CHANNELS).sort());
  for (const v of Object.values(api)) assert.equal(typeof v, 'function');
});

void test('calls go out on their own channel with validated arguments only', async () => {
  const api = exposed.get('x2go') as X2GoApi;
  invoked.length = 0;
  await api.setFavourite('profile-1', true);
  await api.openExternal('https://wiki.x2go.org/');
  const refused = await api.openExternal('file:///etc/passwd');
  const badSignIn = await api.signIn(intoRealm({ url: 'javascript:alert(1)' }));
  await api.signIn(
    intoRealm({ url: 'https://broker.example/plain/', user: 'alice', password: 'pw' }),
  );
  assert.equal(refused.ok, false);
  assert.equal(badSignIn.ok, false);
  assert.deepEqual(plain(invoked), [
    { channel: CHANNELS.setFavourite, args: ['profile-1', true] },
    { channel: CHANNELS.openExternal, args: ['https://wiki.x2go.org/'] },
    {
      channel: CHANNELS.signIn,
      args: [{ url: 'https://broker.example/plain/', user: 'alice', password: 'pw' }],
    },
  ]);
});

void test('events: one subscription channel, malformed events dropped, unsubscribe works', () => {
  const api = exposed.get('x2go') as X2GoApi;
  const got: unknown[] = [];
  const off = api.onSessionEvent((e) => got.push(e));
  assert.deepEqual([...listeners.keys()], [CHANNELS.onSessionEvent]);
  const [fn] = listeners.get(CHANNELS.onSessionEvent)!;
  fn!({}, intoRealm({ type: 'progress', op: 'sign-in', phase: 'connecting' }));
  fn!({}, intoRealm({ type: 'evil', html: '<img onerror=alert(1)>' }));
  assert.deepEqual(plain(got), [{ type: 'progress', op: 'sign-in', phase: 'connecting' }]);
  off();
  assert.equal(listeners.get(CHANNELS.onSessionEvent)!.length, 0);
});
