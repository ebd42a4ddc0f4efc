// Runs the real CLI as a child process, without a shell. Two modes (X2GO_TEST_CLI):
//  * unset / "source": bin/x2go-launcher.mjs on the TypeScript sources through tsx (what a
//    clone runs before `npm run build`);
//  * "bundle": the esbuild bundle (scripts/build.mjs cli) built once per test process into a
//    temporary directory from the current sources, run with plain Node — what `npm pack`
//    and the Linux packages ship. `X2GO_TEST_CLI=bundle npm test -- test/core/cli`.
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/x2go-launcher.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let bundled: Promise<string> | null = null;

/** The CLI bundle built from the current sources (once per process); its path. */
export function buildCliBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = await mkdtemp(join(tmpdir(), 'x2go-cli-bundle-'));
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    await promisify(execFile)(process.execPath, [
      join(REPO, 'scripts/build.mjs'),
      'cli',
      `--outdir=${out}`,
    ]);
    return join(out, 'cli', 'x2go-launcher.cjs');
  })();
  return bundled;
}

/** The script to run with Node for the mode in X2GO_TEST_CLI. */
export async function cliScript(): Promise<string> {
  const mode = process.env.X2GO_TEST_CLI ?? 'source';
  if (mode === 'bundle') return buildCliBundle();
  if (mode !== 'source')
    throw new Error(`X2GO_TEST_CLI must be "source" or "bundle", not "${mode}"`);
  return BIN;
}

export async function runCli(
  args: string[],
  opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const script = await cliScript();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        // the sources, even where an older out/cli bundle exists (mode "source")
        X2GO_LAUNCHER_FROM_SOURCE: '1',
        ...opts.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
