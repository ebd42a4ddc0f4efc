// `npm start [-- --broker-url=URL --kiosk …]`: build, then run the app in Electron.
// The Electron binary is looked up WITHOUT require('electron') (that would try to download
// it): ELECTRON_PATH first, then node_modules/electron/path.txt. Where it is missing (CI
// installs with ELECTRON_SKIP_BINARY_DOWNLOAD) this says how to get it and points to the
// CLI, and exits 1 — no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/**
 * The app's switches the CLI does not take (plain JS here, so not read from the option table,
 * src/core/command-line/options.ts; test/core/command-line/doc.test.ts keeps them equal).
 */
export const APP_ONLY_SWITCHES = [
  'broker-autologoff',
  'broker-logoutbt',
  'session',
  'sessionid',
  'close-disconnect',
  'kiosk',
  'thinclient',
  'maximize',
  'no-menu',
  'haltbt',
  'lock-broker-url',
  'profile-dir',
  'managed-config',
];

/** Path of the Electron executable, or null with the reason it is missing. */
export function findElectron(env = process.env) {
  if (env.ELECTRON_PATH) {
    return existsSync(env.ELECTRON_PATH)
      ? { path: env.ELECTRON_PATH }
      : { path: null, reason: `ELECTRON_PATH=${env.ELECTRON_PATH} does not exist` };
  }
  const pkg = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) {
    return {
      path: null,
      reason: 'the Electron binary was not downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const binary = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { path: null, reason: `${binary} is missing` };
}

function main() {
  // X2GO_START_NO_BUILD=1: use the existing out/ (tests: no rebuild under other running tests).
  if (process.env.X2GO_START_NO_BUILD !== '1') {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
      stdio: 'inherit',
    });
    if (built.status !== 0) return built.status ?? 1;
  }

  const electron = findElectron();
  if (!electron.path) {
    // The GUI-only switches mean nothing to the CLI; the broker options are the same.
    const guiOnly = new RegExp(`^--(${APP_ONLY_SWITCHES.join('|')})(=|$)`);
    const cliArgs = args.filter((a) => !guiOnly.test(a));
    const lines = [
      '',
      `Cannot start the desktop app: ${electron.reason}.`,
      '',
      'Get Electron in one of these ways:',
      '  node node_modules/electron/install.js        (downloads the binary; needs network access)',
      '  ELECTRON_PATH=/path/to/electron npm start     (use an Electron 45 you already have)',
      '',
      'Meanwhile the headless CLI works without Electron, e.g.:',
      `  npx x2go-launcher list ${cliArgs.length ? cliArgs.join(' ') : '--broker-url=https://broker.example.org/plain/'}`,
      '  npx x2go-launcher launch PROFILE_ID …      (npx x2go-launcher --help for all options)',
      '',
    ];
    process.stderr.write(lines.join('\n'));
    return 1;
  }

  const child = spawn(electron.path, ['.', ...args], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    process.stderr.write(`Cannot start ${electron.path}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const code = main();
  if (code !== null) process.exitCode = code;
}
