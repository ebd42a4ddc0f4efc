// `x2go-launcher launch PROFILE_ID [broker options] [launch options]` (options declared in
// commands/launch.ts): select the profile on the broker and hand it to the local X2Go client
// at once (a broker-pushed key is valid for ~20 s). `--dry-run` prints what would run (argv
// and session file; a key path, never key content), with `--json` as one JSON object.

import type { BrokerProfile, SelectedSession } from '../../shared/model';
import { EXIT_CODES, LauncherError } from '../errors';
import { terminalSafe } from '../terminal-text';
import { prepareLaunch, startLaunch, type PreparedLaunch } from '../launcher/launch';
import type { LaunchEvent, RunningClient } from '../launcher/process';
import { pyhocaHostKeyRefusal } from '../launcher/pyhoca-host-key-policy';
import type { ClientLaunchOptions } from '../launcher/types';
import {
  DEFAULT_LOCAL_RESOURCE_POLICY,
  type LocalResourcePolicy,
  type ResourceName,
} from '../config/local-resources';
import { pyhocaLimit, pyhocaLimitError } from '../launcher/client-limits';
import {
  directClient,
  requestedResources,
  type ResourceConsent,
} from '../launcher/local-resources';
import type { EventsBroker } from '../broker/broker-events';
import {
  describeEventReport,
  feedLaunchEvent,
  startLaunchEvents,
} from '../launcher/broker-events-launch';

export interface LaunchCliArgs extends ClientLaunchOptions {
  profileId: string;
  dryRun: boolean;
  json: boolean;
  /** Variables that hold our secrets (--broker-password-env NAME): the client never sees them. */
  secretEnvNames?: string[];
  /** `--allow-local NAME,…`: the local resources the user allows (where policy asks). */
  allowLocal?: ResourceName[];
  /** The admin's local-resource policy for this broker (managed settings); default: ask. */
  localPolicy?: LocalResourcePolicy;
}

/** The environment handed to the launcher without the named secret variables. */
function withoutSecrets(base: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (!names.includes(name)) env[name] = value;
  return env;
}

/**
 * The user's consent from --allow-local: each named resource allowed where the policy asks;
 * a resource the profile wants and nobody named is refused with the flag that would allow it.
 */
export function cliConsent(
  args: Pick<LaunchCliArgs, 'allowLocal' | 'localPolicy'>,
): ResourceConsent {
  const answers: Partial<Record<ResourceName, boolean>> = {};
  for (const name of args.allowLocal ?? []) answers[name] = true;
  return {
    policy: args.localPolicy ?? DEFAULT_LOCAL_RESOURCE_POLICY,
    answers,
    unansweredReason: (name) => `not allowed on the command line (add --allow-local ${name})`,
  };
}

/** The part of BrokerSession this command needs. */
export interface LaunchBroker {
  listProfiles(signal?: AbortSignal): Promise<BrokerProfile[]>;
  selectSession(
    profileId: string,
    opts?: { login?: string },
    signal?: AbortSignal,
  ): Promise<SelectedSession>;
  close?(): Promise<void>;
  // client events where the broker asks for them (launcher/broker-events-launch.ts)
  readonly clientConfig?: EventsBroker['clientConfig'];
  sendClientEvent?: EventsBroker['sendClientEvent'];
}

export interface LaunchIO {
  out(text: string): void;
  err(text: string): void;
}

const defaultIO: LaunchIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** argv for display: single-quoted where needed (it is never run through a shell). */
function displayArgv(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))
    .join(' ');
}

/** Broker-supplied text for a terminal: control and bidi characters made visible. */
const safeLine = (text: string): string => terminalSafe(text);

function dryRunReport(prepared: PreparedLaunch, json: boolean): string {
  const { built, plan } = prepared;
  if (json)
    return `${JSON.stringify({
      client: built.client,
      argv: built.argv,
      sessionFile: built.sessionFileContent,
      sessionFilePath: built.sessionFilePath,
      env: built.env,
      login: plan.login.method,
      resume: built.resume,
      warnings: built.warnings,
      localResources: built.localResources ?? null,
    })}\n`;
  const lines = [
    `client: ${built.client}`,
    `argv: ${displayArgv(built.argv)}`,
    ...Object.entries(built.env).map(([k, v]) => `env: ${k}=${v}`),
    `login: ${plan.login.method}${'keyFile' in plan.login ? ` (key file ${plan.login.keyFile}${plan.login.method === 'broker-key' ? ', written only when launching' : ''})` : ''}`,
    ...localLines(built.localResources),
    ...built.warnings.map((w) => `warning: ${w}`),
    `session file ${built.sessionFilePath}:`,
    built.sessionFileContent.trimEnd(),
  ];
  return `${lines
    .flatMap((l) => l.split('\n'))
    .map(safeLine)
    .join('\n')}\n`;
}

function localLines(report: PreparedLaunch['built']['localResources']): string[] {
  if (!report) return [];
  const g = report.granted;
  const granted = [
    ...g.folders.map((f) => `folder ${f.path}`),
    g.printing && 'printing',
    g.mimebox && 'MIME box',
    g.agent && 'SSH agent',
    g.sshproxy && `SSH proxy ${g.sshproxy.host}`,
    g.kerberos && 'Kerberos delegation',
    g.directRdpClient && `direct RDP with ${g.directRdpClient}`,
    g.directXdmcpClient && `direct XDMCP with ${g.directXdmcpClient}`,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  return [
    `local resources granted: ${granted.join(', ') || 'none'}`,
    ...report.denied.map((d) => `local resource refused: ${d.resource}: ${d.reason}`),
  ];
}

function describeEvent(event: LaunchEvent): string | null {
  switch (event.type) {
    case 'started':
      return `started ${event.argv[0] ?? ''} (pid ${event.pid})`;
    case 'exited':
      return `client exited (${event.exit.signal ? `signal ${event.exit.signal}` : `code ${event.exit.code}`}) after ${(event.exit.runMs / 1000).toFixed(1)} s`;
    case 'ready':
      return 'the session is up';
    case 'key-removed':
      return `broker key deleted (${event.reason === 'ready' ? 'the client is logged in' : 'its time budget is over'})`;
    case 'cleaned':
      return `cleaned up (private files removed${event.killed.length ? `, ended ${event.killed.length} leftover process(es)` : ''})`;
    default:
      return null;
  }
}

/**
 * Run the command against a signed-in broker session. Returns the exit code (0, or the
 * 'client' code when the client failed); throws LauncherError for everything else.
 */
export async function runLaunchCommand(
  args: LaunchCliArgs,
  broker: LaunchBroker,
  io: LaunchIO = defaultIO,
): Promise<number> {
  const profiles = await broker.listProfiles();
  const profile = profiles.find((p) => p.id === args.profileId);
  if (!profile)
    throw new LauncherError(
      'cli.no-such-profile',
      { profile: args.profileId },
      `The broker offers no profile "${args.profileId}".`,
      {
        hint: `Available: ${profiles.map((p) => p.id).join(', ') || '(none)'}`,
      },
    );
  // before asking the broker for a server: what cannot start with this client never will
  directClient(requestedResources(profile), args.localPolicy ?? DEFAULT_LOCAL_RESOURCE_POLICY);
  const limit = args.client === 'pyhoca-cli' ? pyhocaLimit(profile, 'broker-key') : null;
  if (limit) throw pyhocaLimitError(limit);
  const selected = await broker.selectSession(profile.id);
  // from here on: no waiting — a broker-pushed key expires ~20 s after this reply
  const prepared = prepareLaunch(
    profile,
    selected,
    { ...args, localResources: cliConsent(args) },
    { dryRun: args.dryRun },
  );
  if (args.dryRun) {
    prepared.privateDir.remove();
    io.out(dryRunReport(prepared, args.json));
    return 0;
  }

  const report = (event: LaunchEvent) => {
    if (args.json) {
      if (event.type !== 'output')
        io.out(`${JSON.stringify({ event: event.type, ...eventData(event) })}\n`);
      return;
    }
    const text = describeEvent(event);
    if (text) io.err(`x2go-launcher: ${text}\n`);
  };
  for (const w of prepared.built.warnings) io.err(`x2go-launcher: warning: ${safeLine(w)}\n`);
  // Ctrl-C / kill of the launcher ends the client (pyhoca-cli then terminates the session);
  // installed before the spawn, so an early signal is not lost and leaves no key behind
  let running: RunningClient | null = null;
  let interrupted: NodeJS.Signals | null = null;
  // the client's own stop signal (pyhoca-cli: SIGINT terminates the session), not ours
  const forward = (sig: NodeJS.Signals) => {
    interrupted = sig;
    running?.stop();
  };
  const onExit = () => prepared.privateDir.remove(); // crash of this process: no key left behind
  process.once('exit', onExit);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  // client events, where the broker's listsessions reply asked for them (launcher/broker-events-launch.ts)
  const brokerEvents = startLaunchEvents(broker, profile, selected, prepared.built.client, (r) => {
    if (args.json) io.out(`${JSON.stringify({ event: 'broker-event', ...r })}\n`);
    else io.err(`x2go-launcher: ${safeLine(describeEventReport(r))}\n`);
  });
  try {
    // the X2Go server's host key is verified first: unknown → refused (exit 4) unless
    // --add-to-known-hosts; changed or revoked → always refused
    running = await startLaunch(prepared, {
      onEvent: (event) => {
        report(event);
        if (brokerEvents) feedLaunchEvent(brokerEvents.reporter, event);
      },
      onHostKey: (v) => {
        if (args.json)
          io.out(
            `${JSON.stringify({ event: 'host-key', host: v.host, port: v.port, keyType: v.keyType, fingerprint: v.fingerprint, status: v.status, source: v.source })}\n`,
          );
        else
          io.err(
            `x2go-launcher: ${safeLine(`X2Go server ${v.host}:${v.port} ${v.keyType} key ${v.fingerprint}: ${v.status === 'known' ? `known (${v.source ?? ''})` : `accepted${v.source ? `, added to ${v.source}` : ''}`}`)}\n`,
          );
      },
      // the client's environment is built from an allowlist (client-env.ts); the secret
      // variables go first, whatever their name
      env: withoutSecrets(process.env, args.secretEnvNames ?? []),
    });
    if (interrupted) running.stop();
    brokerEvents?.attach(running);
    // nothing more to ask the broker while the session runs: free its connections now
    await broker.close?.().catch(() => undefined);
    const exit = await running.done;
    await brokerEvents?.reporter.idle(); // FINISHED delivered (or reported as failed) before we go
    // pyhoca-cli exits 0 even when it refused the server's host key (docs/host-keys.md)
    const refusal = prepared.built.client === 'pyhoca-cli' && pyhocaHostKeyRefusal(exit.lastLines);
    if (refusal)
      throw new LauncherError(
        'client.host-key-refused',
        {
          server: `${prepared.plan.selected.server}:${prepared.plan.selected.port}`,
          reason: safeLine(refusal),
        },
        `pyhoca-cli refused the host key of the X2Go server ${prepared.plan.selected.server}:${prepared.plan.selected.port}: ${safeLine(refusal)}`,
        {
          hint: 'The server presented another key than the one verified a moment before: ask the administrator.',
        },
      );
    if (exit.code === 0) return 0;
    if (!args.json) for (const line of exit.lastLines.slice(-8)) io.err(`  ${safeLine(line)}\n`);
    return EXIT_CODES.client;
  } finally {
    brokerEvents?.reporter.stopAlive();
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    process.off('exit', onExit);
    prepared.privateDir.remove();
  }
}

function eventData(event: LaunchEvent): Record<string, unknown> {
  switch (event.type) {
    case 'started':
      return { pid: event.pid, runId: event.runId, argv: event.argv, keyAgeMs: event.keyAgeMs };
    case 'exited':
      return { ...event.exit };
    case 'cleaned':
      return { killed: event.killed };
    case 'key-removed':
      return { reason: event.reason };
    default:
      return {};
  }
}
