// End (terminate) an X2Go session the broker reported, as x2goclient's session chooser and
// `pyhoca-cli -T` do: log in to the X2Go server the broker named (SelectedSession server,
// port, user) over SSH — host key checked against known_hosts, login in the hand-off's order
// (broker-pushed key, --ssh-key, SSH agent; a password only through the prompter) — make
// sure the session is there (x2golistsessions), run `x2goterminate-session NAME` and wait
// until x2golistsessions no longer lists it. x2goterminate-session itself exits 0 even when
// it failed (it only logs to syslog), so the re-listing is the real proof.
//
// The SSH part is the broker transport's own (SshTransport.run): same known_hosts code,
// same authentication, same timeouts and error kinds — nothing duplicated here.

import { resolve } from 'node:path';
import type { SelectedSession, SessionInfo } from '../../shared/model';
import { parseSessionInfoLine } from '../broker/session-info';
import type { BrokerUrl } from '../broker/url';
import { LauncherError, excerpt, isLauncherError } from '../errors';
import { SshTransport, type RunResult, type SshKnownHostsOptions } from '../transport/ssh';
import type { SshPrompter } from '../transport/ssh-prompter';
import type { TransportLimits } from '../transport/types';
import { PrivateDir } from './private-dir';

/**
 * What x2goserver itself accepts as a session ID (X2Go::Utils sanitizer "x2gosid":
 * `<user>-<display>-<unix time>_st<command>_dp<depth>`), capped in length. Nothing else is
 * sent: no leading `-` (an option), no shell metacharacter, no space, no control character.
 */
export const TERMINABLE_SESSION_NAME =
  /^[A-Za-z0-9._][A-Za-z0-9._@-]*-[0-9]{2,4}-[0-9]{9,12}_[A-Za-z0-9._-]*_dp[0-9]{1,2}[A-Za-z0-9._-]*$/;
const MAX_SESSION_NAME = 200;

/** Stable codes in LauncherError.details.code for the terminate outcomes. */
export const TERMINATE_CODES = {
  badName: 'X2GO_BAD_SESSION_NAME',
  noSuchSession: 'X2GO_NO_SUCH_SESSION',
  notInstalled: 'X2GO_SERVER_MISSING',
  failed: 'X2GO_TERMINATE_FAILED',
} as const;

/** The session name, checked; throws LauncherError('usage') for anything else. */
export function checkSessionName(name: string): string {
  if (name.length > MAX_SESSION_NAME || !TERMINABLE_SESSION_NAME.test(name))
    throw new LauncherError(
      'session-name.invalid',
      { name: excerpt(name, 80) },
      `"${excerpt(name, 80)}" is not an X2Go session name: refused.`,
      {
        code: TERMINATE_CODES.badName,
        hint: 'Session names look like user-50-1414759661_stDMATE_dp24 (see "x2go-launcher select PROFILE_ID").',
      },
    );
  return name;
}

/** How to log in to the X2Go server to end a session (key, agent, host keys, timeouts in ms). */
export interface TerminateOptions {
  /** `--ssh-key FILE`: used when the broker pushed no key. */
  sshKeyFile?: string;
  /** `--autologin`: the SSH agent / default keys when there is no key. */
  autologin?: boolean;
  /** `--add-to-known-hosts`: accept an unknown server host key (a changed one is refused). */
  addToKnownHosts?: boolean;
  /** Default ~/.ssh/known_hosts{,2} (+ the system files). */
  knownHosts?: SshKnownHostsOptions;
  /** Password / passphrase / keyboard-interactive questions and the host key dialog. */
  prompter?: SshPrompter;
  /** SSH agent socket (default SSH_AUTH_SOCK) and default key files, for --autologin. */
  agentSocket?: string;
  defaultKeyFiles?: string[];
  /** Parent of the private directory that holds a broker-pushed key (default: OS temp dir). */
  baseDir?: string;
  limits?: Partial<TransportLimits>;
  /** How long to wait for the session to leave x2golistsessions (default 20 s). */
  confirmTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A session terminated on a server, and whether it was confirmed gone. */
export interface TerminateResult {
  session: string;
  server: string;
  port: number;
  user: string;
  /** How the SSH login was made (never the key itself). */
  login: 'broker-key' | 'ssh-key' | 'agent' | 'password';
  /** The session's line as x2golistsessions showed it before. */
  before: SessionInfo;
  /** From the start of the SSH connection until x2golistsessions no longer lists it. */
  ms: number;
  /** Where the time went: SSH login + first listing, x2goterminate-session, re-listing. */
  steps: { loginAndListMs: number; terminateMs: number; confirmMs: number };
}

/** How long (ms) to wait for the server to stop listing a terminated session. */
export const DEFAULT_CONFIRM_TIMEOUT_MS = 20_000;
const RELIST_INTERVAL_MS = 300;

/** The X2Go server as an ssh:// "URL" for the transport (built, never parsed: IPv6-safe). */
function serverUrl(selected: SelectedSession): BrokerUrl {
  const host = selected.server;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    scheme: 'ssh',
    host,
    port: selected.port,
    user: selected.user || null,
    path: 'x2goterminate-session',
    dialect: 'plain',
    backend: null,
    display: `ssh://${shown}:${selected.port}`,
    requestUrl: '',
  };
}

/**
 * Terminate `sessionName` on the server `selected` names. Resolves when the server no longer
 * lists it; throws a LauncherError otherwise (usage: bad/unknown name; host-key, auth,
 * unreachable, timeout: the SSH side; broker: x2goserver missing or the session survived).
 */
export async function terminateSession(
  selected: SelectedSession,
  sessionName: string,
  options: TerminateOptions = {},
): Promise<TerminateResult> {
  const name = checkSessionName(sessionName);
  if (!selected.server)
    throw new LauncherError(
      'terminate.no-server',
      {},
      'The broker named no X2Go server for this session.',
    );
  const where = `${selected.user ? `${selected.user}@` : ''}${selected.server}:${selected.port}`;

  // The hand-off's login order: broker-pushed key, else --ssh-key, else the agent.
  let keyDir: PrivateDir | null = null;
  let privateKeyFiles: string[] = [];
  let login: TerminateResult['login'] = 'password';
  if (selected.privateKey) {
    keyDir = PrivateDir.create(options.baseDir);
    privateKeyFiles = [keyDir.writeFile('session.key', selected.privateKey)];
    login = 'broker-key';
  } else if (options.sshKeyFile) {
    privateKeyFiles = [resolve(options.sshKeyFile)];
    login = 'ssh-key';
  } else if (options.autologin) login = 'agent';

  const transport = new SshTransport(
    serverUrl(selected),
    {
      privateKeyFiles,
      autologin: login === 'agent',
      ...(options.agentSocket ? { agentSocket: options.agentSocket } : {}),
      ...(options.defaultKeyFiles ? { defaultKeyFiles: options.defaultKeyFiles } : {}),
      ...(options.knownHosts ? { knownHosts: options.knownHosts } : {}),
      addToKnownHosts: options.addToKnownHosts === true,
      ...(options.prompter ? { prompter: options.prompter } : {}),
      idleTimeoutMs: 0,
    },
    options.limits,
  );
  const t0 = Date.now();
  const signal = options.signal;
  try {
    const run = async (argv: string[]): Promise<RunResult> => {
      try {
        return await transport.run(argv, signal ? { signal } : {});
      } catch (e) {
        throw onServer(e, name, where);
      } finally {
        // the broker key is needed for the login only: gone as soon as we are in (or out)
        keyDir?.remove();
      }
    };
    const before = (await listSessions(run, where)).find((s) => s.name === name);
    if (!before)
      throw new LauncherError(
        'terminate.no-such-session',
        { where, name },
        `${where} has no running or suspended X2Go session ${name} (already ended?).`,
        { code: TERMINATE_CODES.noSuchSession },
      );

    const t1 = Date.now();
    const result = await run(['x2goterminate-session', name]);
    const t2 = Date.now();
    if (result.code !== 0)
      throw new LauncherError(
        'terminate.failed',
        { where, name, exit: String(result.code ?? result.signal ?? '?') },
        `x2goterminate-session ${name} failed on ${where} (exit ${result.code ?? result.signal ?? '?'}).`,
        { code: TERMINATE_CODES.failed, ...stderrOf(result) },
      );

    // The agent is killed; the session leaves the list once its database row says so.
    const deadline = Date.now() + (options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS);
    for (;;) {
      const still = (await listSessions(run, where)).some((s) => s.name === name);
      if (!still) break;
      if (Date.now() >= deadline)
        throw new LauncherError(
          'terminate.still-listed',
          { where, name },
          `Session ${name} is still listed on ${where} after x2goterminate-session.`,
          {
            code: TERMINATE_CODES.failed,
            hint: 'The X2Go server could not end it (see its syslog); try again, or ask the administrator.',
          },
        );
      await sleep(RELIST_INTERVAL_MS, signal);
    }
    return {
      session: name,
      server: selected.server,
      port: selected.port,
      user: selected.user,
      login,
      before,
      ms: Date.now() - t0,
      steps: { loginAndListMs: t1 - t0, terminateMs: t2 - t1, confirmMs: Date.now() - t2 },
    };
  } finally {
    keyDir?.remove();
    await transport.close();
  }
}

async function listSessions(
  run: (argv: string[]) => Promise<RunResult>,
  where: string,
): Promise<SessionInfo[]> {
  const result = await run(['x2golistsessions']);
  if (result.code === 127)
    throw new LauncherError(
      'terminate.no-listsessions',
      { where },
      `${where} has no x2golistsessions: is x2goserver installed?`,
      {
        code: TERMINATE_CODES.notInstalled,
        ...stderrOf(result),
      },
    );
  if (result.code !== 0)
    throw new LauncherError(
      'terminate.listsessions-failed',
      { where, exit: String(result.code ?? result.signal ?? '?') },
      `x2golistsessions failed on ${where} (exit ${result.code ?? result.signal ?? '?'}).`,
      { code: TERMINATE_CODES.failed, ...stderrOf(result) },
    );
  return result.stdout
    .split('\n')
    .map((line) => parseSessionInfoLine(line.trim()))
    .filter((s): s is SessionInfo => s !== null);
}

function stderrOf(result: RunResult): { brokerMessage?: string } {
  const text = result.stderr.trim().split('\n').slice(-4).join('\n');
  return text ? { brokerMessage: excerpt(text, 400) } : {};
}

/** The transport speaks of "the SSH broker": say which server and what we were doing. */
function onServer(e: unknown, name: string, where: string): LauncherError {
  if (!isLauncherError(e))
    return new LauncherError(
      'terminate.unexpected',
      { reason: String(e) },
      String(e),
      {},
      { cause: e },
    );
  if (e.kind === 'cancelled' || e.kind === 'host-key') return e;
  const hint = e.details.hint?.replace(/the broker host/g, 'the X2Go server');
  return e.retold(
    `Cannot end session ${name} on the X2Go server ${where}: ${e.message.replace(/SSH broker/g, 'SSH server')}`,
    { ...e.details, ...(hint ? { hint } : {}) },
    { cause: e },
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveSleep, reject) => {
    if (signal?.aborted)
      return reject(
        new LauncherError('terminate.cancelled', {}, 'Ending the session was cancelled.'),
      );
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveSleep();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new LauncherError('terminate.cancelled', {}, 'Ending the session was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
