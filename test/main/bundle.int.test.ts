// The BUILT main bundle (out/main/index.cjs from scripts/build.mjs) run under plain Node with
// the recording electron stub: proves the wiring — what is registered, how the window is
// made, that a foreign sender is refused, settings land in --profile-dir — without Electron.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CHANNELS } from '../../src/shared/api';
import { brokerOrSkip, loadBroker, userPassword } from '../helpers/broker-env';

const require = createRequire(import.meta.url);
const repo = join(import.meta.dirname, '..', '..');
/** The real broker's URL when there is one (then sign-in goes through to it), else a dummy. */
const LOCKED_URL = loadBroker().broker?.http.main.plainUrl ?? 'https://broker.example:18086/plain/';

interface StubWebContents {
  id: number;
  sent: { channel: string; payload: unknown }[];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null;
  emit(event: string, ...args: unknown[]): boolean;
}
interface StubState {
  handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  ipcListeners: Map<string, unknown>;
  windows: {
    options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
    loadedUrl: string;
    webContents: StubWebContents;
  }[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  protocolHandlers: Map<string, (r: { url: string; method: string }) => Promise<Response>>;
  sandboxEnabled: boolean;
  singleInstanceLockRequested: boolean;
  permissionRequestHandler: (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
  permissionCheckHandler: (wc: unknown, p: string) => boolean;
  beforeRequest: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
  applicationMenu: unknown;
  paths: Record<string, string>;
}

let state: StubState;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-'));
  execFileSync(
    process.execPath,
    [join(repo, 'scripts/build.mjs'), 'main', 'preload', `--outdir=${join(dir, 'out')}`],
    {
      stdio: 'pipe',
    },
  );
  await mkdir(join(dir, 'out', 'renderer'));
  await writeFile(
    join(dir, 'out', 'renderer', 'index.html'),
    '<!doctype html><title>stub ui</title>',
  );
  process.env.X2GO_STUB_APP_PATH = dir;
  process.argv = [
    process.execPath,
    join(dir, 'out/main/index.cjs'),
    `--profile-dir=${join(dir, 'profile')}`,
    `--broker-url=${LOCKED_URL}`,
    '--lock-broker-url',
    `--managed-config=${join(dir, 'no-such-managed.json')}`,
  ];
  require('../stubs/register-electron-stub.cjs');
  const electron = require('electron') as { __stub: { state: StubState; emitReady(): void } };
  state = electron.__stub.state;
  require(join(dir, 'out/main/index.cjs'));
  electron.__stub.emitReady();
  for (let i = 0; i < 200 && state.windows.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(state.windows.length, 1, 'main created its window');
});

const ourEvent = () => ({
  sender: { id: state.windows[0]!.webContents.id },
  senderFrame: { url: 'app://launcher/index.html', parent: null },
});

void test('before ready: sandbox for all renderers, privileged app:// scheme, single instance', () => {
  assert.equal(state.sandboxEnabled, true);
  assert.equal(state.singleInstanceLockRequested, true);
  assert.deepEqual(state.privilegedSchemes, [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ]);
  assert.equal(state.paths.userData, join(dir, 'profile'));
});

void test('exactly the contract channels are handled; no other IPC listener stays open', () => {
  const expected = Object.entries(CHANNELS)
    .filter(([method]) => method !== 'onSessionEvent' && method !== 'onKioskState')
    .map(([, channel]) => channel)
    .sort();
  assert.deepEqual([...state.handlers.keys()].sort(), expected);
  assert.deepEqual([...state.ipcListeners.keys()], [], 'electron-store-get-data removed');
});

void test('the window: isolated, sandboxed, no node, our preload, app:// entry', async () => {
  const win = state.windows[0]!;
  const wp = win.options.webPreferences;
  assert.equal(wp.contextIsolation, true);
  assert.equal(wp.sandbox, true);
  assert.equal(wp.nodeIntegration, false);
  assert.equal(wp.webviewTag, false);
  assert.equal(wp.preload, join(dir, 'out/preload/index.cjs'));
  assert.ok((await stat(wp.preload)).isFile());
  assert.equal(win.loadedUrl, 'app://launcher/index.html');
  assert.equal(win.options.kiosk, false);
  assert.equal(state.applicationMenu, null);
});

void test('webContents hardening: navigation and new windows refused', () => {
  const wc = state.windows[0]!.webContents;
  let prevented = 0;
  const ev = { preventDefault: () => void prevented++ };
  wc.emit('will-navigate', ev, 'https://evil.example/');
  wc.emit('will-redirect', ev, 'file:///etc/passwd');
  wc.emit('will-navigate', ev, 'app://launcher/index.html');
  assert.equal(prevented, 2);
  wc.emit('will-attach-webview', ev);
  assert.equal(prevented, 3);
  assert.deepEqual(wc.windowOpenHandler!({ url: 'https://example.org/' }), { action: 'deny' });
});

void test('session: permissions denied, every request but app:// and data: cancelled', () => {
  let granted: boolean | null = null;
  state.permissionRequestHandler(null, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(state.permissionCheckHandler(null, 'clipboard-read'), false);
  const decide = (url: string) => {
    let cancel: boolean | null = null;
    state.beforeRequest({ url }, (r) => (cancel = r.cancel));
    return cancel;
  };
  assert.equal(decide('app://launcher/main.js'), false);
  assert.equal(decide('app://other/main.js'), true);
  assert.equal(decide('data:image/png;base64,AAAA'), false);
  assert.equal(decide('https://broker.example/'), true);
  assert.equal(decide('http://127.0.0.1:18080/plain/'), true);
  assert.equal(decide('file:///etc/passwd'), true);
});

void test('app:// protocol serves out/renderer with the CSP header', async () => {
  const handler = state.protocolHandlers.get('app')!;
  const res = await handler({ url: 'app://launcher/index.html', method: 'GET' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy')!, /script-src 'self'/);
  assert.match(await res.text(), /stub ui/);
  assert.equal(
    (await handler({ url: 'app://launcher/../main/index.cjs', method: 'GET' })).status,
    404,
  );
});

void test('a foreign sender is refused on every channel', async () => {
  const evil = { sender: { id: 999 }, senderFrame: { url: 'https://evil.example/', parent: null } };
  const sub = { ...ourEvent(), senderFrame: { url: 'app://launcher/index.html', parent: {} } };
  for (const event of [evil, sub]) {
    const r = (await state.handlers.get(CHANNELS.signIn)!(event, { url: 'https://x/plain/' })) as {
      ok: boolean;
      error: { message: string };
    };
    assert.deepEqual(r, {
      ok: false,
      error: {
        kind: 'usage',
        code: 'ipc.unknown-sender',
        params: {},
        message: 'Request refused: unknown sender.',
        details: {},
      },
    });
    await assert.rejects(state.handlers.get(CHANNELS.getStartupState)!(event), /unknown sender/);
  }
});

void test('our renderer: startup state carries the locked --broker-url, settings land in the profile dir', async () => {
  const s = (await state.handlers.get(CHANNELS.getStartupState)!(ourEvent())) as {
    prefill: { brokerUrl?: string };
    locked: string[];
    kiosk: boolean;
    passwordStorage: { available: boolean; backend: string };
    settings: { view: string };
  };
  assert.equal(s.prefill.brokerUrl, LOCKED_URL);
  assert.deepEqual(s.locked, ['brokerUrl']);
  assert.equal(s.kiosk, false);
  assert.deepEqual(s.passwordStorage, {
    available: true,
    backend: 'gnome_libsecret',
    reason: null,
  });
  assert.deepEqual(
    await state.handlers.get(CHANNELS.setUiPreferences)!(ourEvent(), { view: 'list' }),
    { ok: true, value: undefined },
  );
  const file = join(dir, 'profile', 'settings.json');
  const st = await stat(file);
  assert.equal(st.mode & 0o777, 0o600);
  const again = (await state.handlers.get(CHANNELS.getStartupState)!(ourEvent())) as typeof s;
  assert.equal(again.settings.view, 'list');
  const other = (await state.handlers.get(CHANNELS.signIn)!(ourEvent(), {
    url: 'https://elsewhere.example/plain/',
  })) as { ok: boolean; error: { kind: string; message: string } };
  assert.equal(other.ok, false);
  assert.equal(other.error.kind, 'usage');
  assert.match(other.error.message, /one broker only/);
  const bad = (await state.handlers.get(CHANNELS.openExternal)!(
    ourEvent(),
    'file:///etc/passwd',
  )) as {
    ok: boolean;
  };
  assert.equal(bad.ok, false);
});

void test('closing the window saves its bounds to settings.json', async () => {
  const win = state.windows[0]! as unknown as { emit(e: string): void };
  win.emit('close');
  const saved = JSON.parse(await readFile(join(dir, 'profile', 'settings.json'), 'utf8')) as {
    windowBounds: unknown;
  };
  assert.deepEqual(saved.windowBounds, { x: 10, y: 20, width: 1024, height: 720 });
});

void test('through the built bundle to the REAL broker: profiles back, events pushed to our window', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const wc = state.windows[0]!.webContents;
  wc.sent.length = 0;
  const r = (await state.handlers.get(CHANNELS.signIn)!(ourEvent(), {
    url: LOCKED_URL,
    user: 'test',
    password: userPassword(broker, 'test'),
  })) as { ok: true; value: { profiles: { id: string; icon: unknown }[]; brokerUrl: string } };
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(
    r.value.profiles.map((p) => p.id).sort(),
    [...broker.profiles.visibleTo.test!].sort(),
  );
  assert.ok(
    r.value.profiles.some((p) => p.icon !== null),
    'icons arrive as data',
  );
  assert.deepEqual(
    wc.sent.map((m) => [m.channel, (m.payload as { phase?: string }).phase]),
    [
      [CHANNELS.onSessionEvent, 'connecting'],
      [CHANNELS.onSessionEvent, 'authenticating'],
      [CHANNELS.onSessionEvent, 'loading-profiles'],
    ],
  );
  const wrong = (await state.handlers.get(CHANNELS.signIn)!(ourEvent(), {
    url: LOCKED_URL,
    user: 'test',
    password: 'wrong',
  })) as { ok: false; error: { kind: string } };
  assert.equal(wrong.ok, false);
  assert.equal(wrong.error.kind, 'auth');
  const cache = JSON.parse(await readFile(join(dir, 'profile', 'profile-cache.json'), 'utf8')) as {
    lists: Record<string, { profiles: unknown[] }>;
  };
  assert.equal(Object.values(cache.lists)[0]!.profiles.length, r.value.profiles.length);
  assert.doesNotMatch(
    await readFile(join(dir, 'profile', 'settings.json'), 'utf8'),
    new RegExp(userPassword(broker, 'test')),
    'no password in settings',
  );
});
