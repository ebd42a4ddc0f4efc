// What `npm pack` ships, installed the way a user installs it (`npm install -g --prefix DIR`
// of the tarball: no devDependencies, no sources, no tsx), then run against the REAL broker:
// `list --json` over HTTP (password on stdin, never on the command line) and over SSH (the
// lazily loaded ssh2 file of the bundle).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { brokerOrSkip, sshOrSkip, userPassword } from '../helpers/broker-env';
import { REPO } from '../helpers/run-cli';

const run = promisify(execFile);
let dir = '';
let installed = '';
let packed: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'x2go-npm-pack-'));
  // `prepack` builds the CLI bundle into out/cli; --json lists the tarball's files.
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
  });
  // the build's own lines (prepack) come first on stdout, then the JSON array
  const [info] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = info!.files.map((f) => f.path).sort();
  const prefix = join(dir, 'prefix');
  await run('npm', ['install', '-g', '--offline', '--prefix', prefix, join(dir, info!.filename)], {
    cwd: dir,
  });
  installed = join(prefix, 'bin', 'x2go-launcher');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the installed CLI with a minimal environment (no NODE_PATH, no repo on the path). */
function cli(
  args: string[],
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      installed,
      args,
      { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

describe('npm pack → npm install -g → x2go-launcher', () => {
  it('the tarball holds the bin and the bundle only (runtime libraries inside the bundle)', () => {
    assert.deepEqual(packed, [
      'README.md',
      'bin/x2go-launcher.cjs',
      // the loader (with the code cache), the bundle, and libraries loaded on first use
      'out/cli/main.cjs',
      'out/cli/plist.cjs',
      'out/cli/ssh2.cjs',
      'out/cli/x2go-launcher.cjs',
      // npm always packs the file "main" names: the Electron entry, a 2 KB loader that is
      // inert without Electron (the app bundle it would load is not in the tarball)
      'out/main/index.cjs',
      'package.json',
    ]);
  });

  it('--version runs without the repository', async () => {
    const r = await cli(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^x2go-launcher \d+\.\d+\.\d+\n$/);
  });

  it('list --json against the real broker (HTTP, JSON dialect, password on stdin)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await cli(
      [
        'list',
        '--broker-url',
        b.http.main.jsonUrl,
        '--broker-user',
        'test',
        '--broker-password-stdin',
        '--json',
      ],
      `${userPassword(b, 'test')}\n`,
    );
    assert.equal(r.code, 0, r.stderr);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((p) => p.id).sort();
    assert.deepEqual(ids, [...b.profiles.visibleTo.test!].sort());
  });

  it('list --json against the real SSH broker (ssh2 loaded from its own file of the bundle)', async (t) => {
    const found = sshOrSkip(t);
    if (!found) return;
    const { broker: b, ssh } = found;
    const r = await cli([
      'list',
      '--broker-url',
      `ssh://${ssh.user}@${ssh.host}:${ssh.port}`,
      '--broker-ssh-key',
      ssh.privateKey,
      '--known-hosts',
      ssh.knownHosts,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((p) => p.id).sort();
    assert.deepEqual(ids, [...b.profiles.visibleTo[ssh.user]!].sort());
  });

  it('the installed package carries no node_modules (nothing to resolve at run time)', async () => {
    const pkgDir = join(dir, 'prefix', 'lib', 'node_modules', 'x2go-launcher');
    assert.deepEqual((await readdir(pkgDir)).sort(), ['README.md', 'bin', 'out', 'package.json']);
  });
});
