// The hostile-broker suite's environment: the second REAL x2gobroker with an attacker's
// profiles (test/hostile/start-hostile-broker.sh), a private HOME/TMPDIR per CLI run with
// before/after snapshots, and the oracle every hand-off case ends in: a clear error (known
// exit code + message) or a SAFE session file — with no marker file created.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { loadBroker } from './broker-env';
import { BIN, REPO, type CliResult } from './run-cli';
import { qtUnescape } from './qt-ini-reader';
import { skipOrFail } from './skip';

export const START_SCRIPT = join(REPO, 'test/hostile/start-hostile-broker.sh');
export const HOSTILE_STATE = process.env.HOSTILE_BROKER_STATE ?? '/tmp/x2gobroker-hostile';

export interface HostileBroker {
  port: number;
  plainUrl: string;
  jsonUrl: string;
  pid: number;
  markerDir: string;
  user: string;
  password: string;
  profilesFile: string;
  log: string;
}

function answers(port: number): boolean {
  const r = spawnSync(
    'bash',
    ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && IFS= read -r -t 3 l <&3 && [[ $l == *" 200 "* ]]`],
    { timeout: 5000 },
  ); // prettier-ignore
  return r.status === 0;
}

/**
 * The hostile broker, started once per machine (several test files share it; a lock
 * directory keeps two files from starting it at once). Skips with the reason when it cannot
 * run here (not root, x2gobroker-daemon missing), except under CI=true.
 */
export function hostileBrokerOrSkip(t: TestContext): HostileBroker | null {
  const info = join(HOSTILE_STATE, 'hostile.json');
  const lock = `${HOSTILE_STATE}.start-lock`;
  const skip = (reason: string) => skipOrFail(t, `hostile broker needed: ${reason}`);
  if (process.getuid?.() !== 0) return skip('the hostile x2gobroker needs root to start');
  for (let i = 0; i < 600; i++) {
    if (existsSync(info)) {
      const b = JSON.parse(readFileSync(info, 'utf8')) as HostileBroker;
      if (answers(b.port)) return b;
    }
    try {
      mkdirSync(lock);
    } catch {
      spawnSync('sleep', ['0.1']);
      continue;
    }
    try {
      if (existsSync(info)) {
        const b = JSON.parse(readFileSync(info, 'utf8')) as HostileBroker;
        if (answers(b.port)) return b;
      }
      // the profiles send clients to the test peers' sshd, wherever this run started it
      const sshPort = loadBroker().broker?.x2goSession?.sshport;
      const r = spawnSync('bash', [START_SCRIPT, HOSTILE_STATE], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ...(sshPort ? { HOSTILE_X2GO_PORT: String(sshPort) } : {}) },
      });
      if (r.status !== 0) return skip(`start-hostile-broker.sh failed: ${r.stderr.trim()}`);
      return JSON.parse(readFileSync(info, 'utf8')) as HostileBroker;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error('timed out waiting for the hostile broker start lock');
}

/** Marker files that exist in the marker dir (should always be none). */
export function markersPresent(markerDir: string): string[] {
  return existsSync(markerDir) ? readdirSync(markerDir) : [];
}

export function clearMarkers(markerDir: string, names: string[]): void {
  for (const n of names) rmSync(join(markerDir, n), { force: true });
}

// ---------------------------------------------------------------------------------------
// A private HOME and TMPDIR per run, with snapshots
// ---------------------------------------------------------------------------------------

export interface FileFact {
  mode: number;
  size: number;
  sha256: string;
  type: 'file' | 'dir' | 'link' | 'other';
}
export type Snapshot = Map<string, FileFact>;

/** Every entry under dir (relative path → mode, size, content hash), symlinks not followed. */
export function snapshot(dir: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (rel: string) => {
    const abs = join(dir, rel);
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const p = join(dir, r);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      const type = st.isFile()
        ? 'file'
        : st.isDirectory()
          ? 'dir'
          : st.isSymbolicLink()
            ? 'link'
            : 'other';
      let sha256 = '';
      if (type === 'file' && st.size < 16 * 1024 * 1024) {
        try {
          sha256 = createHash('sha256').update(readFileSync(p)).digest('hex');
        } catch {
          sha256 = 'unreadable';
        }
      }
      out.set(r, { mode: st.mode & 0o7777, size: st.size, sha256, type });
      if (type === 'dir') walk(r);
    }
  };
  walk('');
  return out;
}

/** Paths added, removed or changed between two snapshots. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  for (const [p, f] of after) {
    const b = before.get(p);
    if (!b) changes.push(`+ ${p}`);
    else if (b.sha256 !== f.sha256 || b.mode !== f.mode || b.type !== f.type)
      changes.push(`~ ${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) changes.push(`- ${p}`);
  return changes.sort();
}

export interface PrivateHome {
  root: string;
  home: string;
  tmp: string;
  /** Broker password file (0600) inside root, outside HOME. */
  passwordFile: string;
  env: Record<string, string>;
  before: Snapshot;
  /** Changes in HOME and TMPDIR since the home was made. */
  changes(): string[];
  remove(): void;
}

/** A temp HOME + TMPDIR for one CLI run; `password` goes to a 0600 file. */
export function privateHome(password = 'sweet'): PrivateHome {
  const root = mkdtempSync(join(tmpdir(), 'x2go-hostile-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  mkdirSync(home, { mode: 0o700 });
  mkdirSync(tmp, { mode: 0o700 });
  // tsx (bin/x2go-launcher.mjs runs the TypeScript through it) caches compiled files in
  // $TMPDIR/tsx-<uid>: share the machine's cache, or every run compiles for seconds. It is a
  // symlink made before the snapshot, so it is not a change of the run.
  const uid = process.getuid?.() ?? 0;
  const shared = join(tmpdir(), `tsx-${uid}`);
  mkdirSync(shared, { recursive: true });
  symlinkSync(shared, join(tmp, `tsx-${uid}`));
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const before = new Map([...snapshot(home)].map(([k, v]) => [`home/${k}`, v]));
  for (const [k, v] of snapshot(tmp)) before.set(`tmp/${k}`, v);
  const now = (): Snapshot => {
    const s: Snapshot = new Map();
    for (const [k, v] of snapshot(home)) s.set(`home/${k}`, v);
    for (const [k, v] of snapshot(tmp)) s.set(`tmp/${k}`, v);
    return s;
  };
  return {
    root,
    home,
    tmp,
    passwordFile,
    env: {
      HOME: home,
      TMPDIR: tmp,
      XDG_CONFIG_HOME: join(home, '.config'),
      // the CLI's own V8 code cache (src/core/cli/loader.ts) is made by the launcher from its
      // own bundle, never from what a broker sent: it lives beside the audited HOME and TMPDIR
      XDG_CACHE_HOME: join(root, 'cache'),
      XDG_RUNTIME_DIR: tmp,
      LANG: 'C.UTF-8',
    },
    before,
    changes: () => diffSnapshots(before, now()),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface TimedCliResult extends CliResult {
  ms: number;
  /** Killed by the test's own safety timer (the CLI did not end on its own). */
  killed: boolean;
}

/** The real CLI in a private HOME (no inherited SSH_AUTH_SOCK, DISPLAY unless given). */
export function runHostileCli(
  args: string[],
  home: PrivateHome,
  opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<TimedCliResult> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...home.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0, killed });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The broker options for the hostile broker (plain or JSON dialect). */
export function hostileArgs(b: HostileBroker, home: PrivateHome, json = false): string[] {
  const url = (json ? b.jsonUrl : b.plainUrl).replace('://', `://${b.user}@`);
  return ['--broker-url', url, '--broker-password-file', home.passwordFile];
}

// ---------------------------------------------------------------------------------------
// The oracle: a clear error, or a safe session file
// ---------------------------------------------------------------------------------------

/** Exit codes of a clear refusal (errors.ts: usage, auth, unreachable/TLS/host key, protocol, no server/client). */
export const CLEAR_ERROR_CODES = [2, 3, 4, 5, 6];
/**
 * A hand-off case may be refused as usage/protocol/no-client — but not with 4 (unreachable,
 * host key): the profiles point at a real sshd whose key the test passes (`fixtureKnownHosts`),
 * so exit 4 would mean the case never reached the session file it is meant to check.
 */
export const HANDOFF_ERROR_CODES = [2, 3, 5, 6];

/** `--known-hosts FILE` for the shared peer's sshd (the X2Go server of the hostile profiles). */
export function fixtureKnownHosts(): string[] {
  const file = loadBroker().broker?.x2goSession?.knownHosts;
  return file && existsSync(file) ? ['--known-hosts', file] : [];
}

/** Keys that name a local program, its arguments or a local file: never in a session file. */
export const LOCAL_PROGRAM_KEYS = [
  'rdpclient',
  'directrdpsettings',
  'xdmcpclient',
  'directxdmcpsettings',
  'sshproxykeyfile',
];

/**
 * Keys that reach a local resource: the launcher writes each one explicitly with its safe
 * value (issue 8 point 1 — python-x2go's defaults for useexports/fstunnel are ON).
 */
export const EXPLICIT_SAFE_KEYS = [
  'forwardsshagent',
  'useexports',
  'fstunnel',
  'usemimebox',
  'print',
  'usesshproxy',
  'krbdelegation',
  'startsoundsystem',
  'directrdp',
  'directxdmcp',
];
/** EXPLICIT_SAFE_KEYS that python-x2go 0.6.1 does not know at all (x2go/defaults.py). */
const PYTHON_UNKNOWN_KEYS = new Set(['krbdelegation', 'directxdmcp']);
/** Keys that must be absent or off (reusing the user's credentials for a proxy). */
export const ABSENT_OR_OFF_KEYS = ['sshproxysamepass', 'sshproxysamekey'];

const OFF = /^(false|0|no|off)$/i;

export interface ParsedIni {
  sections: string[];
  /** Lower-cased key (after Qt's %-decoding of key names) → values (all spellings). */
  values: Map<string, string[]>;
}

/** Qt decodes %XX and %UXXXX in key names (QSettings iniUnescapedKey). */
function qtKeyName(raw: string): string {
  return raw
    .replace(/%U([0-9A-Fa-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** A session file read the way its client reads it (enough for the oracle: keys, sections). */
export function parseSessionFile(content: string, dialect: 'qt' | 'python'): ParsedIni {
  const sections: string[] = [];
  const values = new Map<string, string[]>();
  let lastKey = '';
  for (const line of content.split(/\r\n|\n|\r/)) {
    if (dialect === 'python' && /^[ \t]/.test(line) && line.trim() !== '' && lastKey) {
      // configparser continuation line: part of the previous value
      const v = values.get(lastKey)!;
      v[v.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const t = line.trim();
    if (t === '' || t.startsWith(';') || t.startsWith('#')) continue;
    if (t.startsWith('[')) {
      sections.push(t);
      continue;
    }
    const eq = dialect === 'python' ? t.search(/[=:]/) : t.indexOf('=');
    if (eq < 0) continue;
    const rawKey = t.slice(0, eq).trim();
    const key = (dialect === 'qt' ? qtKeyName(rawKey) : rawKey).toLowerCase();
    const rawValue = t.slice(eq + 1).trim();
    const value = dialect === 'qt' ? [qtUnescape(rawValue)].flat().join(',') : rawValue;
    values.set(key, [...(values.get(key) ?? []), value]);
    lastKey = key;
  }
  return { sections, values };
}

export interface DryRun {
  client: string;
  argv: string[];
  sessionFile: string;
  sessionFilePath: string;
  env: Record<string, string>;
  login: string;
  warnings: string[];
  localResources?: unknown;
}

/**
 * The hand-off oracle for `launch --dry-run --json`: either a clear error (exit 2–6, a JSON
 * error with a message, no internal error), or exit 0 with a session file in which no key
 * names a local program, every local-resource key is written explicitly and off, no extra
 * section was injected, the key file (if any) lies in the private directory, the host is not
 * option-like, and `localResources` is reported. Returns the parsed dry run (null on error).
 */
export function assertClearErrorOrSafe(
  r: TimedCliResult,
  what: string,
  codes: number[] = HANDOFF_ERROR_CODES,
): { dry: DryRun; ini: ParsedIni } | null {
  const ctx = `${what}: exit ${r.code}${r.killed ? ' (killed by the test timer)' : ''}\nstdout: ${r.stdout.slice(0, 1500)}\nstderr: ${r.stderr.slice(0, 1500)}`;
  assert.ok(!r.killed, `${ctx}\n→ the CLI did not end on its own`);
  // the CLI's own crash line (main.ts), not a broker's "internal error (HTTP 500)" message
  assert.doesNotMatch(r.stderr, /x2go-launcher: internal error:/, ctx);
  if (r.code !== 0) {
    assertClearError(r, codes, what);
    return null;
  }
  const dry = JSON.parse(r.stdout.trim().split('\n').pop()!) as DryRun;
  const dialect = dry.client === 'pyhoca-cli' ? 'python' : 'qt';
  const ini = parseSessionFile(dry.sessionFile, dialect);
  const file = `${ctx}\nsession file:\n${dry.sessionFile.slice(0, 3000)}`;
  assert.equal(ini.sections.length, 1, `${file}\n→ more than one section`);
  // absent, or written by the launcher as an explicit empty value (sshproxykeyfile=)
  for (const key of LOCAL_PROGRAM_KEYS)
    assert.ok(
      (ini.values.get(key) ?? []).every((v) => v === ''),
      `${file}\n→ ${key} (a local program/file) reached the client`,
    );
  for (const key of EXPLICIT_SAFE_KEYS) {
    // python-x2go has no krbdelegation/directxdmcp (its defaults.py): nothing to switch off there
    if (dialect === 'python' && PYTHON_UNKNOWN_KEYS.has(key)) continue;
    const v = ini.values.get(key);
    assert.ok(v, `${file}\n→ ${key} is not written explicitly with its safe value`);
    for (const x of v) assert.match(x, OFF, `${file}\n→ ${key}=${x} is not off`);
  }
  for (const key of ABSENT_OR_OFF_KEYS)
    for (const x of ini.values.get(key) ?? [])
      assert.match(x, OFF, `${file}\n→ ${key}=${x} reuses the user's credentials`);
  for (const x of ini.values.get('export') ?? [])
    assert.equal(x, '', `${file}\n→ export=${x} shares local folders`);
  // the launch's private dir (private-dir.ts: …/x2go-launcher-<pid>-<random>/); pyhoca-cli's
  // session file lies deeper in it (home/.x2goclient/sessions), the key at its top
  const launchDir = /^(.*\/x2go-launcher-[^/]+\/)/.exec(dry.sessionFilePath)?.[1];
  assert.ok(launchDir, `${file}\n→ session file ${dry.sessionFilePath} not in a private dir`);
  const dir = launchDir;
  for (const x of ini.values.get('key') ?? [])
    assert.ok(x === '' || x.startsWith(dir), `${file}\n→ key=${x} is outside the private dir`);
  for (const x of ini.values.get('host') ?? [])
    assert.doesNotMatch(x, /^-|\s|\$|`/, `${file}\n→ host=${x} is option-like or shell text`);
  assert.equal(ini.values.get('host')?.length, 1, `${file}\n→ host written more than once`);
  assert.ok(
    dry.localResources !== null && typeof dry.localResources === 'object',
    `${file}\n→ launch --dry-run --json reports no localResources object`,
  );
  for (const a of dry.argv)
    assert.ok(!a.startsWith('-o') && !a.includes('ProxyCommand'), `${file}\n→ argv ${a}`);
  return { dry, ini };
}

export function tempFile(name: string, content: string, mode = 0o600): string {
  const dir = mkdtempSync(join(tmpdir(), 'x2go-hostile-f-'));
  const p = join(dir, name);
  writeFileSync(p, content, { mode });
  return p;
}

/** Raw C0 controls (but LF/TAB) and DEL: never in any output. JSON escapes them itself. */
// eslint-disable-next-line no-control-regex
export const RAW_C0 = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/** Plus C1 controls and bidi overrides: never in text shown on a terminal. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * A clear error with `--json`: ended on its own, one of `codes`, a JSON error with a message
 * on stderr (format.ts printError), no internal error, no raw control characters.
 * Returns the message.
 */
export function assertClearError(r: TimedCliResult, codes: number[], what: string): string {
  const ctx = `${what}: exit ${r.code}${r.killed ? ' (killed by the test after its timer)' : ''} in ${r.ms} ms\nstdout: ${r.stdout.slice(0, 800)}\nstderr: ${r.stderr.slice(0, 800)}`;
  assert.ok(!r.killed, `${ctx}\n→ the CLI did not end on its own`);
  assert.ok(codes.includes(r.code ?? -1), `${ctx}\n→ expected exit ${codes.join(' or ')}`);
  // the CLI's own crash line (main.ts), not a broker's "internal error (HTTP 500)" message
  assert.doesNotMatch(r.stderr, /x2go-launcher: internal error:/, ctx);
  const line = r.stderr
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"error"'));
  assert.ok(line, `${ctx}\n→ no JSON error on stderr`);
  const msg = (JSON.parse(line) as { error?: { message?: string } }).error?.message ?? '';
  assert.ok(msg.length > 10, `${ctx}\n→ no error message`);
  assert.doesNotMatch(r.stdout + r.stderr, RAW_C0, `${ctx}\n→ raw control characters`);
  return msg;
}
