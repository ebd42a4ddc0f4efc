// The hand-off in one place, for the CLI and the GUI: choose how to log in, make the private
// directory (sweeping stale ones), put the broker's key there, build the client's command
// line and session file, and start it — at once, because a broker-pushed key is valid only
// for about 20 s after selectsession.

import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrokerProfile, SelectedSession } from '../broker/model';
import { LauncherError } from '../errors';
import { findClient, type FindClientOptions } from './find-client';
import { PrivateDir, sweepStaleDirs } from './private-dir';
import { RunningClient, type LaunchEvent } from './process';
import { pyhocaCliLauncher } from './pyhoca-cli';
import type {
  BuiltLaunch,
  ClientKind,
  ClientLauncher,
  LaunchOptions,
  LaunchPlan,
  SessionLogin,
} from './types';
import { x2goclientLauncher } from './x2goclient';

export const LAUNCHERS: Readonly<Record<ClientKind, ClientLauncher>> = {
  x2goclient: x2goclientLauncher,
  'pyhoca-cli': pyhocaCliLauncher,
};

export const BROKER_KEY_FILE = 'session.key';

/** A user/admin-configured key file (`--ssh-key`): must be a readable file. */
function checkKeyFile(file: string): string {
  const path = resolve(file);
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new LauncherError('usage', `SSH key ${path} cannot be used: ${(e as Error).message}`, {
      hint: 'Give the private key file of the X2Go server account with --ssh-key FILE.',
    });
  }
  return path;
}

/** Login order: broker-pushed key, --ssh-key, SSH agent (--autologin), password prompt. */
export function chooseLogin(
  selected: SelectedSession,
  options: LaunchOptions,
  dir: string,
): SessionLogin {
  if (selected.privateKey) return { method: 'broker-key', keyFile: resolve(dir, BROKER_KEY_FILE) };
  if (options.sshKeyFile) return { method: 'ssh-key', keyFile: checkKeyFile(options.sshKeyFile) };
  if (options.autologin) return { method: 'agent' };
  return { method: 'password' };
}

export interface PreparedLaunch {
  plan: LaunchPlan;
  built: BuiltLaunch;
  privateDir: PrivateDir;
  /** Stale directories of crashed runs removed while preparing. */
  swept: string[];
}

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
  options: LaunchOptions,
  prepareOptions: PrepareOptions = {},
): PreparedLaunch {
  const launcher = LAUNCHERS[options.client];
  if (!launcher)
    throw new LauncherError(
      'usage',
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

export interface StartLaunchOptions {
  onEvent?: (event: LaunchEvent) => void;
  env?: NodeJS.ProcessEnv;
  keyBudgetMs?: number;
}

/** Start the prepared client (checks the broker key's time budget first). */
export function startLaunch(
  prepared: PreparedLaunch,
  options: StartLaunchOptions = {},
): Promise<RunningClient> {
  const { plan, built, privateDir } = prepared;
  const brokerKey = plan.login.method === 'broker-key';
  return RunningClient.start(built, {
    privateDir,
    brokerKeyReceivedAt: brokerKey ? plan.selected.receivedAt : null,
    // deleted once the client is up or the key's budget is over (see RunningClient.start)
    brokerKeyFile: brokerKey && 'keyFile' in plan.login ? plan.login.keyFile : null,
    ...(options.keyBudgetMs !== undefined ? { keyBudgetMs: options.keyBudgetMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}
