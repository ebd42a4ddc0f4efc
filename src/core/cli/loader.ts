// The CLI's first file (scripts/build.mjs → out/cli/x2go-launcher.cjs): it loads the bundle
// (out/cli/main.cjs, built from ./entry.ts) with V8's compiled code kept between runs, so a
// run does not compile the same ~270 KB of JavaScript again (bench B2: compiling it was the
// largest part of the CLI's start, 20–60 ms of CPU on the 2-core bench machine).
//   - Node ≥ 22.1 (and Electron ≥ 33): the runtime's own compile cache
//     (module.enableCompileCache), which Node keys by the source's hash; per user, see cacheDir.
//   - Node 20 has no such API: the bundle is compiled with vm.Script and its `cachedData`,
//     stored per user (cacheDir) — the documented V8 code-cache interface Node itself uses.
//     A startup snapshot (node --snapshot-blob) was the other candidate; it needs a flag on
//     node's own command line (a second process, or a shell wrapper on every OS) and Node
//     20's user-land snapshots still refuse some built-in modules, so it is not used.
// Only Node built-ins that Node's own start has loaded already (fs, path, vm, os, module):
// nothing here may cost what it saves.
// Safety of the cache (its bytes become code): it is read only from the user's own cache
// directory — created 0700, refused unless owned by this user and writable by nobody else,
// the file likewise and never through a symlink — and only for the bundle it was made from:
// its name holds the bundle's SHA-256 (computed at build time, checked here against the
// bundle's length) and the exact Node/V8 version and CPU; V8 itself refuses a cache from
// another V8 version, other flags or a source of another length. It is written whole to a
// temporary file and renamed, so a reader never sees half a file. V8 does not checksum a
// code cache in release builds and a checksum in JavaScript would cost ~10 ms per run (the
// price of what it guards), so integrity rests on those rules, as for the bundle beside it.
// X2GO_LAUNCHER_CODE_CACHE=off runs without any cache.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS output; see above */
import './node-version'; // first: an older Node gets a clear sentence, not a syntax error
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type NodeModule from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { bundleIdentity } from './code-cache-identity';

/**
 * node:module's Module class, taken from this file's own `module` object: require('node:module')
 * would also load Node's ES-module loader and source-map support (4 modules, ~1 ms per start).
 */
const Module = module.constructor as typeof NodeModule;

/** Set by scripts/build.mjs: the bundle's SHA-256 (hex) and length in bytes. */
declare const __X2GO_CLI_MAIN_SHA256__: string;
declare const __X2GO_CLI_MAIN_BYTES__: number;

/** The bundle, next to this file. */
const MAIN = join(__dirname, 'main.cjs');
/** Our header before V8's data: magic, then the JSON length (u32 LE), JSON, V8 data. */
const MAGIC = 'X2GOLCC1';
/** A cache grows by the functions each new command compiles: at most this many rewrites. */
const MAX_COMMANDS = 16;
/** Cache files not rewritten for this long are stale (another version's) and removed. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/**
 * The per-user cache directory: $XDG_CACHE_HOME (absolute only, as the XDG spec says) or
 * ~/.cache on Linux and BSD, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows; then
 * x2go-launcher/<what>. Null without a home (a system service), or when turned off.
 */
function cacheDir(what: string): { dir: string; root: string } | null {
  const env = process.env;
  if (env.X2GO_LAUNCHER_CODE_CACHE === 'off') return null;
  let base: string | undefined;
  if (process.platform === 'win32') base = env.LOCALAPPDATA;
  else if (process.platform === 'darwin') base = join(homedir(), 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return base && base !== '.cache' ? { dir: join(base, 'x2go-launcher', what), root: base } : null;
}

/** POSIX: owned by this user and not writable by group or others (Windows: per-user ACLs). */
function ownedByUs(st: { uid: number; mode: number }): boolean {
  return process.platform === 'win32' || (st.uid === process.getuid!() && (st.mode & 0o022) === 0);
}

/**
 * The directory, created 0700 if missing; null when it is not safely ours. Nothing is
 * created under a cache root that belongs to someone else (root running with another user's
 * HOME, `sudo -E`): a root-owned ~/.cache would break that user's programs.
 */
function safeDir(dir: string, root: string): string | null {
  try {
    const anchor = existsSync(root) ? root : dirname(root);
    if (process.platform !== 'win32' && statSync(anchor).uid !== process.getuid!()) return null;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    return st.isDirectory() && ownedByUs(st) ? dir : null;
  } catch {
    return null;
  }
}

interface CacheFile {
  commands: string[];
  data: Buffer;
}

/** Our cache file, or null when absent, not ours, or not in our format. Never throws. */
function readCache(file: string): CacheFile | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedByUs(st) || st.size > 64 * 1024 * 1024) return null;
    const bytes = Buffer.allocUnsafe(st.size);
    if (readSync(fd, bytes, 0, st.size, 0) !== st.size) return null;
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const jsonEnd = MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length);
    if (jsonEnd > bytes.length) return null;
    const commands = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, jsonEnd)) as unknown;
    if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) return null;
    return { commands, data: bytes.subarray(jsonEnd) };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Write the cache whole (temporary file, then rename); remove stale ones. Never throws. */
function writeCache(dir: string, file: string, commands: string[], data: Buffer): void {
  const json = Buffer.from(JSON.stringify(commands));
  const head = Buffer.alloc(MAGIC.length + 4);
  head.write(MAGIC, 'latin1');
  head.writeUInt32LE(json.length, MAGIC.length);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([head, json, data]), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      /* never created */
    }
    return;
  }
  try {
    for (const name of readdirSync(dir)) {
      const other = join(dir, name);
      if (other !== file && Date.now() - statSync(other).mtimeMs > STALE_MS) unlinkSync(other);
    }
  } catch {
    /* another run is cleaning up too */
  }
}

/** The command this run names (the bundle reports it), for the cache's list; '' for none. */
function commandOf(exports: unknown): string {
  const name = (exports as { commandName?: () => string | undefined })?.commandName?.();
  return typeof name === 'string' && /^[a-z][a-z-]{0,31}$/.test(name) ? name : '';
}

/** Node 20: compile the bundle with vm.Script and a per-user V8 code cache. */
function runWithCodeCache(dir: string): void {
  const source = readFileSync(MAIN, 'latin1'); // the build checks that the bundle is ASCII
  if (source.length !== __X2GO_CLI_MAIN_BYTES__) {
    // not the bundle this loader was built with (a partial rebuild): no cache
    require(MAIN);
    return;
  }
  // The build's hash names the bundle as built; V8 itself compares only the source length, so
  // the file's identity (size, modification and change time, inode) is in the name too: a
  // bundle patched in place (a distribution's fix of the same length), even with its old
  // modification time set back, never runs with the old code's cache.
  const identity = bundleIdentity(statSync(MAIN, { bigint: true }));
  const file = join(
    dir,
    `${__X2GO_CLI_MAIN_SHA256__.slice(0, 32)}-${identity}-node${process.versions.node}-v8${process.versions.v8}-${process.arch}.bin`,
  );
  const cached = readCache(file);
  const script = new Script(Module.wrap(source), { filename: MAIN, cachedData: cached?.data });
  const module = new Module(MAIN, require.main ?? undefined);
  module.filename = MAIN;
  module.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(
    dirname(MAIN),
  );
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, Module.createRequire(MAIN), module, MAIN, dirname(MAIN));
  module.loaded = true;
  // After the command: keep what V8 compiled, when the cache lacked it (no cache, a refused
  // one, or a command that has not run with this cache yet and compiled its own functions).
  process.once('exit', () => {
    const command = commandOf(module.exports);
    const known = cached && !script.cachedDataRejected ? cached.commands : null;
    if (known && (known.includes(command) || known.length >= MAX_COMMANDS)) return;
    writeCache(dir, file, [...(known ?? []), command], script.createCachedData());
  });
}

/** The directory for `what` when it is safely this user's; null otherwise. Never throws. */
function safeCacheDir(what: string): string | null {
  try {
    const place = cacheDir(what);
    return place ? safeDir(place.dir, place.root) : null;
  } catch {
    return null; // no home directory
  }
}

function start(): void {
  const enableCompileCache = (Module as { enableCompileCache?: (dir: string) => unknown })
    .enableCompileCache;
  if (enableCompileCache) {
    // Node ≥ 22.1: its own cache (an explicit NODE_COMPILE_CACHE wins); never the shared
    // default under the OS temp dir, where another local user could plant code.
    const dir = process.env.NODE_COMPILE_CACHE ? null : safeCacheDir('node-compile-cache');
    if (dir) enableCompileCache(dir);
    require(MAIN);
    return;
  }
  const dir = safeCacheDir('cli-code-cache');
  if (dir) runWithCodeCache(dir);
  else require(MAIN);
}

start();
