// Per-launch private directory (0700) for the session file, a pyhoca-cli HOME and the key the
// broker pushed (0600). It is removed when the client exits; directories left by a crashed
// run are swept at the next start — only ours: our name prefix, our uid, and an owner process
// that is gone (pid not alive, or alive but started at another time = pid reused).

import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Name prefix of every private launch directory (`x2go-launcher-<pid>-<6 chars>`), so stale
 * ones of dead launchers can be found and removed.
 */
export const PRIVATE_DIR_PREFIX = 'x2go-launcher-';
const DIR_NAME = /^x2go-launcher-([0-9]{1,10})-[A-Za-z0-9]{6}$/;
const OWNER_FILE = 'owner';

/** A path inside the private directory: plain characters, no leading `-` or `/`, no `..`. */
function isSafeRelativeName(name: string): boolean {
  return /^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/.test(name) && !name.split('/').includes('..');
}

/** Start time of a process in clock ticks since boot (Linux), null when unknown. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the ")" that ends the command name; starttime is field 22 overall
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A private (0700) directory for one launch: session file, pushed key (0600), client HOME.
 * Removed when the client ends; sweepStaleDirs removes those of dead launchers.
 */
export class PrivateDir {
  private removed = false;

  private constructor(readonly path: string) {}

  /** A fresh 0700 directory under `base` (default: the OS temp dir), tagged with our pid. */
  static create(base: string = tmpdir()): PrivateDir {
    // mkdtemp creates the directory with mode 0700 and a random, unpredictable suffix
    const path = mkdtempSync(join(base, `${PRIVATE_DIR_PREFIX}${process.pid}-`));
    const dir = new PrivateDir(path);
    dir.writeFile(OWNER_FILE, `${process.pid} ${processStartTime(process.pid) ?? ''}\n`);
    return dir;
  }

  /** Write a file readable by us only (0600), refusing to follow or replace anything. */
  writeFile(name: string, content: string): string {
    if (this.removed) throw new Error('private directory already removed');
    if (!isSafeRelativeName(name)) throw new Error(`bad private file name: ${name}`);
    const file = join(this.path, name);
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return file;
  }

  /** A sub-directory (0700), e.g. the private HOME of pyhoca-cli. */
  mkdir(name: string): string {
    if (!isSafeRelativeName(name)) throw new Error(`bad private directory name: ${name}`);
    const dir = join(this.path, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** Whether remove() has run (the directory is gone). */
  get isRemoved(): boolean {
    return this.removed;
  }

  /** Remove the directory and everything in it (key, session file, client HOME). */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    rmSync(this.path, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Remove directories left behind by launcher runs that no longer exist (crash, SIGKILL,
 * power loss). Returns the removed paths. Never touches a directory of a live run, another
 * user's directory, a symlink, or anything not named like ours.
 */
export function sweepStaleDirs(base: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = DIR_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    const path = join(base, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      if (pid === process.pid) continue;
      if (isAlive(pid)) {
        // pid reuse: the directory's owner started at another time than the live process
        const recorded = readFileSync(join(path, OWNER_FILE), 'utf8').trim().split(' ')[1];
        const current = processStartTime(pid);
        if (!recorded || !current || recorded === current) continue;
      }
      rmSync(path, { recursive: true, force: true, maxRetries: 3 });
      removed.push(path);
    } catch {
      // vanished meanwhile, unreadable owner file of a live run …: leave it
    }
  }
  return removed;
}
