// Starting and tracking the client process. Spawned without a shell, in its own process
// group, with a per-run marker in its environment: x2goclient's helpers escape its process
// group (`--unixhelper` lingers ~10 s after the client exits, `--dialog` calls setsid), so
// after the client exits we find everything carrying the marker (Linux: /proc/*/environ)
// and end it, then remove the private directory with the key and the session file.
// A broker-pushed key is removed earlier, as soon as it cannot be needed any more: the client
// reads it only to log in, and the server forgets it ~20 s after selectsession anyway.

import { recordClientExit } from '../diagnostics/client-log';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LauncherError } from '../errors';
import { clientEnvironment } from './client-env';
import type { PrivateDir } from './private-dir';
import type { BuiltLaunch } from './types';

/**
 * Environment variable naming the run ID in every client process we start, so its helper
 * processes (ssh, nxproxy …) are found and ended with it.
 */
export const RUN_MARKER = 'X2GO_LAUNCHER_RUN';
/**
 * A broker-pushed key is removed from the server about 20 s after selectsession
 * (docs/protocol.md §8.3).
 */
export const BROKER_KEY_BUDGET_MS = 20_000;

const TAIL_LINES = 20;
/**
 * Longest output line kept (characters). A client that prints without ever ending the line
 * must not grow our memory: the line is cut here (marked) and the rest of it dropped.
 */
export const MAX_LINE_CHARS = 64 * 1024;
const CUT_MARK = ' [… cut]';
/** Longest a stop request waits for a client to report its session up. */
export const STOP_HOLD_MS = 45_000;
/**
 * pyhoca-cli prints its ready line just BEFORE it enters the block that handles Ctrl-C
 * (frontend.py: log "Press CTRL+C …", then `try: while session_ok: sleep(2)`); an interrupt
 * in between escapes that handler and leaves the session running. So a stop waits this long
 * after the ready line.
 */
export const READY_GRACE_MS = 1_500;

/**
 * What a running client reports (start, output lines, ready, exit, cleanup); `keyAgeMs` is the
 * age of a broker-pushed key at start (ms), null without one.
 */
export type LaunchEvent =
  | { type: 'started'; pid: number; runId: string; argv: string[]; keyAgeMs: number | null }
  | { type: 'output'; stream: 'stdout' | 'stderr'; line: string }
  /** The client said its session is up (only clients that say so: pyhoca-cli). */
  | { type: 'ready' }
  /** The broker-pushed key file was deleted: the client is up, or the key's budget is over. */
  | { type: 'key-removed'; reason: 'ready' | 'budget' }
  | { type: 'exited'; exit: ClientExit }
  | { type: 'cleaned'; killed: number[]; removedDir: string };

/** How a client process ended (exit code or signal). */
export interface ClientExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines the client printed (stderr and stdout), secrets filtered out. */
  lastLines: string[];
  /** Milliseconds from spawn to exit. */
  runMs: number;
}

/** Options of startClient (private directory, pushed-key time, events, environment). */
export interface StartOptions {
  privateDir: PrivateDir;
  /** Set when the client logs in with the key the broker pushed: when it arrived. */
  brokerKeyReceivedAt?: number | null;
  keyBudgetMs?: number;
  /**
   * The broker-pushed key file (inside the private dir): deleted once the client is up (its
   * ready line) or the key budget is over, whichever comes first — not kept for the session.
   */
  brokerKeyFile?: string | null;
  /**
   * Base environment (default process.env). Only its allowlisted part reaches the client
   * (client-env.ts; the agent only when `built.agent`); the launch's env and the marker go on top.
   */
  env?: NodeJS.ProcessEnv;
  /** Variables holding our secrets (--broker-password-env NAME): never handed on. */
  secretEnvNames?: readonly string[];
  onEvent?: (event: LaunchEvent) => void;
  /** Clock (tests). */
  now?: () => number;
}

/** Lines that could carry key material never reach events or the tail. */
function isSecretLine(line: string): boolean {
  return /PRIVATE KEY|^[A-Za-z0-9+/=]{40,}$/.test(line.trim());
}

/**
 * Splits a client's output stream into lines, none longer than `max` characters: an over-long
 * line is cut (with a mark) and the rest of it, up to its newline, dropped.
 */
export class LineSplitter {
  private partial = '';
  private dropping = false;

  constructor(private readonly max: number = MAX_LINE_CHARS) {}

  /**
   * Feed one chunk of output; returns the complete lines in it (over-long lines are cut at
   * `max` characters, the rest dropped up to the next line end).
   */
  push(chunk: string): string[] {
    let text = chunk;
    if (this.dropping) {
      const end = text.indexOf('\n');
      if (end < 0) return [];
      this.dropping = false;
      text = text.slice(end + 1);
    }
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    if (this.partial.length > this.max) {
      lines.push(this.partial);
      this.partial = '';
      this.dropping = true;
    }
    return lines.map((l) => (l.length > this.max ? l.slice(0, this.max) + CUT_MARK : l));
  }
}

/** PIDs of live processes carrying this run's marker (Linux; [] where /proc is missing). */
export function markedProcesses(runId: string): number[] {
  const want = `${RUN_MARKER}=${runId}`;
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').includes(want)) pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours (EACCES)
    }
  }
  return pids;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** One started X2Go client process and its cleanup (helper processes, private directory). */
export class RunningClient {
  /** Random ID of this run (the RUN_MARKER value in the client's environment). */
  readonly runId: string;
  /** The client's process ID. */
  readonly pid: number;
  /** Resolves when the client process has exited. */
  readonly exited: Promise<ClientExit>;
  /** Resolves after the exit AND the cleanup (helpers ended, private directory removed). */
  readonly done: Promise<ClientExit>;
  private readonly child: ChildProcess;
  private readonly built: BuiltLaunch;
  /** The client reported its session up (always true for clients without a ready line). */
  private isReady: boolean;
  private pendingStop: NodeJS.Signals | null = null;

  private constructor(
    child: ChildProcess,
    built: BuiltLaunch,
    runId: string,
    exited: Promise<ClientExit>,
    done: Promise<ClientExit>,
  ) {
    this.child = child;
    this.built = built;
    this.isReady = built.readyLine === null;
    this.pid = child.pid ?? -1;
    this.runId = runId;
    this.exited = exited;
    this.done = done;
  }

  /** Whether the client said its session is up (always true for clients without a ready line). */
  get ready(): boolean {
    return this.isReady;
  }

  private get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Ask the client to end, with its own stop signal by default: pyhoca-cli (started with
   * --terminate-on-ctrl-c) terminates the session on SIGINT; x2goclient on SIGTERM closes and
   * leaves the session suspended. pyhoca-cli interrupted while its session is still coming
   * up exits and leaves the session RUNNING on the server, so until it reports the session up
   * the signal is held back (sent when it is up, or after STOP_HOLD_MS at the latest).
   */
  stop(sig: NodeJS.Signals = this.built.stopSignal): void {
    if (!this.running) return;
    if (this.isReady) {
      signal(this.pid, sig);
      return;
    }
    if (this.pendingStop) return;
    this.pendingStop = sig;
    const timer = setTimeout(() => this.releaseStop(), STOP_HOLD_MS);
    timer.unref();
  }

  /** Signal the client now, even while it is still coming up (the app is quitting). */
  stopNow(sig: NodeJS.Signals = this.built.stopSignal): void {
    this.pendingStop = null;
    if (this.running) signal(this.pid, sig);
  }

  private releaseStop(): void {
    const sig = this.pendingStop;
    this.pendingStop = null;
    if (sig && this.running) signal(this.pid, sig);
  }

  private markReady(): void {
    if (this.isReady) return;
    this.isReady = true;
    this.releaseStop();
  }

  /** Spawn the client of a built launch. Throws LauncherError ('timeout', 'client'). */
  static async start(built: BuiltLaunch, options: StartOptions): Promise<RunningClient> {
    const { privateDir } = options;
    const now = options.now ?? Date.now;
    try {
      for (const dir of built.dirs) privateDir.mkdir(dir);
      for (const file of built.files) privateDir.writeFile(file.name, file.content);
    } catch (e) {
      privateDir.remove(); // the broker key is in there: nothing stays behind on a failure
      throw e;
    }

    let keyAgeMs: number | null = null;
    if (options.brokerKeyReceivedAt != null) {
      keyAgeMs = now() - options.brokerKeyReceivedAt;
      const budget = options.keyBudgetMs ?? BROKER_KEY_BUDGET_MS;
      if (keyAgeMs > budget) {
        privateDir.remove();
        throw new LauncherError(
          'client.key-expired',
          { age: Number((keyAgeMs / 1000).toFixed(1)), budget: Math.round(budget / 1000) },
          `The temporary key from the broker is ${(keyAgeMs / 1000).toFixed(1)} s old: the server accepts it only for about ${Math.round(budget / 1000)} s after the session was selected.`,
          {
            hint: 'Select the session again (the broker issues a new key) and start the client right away.',
          },
        );
      }
    }

    const runId = randomBytes(12).toString('hex');
    const [program, ...args] = built.argv;
    let child: ChildProcess;
    try {
      if (!program) throw new Error('empty argv');
      // spawn() itself throws for some bad input (e.g. a NUL byte in an argument)
      child = spawn(program, args, {
        shell: false,
        detached: true, // own process group: signals to the group reach nxproxy & co.
        windowsHide: false,
        cwd: privateDir.path,
        env: {
          ...clientEnvironment(options.env ?? process.env, {
            agent: built.agent === true,
            kerberos: built.kerberos === true,
            ...(options.secretEnvNames ? { secretNames: options.secretEnvNames } : {}),
          }),
          ...built.env,
          [RUN_MARKER]: runId,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (e) {
      privateDir.remove();
      throw new LauncherError(
        'client.start-failed',
        { client: built.client, reason: (e as Error).message },
        `Cannot start ${built.client} (${program}): ${(e as Error).message}`,
        {
          code: (e as NodeJS.ErrnoException).code,
          hint: 'Check that the X2Go client is installed and executable (--client-path FILE).',
        },
        { cause: e },
      );
    }

    const emit = options.onEvent ?? (() => {});
    const tail: string[] = [];
    let running: RunningClient | null = null;
    let readySeen = false;

    // the broker key: gone once the client is up or the server has forgotten it anyway
    const keyFile = options.brokerKeyFile ?? null;
    let keyTimer: NodeJS.Timeout | null = null;
    const removeKey = (reason: 'ready' | 'budget') => {
      if (keyTimer) clearTimeout(keyTimer);
      keyTimer = null;
      if (!keyFile || privateDir.isRemoved || !existsSync(keyFile)) return;
      try {
        rmSync(keyFile, { force: true });
        emit({ type: 'key-removed', reason });
      } catch {
        // removed with the private dir at the exit at the latest
      }
    };
    if (keyFile) {
      const left = (options.keyBudgetMs ?? BROKER_KEY_BUDGET_MS) - (keyAgeMs ?? 0);
      keyTimer = setTimeout(() => removeKey('budget'), Math.max(0, left));
      keyTimer.unref();
    }

    for (const stream of ['stdout', 'stderr'] as const) {
      const splitter = new LineSplitter();
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (chunk: string) => {
        for (const line of splitter.push(chunk)) {
          if (!line || isSecretLine(line)) continue;
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          emit({ type: 'output', stream, line });
          if (!readySeen && built.readyLine?.test(line)) {
            readySeen = true;
            emit({ type: 'ready' });
            removeKey('ready');
            setTimeout(() => running?.markReady(), READY_GRACE_MS).unref();
          }
        }
      });
    }

    const started = now();
    const exited = new Promise<ClientExit>((resolve) => {
      child.once('exit', (code, sig) => {
        if (keyTimer) clearTimeout(keyTimer);
        const exit = { code, signal: sig, lastLines: tail, runMs: now() - started };
        recordClientExit(built.client, exit); // diagnostics bundle (docs/diagnostics.md)
        emit({ type: 'exited', exit });
        resolve(exit);
      });
    });
    const done = exited.then(async (exit) => {
      let killed: number[];
      try {
        killed = await endLeftovers(runId, child.pid ?? -1);
      } finally {
        privateDir.remove(); // even if ending the leftovers failed
      }
      emit({ type: 'cleaned', killed, removedDir: privateDir.path });
      return exit;
    });
    running = new RunningClient(child, built, runId, exited, done);
    emit({ type: 'started', pid: running.pid, runId, argv: built.argv, keyAgeMs });
    return running;
  }
}

/**
 * End what the client left behind: processes with our marker (Linux) and the client's
 * process group. Helpers get 2 s to go by themselves (nxproxy, ssh), then SIGTERM, then
 * SIGKILL; x2goclient's --unixhelper ignores SIGTERM and only waits to SIGKILL the group.
 */
async function endLeftovers(runId: string, groupPid: number): Promise<number[]> {
  const killed = new Set<number>();
  const isHelper = (pid: number) => commandLine(pid).includes('--unixhelper');
  for (let i = 0; i < 20 && markedProcesses(runId).some((p) => !isHelper(p)); i++) await sleep(100);
  let left = markedProcesses(runId);
  if (process.platform !== 'linux' && groupPid > 0) signal(-groupPid, 'SIGTERM');
  for (const pid of left) {
    if (isHelper(pid)) continue;
    signal(pid, 'SIGTERM');
    killed.add(pid);
  }
  for (let i = 0; i < 10 && markedProcesses(runId).some((p) => !isHelper(p)); i++) await sleep(100);
  for (let round = 0; round < 30; round++) {
    left = markedProcesses(runId);
    if (left.length === 0) break;
    for (const pid of left) {
      signal(pid, 'SIGKILL');
      killed.add(pid);
    }
    await sleep(100);
  }
  return [...killed];
}
