// Real X2Go environment for launcher integration tests: the local clients, Xvfb, and the
// X2Go server reached through the broker fixture's sshd (test/peers/README.md, "X2Go sessions").
// Missing pieces skip the test with the reason, except under CI=true where they fail.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import type { BrokerProfile, SelectedSession } from '../../src/shared/model';
import { BrokerSession } from '../../src/core/broker/session';
import { userPassword, type BrokerFixture } from './broker-env';
import { skipOrFail } from './skip';

export function which(program: string): string | null {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path.startsWith('/') ? path : null;
}

/** Skip (or fail under CI) unless every program is installed. Returns false when skipped. */
export function toolsOrSkip(t: TestContext, programs: string[]): boolean {
  const missing = programs.filter((p) => !which(p));
  if (missing.length === 0) return true;
  skipOrFail(
    t,
    `not installed here: ${missing.join(', ')} (scripts/ci-install-packages.sh installs them)`,
  );
  return false;
}

export interface Xvfb {
  display: string;
  stop(): Promise<void>;
}

/** Xvfb on the first free display ≥ :100, local socket only. */
export async function startXvfb(): Promise<Xvfb> {
  if (!existsSync('/tmp/.X11-unix')) {
    mkdirSync('/tmp/.X11-unix');
    chmodSync('/tmp/.X11-unix', 0o1777);
  }
  for (let d = 100; d < 200; d++) {
    if (existsSync(`/tmp/.X${d}-lock`) || existsSync(`/tmp/.X11-unix/X${d}`)) continue;
    const child: ChildProcess = spawn(
      'Xvfb',
      [`:${d}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'],
      {
        stdio: 'ignore',
      },
    );
    let exited = false;
    child.once('exit', () => (exited = true));
    for (let i = 0; i < 100 && !exited; i++) {
      if (existsSync(`/tmp/.X11-unix/X${d}`)) {
        return {
          display: `:${d}`,
          stop: async () => {
            if (exited) return;
            child.kill('SIGTERM');
            for (let j = 0; j < 50 && !exited; j++) await sleep(100);
            if (!exited) child.kill('SIGKILL');
          },
        };
      }
      await sleep(100);
    }
    if (!exited) child.kill('SIGKILL');
  }
  throw new Error('could not start Xvfb on any display :100-:199');
}

/** ssh to the X2Go server as the fixture's session user (strict host-key check). */
export function serverCommand(
  broker: BrokerFixture,
  command: string,
): { ok: boolean; stdout: string; stderr: string } {
  const s = broker.x2goSession;
  if (!s) throw new Error('broker.json has no x2goSession');
  const r = spawnSync(
    'ssh',
    [
      '-F', '/dev/null', '-p', String(s.sshport), '-i', s.privateKey, '-o', 'IdentitiesOnly=yes',
      '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', `UserKnownHostsFile=${s.knownHosts}`,
      '-o', 'StrictHostKeyChecking=yes', '-o', 'LogLevel=ERROR', `${s.user}@${s.host}`, command,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  ); // prettier-ignore
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface ServerSession {
  name: string;
  status: string;
  graphicsPort: string;
  line: string;
}

/** x2golistsessions of the session user, parsed (fields: 1 name, 4 status, 8 graphics port). */
export function listServerSessions(broker: BrokerFixture): ServerSession[] {
  const r = serverCommand(broker, 'x2golistsessions');
  if (!r.ok) throw new Error(`x2golistsessions failed: ${r.stderr.trim()}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('|'))
    .map((line) => {
      const f = line.split('|');
      return { name: f[1] ?? '', status: f[4] ?? '', graphicsPort: f[8] ?? '', line };
    });
}

/** After termination: the session's C-<name> dir stays on the server (x2gocleansessions is not running). */
export function removeServerSessionDir(broker: BrokerFixture, name: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return;
  serverCommand(
    broker,
    `d=$(readlink ~/.x2go/C-${name}); case $d in */C-${name}) rm -rf -- "$d" ;; esac; rm -f -- ~/.x2go/C-${name}`,
  );
}

/** Is a window of this X class (e.g. `"xterm" "XTerm"`) mapped on the display? */
export function hasWindow(display: string, classPattern: RegExp): boolean {
  const r = spawnSync('xwininfo', ['-root', '-tree', '-display', display], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return r.status === 0 && classPattern.test(r.stdout);
}

/**
 * Run `fn` while holding the machine-wide lock for X2Go sessions of the fixture's session
 * user: x2goclient asks what to do when the user already has a session, so test files that
 * start real sessions (run in parallel by `npm test`) must take turns. A lock left by a dead
 * process is taken over.
 */
export async function withSessionLock<T>(broker: BrokerFixture, fn: () => Promise<T>): Promise<T> {
  const user = broker.x2goSession?.user ?? 'x2gotest';
  const lock = `/tmp/x2go-session-${user}.lock`;
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock, { mode: 0o700 });
      writeFileSync(`${lock}/pid`, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(`${lock}/pid`, 'utf8'));
      } catch {
        // being created or removed right now
      }
      let alive = true;
      if (Number.isInteger(owner) && owner > 0) {
        try {
          process.kill(owner, 0);
        } catch {
          alive = false;
        }
      }
      if (!alive) rmSync(lock, { recursive: true, force: true });
      else if (i > 1200)
        throw new Error(`X2Go session lock ${lock} held by pid ${owner} for 10 minutes`, {
          cause: e,
        });
      else await sleep(500);
    }
  }
  const putBack = setAsideStaleHostKeys(broker);
  try {
    return await fn();
  } finally {
    putBack();
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `type base64` of a known_hosts line (its key), '' for comments and blank lines. */
function keyOf(line: string): string {
  const f = line.trim().split(/\s+/);
  return line.trim().startsWith('#') || f.length < 3 ? '' : `${f[1]} ${f[2]}`;
}

/**
 * The passwd home's known_hosts may hold a line for the fixture's sshd with another key, left
 * by an earlier broker state (each new STATE has a new host key). x2goclient (libssh ignores
 * $HOME) and pyhoca-cli (whose private known_hosts starts from it) rightly refuse such a
 * "changed" key, so a session test would fail for a reason outside the code under test. Set
 * those stale lines aside for the test and put them back afterwards, exactly as they were.
 */
function setAsideStaleHostKeys(broker: BrokerFixture): () => void {
  const s = broker.x2goSession;
  const file = join(homedir(), '.ssh', 'known_hosts');
  if (!s || !existsSync(file) || !existsSync(s.knownHosts)) return () => undefined;
  const prefix = s.sshport === 22 ? `${s.host} ` : `[${s.host}]:${s.sshport} `;
  const valid = new Set(readFileSync(s.knownHosts, 'utf8').split('\n').map(keyOf).filter(Boolean));
  const lines = readFileSync(file, 'utf8').split('\n');
  const stale = lines.filter((l) => l.startsWith(prefix) && !valid.has(keyOf(l)));
  if (stale.length === 0) return () => undefined;
  writeFileSync(file, lines.filter((l) => !stale.includes(l)).join('\n'));
  return () => {
    const now = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const sep = now === '' || now.endsWith('\n') ? '' : '\n';
    writeFileSync(file, `${now}${sep}${stale.join('\n')}\n`);
  };
}

/** listsessions + selectsession of one profile on the broker's main (plain, HTTP) instance. */
export async function listAndSelect(
  broker: BrokerFixture,
  profileId: string,
): Promise<{ profile: BrokerProfile; selected: SelectedSession }> {
  const session = new BrokerSession({
    url: broker.http.main.plainUrl,
    user: 'test',
    password: userPassword(broker, 'test'),
  });
  try {
    const profile = (await session.listProfiles()).find((p) => p.id === profileId);
    assert.ok(profile, `the broker lists ${profileId}`);
    return { profile, selected: await session.selectSession(profileId) };
  } finally {
    await session.close();
  }
}
