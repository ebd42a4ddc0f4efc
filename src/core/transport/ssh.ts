// The ssh:// broker transport (docs/protocol.md §5, docs/ssh-brokers.md): logs in to the
// broker host with ssh2 (pure JavaScript), runs the broker command once per request over ONE
// SSH connection per transport (list and select reuse it; closed on close() or after an idle
// time), and turns stdout/stderr/exit status into the plain reply or a LauncherError
// (ssh-command.ts).
// Host keys are checked like OpenSSH (known-hosts.ts); authentication follows OpenSSH's order
// (ssh-auth.ts); questions go through an SshPrompter (CLI: TTY, GUI: dialogs).
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import ssh2 from 'ssh2';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { LauncherError, isLauncherError } from '../errors';
import type { BrokerUrl } from '../broker/url';
import {
  DEFAULT_GLOBAL_KNOWN_HOSTS_FILES,
  checkOrAcceptHostKey,
  defaultUserKnownHostsFiles,
  knownKeyTypes,
  readKnownHostsFiles,
} from './known-hosts';
import { SshAuthenticator } from './ssh-auth';
import type { SshAuthOptions } from './ssh-auth';
import { brokerArgv, interpretResult, remoteCommand } from './ssh-command';
import type { SshPrompter } from './ssh-prompter';
import { DEFAULT_LIMITS } from './types';
import type {
  BrokerReply,
  BrokerRequest,
  BrokerTransport,
  SendOptions,
  TransportLimits,
} from './types';

export interface SshKnownHostsOptions {
  /** The user's files, read and (first one) written; default ~/.ssh/known_hosts{,2}. */
  userFiles?: string[];
  /** More files to read, never written (`--known-hosts FILE`, an admin's file). */
  extraFiles?: string[];
  /** System files; default /etc/ssh/ssh_known_hosts{,2}. */
  globalFiles?: string[];
}

export interface SshTransportOptions extends Omit<SshAuthOptions, 'password'> {
  /** SSH login user; default the URL's user@, else the first request's user, else the local user. */
  username?: string;
  /** SSH password; default the first request's password (the session's sign-in password). */
  password?: string;
  knownHosts?: SshKnownHostsOptions;
  /** Unknown host key: append it to the first user known_hosts file (`--add-to-known-hosts`). */
  addToKnownHosts?: boolean;
  prompter?: SshPrompter;
  /** Time allowed for authentication, not counting time spent waiting for a person (ms). */
  authTimeoutMs?: number;
  /** Close the connection after this long without a request (ms); 0 = keep until close(). */
  idleTimeoutMs?: number;
  /** Largest stderr kept for error messages (bytes). */
  maxStderrBytes?: number;
}

/** What `run()` returns: decoded output, exit status (null = none / died from a signal). */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: string | null;
}

export const DEFAULT_SSH_AUTH_TIMEOUT_MS = 30_000;
export const DEFAULT_SSH_IDLE_TIMEOUT_MS = 5 * 60_000;

export class SshTransport implements BrokerTransport {
  readonly url: BrokerUrl;
  private readonly limits: TransportLimits;
  private connection: Promise<Client> | null = null;
  private client: Client | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private loginUser: string | null;
  /** The SSH password once known (memory only): a reconnect after idle needs it again. */
  private password: string | undefined;
  private connectCount = 0;
  /** Requests running now: the idle timer only starts when this is 0. */
  private inflight = 0;
  /** Abandons a login in progress (close() during a prompt must not wait for the person). */
  private abandonLogin: (() => void) | null = null;

  constructor(
    url: BrokerUrl,
    private readonly options: SshTransportOptions = {},
    limits: Partial<TransportLimits> = {},
  ) {
    if (url.scheme !== 'ssh')
      throw new LauncherError(
        'internal.transport-scheme',
        { scheme: url.scheme },
        `Not an ssh:// URL: ${url.display}`,
      );
    this.url = url;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.loginUser = options.username ?? url.user ?? null;
    this.password = options.password;
  }

  /** How many SSH connections this transport opened (one per broker session is the goal). */
  get connections(): number {
    return this.connectCount;
  }

  /** Whether an SSH connection is open (or being opened) right now. */
  get isConnected(): boolean {
    return this.connection !== null;
  }

  private get where(): string {
    return `${this.url.host}:${this.url.port}`;
  }

  async send(request: BrokerRequest, options: SendOptions = {}): Promise<BrokerReply> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    this.stopIdleTimer();
    this.inflight++;
    try {
      const client = await this.connect(request, signal);
      const login = this.loginUser!;
      const marker = `X2GODATABEGIN:${randomUUID()}`;
      const command = remoteCommand(brokerArgv(this.url.path, request, login), marker);
      const result = await this.exec(client, command, signal);
      const body = interpretResult(result, marker, `${login}@${this.where}`);
      return { body, contentType: null };
    } finally {
      this.inflight--;
      this.startIdleTimer();
    }
  }

  /**
   * Run one program that is not the broker (e.g. `x2goterminate-session NAME` on an X2Go
   * server) over this transport's connection — same host-key check, login and limits.
   * Every word is shell-quoted (remoteCommand); what the login shell prints before the marker
   * line is cut off stdout. Exit status and stderr are the caller's to interpret.
   */
  async run(argv: readonly string[], options: SendOptions = {}): Promise<RunResult> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    this.stopIdleTimer();
    this.inflight++;
    try {
      const client = await this.connect({}, signal);
      const marker = `X2GODATABEGIN:${randomUUID()}`;
      const result = await this.exec(client, remoteCommand(argv, marker), signal);
      const stdout = result.stdout.toString('utf8');
      const at = stdout.indexOf(`${marker}\n`);
      return {
        stdout: at < 0 ? stdout : stdout.slice(at + marker.length + 1),
        stderr: result.stderr.toString('utf8'),
        code: result.code,
        signal: result.signal,
      };
    } finally {
      this.inflight--;
      this.startIdleTimer();
    }
  }

  async close(): Promise<void> {
    this.stopIdleTimer();
    // A login still in progress (maybe waiting for a prompt) is abandoned, not awaited.
    this.abandonLogin?.();
    const pending = this.connection;
    this.connection = null;
    const client = this.client ?? (await pending?.catch(() => null)) ?? null;
    this.client = null;
    if (client) await endClient(client);
  }

  private startIdleTimer(): void {
    const ms = this.options.idleTimeoutMs ?? DEFAULT_SSH_IDLE_TIMEOUT_MS;
    if (ms <= 0 || !this.connection || this.inflight > 0) return;
    this.idleTimer = setTimeout(() => void this.close(), ms);
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** The open connection, or a new one (connect, verify host key, authenticate). */
  private connect(
    request: Pick<BrokerRequest, 'user' | 'password'>,
    signal?: AbortSignal,
  ): Promise<Client> {
    if (this.connection) return this.connection;
    this.loginUser ??= request.user || userInfo().username;
    // BrokerSession sends its sign-in password only until it holds a cookie: keep it for
    // reconnects (after the idle timeout) so they need no new prompt.
    if (request.password !== undefined) this.password = request.password;
    const p = this.open(this.loginUser, this.password, signal);
    this.connection = p;
    p.catch(() => {
      if (this.connection === p) this.connection = null;
    });
    return p;
  }

  private open(user: string, password: string | undefined, signal?: AbortSignal): Promise<Client> {
    const { host, port } = this.url;
    const opts = this.options;
    const client = new ssh2.Client();
    this.connectCount++;
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      let hostKeyError: LauncherError | null = null;
      let phase: 'connect' | 'auth' = 'connect';
      const timer = new PhaseTimer(() => {
        fail(
          new LauncherError(
            phase === 'connect' ? 'ssh.timeout.handshake' : 'ssh.timeout.login',
            {
              where: `${host}:${port}`,
              ms:
                phase === 'connect'
                  ? this.limits.connectTimeoutMs
                  : (opts.authTimeoutMs ?? DEFAULT_SSH_AUTH_TIMEOUT_MS),
            },
            phase === 'connect'
              ? `No SSH handshake with ${host}:${port} within ${this.limits.connectTimeoutMs} ms.`
              : `SSH authentication at ${host}:${port} took longer than ${opts.authTimeoutMs ?? DEFAULT_SSH_AUTH_TIMEOUT_MS} ms.`,
            { hint: 'Is the host and port right and the SSH server up? Slow network?' },
          ),
        );
      });
      const onAbort = (): void => fail(cancelled());
      const fail = (e: LauncherError): void => {
        if (settled) return;
        settled = true;
        this.abandonLogin = null;
        timer.clear();
        signal?.removeEventListener('abort', onAbort);
        client.removeAllListeners('ready');
        client.on('error', () => {}); // late errors of a dead connection
        client.destroy();
        reject(e);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.abandonLogin = () =>
        fail(
          new LauncherError(
            'ssh.login-abandoned',
            { where: `${host}:${port}` },
            `SSH login to ${host}:${port} abandoned (transport closed).`,
          ),
        );

      const auth = new SshAuthenticator(
        user,
        host,
        port,
        { ...opts, password, prompter: opts.prompter },
        { onPromptStart: () => timer.pause(), onPromptEnd: () => timer.resume() },
      );
      const authHandler = ((
        methodsLeft: Parameters<typeof auth.handler>[0],
        partial: Parameters<typeof auth.handler>[1],
        next: Parameters<typeof auth.handler>[2],
      ) => {
        if (phase === 'connect') {
          // Handshake done and host key accepted: the auth phase has its own budget.
          phase = 'auth';
          timer.start(opts.authTimeoutMs ?? DEFAULT_SSH_AUTH_TIMEOUT_MS);
        }
        auth.handler(methodsLeft, partial, next);
      }) as unknown as ConnectConfig['authHandler'];

      const knownFiles = [
        ...(opts.knownHosts?.userFiles ?? defaultUserKnownHostsFiles()),
        ...(opts.knownHosts?.extraFiles ?? []),
        ...(opts.knownHosts?.globalFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS_FILES),
      ];
      const entries = readKnownHostsFiles(knownFiles);
      const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
        this.verifyHostKey(key, entries, timer)
          .then(() => verify(true))
          .catch((e: unknown) => {
            hostKeyError = isLauncherError(e)
              ? e
              : new LauncherError(
                  'ssh.host-key-check-failed',
                  { reason: String(e) },
                  `Host key check failed: ${String(e)}`,
                );
            verify(false);
          });
      };

      client.on('ready', () => {
        if (settled) return;
        settled = true;
        this.abandonLogin = null;
        timer.clear();
        signal?.removeEventListener('abort', onAbort);
        this.client = client;
        client.on('close', () => {
          // The server went away (restart, idle kick): the next request reconnects.
          if (this.client === client) {
            this.client = null;
            this.connection = null;
          }
        });
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string; code?: string | number }) => {
        if (err.level === 'agent') return; // agent unreachable: ssh2 goes on with the next method
        if (hostKeyError) return fail(hostKeyError);
        if (err.level === 'client-authentication') return fail(auth.failure());
        // sshd ends the login itself, e.g. after MaxAuthTries refusals (many agent keys).
        // (an SSH DISCONNECT: ssh2 sets a numeric reason code; socket errors have string codes)
        if (phase === 'auth' && typeof err.code !== 'string')
          return fail(auth.failure(err.message));
        fail(connectError(err, host, port));
      });
      client.on('close', () => {
        if (hostKeyError) return fail(hostKeyError);
        fail(
          new LauncherError(
            phase === 'connect' ? 'ssh.closed.handshake' : 'ssh.closed.login',
            { where: `${host}:${port}` },
            `The SSH connection to ${host}:${port} closed during ${phase === 'connect' ? 'the handshake' : 'authentication'}.`,
          ),
        );
      });

      timer.start(this.limits.connectTimeoutMs);
      const preferred = knownKeyTypes(entries, host, port);
      try {
        client.connect({
          host,
          port,
          username: user,
          readyTimeout: 0, // our PhaseTimer does it, without counting prompts
          keepaliveInterval: 15_000,
          keepaliveCountMax: 3,
          hostVerifier: hostVerifier,
          authHandler,
          // Prefer the key types known_hosts has for this host, as OpenSSH does.
          ...(preferred.length
            ? { algorithms: { serverHostKey: preferHostKeyAlgorithms(preferred) as never } }
            : {}),
        });
      } catch (e) {
        fail(
          new LauncherError(
            'ssh.start-failed',
            { reason: (e as Error).message },
            `Cannot start SSH: ${(e as Error).message}`,
          ),
        );
      }
    });
  }

  /** OpenSSH's decision on the host key (known-hosts.ts); resolves when it may be trusted. */
  private async verifyHostKey(
    key: Buffer,
    entries: ReturnType<typeof readKnownHostsFiles>,
    timer: PhaseTimer,
  ): Promise<void> {
    const { host, port } = this.url;
    const opts = this.options;
    const confirm = opts.prompter?.confirmUnknownHostKey?.bind(opts.prompter);
    await checkOrAcceptHostKey(host, port, key, {
      entries,
      userFile: (opts.knownHosts?.userFiles ?? defaultUserKnownHostsFiles())[0],
      addToKnownHosts: opts.addToKnownHosts === true,
      // the person's time does not count against the handshake's budget
      ...(confirm
        ? {
            confirm: async (...args: Parameters<typeof confirm>) => {
              timer.pause();
              try {
                return await confirm(...args);
              } finally {
                timer.resume();
              }
            },
          }
        : {}),
    });
  }

  /** Run one command; collect capped stdout/stderr; resolve on channel close. */
  private exec(
    client: Client,
    command: string,
    signal?: AbortSignal,
  ): Promise<Parameters<typeof interpretResult>[0]> {
    const maxOut = this.limits.maxReplyBytes;
    const maxErr = this.options.maxStderrBytes ?? 64 * 1024;
    const where = this.where;
    return new Promise((resolve, reject) => {
      let channel: ClientChannel | null = null;
      let done = false;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outBytes = 0;
      let errBytes = 0;
      let code: number | null = null;
      let sig: string | null = null;
      const finish = (e: LauncherError | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (e) {
          channel?.close();
          reject(e);
        } else {
          resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, signal: sig });
        }
      };
      const timer = setTimeout(
        () =>
          finish(
            new LauncherError(
              'ssh-broker.timeout',
              { where, ms: this.limits.requestTimeoutMs },
              `The SSH broker command at ${where} did not finish within ${this.limits.requestTimeoutMs} ms.`,
            ),
          ),
        this.limits.requestTimeoutMs,
      );
      const onAbort = (): void => finish(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      const onClientClose = (): void =>
        finish(
          new LauncherError(
            'ssh.closed.request',
            { where },
            `The SSH connection to ${where} closed during a request.`,
          ),
        );
      client.once('close', onClientClose);

      client.exec(command, (e, ch) => {
        if (e) {
          client.removeListener('close', onClientClose);
          return finish(
            new LauncherError(
              'ssh-broker.exec-refused',
              { where, reason: e.message },
              `The SSH server at ${where} refused to run the broker command: ${e.message}`,
            ),
          );
        }
        channel = ch;
        if (done) return void ch.close();
        ch.on('data', (d: Buffer) => {
          outBytes += d.length;
          if (outBytes > maxOut)
            return finish(
              new LauncherError(
                'ssh-broker.reply-too-large',
                { limit: maxOut },
                `The SSH broker's reply is larger than ${maxOut} bytes: refused.`,
              ),
            );
          out.push(d);
        });
        ch.stderr.on('data', (d: Buffer) => {
          if (errBytes < maxErr) err.push(d.subarray(0, maxErr - errBytes));
          errBytes += d.length;
        });
        ch.on('exit', (c: number | null, s?: string) => {
          code = typeof c === 'number' ? c : null;
          sig = s ?? null;
        });
        ch.on('close', () => {
          client.removeListener('close', onClientClose);
          finish(null);
        });
      });
    });
  }
}

/** A timeout that can be paused while a person answers a prompt. */
class PhaseTimer {
  private handle: NodeJS.Timeout | null = null;
  private remaining = 0;
  private startedAt = 0;
  private paused = 0;

  constructor(private readonly onExpire: () => void) {}

  start(ms: number): void {
    this.clear();
    this.remaining = ms;
    this.arm();
  }
  pause(): void {
    if (this.paused++ > 0 || !this.handle) return;
    clearTimeout(this.handle);
    this.handle = null;
    this.remaining -= Date.now() - this.startedAt;
  }
  resume(): void {
    if (this.paused === 0 || --this.paused > 0) return;
    this.arm();
  }
  clear(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.paused = 0;
  }
  private arm(): void {
    if (this.remaining <= 0) this.remaining = 1;
    this.startedAt = Date.now();
    this.handle = setTimeout(this.onExpire, this.remaining);
  }
}

// ssh2's default host key algorithm order (ssh2 1.17, Node with Ed25519).
const DEFAULT_HOST_KEY_ALGOS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];
const ALGOS_OF_KEY_TYPE: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** The host key algorithms with those of the key types known_hosts has moved to the front. */
export function preferHostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const first = knownTypes
    .flatMap((t) => ALGOS_OF_KEY_TYPE[t] ?? [t])
    .filter((a) => DEFAULT_HOST_KEY_ALGOS.includes(a));
  return [...new Set([...first, ...DEFAULT_HOST_KEY_ALGOS])];
}

function connectError(
  err: Error & { code?: string | number; level?: string },
  host: string,
  port: number,
): LauncherError {
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (
    code === 'ECONNREFUSED' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'ECONNRESET'
  )
    return new LauncherError(
      'ssh.unreachable',
      { where: `${host}:${port}`, error: code },
      `Cannot connect to the SSH broker at ${host}:${port} (${code}).`,
      {
        code,
        hint: 'Is the host and port right and the SSH server running?',
      },
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new LauncherError(
      'ssh.unresolved',
      { host, error: code },
      `The SSH broker host ${host} cannot be resolved (${code}).`,
      { code },
    );
  if (code === 'ETIMEDOUT')
    return new LauncherError(
      'ssh.timeout.connect',
      { where: `${host}:${port}` },
      `Connecting to ${host}:${port} timed out.`,
      { code },
    );
  return new LauncherError(
    err.level === 'protocol' || err.level === 'handshake'
      ? 'ssh.handshake-failed'
      : 'ssh.connect-failed',
    { where: `${host}:${port}`, reason: err.message },
    `SSH connection to ${host}:${port} failed: ${err.message}`,
    code ? { code } : {},
    { cause: err },
  );
}

function cancelled(): LauncherError {
  return new LauncherError('broker.cancelled', {}, 'The SSH broker request was cancelled.');
}

function endClient(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      client.destroy();
      resolve();
    }, 2000);
    t.unref();
    client.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    client.on('error', () => {});
    client.end();
  });
}
