// The hand-off in one place, for the CLI and the GUI: choose how to log in, make the private
// directory (sweeping stale ones), put the broker's key there, build the client's command
// line and session file, verify the X2Go server's host key and confine the client to it,
// and start it — at once, because a broker-pushed key is valid only for about 20 s after
// selectsession.

import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrokerProfile, SelectedSession } from '../../shared/model';
import { LauncherError } from '../errors';
import { findClient, type FindClientOptions } from './find-client';
import { PrivateDir, sweepStaleDirs } from './private-dir';
import { RunningClient, type LaunchEvent } from './process';
import { PYHOCA_KNOWN_HOSTS, pyhocaCliLauncher, withConfinedKnownHosts } from './pyhoca-cli';
import {
  confinedKnownHosts,
  ensureKnownToLibssh,
  libsshKnownHostsFile,
  prefetchHostKey,
  verifyServerHostKey,
  type HostKeyPrefetch,
  type ServerHostKeyOptions,
  type VerifiedHostKey,
} from './server-host-key';
import type {
  BuiltLaunch,
  ClientKind,
  ClientLauncher,
  ClientLaunchOptions,
  LaunchPlan,
  SessionLogin,
} from './types';
import { x2goclientLauncher } from './x2goclient';

/** The launcher of each supported client. */
export const LAUNCHERS: Readonly<Record<ClientKind, ClientLauncher>> = {
  x2goclient: x2goclientLauncher,
  'pyhoca-cli': pyhocaCliLauncher,
};

/**
 * File name (in the private directory, mode 0600) of the key the broker pushed (docs/protocol.md §8.3).
 */
export const BROKER_KEY_FILE = 'session.key';

/** A user/admin-configured key file (`--ssh-key`): must be a readable file. */
function checkKeyFile(file: string): string {
  const path = resolve(file);
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new LauncherError(
      'ssh-key.unusable',
      { path, reason: (e as Error).message },
      `SSH key ${path} cannot be used: ${(e as Error).message}`,
      {
        hint: 'Give the private key file of the X2Go server account with --ssh-key FILE.',
      },
    );
  }
  return path;
}

/** Login order: broker-pushed key, --ssh-key, SSH agent (--autologin), password prompt. */
export function chooseLogin(
  selected: SelectedSession,
  options: ClientLaunchOptions,
  dir: string,
): SessionLogin {
  if (selected.privateKey) return { method: 'broker-key', keyFile: resolve(dir, BROKER_KEY_FILE) };
  if (options.sshKeyFile) return { method: 'ssh-key', keyFile: checkKeyFile(options.sshKeyFile) };
  if (options.autologin) return { method: 'agent' };
  return { method: 'password' };
}

/**
 * A launch ready to start: the plan, the client's argv/env/files, and the private directory
 * that holds them (removed when the client ends).
 */
export interface PreparedLaunch {
  plan: LaunchPlan;
  built: BuiltLaunch;
  privateDir: PrivateDir;
  /** Stale directories of crashed runs removed while preparing. */
  swept: string[];
}

/** Options of the launch preparation (CLI flags and settings). */
export interface PrepareOptions {
  /** --dry-run: build everything, write nothing secret (the key file is not created). */
  dryRun?: boolean;
  /** Parent of the private directory (default: the OS temp dir). */
  baseDir?: string;
  findClient?: FindClientOptions;
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything up to the spawn. The private directory exists afterwards (call
 * `prepared.privateDir.remove()` if you do not start it); with a broker key, the key is in it.
 */
export function prepareLaunch(
  profile: BrokerProfile,
  selected: SelectedSession,
  options: ClientLaunchOptions,
  prepareOptions: PrepareOptions = {},
): PreparedLaunch {
  const launcher = LAUNCHERS[options.client];
  if (!launcher)
    throw new LauncherError(
      'options.client',
      { value: String(options.client) },
      `Unknown X2Go client "${String(options.client)}" (x2goclient or pyhoca-cli).`,
    );
  const clientPath = findClient(options.client, {
    ...prepareOptions.findClient,
    ...(options.clientPath ? { clientPath: options.clientPath } : {}),
  });
  const swept = sweepStaleDirs(prepareOptions.baseDir);
  const privateDir = PrivateDir.create(prepareOptions.baseDir);
  try {
    const login = chooseLogin(selected, options, privateDir.path);
    if (login.method === 'broker-key' && selected.privateKey && !prepareOptions.dryRun) {
      const pem = selected.privateKey.endsWith('\n')
        ? selected.privateKey
        : `${selected.privateKey}\n`;
      privateDir.writeFile(BROKER_KEY_FILE, pem);
    }
    const plan: LaunchPlan = {
      profile,
      selected,
      login,
      options,
      clientPath,
      dir: privateDir.path,
    };
    const built = launcher.buildLaunch(plan, prepareOptions.env);
    return { plan, built, privateDir, swept };
  } catch (e) {
    privateDir.remove();
    throw e;
  }
}

/**
 * Options of starting a prepared launch: event callback, environment, and the time budget (ms)
 * left for a broker-pushed key (docs/protocol.md §8.3).
 */
export interface StartLaunchOptions {
  onEvent?: (event: LaunchEvent) => void;
  env?: NodeJS.ProcessEnv;
  keyBudgetMs?: number;
  /** How the X2Go server's host key is checked (files, GUI question, deadline). */
  hostKey?: HostKeyCheckOptions;
  /** Told once the server's key is verified, before the client starts. */
  onHostKey?: (verified: VerifiedHostKey) => void;
  /**
   * The host key check already under way (checkServerHostKey, started before prepareLaunch
   * with the same client and options): awaited instead of starting a new one.
   */
  hostKeyCheck?: Promise<VerifiedHostKey>;
}

/** The parts of ServerHostKeyOptions a caller sets; the rest comes from the plan. */
export type HostKeyCheckOptions = Pick<
  ServerHostKeyOptions,
  'knownHosts' | 'prompter' | 'timeoutMs' | 'signal' | 'home' | 'prefetched'
> & {
  /** x2goclient's libssh known_hosts (default: the passwd home's ~/.ssh/known_hosts). */
  libsshFile?: string;
};

/**
 * Verify the X2Go server's host key (server-host-key.ts) for a selectsession reply and the
 * client that will log in (--add-to-known-hosts and --known-hosts files from `launchOptions`,
 * the admin's files in `options`). Needs no prepared launch, so a caller can start it while
 * the launch is being prepared (the key exchange is a network round trip). Resolves with the
 * verified key; throws LauncherError ('host-key', 'unreachable', 'timeout' …).
 */
export function checkServerHostKey(
  selected: Pick<SelectedSession, 'server' | 'port'>,
  client: ClientKind,
  launchOptions: Pick<ClientLaunchOptions, 'knownHostsFiles' | 'addToKnownHosts'>,
  options: HostKeyCheckOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<VerifiedHostKey> {
  return verifyServerHostKey(selected.server, selected.port, {
    ...options,
    ...hostKeyFiles(client, launchOptions, options, env),
    addToKnownHosts: launchOptions.addToKnownHosts === true,
  });
}

/** The known_hosts files of checkServerHostKey for this client and these options. */
function hostKeyFiles(
  client: ClientKind,
  launchOptions: Pick<ClientLaunchOptions, 'knownHostsFiles'>,
  options: HostKeyCheckOptions,
  env: NodeJS.ProcessEnv,
): Pick<ServerHostKeyOptions, 'knownHosts' | 'home' | 'clientFiles'> {
  const libsshFile = options.libsshFile ?? libsshKnownHostsFile();
  const extra = [
    ...(launchOptions.knownHostsFiles ?? []),
    ...(options.knownHosts?.extraFiles ?? []),
  ];
  return {
    knownHosts: { ...options.knownHosts, extraFiles: extra },
    ...(options.home === undefined && env.HOME ? { home: env.HOME } : {}),
    // x2goclient trusts what libssh finds there: a stale key in it is "changed" for us too
    ...(client === 'x2goclient' ? { clientFiles: [libsshFile] } : {}),
  };
}

/**
 * Starts the key exchange with host:port as checkServerHostKey would run it for `client` and
 * these options, before selectsession has confirmed the server (prefetchHostKey; bench B4).
 * Pass the result as `options.prefetched` to checkServerHostKey: used only for the same
 * server and key types, and judged there.
 */
export function prefetchServerHostKey(
  host: string,
  port: number,
  client: ClientKind,
  launchOptions: Pick<ClientLaunchOptions, 'knownHostsFiles'>,
  options: HostKeyCheckOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): HostKeyPrefetch {
  return prefetchHostKey(host, port, {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...hostKeyFiles(client, launchOptions, options, env),
  });
}

/**
 * Confine the client to a verified key: pyhoca-cli gets a private known_hosts with only that
 * key; for x2goclient the key is put where its libssh looks (`libsshFile`, default the passwd
 * home's ~/.ssh/known_hosts).
 */
export function confineToHostKey(
  built: BuiltLaunch,
  verified: VerifiedHostKey,
  libsshFile: string = libsshKnownHostsFile(),
): BuiltLaunch {
  if (built.client === 'pyhoca-cli')
    return withConfinedKnownHosts(built, confinedKnownHosts(verified));
  ensureKnownToLibssh(verified, libsshFile);
  return built;
}

/** Files that confineToHostKey writes or replaces: written only after the verification. */
const CONFINEMENT_FILES: ReadonlySet<string> = new Set([PYHOCA_KNOWN_HOSTS]);

/**
 * Writes the prepared launch's directories and every file but CONFINEMENT_FILES into its
 * private directory (0700 / 0600, as RunningClient.start would). Returns what it wrote.
 */
function writeKeyIndependentFiles(prepared: PreparedLaunch): {
  dirs: Set<string>;
  files: Set<string>;
} {
  const { built, privateDir } = prepared;
  const dirs = new Set<string>();
  const files = new Set<string>();
  for (const dir of built.dirs) {
    privateDir.mkdir(dir);
    dirs.add(dir);
  }
  for (const file of built.files) {
    if (CONFINEMENT_FILES.has(file.name)) continue;
    privateDir.writeFile(file.name, file.content);
    files.add(file.name);
  }
  return { dirs, files };
}

/**
 * Verify the server's host key, then start the prepared client (checks the broker key's time
 * budget first). On any failure the private directory (with a broker key) is removed.
 */
export async function startLaunch(
  prepared: PreparedLaunch,
  options: StartLaunchOptions = {},
): Promise<RunningClient> {
  const { plan, privateDir } = prepared;
  let built: BuiltLaunch;
  let early: { dirs: Set<string>; files: Set<string> };
  try {
    // perf (bench B4): what does not depend on the server's key is written while its key
    // exchange runs; the files confinement writes (the verified key) only after it
    early = writeKeyIndependentFiles(prepared);
    // The client starts only after this: no login to a server whose key nobody accepted.
    const verified = await (options.hostKeyCheck ??
      checkServerHostKey(
        plan.selected,
        prepared.built.client,
        plan.options,
        options.hostKey,
        options.env,
      ));
    built = confineToHostKey(prepared.built, verified, options.hostKey?.libsshFile);
    options.onHostKey?.(verified);
  } catch (e) {
    privateDir.remove(); // the broker key is in there: nothing stays behind on a refusal
    throw e;
  }
  const brokerKey = plan.login.method === 'broker-key';
  const rest: BuiltLaunch = {
    ...built,
    dirs: built.dirs.filter((d) => !early.dirs.has(d)),
    files: built.files.filter((f) => !early.files.has(f.name)),
  };
  return RunningClient.start(rest, {
    privateDir,
    brokerKeyReceivedAt: brokerKey ? plan.selected.receivedAt : null,
    // deleted once the client is up or the key's budget is over (see RunningClient.start)
    brokerKeyFile: brokerKey && 'keyFile' in plan.login ? plan.login.keyFile : null,
    ...(options.keyBudgetMs !== undefined ? { keyBudgetMs: options.keyBudgetMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}
