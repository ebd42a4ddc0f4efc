// The CLI loader's per-user V8 code cache (src/core/cli/loader.ts) on the real bundle
// (scripts/build.mjs cli) run by this Node: written once, 0600 in a 0700 directory, grown by
// a command it has not seen, and never read or written where it would not be the user's own
// (a group/other-writable directory, a symlink) — the command still runs, uncached.
// Node 20 only: Node ≥ 22.1 uses its own compile cache instead (the loader says why).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCliBundle } from '../../helpers/run-cli';

const runtimeCache = 'enableCompileCache' in Module;
let loader = '';
let home = '';
const cacheDir = () => join(home, '.cache', 'x2go-launcher', 'cli-code-cache');

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [loader, ...args],
      { cwd: home, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The single cache file: its name, bytes and the commands its header lists. */
function cacheFile() {
  const names = readdirSync(cacheDir());
  assert.equal(names.length, 1, names.join(', '));
  const path = join(cacheDir(), names[0]!);
  const bytes = readFileSync(path);
  assert.equal(bytes.toString('latin1', 0, 8), 'X2GOLCC1');
  const jsonEnd = 12 + bytes.readUInt32LE(8);
  return {
    path,
    bytes,
    commands: JSON.parse(bytes.toString('utf8', 12, jsonEnd)) as string[],
    mtimeMs: statSync(path).mtimeMs,
  };
}

describe(
  'CLI code cache (loader.ts)',
  { skip: runtimeCache && 'Node has its own compile cache' },
  () => {
    before(async () => {
      loader = await buildCliBundle();
      home = mkdtempSync(join(tmpdir(), 'x2go-code-cache-'));
    });
    after(() => rmSync(home, { recursive: true, force: true }));

    it('is written on the first run, 0600 in a 0700 directory, named for this bundle and Node', async () => {
      const r = await cli(['--version']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^x2go-launcher \d+\.\d+\.\d+\n$/);
      const f = cacheFile();
      assert.equal(statSync(cacheDir()).mode & 0o777, 0o700);
      assert.equal(statSync(f.path).mode & 0o777, 0o600);
      assert.match(
        f.path,
        new RegExp(
          `/[0-9a-f]{32}-\\d+-\\d+-\\d+-\\d+-node${process.versions.node}-v8${process.versions.v8.replace(/\./g, '\\.')}-${process.arch}\\.bin$`,
        ),
      );
      assert.deepEqual(f.commands, ['']);
    });

    it('is used, not rewritten, by a run of a command it has seen; grown by a new command', async () => {
      const before = cacheFile();
      assert.equal((await cli(['--version'])).code, 0);
      assert.deepEqual(cacheFile().bytes, before.bytes);
      const r = await cli(['config', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((JSON.parse(r.stdout) as { settings?: unknown }).settings);
      const grown = cacheFile();
      assert.deepEqual(grown.commands, ['', 'config']);
      assert.ok(grown.bytes.length > before.bytes.length, 'config compiled more functions');
    });

    it('a damaged cache is refused by V8 and replaced; the command runs', async () => {
      const f = cacheFile();
      const damaged = Buffer.from(f.bytes);
      damaged.fill(0x5a, damaged.length - 4096); // the V8 data's tail
      writeFileSync(f.path, damaged.subarray(0, damaged.length - 100), { mode: 0o600 });
      const r = await cli(['config', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((JSON.parse(r.stdout) as { settings?: unknown }).settings);
      assert.deepEqual(cacheFile().commands, ['config']);
    });

    it('is neither read nor written in a directory others can write to', async () => {
      const f = cacheFile();
      chmodSync(cacheDir(), 0o777);
      try {
        writeFileSync(f.path, 'X2GOLCC1 planted by someone else');
        const r = await cli(['kiosk-pin-hash', '--help']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(readFileSync(f.path, 'utf8'), 'X2GOLCC1 planted by someone else');
      } finally {
        chmodSync(cacheDir(), 0o700);
        rmSync(f.path);
      }
    });

    it('never follows a symlink to a cache file', async () => {
      assert.equal((await cli(['--version'])).code, 0);
      const f = cacheFile();
      const elsewhere = join(home, 'elsewhere.bin');
      writeFileSync(elsewhere, f.bytes, { mode: 0o600 });
      rmSync(f.path);
      symlinkSync(elsewhere, f.path);
      const r = await cli(['--version']);
      assert.equal(r.code, 0, r.stderr);
      // not read through the link: the run wrote a real file in its place
      assert.equal(statSync(cacheFile().path).isFile(), true);
      assert.equal(readdirSync(cacheDir()).length, 1);
    });

    it('a bundle patched in place (same length) never runs with the old code from the cache', async () => {
      assert.equal((await cli(['--version'])).code, 0);
      const bundle = join(loader, '..', 'main.cjs');
      const original = readFileSync(bundle, 'latin1');
      const version = /function version\(\)\{return"(\d+\.\d+\.\d+)"\}/.exec(original)![1]!;
      const patched = version.replace(/\d/g, '9');
      assert.notEqual(patched, version);
      try {
        // a distribution's fix of the same length: only V8's length check would pass it
        const text = original.replace(
          `function version(){return"${version}"}`,
          `function version(){return"${patched}"}`,
        );
        assert.equal(text.length, original.length);
        writeFileSync(bundle, text, 'latin1');
        const r = await cli(['--version']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, `x2go-launcher ${patched}\n`, 'the patched code ran');
      } finally {
        writeFileSync(bundle, original, 'latin1');
      }
    });

    it('a same-length replacement with its old modification time set back gets its own cache', async () => {
      rmSync(cacheDir(), { recursive: true, force: true });
      const bundle = join(loader, '..', 'main.cjs');
      const when = Math.floor(Date.now() / 1000) - 3600; // whole seconds: exactly restorable
      utimesSync(bundle, when, when);
      assert.equal((await cli(['--version'])).code, 0);
      const first = cacheFile().path;
      const st = statSync(bundle, { bigint: true });
      // written in place (same inode, same length), then `touch -d` back to the same mtime
      writeFileSync(bundle, readFileSync(bundle));
      utimesSync(bundle, when, when);
      const now = statSync(bundle, { bigint: true });
      assert.deepEqual([now.mtimeNs, now.ino, now.size], [st.mtimeNs, st.ino, st.size]);
      const r = await cli(['--version']);
      assert.equal(r.code, 0, r.stderr);
      const names = readdirSync(cacheDir());
      assert.equal(names.length, 2, `a second cache under a new name: ${names.join(', ')}`);
      rmSync(first);
    });

    it('creates nothing under a cache root that belongs to another user (sudo -E)', async (t) => {
      if (process.getuid?.() !== 0)
        return t.skip('needs root to make a directory owned by another user');
      const other = mkdtempSync(join(tmpdir(), 'x2go-code-cache-other-'));
      try {
        chownSync(other, 65534, 65534); // nobody: someone else's home
        const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
          execFile(
            process.execPath,
            [loader, '--version'],
            { env: { PATH: process.env.PATH ?? '', HOME: other } },
            (error, stdout) => resolve({ code: error ? 1 : 0, stdout }),
          ),
        );
        assert.equal(r.code, 0);
        assert.match(r.stdout, /^x2go-launcher /);
        assert.deepEqual(readdirSync(other), [], 'no root-owned ~/.cache in their home');
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('X2GO_LAUNCHER_CODE_CACHE=off runs without a cache', async () => {
      const other = mkdtempSync(join(tmpdir(), 'x2go-code-cache-off-'));
      try {
        const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
          execFile(
            process.execPath,
            [loader, '--version'],
            { env: { PATH: process.env.PATH ?? '', HOME: other, X2GO_LAUNCHER_CODE_CACHE: 'off' } },
            (error, stdout) => resolve({ code: error ? 1 : 0, stdout }),
          ),
        );
        assert.equal(r.code, 0);
        assert.match(r.stdout, /^x2go-launcher /);
        assert.deepEqual(readdirSync(other), []);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('an older Node is told which one is needed (exit 127)', () => {
      mkdirSync(join(home, 'old'), { recursive: true });
      // the loader's first statement, run with a faked process.versions.node
      const script = join(home, 'old', 'run.cjs');
      writeFileSync(
        script,
        `Object.defineProperty(process.versions, 'node', { value: '18.19.0' });\nrequire(${JSON.stringify(loader)});\n`,
      );
      return new Promise<void>((resolve) =>
        execFile(
          process.execPath,
          [script, '--version'],
          { env: { HOME: home } },
          (error, stdout, stderr) => {
            assert.equal(error?.code, 127);
            assert.equal(stdout, '');
            assert.match(stderr, /Node\.js >= 20\.19 is needed, this is 18\.19\.0/);
            resolve();
          },
        ),
      );
    });
  },
);
