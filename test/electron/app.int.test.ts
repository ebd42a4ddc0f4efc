// The REAL app in a real Electron (playwright-core _electron) — runs where an Electron binary
// exists (ELECTRON_PATH, or node_modules/electron/path.txt after `node node_modules/electron/install.js`)
// and skips with the reason otherwise (CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD: no
// binary can be downloaded there). Needs a display: uses $DISPLAY or starts Xvfb.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { _electron, type ElectronApplication } from 'playwright-core';
import { loadBroker, userPassword } from '../helpers/broker-env';

const repo = join(import.meta.dirname, '..', '..');
const LOCKED_URL = loadBroker().broker?.http.main.plainUrl ?? 'http://127.0.0.1:18080/plain/';

function electronBinary(): { path: string } | { reason: string } {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv)
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { reason: `ELECTRON_PATH=${fromEnv} does not exist` };
  const pathTxt = join(repo, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) {
    return {
      reason:
        'no Electron binary here (node_modules/electron/path.txt missing: installed with ELECTRON_SKIP_BINARY_DOWNLOAD; run `node node_modules/electron/install.js` with network or set ELECTRON_PATH)',
    };
  }
  const bin = join(repo, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { reason: `${bin} missing` };
}

const found = electronBinary();
const skip = 'reason' in found ? found.reason : false;
if (skip) console.log(`# electron app test skipped: ${skip}`);

let xvfb: ChildProcess | null = null;
let app: ElectronApplication | null = null;
after(async () => {
  await app?.close().catch(() => undefined);
  xvfb?.kill();
});

function ensureDisplay(): Record<string, string> {
  if (process.env.DISPLAY || process.platform !== 'linux') return {};
  const display = ':97';
  xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  return { DISPLAY: display };
}

void test(
  'real Electron: sandboxed renderer on app://, strict CSP, only window.x2go exposed',
  { skip },
  async () => {
    assert.ok('path' in found);
    const build = spawnSync(process.execPath, [join(repo, 'scripts/build.mjs')], {
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
    const profile = await mkdtemp(join(tmpdir(), 'electron-profile-'));
    const env = { ...process.env, ...ensureDisplay() } as Record<string, string>;
    app = await _electron.launch({
      executablePath: found.path,
      args: [
        // Root cannot use Chromium's sandbox without a SUID helper; never in the shipped app.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        repo,
        `--profile-dir=${profile}`,
        `--broker-url=${LOCKED_URL}`,
        '--lock-broker-url',
      ],
      env,
    });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.equal(new URL(page.url()).protocol, 'app:');
    const globals = await page.evaluate(() => ({
      x2go: typeof window.x2go,
      methods: Object.keys(window.x2go).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    assert.equal(globals.x2go, 'object');
    assert.equal(globals.require, 'undefined');
    assert.equal(globals.process, 'undefined');
    assert.ok(globals.methods.includes('signIn'));
    const state = await page.evaluate(() => window.x2go.getStartupState());
    assert.equal(state.prefill.brokerUrl, LOCKED_URL);
    assert.deepEqual(state.locked, ['brokerUrl']);
    // The renderer cannot reach the network (CSP connect-src 'none' + main's request filter).
    const fetched = await page.evaluate(
      (url) =>
        fetch(url).then(
          () => 'reached',
          () => 'blocked',
        ),
      LOCKED_URL,
    );
    assert.equal(fetched, 'blocked');
    const main = await app.evaluate(({ BrowserWindow, Menu }) => ({
      windows: BrowserWindow.getAllWindows().length,
      menu: Menu.getApplicationMenu() === null ? 'none' : 'set',
    }));
    assert.deepEqual(main, { windows: 1, menu: process.platform === 'darwin' ? 'set' : 'none' });
    // Where the real broker runs, the whole stack: renderer → preload → IPC gate → core → broker.
    const { broker } = loadBroker();
    if (broker) {
      const signed = await page.evaluate(
        ([url, password]) => window.x2go.signIn({ url, user: 'test', password }),
        [broker.http.main.plainUrl, userPassword(broker, 'test')] as const,
      );
      assert.equal(signed.ok, true);
      if (signed.ok) assert.ok(signed.value.profiles.some((p) => p.icon !== null));
    }
    await page
      .screenshot({ path: join(repo, 'test-artifacts', 'electron-sign-in.png') })
      .catch(() => undefined);
  },
);
