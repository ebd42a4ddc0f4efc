// x2goclient's window switches in the BUILT main bundle (scripts/build.mjs main) run under
// plain Node with the recording electron stub (test/stubs/electron), one child process per
// start: --maximize maximizes the window, --no-menu removes the menu (shown on macOS, where
// the app otherwise keeps its menu: process.platform is set to darwin in the child before the
// bundle loads), and --add-to-known-hosts against a policy lock is logged with the reason.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const repo = join(import.meta.dirname, '..', '..');
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'window-switches-'));
  execFileSync(
    process.execPath,
    [join(repo, 'scripts/build.mjs'), 'main', `--outdir=${join(dir, 'out')}`],
    { stdio: 'pipe' },
  );
});
after(() => rm(dir, { recursive: true, force: true }));

interface Recorded {
  windows: { maximized: boolean; shown: boolean }[];
  /** undefined: never set (Electron's default menu stays); null: removed. */
  menu: 'unset' | 'removed' | 'set';
}

/** Starts the bundle with `args` (as `platform`); what the stub recorded and the log. */
function runMain(args: string[], platform: NodeJS.Platform = 'linux') {
  const runner = `
    Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} });
    require(${JSON.stringify(join(repo, 'test/stubs/register-electron-stub.cjs'))});
    const { __stub } = require('electron');
    process.argv = [process.execPath, ${JSON.stringify(join(dir, 'out/main/index.cjs'))}, ...${JSON.stringify(args)}];
    require(process.argv[1]);
    __stub.emitReady();
    const report = () => {
      const m = __stub.state.applicationMenu;
      process.stderr.write('STATE ' + JSON.stringify({
        windows: __stub.state.windows.map((w) => ({ maximized: !!w.maximized, shown: !!w.shown })),
        menu: m === undefined ? 'unset' : m === null ? 'removed' : 'set',
      }) + '\\n');
      process.exit(0);
    };
    const wait = (n) => (__stub.state.windows.length || n > 300 ? report() : setTimeout(() => wait(n + 1), 10));
    wait(0);
  `;
  const r = spawnSync(process.execPath, ['-e', runner], {
    encoding: 'utf8',
    env: {
      ...process.env,
      X2GO_STUB_APP_PATH: dir,
      X2GO_STUB_USERDATA: join(dir, `profile-${Math.random()}`),
    },
    timeout: 60_000,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('STATE '));
  assert.ok(line, r.stderr);
  return { stderr: r.stderr, state: JSON.parse(line.slice(6)) as Recorded };
}

const noPolicy = () => `--managed-config=${join(dir, 'none.json')}`;

void test('--maximize: the window starts maximized; without it, not', () => {
  assert.deepEqual(runMain([noPolicy(), '--maximize']).state.windows, [
    { maximized: true, shown: false },
  ]);
  assert.deepEqual(runMain([noPolicy()]).state.windows, [{ maximized: false, shown: false }]);
});

void test('--no-menu: no menu bar, also on macOS where the app keeps its menu otherwise', () => {
  assert.equal(runMain([noPolicy()], 'darwin').state.menu, 'unset', 'macOS default: the app menu');
  assert.equal(runMain([noPolicy(), '--no-menu'], 'darwin').state.menu, 'removed');
  assert.equal(runMain([noPolicy(), '--no-menu']).state.menu, 'removed');
});

void test('--add-to-known-hosts against a policy lock: logged with the reason, the override too', async () => {
  const policy = join(dir, 'locked.json');
  await writeFile(
    policy,
    JSON.stringify({ allowAddHostKeys: false, locked: ['allowAddHostKeys'] }),
  );
  await chmod(policy, 0o644);
  const r = runMain([`--managed-config=${policy}`, '--add-to-known-hosts']);
  assert.match(
    r.stderr,
    new RegExp(
      `command line: --add-to-known-hosts ignored: the administrator's policy \\(${policy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) sets allowAddHostKeys to false and locks it; unknown host keys are refused`,
    ),
  );
  assert.match(r.stderr, /command line value of "allowAddHostKeys" ignored: locked by /);
  const free = runMain([noPolicy(), '--add-to-known-hosts']);
  assert.doesNotMatch(free.stderr, /--add-to-known-hosts ignored/);
});
