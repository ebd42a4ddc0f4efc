// The local X2Go client's version, for the health check and the diagnostics bundle. The
// program is run without a shell, with a small fixed environment, `--version` as its only
// argument, stdin closed and a deadline: x2goclient 4.1.2.2 prints its version and then waits
// in its event loop (it never exits by itself), so the child is ended as soon as a version
// line appears, or at the deadline. Output is bounded. HOME is a fresh private directory,
// removed afterwards: pyhoca-cli creates ~/.ssh/config and ~/.ssh/known_hosts on start, and a
// check must leave the user's files as they were.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Deadline for `CLIENT --version` (ms). */
export const DEFAULT_VERSION_TIMEOUT_MS = 8_000;
const MAX_OUTPUT = 64 * 1024;

/**
 * The version x2goclient / pyhoca-cli reports: x2goclient prints `4.1.2.2` alone on a line
 * (and "Starting X2Go Client 4.1.2.2..."), pyhoca-cli `VERSION: 0.6.1.2`. Null when neither appears.
 */
export function parseClientVersion(output: string): string | null {
  const m =
    /^VERSION:\s*([0-9][0-9A-Za-z.+~-]*)\s*$/m.exec(output) ??
    /^([0-9]+\.[0-9]+\.[0-9]+(?:\.[0-9]+)?)\s*$/m.exec(output) ??
    /Starting X2Go Client ([0-9][0-9.]*[0-9])/.exec(output);
  return m?.[1] ?? null;
}

/**
 * Run `file --version` safely and return the version (null: it printed none in time). Never
 * throws: a program that cannot be started resolves null too (the caller has already checked
 * that the file is executable).
 */
export function clientVersion(
  file: string,
  timeoutMs = DEFAULT_VERSION_TIMEOUT_MS,
): Promise<string | null> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    let home: string;
    try {
      home = mkdtempSync(join(tmpdir(), 'x2go-launcher-version-'));
    } catch {
      return resolve(null);
    }
    const removeHome = () => rmSync(home, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      USERPROFILE: home,
      LANG: 'C',
      // Qt without a display: no window, no X connection
      QT_QPA_PLATFORM: 'offscreen',
    };
    if (process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, ['--version'], { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    } catch {
      removeHome();
      return resolve(null);
    }
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(parseClientVersion(output));
    };
    // the directory goes once the child is gone (it may still write while being killed)
    child.once('close', removeHome);
    const timer = setTimeout(finish, timeoutMs);
    const onData = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8').slice(0, MAX_OUTPUT);
      if (parseClientVersion(output)) finish();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', () => {
      removeHome();
      finish();
    });
    child.once('close', finish);
  });
}
