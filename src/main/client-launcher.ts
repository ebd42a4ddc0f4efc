// The controller's ClientLauncherLike seam wired to the core launchers (x2goclient /
// pyhoca-cli): which client is installed, start one for a selected session, end a session.
// (Its sibling seam, the broker session, is wired in ./session-factory.ts.)
import { LauncherError } from '../core/errors';
import {
  CLIENT_KINDS,
  findClient,
  installHint,
  prepareLaunch,
  startLaunch,
  type ClientKind,
} from '../core/launcher/index';
import type { PreparedLaunch } from '../core/launcher/launch';
import type { FindClientOptions } from '../core/launcher/find-client';
import {
  checkServerHostKey,
  prefetchServerHostKey,
  type HostKeyCheckOptions,
} from '../core/launcher/launch';
import { checkServerHost } from '../core/broker/server';
import { warmHostKeyCheck, type VerifiedHostKey } from '../core/launcher/server-host-key';
import { clientFor } from '../core/launcher/client-limits';
import { BROKER_PASS_WARNING } from '../core/launcher/session-file';
import { terminateSession, type TerminateOptions } from '../core/launcher/terminate';
import type { SshPrompter } from '../core/transport/ssh-prompter';
import {
  describeEventReport,
  feedLaunchEvent,
  startLaunchEvents,
} from '../core/launcher/broker-events-launch';
import type { LocalClientInfo } from '../shared/api';
import type { ClientLauncherLike } from './controller';

export interface ClientLauncherOptions {
  find?: FindClientOptions;
  /** Only consider these clients (default: CLIENT_KINDS, in its order of preference). */
  clients?: readonly ClientKind[];
  /** fleet-config: the program of a client (policy clientPath; core/launcher/client-choice.ts). */
  clientPaths?: Partial<Record<ClientKind, string>>;
  env?: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
  /** The GUI's dialogs: unknown X2Go server host key (launch, terminate), password (terminate). */
  prompter?: SshPrompter;
  /** launch: the X2Go server host key check (known_hosts files, libssh file; tests). */
  hostKey?: Omit<HostKeyCheckOptions, 'prompter' | 'signal'>;
  /** terminate: known_hosts and other SSH settings for the X2Go server (tests). */
  terminate?: Omit<TerminateOptions, 'prompter'>;
  /** Told once the X2Go server's key is verified, before the client starts (bench B4). */
  onHostKey?: (verified: VerifiedHostKey) => void;
}

export function detectClient(options: ClientLauncherOptions = {}): LocalClientInfo {
  for (const client of options.clients ?? CLIENT_KINDS) {
    try {
      const clientPath = options.clientPaths?.[client];
      findClient(client, { ...options.find, ...(clientPath ? { clientPath } : {}) });
      return { available: true, name: client };
    } catch {
      /* try the next one */
    }
  }
  return { available: false, name: null };
}

export const createClientLauncher = (options: ClientLauncherOptions = {}): ClientLauncherLike => ({
  detect: () => Promise.resolve(detectClient(options)),
  warm: () => void warmHostKeyCheck(),
  // perf (bench B4): the key exchange with the profile's one server, started at the click so it
  // runs while the broker answers selectsession; start() judges it if the broker names the
  // same server (else it is cancelled and the check fetches anew)
  prefetchHostKey: (profile, knownHostsFiles) => {
    const host = profile.hosts.length === 1 ? profile.hosts[0]! : null;
    const port = profile.sshPort;
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) return null;
    try {
      checkServerHost(host, host); // the rules a SERVER: line meets before anything connects
    } catch {
      return null;
    }
    const installed = (options.clients ?? CLIENT_KINDS).filter(
      (c) => detectClient({ ...options, clients: [c] }).available,
    );
    const client = installed.includes('x2goclient') ? 'x2goclient' : installed[0];
    if (!client) return null;
    return prefetchServerHostKey(
      host,
      port,
      client,
      knownHostsFiles?.length ? { knownHostsFiles } : {},
      options.hostKey,
      options.env,
    );
  },
  start: async (request) => {
    const installed = (options.clients ?? CLIENT_KINDS).filter(
      (c) => detectClient({ ...options, clients: [c] }).available,
    );
    // fleet-config: an administrator's client path that does not work is said, not silent
    for (const [client, path] of Object.entries(options.clientPaths ?? {}))
      if (!installed.includes(client as ClientKind))
        options.onLog?.(`launch: ${client} at ${path} (policy clientPath) is not executable`);
    if (installed.length === 0) {
      throw new LauncherError('client.none', {}, 'No X2Go client is installed.', {
        hint: installHint('x2goclient', options.find?.platform ?? process.platform),
      });
    }
    // The GUI logs in with the broker's key, else the client asks for the password: pyhoca-cli
    // cannot ask (nor run SHADOW / direct sessions), so such profiles go to x2goclient.
    const login = request.selected.privateKey ? 'broker-key' : 'password';
    const { client, reasons, limits } = clientFor(request.profile, login, installed);
    if (!client) {
      throw new LauncherError(
        'client.cannot-start-profile',
        // issue 13 §8: pyhoca-cli's reason as an id the UI translates (only pyhoca-cli has
        // limits, so a refusal names exactly one); the English message keeps every reason
        { reasons: limits.length === 1 ? limits[0]! : reasons.join('; ') },
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
    const clientPath = options.clientPaths?.[client];
    const launchOptions = {
      client,
      ...(clientPath ? { clientPath } : {}),
      noAutoresume: !request.resume,
      ...(request.knownHostsFiles?.length ? { knownHostsFiles: request.knownHostsFiles } : {}),
      ...(request.localResources ? { localResources: request.localResources } : {}),
    };
    // the X2Go server's host key: known → on; unknown → the GUI asks (accept = remembered in
    // ~/.ssh/known_hosts); changed or revoked → refused with a host-key error. Its key
    // exchange (a network round trip) runs while the launch is prepared; startLaunch awaits
    // it before the client starts.
    const stopCheck = new AbortController();
    const hostKey: HostKeyCheckOptions = {
      ...options.hostKey,
      ...(options.prompter ? { prompter: options.prompter } : {}),
      ...(request.hostKeyAhead ? { prefetched: request.hostKeyAhead } : {}),
    };
    const hostKeyCheck = checkServerHostKey(
      selected,
      client,
      launchOptions,
      {
        ...hostKey,
        signal: stopCheck.signal,
      },
      options.env,
    );
    let prepared: PreparedLaunch;
    try {
      prepared = prepareLaunch(request.profile, selected, launchOptions, {
        ...(options.find ? { findClient: options.find } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
    } catch (error) {
      stopCheck.abort();
      hostKeyCheck.catch(() => undefined); // the preparation's error is the one to report
      throw error;
    }
    for (const warning of prepared.built.warnings) options.onLog?.(`launch: ${warning}`);
    // client events, where the broker's listsessions reply asked for them (x2goclient 4.1.2.x;
    // the CLI's launch shares this core: core/launcher/broker-events-launch.ts). An order to
    // SUSPEND / TERMINATE goes through the same stop paths as the app's own stop.
    const brokerEvents = request.brokerEvents
      ? startLaunchEvents(request.brokerEvents, request.profile, selected, client, (r) =>
          options.onLog?.(`broker events: ${describeEventReport(r)}`),
        )
      : null;
    let running: Awaited<ReturnType<typeof startLaunch>>;
    try {
      running = await startLaunch(prepared, {
        ...(options.env ? { env: options.env } : {}),
        hostKey,
        hostKeyCheck,
        onHostKey: (v) => {
          options.onHostKey?.(v);
          options.onLog?.(
            `X2Go server ${v.host}:${v.port} ${v.keyType} key ${v.fingerprint} ${v.status === 'known' ? `known (${v.source ?? ''})` : `accepted${v.source ? ` and added to ${v.source}` : ''}`} (${v.ms} ms)`,
          );
        },
        onEvent: (event) => {
          if (event.type === 'exited') {
            options.onLog?.(`client exited (code ${event.exit.code ?? event.exit.signal ?? '?'})`);
          }
          if (brokerEvents) feedLaunchEvent(brokerEvents.reporter, event);
        },
      });
    } catch (error) {
      brokerEvents?.reporter.stopAlive(); // the client never ran: no ALIVE for it
      throw error;
    }
    if (brokerEvents) {
      brokerEvents.attach(running);
      // the timer ends with the client whatever happens to the last request
      const stopAlive = () => brokerEvents.reporter.stopAlive();
      void running.exited.then(stopAlive, stopAlive);
    }
    return {
      client,
      exited: running.exited.then((exit) => ({ exitCode: exit.code })),
      // a failed cleanup is logged, never an unhandled rejection
      done: running.done
        .then(
          () => undefined,
          (error: unknown) =>
            options.onLog?.(`cleanup after the client failed: ${(error as Error)?.message ?? ''}`),
        )
        // FINISHED delivered (or reported as not delivered) before the launch counts as done
        .then(() => brokerEvents?.reporter.idle()),
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
