// Wires the controller's seams to the core: SessionFactory → core BrokerSession (transport
// chosen by URL scheme: HTTP(S) with the admin's CA file, SSH with key/agent and the GUI's
// prompter), ClientLauncherLike → the core launchers (x2goclient / pyhoca-cli).
import { BrokerSession, type BrokerSessionOptions } from '../core/broker/session';
import { LauncherError } from '../core/errors';
import {
  findClient,
  installHint,
  prepareLaunch,
  startLaunch,
  type ClientKind,
} from '../core/launcher/index';
import type { FindClientOptions } from '../core/launcher/find-client';
import type { HostKeyCheckOptions } from '../core/launcher/launch';
import { clientFor } from '../core/launcher/client-limits';
import { BROKER_PASS_WARNING } from '../core/launcher/session-file';
import { terminateSession, type TerminateOptions } from '../core/launcher/terminate';
import type { TransportOptions } from '../core/transport/index';
import type { SshPrompter } from '../core/transport/ssh-prompter';
import type { LocalClientInfo } from '../shared/api';
import type { ClientLauncherLike, SessionFactory, SessionRequest } from './controller';

/** Transport options for one sign-in (extra CA for https; key/agent/prompts for ssh). */
export interface SessionFactoryOptions {
  /** The user's known_hosts files (read, first one written on accept); default ~/.ssh/…. */
  userKnownHostsFiles?: string[];
}

export function transportOptionsFor(
  request: SessionRequest,
  factory: SessionFactoryOptions = {},
): TransportOptions {
  const knownHosts = {
    ...(factory.userKnownHostsFiles ? { userFiles: factory.userKnownHostsFiles } : {}),
    ...(request.knownHostsFiles?.length ? { extraFiles: request.knownHostsFiles } : {}),
  };
  return {
    ...(request.caFiles?.length ? { caFiles: request.caFiles } : {}),
    ssh: {
      ...(request.sshKeyFile ? { privateKeyFiles: [request.sshKeyFile] } : {}),
      ...(request.sshAgent ? { autologin: true } : {}),
      ...(Object.keys(knownHosts).length ? { knownHosts } : {}),
      prompter: request.prompter,
    },
  };
}

export function sessionOptionsFor(
  request: SessionRequest,
  factory: SessionFactoryOptions = {},
): BrokerSessionOptions {
  return {
    url: request.url,
    ...(request.user ? { user: request.user } : {}),
    ...(request.password !== undefined ? { password: request.password } : {}),
    ...(request.noAuth ? { noAuth: true } : {}),
    ...(request.authIdFile ? { authIdFile: request.authIdFile } : {}),
    transportOptions: transportOptionsFor(request, factory),
  };
}

export const createSessionFactory =
  (factory: SessionFactoryOptions = {}): SessionFactory =>
  (request): BrokerSession =>
    new BrokerSession(sessionOptionsFor(request, factory));

/**
 * pyhoca-cli first (it runs headless and its exit is the session's end, so the GUI can return
 * to the catalogue), then x2goclient. `clientPath` pins one binary (tests, IT).
 */
const PREFERENCE: readonly ClientKind[] = ['pyhoca-cli', 'x2goclient'];

export interface ClientLauncherOptions {
  find?: FindClientOptions;
  /** Only consider these clients (default both, in PREFERENCE order). */
  clients?: readonly ClientKind[];
  env?: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
  /** The GUI's dialogs: unknown X2Go server host key (launch, terminate), password (terminate). */
  prompter?: SshPrompter;
  /** launch: the X2Go server host key check (known_hosts files, libssh file; tests). */
  hostKey?: Omit<HostKeyCheckOptions, 'prompter' | 'signal'>;
  /** terminate: known_hosts and other SSH settings for the X2Go server (tests). */
  terminate?: Omit<TerminateOptions, 'prompter'>;
}

export function detectClient(options: ClientLauncherOptions = {}): LocalClientInfo {
  for (const client of options.clients ?? PREFERENCE) {
    try {
      findClient(client, options.find ?? {});
      return { available: true, name: client };
    } catch {
      /* try the next one */
    }
  }
  return { available: false, name: null };
}

export const createClientLauncher = (options: ClientLauncherOptions = {}): ClientLauncherLike => ({
  detect: () => Promise.resolve(detectClient(options)),
  start: async (request) => {
    const installed = (options.clients ?? PREFERENCE).filter(
      (c) => detectClient({ ...options, clients: [c] }).available,
    );
    if (installed.length === 0) {
      throw new LauncherError('client.none', {}, 'No X2Go client is installed.', {
        hint: installHint('x2goclient', options.find?.platform ?? process.platform),
      });
    }
    // The GUI logs in with the broker's key, else the client asks for the password: pyhoca-cli
    // cannot ask (nor run SHADOW / direct sessions), so such profiles go to x2goclient.
    const login = request.selected.privateKey ? 'broker-key' : 'password';
    const { client, reasons } = clientFor(request.profile, login, installed);
    if (!client) {
      throw new LauncherError(
        'client.cannot-start-profile',
        { reasons: reasons.join('; ') },
        `The installed X2Go client cannot start this profile (${reasons.join('; ')}).`,
        { hint: installHint('x2goclient', options.find?.platform ?? process.platform) },
      );
    }
    // The user chose: resume exactly that session, or (no resume) start a new one.
    const selected = {
      ...request.selected,
      sessionInfo: request.resume
        ? request.selected.sessionInfo.filter((s) => s.name === request.resume)
        : [],
    };
    const prepared = prepareLaunch(
      request.profile,
      selected,
      {
        client,
        noAutoresume: !request.resume,
        ...(request.knownHostsFiles?.length ? { knownHostsFiles: request.knownHostsFiles } : {}),
        ...(request.localResources ? { localResources: request.localResources } : {}),
      },
      {
        ...(options.find ? { findClient: options.find } : {}),
        ...(options.env ? { env: options.env } : {}),
      },
    );
    for (const warning of prepared.built.warnings) options.onLog?.(`launch: ${warning}`);
    // the X2Go server's host key: known → on; unknown → the GUI asks (accept = remembered in
    // ~/.ssh/known_hosts); changed or revoked → refused with a host-key error
    const running = await startLaunch(prepared, {
      ...(options.env ? { env: options.env } : {}),
      hostKey: {
        ...options.hostKey,
        ...(options.prompter ? { prompter: options.prompter } : {}),
      },
      onHostKey: (v) =>
        options.onLog?.(
          `X2Go server ${v.host}:${v.port} ${v.keyType} key ${v.fingerprint} ${v.status === 'known' ? `known (${v.source ?? ''})` : `accepted${v.source ? ` and added to ${v.source}` : ''}`} (${v.ms} ms)`,
        ),
      onEvent: (event) => {
        if (event.type === 'exited') {
          options.onLog?.(`client exited (code ${event.exit.code ?? event.exit.signal ?? '?'})`);
        }
      },
    });
    return {
      client,
      exited: running.exited.then((exit) => ({ exitCode: exit.code })),
      // a failed cleanup is logged, never an unhandled rejection
      done: running.done.then(
        () => undefined,
        (error: unknown) =>
          options.onLog?.(`cleanup after the client failed: ${(error as Error)?.message ?? ''}`),
      ),
      stop: (now) => (now ? running.stopNow() : running.stop()),
      removeFiles: () => prepared.privateDir.remove(),
      ...(prepared.built.warnings.includes(BROKER_PASS_WARNING)
        ? { notices: ['broker-password-again' as const] }
        : {}),
    };
  },
  // End a broker-reported session on its X2Go server: the broker-pushed key, else the SSH
  // agent; a password or an unknown host key only through the GUI's dialogs.
  terminate: async (request) => {
    const done = await terminateSession(request.selected, request.sessionName, {
      autologin: true,
      ...options.terminate,
      ...(options.prompter ? { prompter: options.prompter } : {}),
    });
    options.onLog?.(
      `terminated ${done.session} on ${done.server}:${done.port} (${done.login}, ${done.ms} ms)`,
    );
  },
});
