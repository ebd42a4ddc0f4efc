// The X2Go server's SSH host key, verified by the launcher BEFORE a client is started
// (docs/host-keys.md). The broker names the server (`SERVER:`), and the broker is untrusted:
// a client must never log in (pushed key, agent, password, shared folders) to a host whose
// key nobody accepted. So the launcher opens its own SSH connection to SERVER host:port,
// completes the key exchange (ssh2 checks the server's signature over it, so the server holds
// the private key), takes the host key and closes — it never authenticates: no user name,
// key or password is sent. The key is judged with exactly the SSH broker's rules
// (known-hosts.ts checkOrAcceptHostKey); the client is then confined to that one key
// (pyhoca-cli: a private known_hosts with only it, see pyhoca-host-key-policy.ts;
// x2goclient: the key is in the known_hosts its libssh reads).

import { userInfo } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { LauncherError } from '../errors';
import {
  DEFAULT_GLOBAL_KNOWN_HOSTS_FILES,
  addKnownHost,
  checkHostKey,
  checkOrAcceptHostKey,
  fingerprintSha256,
  keyTypeOfBlob,
  knownHostsName,
  knownKeyTypes,
  readKnownHostsFiles,
  type KnownHostsEntry,
} from '../transport/known-hosts';
import { preferHostKeyAlgorithms, type SshKnownHostsOptions } from '../transport/ssh';
import type { SshPrompter } from '../transport/ssh-prompter';

/** Longest the host key fetch may take, TCP connect to end of key exchange (ms). */
export const DEFAULT_HOST_KEY_TIMEOUT_MS = 10_000;

/**
 * A user name that is never sent: the connection ends before authentication. ssh2 wants one
 * in its config; it is not the session user, so even a bug here could not log that user in.
 */
const NEVER_SENT_USER = 'x2go-launcher-host-key-check';

/** Options of fetching an SSH server's host key (docs/host-keys.md); times in ms. */
export interface FetchHostKeyOptions {
  /** Deadline for connect + key exchange (ms), default DEFAULT_HOST_KEY_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Key types to negotiate first (those known_hosts has for the host, as OpenSSH does). */
  preferredKeyTypes?: string[];
  signal?: AbortSignal;
}

/**
 * Loads the SSH library now. The app's bundle loads ssh2 on first use (0.1–0.4 s of compiling),
 * which would otherwise fall between a click on a tile and the client's start; the app calls
 * this once the catalogue is shown. Returns whether the library is usable.
 */
export function warmHostKeyCheck(): boolean {
  return typeof ssh2.Client === 'function';
}

/**
 * Connect to host:port, run the SSH key exchange and return the server's host key blob (the
 * SSH wire form, as in known_hosts' base64 field). Never authenticates. Ends the connection
 * at once. Throws LauncherError: 'unreachable' (refused, reset, DNS), 'timeout' (deadline),
 * 'protocol' (not an SSH server, failed key exchange or signature), 'cancelled' (signal).
 */
export function fetchHostKey(
  host: string,
  port: number,
  options: FetchHostKeyOptions = {},
): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HOST_KEY_TIMEOUT_MS;
  const { signal } = options;
  const where = `the X2Go server ${host}:${port}`;
  const client = new ssh2.Client();
  return new Promise<Buffer>((resolve, reject) => {
    let offered: Buffer | null = null;
    let settled = false;
    const finish = (error: LauncherError | null, key?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      client.on('error', () => {}); // late errors of the closed connection
      client.destroy();
      if (error) reject(error);
      else resolve(key!);
    };
    const onAbort = (): void =>
      finish(
        new LauncherError(
          'server-key.cancelled',
          { where },
          `The host key check of ${where} was cancelled.`,
        ),
      );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () =>
        finish(
          new LauncherError(
            'server-key.timeout',
            { where, ms: timeoutMs },
            `No SSH handshake with ${where} within ${timeoutMs} ms.`,
            {
              hint: 'Is the server up and its SSH port reachable from here?',
            },
          ),
        ),
      timeoutMs,
    );
    // 'handshake' comes after NEWKEYS, when ssh2 has checked the server's signature over the
    // exchange with this key: only then is the key the server's own.
    client.on('handshake', () => {
      if (offered) finish(null, offered);
      else
        finish(
          new LauncherError(
            'server-key.no-exchange',
            { where },
            `${where} completed no host key exchange.`,
          ),
        );
    });
    client.on('error', (err: Error & { code?: string | number; level?: string }) =>
      finish(fetchError(err, where)),
    );
    client.on('close', () =>
      finish(
        new LauncherError(
          'server-key.closed',
          { where },
          `${where} closed the connection during the handshake.`,
        ),
      ),
    );
    const preferred = options.preferredKeyTypes ?? [];
    try {
      client.connect({
        host,
        port,
        username: NEVER_SENT_USER,
        readyTimeout: 0, // our deadline covers it
        hostVerifier: (key: Buffer) => {
          offered = Buffer.from(key);
          return true; // judged after the signature check (on 'handshake'), never here
        },
        // belt and braces: should the connection outlive 'handshake', no method is tried
        authHandler: () => false,
        ...(preferred.length
          ? { algorithms: { serverHostKey: preferHostKeyAlgorithms(preferred) as never } }
          : {}),
      });
    } catch (e) {
      finish(
        new LauncherError(
          'server-key.start-failed',
          { where, reason: (e as Error).message },
          `Cannot check ${where}: ${(e as Error).message}`,
        ),
      );
    }
  });
}

function fetchError(
  err: Error & { code?: string | number; level?: string },
  where: string,
): LauncherError {
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code === 'ETIMEDOUT')
    return new LauncherError(
      'server.timeout.connect',
      { where },
      `Connecting to ${where} timed out.`,
      { code },
    );
  if (code)
    return new LauncherError(
      'server.unreachable',
      { where, error: code },
      `Cannot connect to ${where} (${code}).`,
      {
        code,
        hint: 'Is the server up and its SSH port reachable from here? (The broker chose this server.)',
      },
    );
  return new LauncherError(
    'server-key.handshake-failed',
    { where, reason: err.message },
    `The SSH handshake with ${where} failed: ${err.message}`,
    {},
    { cause: err },
  );
}

/** The known_hosts file x2goclient's libssh reads and writes: ~/.ssh of the passwd entry. */
export function libsshKnownHostsFile(): string {
  // libssh takes the home directory from getpwuid(), not $HOME (ssh_get_user_home_dir)
  return join(userInfo().homedir, '.ssh', 'known_hosts');
}

/**
 * Where known host keys are read and accepted ones written, and how to ask the user
 * (docs/host-keys.md).
 */
export interface ServerHostKeyOptions {
  /**
   * The user's files (read; an accepted key goes to the first), the admin's and
   * `--known-hosts` files (`extraFiles`, read only), the system's (`globalFiles`).
   * Defaults as for the SSH broker: ~/.ssh/known_hosts{,2} of `home`, /etc/ssh/….
   */
  knownHosts?: SshKnownHostsOptions;
  /** Home for the default user files (default: the caller's $HOME). */
  home?: string;
  /** More files that count but are never written (x2goclient's libssh file). */
  clientFiles?: string[];
  /** `--add-to-known-hosts`: accept an unknown key (a changed or revoked one never). */
  addToKnownHosts?: boolean;
  /** The GUI's question for an unknown key; none = refused (the CLI). */
  prompter?: Pick<SshPrompter, 'confirmUnknownHostKey'>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * A fetch of this server's key started earlier in the same launch (prefetchHostKey, at the
   * click, while the broker answers selectsession). Used instead of a new fetch only when it
   * is for the same host, port and preferred key types and at most PREFETCH_MAX_AGE_MS old;
   * otherwise cancelled. The key is judged here exactly as a fetched one.
   */
  prefetched?: HostKeyPrefetch;
}

/**
 * Longest a key fetched ahead (prefetchHostKey) may stand in for the check's own fetch, from
 * the moment the fetch began (ms): one launch, not a cache across launches.
 */
export const PREFETCH_MAX_AGE_MS = 10_000;

/**
 * A key exchange with an X2Go server started before the launch knows for sure that this is
 * its server: the broker's listing names the profile's host, selectsession confirms (or
 * names another). Holds only the fetched key, never a verdict: verifyServerHostKey judges it.
 */
export interface HostKeyPrefetch {
  host: string;
  port: number;
  /** The key types negotiated first (from known_hosts, as verifyServerHostKey computes them). */
  preferredKeyTypes: readonly string[];
  /** Date.now() when the fetch began. */
  startedAt: number;
  /** The key blob once the key exchange (with the server's signature) is complete. */
  key: Promise<Buffer>;
  /** Ends the connection if it is still under way (idempotent). */
  cancel(): void;
}

/** The known_hosts files a check reads (user files first: an accepted key goes there). */
function knownHostsFilesFor(options: ServerHostKeyOptions): {
  userFiles: string[];
  files: string[];
} {
  const home = options.home ?? process.env.HOME ?? userInfo().homedir;
  const userFiles = options.knownHosts?.userFiles ?? userFilesOf(home);
  const files = [
    ...new Set([
      ...userFiles,
      ...(options.clientFiles ?? []),
      ...(options.knownHosts?.extraFiles ?? []),
      ...(options.knownHosts?.globalFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS_FILES),
    ]),
  ];
  return { userFiles, files };
}

/**
 * Starts fetching the host key of host:port with the key types the check with `options` would
 * prefer (bench B4: the key exchange runs while the broker answers selectsession instead of
 * after it). Nothing is judged or written; a rejection is kept for the check, which then
 * fetches anew. Cancel it when the launch ends without a check.
 */
export function prefetchHostKey(
  host: string,
  port: number,
  options: Pick<ServerHostKeyOptions, 'knownHosts' | 'home' | 'clientFiles' | 'timeoutMs'> = {},
): HostKeyPrefetch {
  const { files } = knownHostsFilesFor(options);
  const preferredKeyTypes = knownKeyTypes(readKnownHostsFiles(files), host, port);
  const stop = new AbortController();
  const key = fetchHostKey(host, port, {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    preferredKeyTypes,
    signal: stop.signal,
  });
  key.catch(() => undefined); // judged (or dropped) by the check, never unhandled
  return { host, port, preferredKeyTypes, startedAt: Date.now(), key, cancel: () => stop.abort() };
}

/** The prefetched key for this check, or null when it is for another server, types or time. */
function prefetchedFor(
  ahead: HostKeyPrefetch | undefined,
  host: string,
  port: number,
  preferredKeyTypes: readonly string[],
): HostKeyPrefetch | null {
  if (!ahead) return null;
  const usable =
    ahead.host === host &&
    ahead.port === port &&
    ahead.preferredKeyTypes.length === preferredKeyTypes.length &&
    ahead.preferredKeyTypes.every((t, i) => t === preferredKeyTypes[i]) &&
    Date.now() - ahead.startedAt <= PREFETCH_MAX_AGE_MS;
  if (!usable) ahead.cancel();
  return usable ? ahead : null;
}

/** A host key the launcher has verified for one server. */
export interface VerifiedHostKey {
  host: string;
  port: number;
  /** The key blob (SSH wire form). */
  key: Buffer;
  keyType: string;
  /** `SHA256:…` as ssh prints it. */
  fingerprint: string;
  /** known: a known_hosts entry vouched for it; accepted: by flag or person, now written. */
  status: 'known' | 'accepted';
  /** known: `file:line` of the entry; accepted: the file written (null: none). */
  source: string | null;
  /** Milliseconds the check took (connect + key exchange + judging, without a person). */
  ms: number;
  /** The key came from a prefetch begun this many ms before the check (prefetchHostKey). */
  fetchedAheadMs?: number;
}

/** The user's default known_hosts files under `home` (ssh's order). */
function userFilesOf(home: string): string[] {
  return [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')];
}

/**
 * Fetch the host key of the X2Go server host:port and judge it like the SSH broker's
 * (checkOrAcceptHostKey): known → resolves; unknown → accepted only with addToKnownHosts or
 * the prompter's yes (then appended to the user's known_hosts); changed or revoked → refused.
 * Throws LauncherError ('host-key', exit 4, with the fingerprint; or fetchHostKey's kinds).
 */
export async function verifyServerHostKey(
  host: string,
  port: number,
  options: ServerHostKeyOptions = {},
): Promise<VerifiedHostKey> {
  const started = Date.now();
  const { userFiles, files } = knownHostsFilesFor(options);
  const entries = readKnownHostsFiles(files);
  const preferredKeyTypes = knownKeyTypes(entries, host, port);
  const fetchNow = () =>
    fetchHostKey(host, port, {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      preferredKeyTypes,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const ahead = prefetchedFor(options.prefetched, host, port, preferredKeyTypes);
  let key: Buffer;
  if (ahead) {
    const cancel = () => ahead.cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      // the same exchange this check would run; had it failed, the check's own fetch decides
      key = await ahead.key.catch(fetchNow);
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  } else key = await fetchNow();
  const fetchedMs = Date.now() - started;
  let personMs = 0;
  const prompter = options.prompter;
  const outcome = await checkOrAcceptHostKey(host, port, key, {
    entries,
    userFile: userFiles[0],
    addToKnownHosts: options.addToKnownHosts === true,
    role: 'the X2Go server',
    ...(prompter?.confirmUnknownHostKey
      ? {
          confirm: async (h: string, p: number, type: string, fp: string) => {
            const asked = Date.now();
            try {
              return await prompter.confirmUnknownHostKey!(h, p, type, fp);
            } finally {
              personMs = Date.now() - asked;
            }
          },
        }
      : {}),
  });
  return {
    host,
    port,
    key,
    keyType: keyTypeOfBlob(key),
    fingerprint: fingerprintSha256(key),
    status: outcome.status,
    source:
      outcome.status === 'known' ? `${outcome.entry.file}:${outcome.entry.line}` : outcome.file,
    ms: Math.max(fetchedMs, Date.now() - started - personMs),
    ...(ahead ? { fetchedAheadMs: started - ahead.startedAt } : {}),
  };
}

/**
 * The names a client looks the server up under in known_hosts. `host` / `[host]:port` as
 * ssh; Python X2Go connects to (and so looks up) 127.0.0.1 when told `localhost`
 * (X2GoControlSession.connect), so that name is added for it.
 */
export function clientLookupNames(host: string, port: number): string[] {
  const names = [knownHostsName(host, port)];
  // paramiko's HostKeys.lookup compares names exactly and python-x2go does not lower-case
  // them: `SERVER:Srv.Example` is looked up as sent (OpenSSH/libssh fold ASCII case)
  const asSent = port === 22 ? host : `[${host}]:${port}`;
  if (!names.includes(asSent)) names.push(asSent);
  if (/^localhost(\.localdomain)?$/i.test(host)) names.push(knownHostsName('127.0.0.1', port));
  return names;
}

/**
 * One known_hosts text holding ONLY the verified key, under every name the client may look
 * the server up by (pyhoca-cli's private $HOME/.ssh/known_hosts). Plain lines with single
 * spaces: the one form paramiko reads.
 */
export function confinedKnownHosts(verified: VerifiedHostKey): string {
  const blob = verified.key.toString('base64');
  return clientLookupNames(verified.host, verified.port)
    .map((name) => `${name} ${verified.keyType} ${blob}\n`)
    .join('');
}

/**
 * x2goclient checks the server key itself, with libssh, against `libsshFile` (the passwd
 * home's ~/.ssh/known_hosts) and the system file; a key it does not find there it offers to
 * the user in its own dialog. So that it meets exactly the key verified here, that key is
 * appended to `libsshFile` when libssh would not find it already (it was vouched for by the
 * admin's file or accepted into a user file elsewhere). A changed key there was refused
 * before (the file is read by verifyServerHostKey). Returns the line written, or null.
 */
export function ensureKnownToLibssh(
  verified: VerifiedHostKey,
  libsshFile: string = libsshKnownHostsFile(),
  globalFiles: readonly string[] = DEFAULT_GLOBAL_KNOWN_HOSTS_FILES.slice(0, 1),
): string | null {
  const entries: KnownHostsEntry[] = readKnownHostsFiles([libsshFile, ...globalFiles]);
  if (checkHostKey(entries, verified.host, verified.port, verified.key).status === 'known')
    return null;
  return addKnownHost(libsshFile, verified.host, verified.port, verified.key);
}
