// Deep links through the BUILT main bundle (out/main/index.cjs) under plain Node with the
// recording electron stub: a link on the first start's command line, a macOS open-url before
// `ready`, a hostile link, then a second instance's link once the renderer is up — what the
// renderer receives (startup state, then `deep-link` events), the log lines, the focus, and
// that the scheme is not registered in development. No peer needed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { makeDeepLink } from '../../src/core/deep-link';
import { CHANNELS, type DeepLinkNotice, type StartupState } from '../../src/shared/api';

const require = createRequire(import.meta.url);
const repo = join(import.meta.dirname, '..', '..');
const POLICY_BROKER = 'https://broker.example.org/plain/';

interface StubState {
  handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  windows: {
    focused?: boolean;
    webContents: { id: number; sent: { channel: string; payload: unknown }[] };
  }[];
  protocolClients: string[];
}
interface StubApp {
  emit(event: string, ...args: unknown[]): boolean;
}

let state: StubState;
let app: StubApp;
const warnings: string[] = [];
const infos: string[] = [];

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'deep-link-app-'));
  execFileSync(
    process.execPath,
    [join(repo, 'scripts/build.mjs'), 'main', 'preload', `--outdir=${join(dir, 'out')}`],
    { stdio: 'pipe' },
  );
  await mkdir(join(dir, 'out', 'renderer'));
  await writeFile(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>stub</title>');
  // the administrator configures one broker: links may name it, and none other
  const managed = join(dir, 'managed.json');
  await writeFile(managed, JSON.stringify({ brokerUrls: [POLICY_BROKER], allowLinkStart: true }));
  process.env.X2GO_STUB_APP_PATH = dir;
  process.argv = [
    process.execPath,
    join(dir, 'out/main/index.cjs'),
    `--profile-dir=${join(dir, 'profile')}`,
    `--managed-config=${managed}`,
    makeDeepLink(POLICY_BROKER, 'from-argv'),
    `x2go-launcher://open?broker=${encodeURIComponent('https://evil.example/plain/')}&profile=x`,
  ];
  const warn = console.warn;
  const log = console.log;
  console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
  console.log = (...a: unknown[]) => void infos.push(a.join(' '));
  try {
    require('../stubs/register-electron-stub.cjs');
    const electron = require('electron') as {
      app: StubApp;
      __stub: { state: StubState; emitReady(): void };
    };
    state = electron.__stub.state;
    app = electron.app;
    require(join(dir, 'out/main/index.cjs'));
    // macOS: the link that started the app arrives by open-url, before `ready`
    let prevented = false;
    app.emit('open-url', { preventDefault: () => (prevented = true) }, makeDeepLink(POLICY_BROKER, 'from-open-url'));
    assert.equal(prevented, true);
    electron.__stub.emitReady();
    for (let i = 0; i < 300 && state.windows.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(state.windows.length, 1, 'main created its window');
  } finally {
    console.warn = warn;
    console.log = log;
  }
}); // prettier-ignore

const ourEvent = () => ({
  sender: { id: state.windows[0]!.webContents.id },
  senderFrame: { url: 'app://launcher/index.html', parent: null },
});

void test('links before the window: handed to the renderer with its startup state, in order', async () => {
  const sent = () =>
    state.windows[0]!.webContents.sent.filter((m) => m.channel === CHANNELS.onSessionEvent);
  assert.deepEqual(sent(), [], 'nothing sent before the renderer asked');
  const s = (await state.handlers.get(CHANNELS.getStartupState)!(ourEvent())) as StartupState;
  const links = s.deepLinks ?? [];
  assert.equal(links.length, 3);
  assert.deepEqual(links[0], {
    outcome: 'open',
    broker: POLICY_BROKER,
    profileId: 'from-argv',
    start: true, // allowLinkStart in the managed policy
  });
  assert.equal(links[1]!.outcome, 'refused');
  assert.match(
    (links[1] as Extract<DeepLinkNotice, { outcome: 'refused' }>).error.message,
    /the broker https:\/\/evil\.example\/plain\/ is not one of the configured brokers/,
  );
  assert.deepEqual(links[2], {
    outcome: 'open',
    broker: POLICY_BROKER,
    profileId: 'from-open-url',
    start: true,
  });
  const refusals = warnings.filter((w) => w.includes('deep link'));
  assert.equal(refusals.length, 1, JSON.stringify(refusals));
  assert.match(refusals[0]!, /^\[main\] deep link \(command line\) refused: /);
  assert.ok(
    infos.some((l) => /deep links: x2go-launcher:\/\/ not registered in development/.test(l)),
  );
  assert.deepEqual(state.protocolClients, [], 'development: the scheme is not registered');

  // second instance (Windows/Linux): its link goes to the running renderer, the window is focused
  state.windows[0]!.focused = false;
  app.emit('second-instance', {}, [
    '/usr/bin/x2go-launcher',
    makeDeepLink(POLICY_BROKER, 'second'),
  ]);
  assert.deepEqual(sent(), [
    {
      channel: CHANNELS.onSessionEvent,
      payload: {
        type: 'deep-link',
        link: { outcome: 'open', broker: POLICY_BROKER, profileId: 'second', start: true },
      },
    },
  ]);
  assert.equal(state.windows[0]!.focused, true);
  // a hostile one from a second instance: a refusal event, the app carries on
  app.emit('second-instance', {}, [
    '/usr/bin/x2go-launcher',
    'x2go-launcher://open?broker=javascript:alert(1)',
  ]);
  const last = sent().at(-1)!.payload as { type: string; link: DeepLinkNotice };
  assert.equal(last.type, 'deep-link');
  assert.equal(last.link.outcome, 'refused');
});

void test('createShortcut over IPC: refused plainly while not signed in (main takes the profile from its own list)', async () => {
  const r = (await state.handlers.get(CHANNELS.createShortcut)!(ourEvent(), 'xfce')) as {
    ok: boolean;
    error: { code: string };
  };
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'broker.not-signed-in');
  const bad = (await state.handlers.get(CHANNELS.createShortcut)!(ourEvent(), 42)) as {
    ok: boolean;
    error: { code: string };
  };
  assert.equal(bad.error.code, 'ipc.invalid-arguments');
}); // prettier-ignore
