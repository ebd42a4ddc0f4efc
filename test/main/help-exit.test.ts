// The app's --help and --version print and exit before `ready`: the BUILT main bundle
// (scripts/build.mjs main) run under plain Node with the recording electron stub in a child
// process, whose state is read back at exit — no window, no single-instance lock, no
// privileged scheme; a normal start (no --help) goes on to all three.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { appHelpText } from '../../src/core/command-line/help';

const repo = join(import.meta.dirname, '..', '..');
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'help-exit-'));
  execFileSync(
    process.execPath,
    [join(repo, 'scripts/build.mjs'), 'main', `--outdir=${join(dir, 'out')}`],
    {
      stdio: 'pipe',
    },
  );
});
after(() => rm(dir, { recursive: true, force: true }));

interface Recorded {
  windows: number;
  lock: boolean;
  schemes: number;
}

/** Runs the bundle with `args`; stdout, exit code and what the stub recorded (on stderr). */
function runMain(args: string[]) {
  const runner = `
    require(${JSON.stringify(join(repo, 'test/stubs/register-electron-stub.cjs'))});
    const { __stub } = require('electron');
    process.on('exit', () => process.stderr.write('STATE ' + JSON.stringify({
      windows: __stub.state.windows.length,
      lock: __stub.state.singleInstanceLockRequested,
      schemes: __stub.state.privilegedSchemes.length,
    }) + '\\n'));
    process.argv = [process.execPath, ${JSON.stringify(join(dir, 'out/main/index.cjs'))}, ...${JSON.stringify(args)}];
    require(process.argv[1]);
    __stub.emitReady();
    setTimeout(() => process.exit(42), 3000).unref();
  `;
  const r = spawnSync(process.execPath, ['-e', runner], {
    encoding: 'utf8',
    env: { ...process.env, X2GO_STUB_APP_PATH: dir, X2GO_STUB_USERDATA: join(dir, 'profile') },
    timeout: 60_000,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('STATE '));
  assert.ok(line, r.stderr);
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    state: JSON.parse(line.slice(6)) as Recorded,
  };
}

void test('--help prints the app help from the option table and exits 0 before any window', () => {
  for (const flag of ['--help', '-h']) {
    const r = runMain(['--broker-url=https://broker.example/plain/', flag, '--kiosk']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, appHelpText());
    assert.match(r.stdout, /--thinclient/);
    assert.deepEqual(r.state, { windows: 0, lock: false, schemes: 0 });
  }
});

void test('--version prints the version and exits 0 before any window', () => {
  const r = runMain(['--version']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'x2go-launcher 0.0.0-stub\n');
  assert.deepEqual(r.state, { windows: 0, lock: false, schemes: 0 });
});

void test('without them the app starts (the control case), and logs unsupported x2goclient switches', () => {
  const r = runMain([`--managed-config=${join(dir, 'none.json')}`, '--geometry=800x600']);
  assert.notEqual(r.stdout, appHelpText());
  assert.deepEqual(r.state, { windows: 1, lock: true, schemes: 1 });
  assert.match(
    r.stderr,
    /command line: --geometry is an x2goclient switch X2Go Launcher does not support\. It is ignored\./,
  );
});
