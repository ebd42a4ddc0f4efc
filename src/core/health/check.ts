// The pre-launch health check (docs/health-check.md), one module for the CLI's
// `x2go-launcher check` and the app's "Check connection": broker reachable (and its TLS chain
// valid), the profile offered, selectsession answered, the X2Go server's name resolving and
// its SSH port open from here, its host key known / unknown / changed, the local client
// present (with its version), and the user's existing sessions. Every step the launch takes
// up to handing off — with the launch's own code (BrokerSession, checkServerHostKey,
// findClient) — but nothing is ever handed off: no client is started, no SSH login is made,
// no known_hosts file is written (an unknown key is reported, never accepted), and a key the
// broker pushes is dropped unused.
import type { SelectedSession } from '../../shared/model';
import type { HealthLine, HealthReport, HealthSession } from '../../shared/health';
import type { HealthText, HealthTextCode } from '../../shared/health-texts';
import type { BrokerProfile } from '../../shared/model';
import { isLauncherError, LauncherError } from '../errors';
import { findClient } from '../launcher/find-client';
import { checkServerHostKey, type HostKeyCheckOptions } from '../launcher/launch';
import { chooseResume } from '../launcher/resume';
import type { ClientKind } from '../launcher/types';
import { clientVersion } from './client-version';
import { DEFAULT_PROBE_TIMEOUT_MS, probeTcpPort, resolveHost } from './probes';

/** The part of BrokerSession the check uses. */
export interface HealthBroker {
  readonly url: { display: string; scheme: string; host?: string };
  listProfiles(signal?: AbortSignal): Promise<BrokerProfile[]>;
  selectSession(
    profileId: string,
    opts?: { login?: string },
    signal?: AbortSignal,
  ): Promise<SelectedSession>;
}

export interface HealthCheckOptions {
  profileId: string;
  client: ClientKind;
  /** `--client-path` / the clientPath setting. */
  clientPath?: string;
  /** `--known-hosts` and the admin's files: they vouch for the server key (read only). */
  knownHostsFiles?: string[];
  /** Where host keys are read (home, libssh file; tests). Never written by the check. */
  hostKey?: Omit<HostKeyCheckOptions, 'prompter'>;
  /** `--no-autoresume`: a launch would start a new session whatever exists. */
  noAutoresume?: boolean;
  /** Deadline of each DNS / TCP probe (ms). */
  probeTimeoutMs?: number;
  /** The client's `--version` (injected by tests; default: run it with a deadline). */
  clientVersion?: (file: string) => Promise<string | null>;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

const line = (l: HealthLine): HealthLine => l;

/** A sentence for the UI (shared/health-texts.ts): code and parameters. */
const say = (code: HealthTextCode, params: HealthText['params'] = {}): HealthText => ({
  code,
  params,
});

/**
 * A failure of a check, as a line: the error's own message, its hint as "next" (the UI shows
 * the error's translated message and `nextText`, the check's own advice).
 */
function failed(
  id: HealthLine['id'],
  e: unknown,
  subject: string | undefined,
  fallbackNext: string,
  nextText: HealthText,
): HealthLine {
  if (!isLauncherError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return line({
      id,
      status: 'fail',
      summary: message,
      next: fallbackNext,
      ...(subject ? { subject } : {}),
      text: say('unexpected', { message }),
      nextText,
    });
  }
  return line({
    id,
    status: 'fail',
    summary: e.message,
    next: e.details.hint ?? fallbackNext,
    ...(subject ? { subject } : {}),
    error: e.toJSON(),
    nextText,
  });
}

const skipped = (id: HealthLine['id'], why: string, text: HealthText): HealthLine =>
  line({ id, status: 'skip', summary: why, text });

/**
 * Run every check for `options.profileId` against a broker session (signed in or not: the
 * listing signs in). Never throws for what it checks — each failure is a `fail` line with the
 * error's message, hint and code; later checks that need the failed one are `skip`.
 */
export async function runHealthCheck(
  broker: HealthBroker,
  options: HealthCheckOptions,
): Promise<HealthReport> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const lines: HealthLine[] = [];
  const sessions: HealthSession[] = [];
  const { signal } = options;
  const probeMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const brokerShown = broker.url.display;
  let server: HealthReport['server'] = null;

  // 1–2. broker reachable and signed in (the listing), its TLS chain (https)
  let profiles: BrokerProfile[] | null = null;
  const t0 = performance.now();
  try {
    profiles = await broker.listProfiles(signal);
    const ms = Math.round(performance.now() - t0);
    lines.push(
      line({
        id: 'broker',
        status: 'pass',
        summary: `The broker at ${brokerShown} answered and signed you in (${profiles.length} profiles).`,
        subject: brokerShown,
        text: say('broker.pass', { broker: brokerShown, count: profiles.length }),
        ms,
      }),
      tlsPassLine(broker.url),
    );
  } catch (e) {
    const ms = Math.round(performance.now() - t0);
    const kind = isLauncherError(e) ? e.kind : 'internal';
    if (kind === 'tls') {
      // the TCP connection was made: reachable, but its certificate chain is not trusted
      lines.push(
        line({
          id: 'broker',
          status: 'pass',
          summary: `The broker at ${brokerShown} is reachable (TCP connection made).`,
          subject: brokerShown,
          text: say('broker.reachable', { broker: brokerShown }),
          ms,
        }),
        failed(
          'tls',
          e,
          brokerShown,
          'Ask the administrator for the broker’s CA certificate (--broker-cacertfile FILE).',
          say('tls.next-ca'),
        ),
      );
    } else {
      lines.push(
        {
          ...failed(
            'broker',
            e,
            brokerShown,
            'Check the broker URL and your network.',
            say('broker.next'),
          ),
          ms,
        },
        skipped('tls', 'Not checked: no answer from the broker.', say('tls.skip')),
      );
    }
  }

  // 3. the profile is offered
  let profile: BrokerProfile | undefined;
  if (!profiles)
    lines.push(
      skipped('profile', 'Not checked: the broker did not list profiles.', say('profile.skip')),
    );
  else {
    profile = profiles.find((p) => p.id === options.profileId);
    lines.push(
      profile
        ? line({
            id: 'profile',
            status: 'pass',
            summary: `The broker offers the profile "${options.profileId}" (${profile.label}).`,
            subject: options.profileId,
            text: say('profile.pass', { profile: options.profileId, label: profile.label }),
          })
        : line({
            id: 'profile',
            status: 'fail',
            summary: `The broker offers no profile "${options.profileId}".`,
            next: `Pick one of: ${profiles.map((p) => p.id).join(', ') || '(none)'}.`,
            subject: options.profileId,
            nextText: profiles.length
              ? say('profile.next', { profiles: profiles.map((p) => p.id).join(', ') })
              : say('profile.next-none'),
            error: new LauncherError(
              'cli.no-such-profile',
              { profile: options.profileId },
              `The broker offers no profile "${options.profileId}".`,
            ).toJSON(),
          }),
    );
  }

  // 4. selectsession answered (a pushed key is dropped here, unused and never written)
  let selected: SelectedSession | null = null;
  if (!profile)
    lines.push(
      skipped('selectsession', 'Not asked: no profile to select.', say('selectsession.skip')),
    );
  else {
    const t = performance.now();
    try {
      const reply = await broker.selectSession(profile.id, {}, signal);
      selected = { ...reply, privateKey: null };
      server = { host: selected.server, port: selected.port };
      lines.push(
        line({
          id: 'selectsession',
          status: 'pass',
          summary: `The broker chose the X2Go server ${hostPort(selected)}${reply.privateKey ? ' and pushed a login key (not used by the check)' : ''}.`,
          subject: hostPort(selected),
          text: say(reply.privateKey ? 'selectsession.pass-key' : 'selectsession.pass', {
            server: hostPort(selected),
          }),
          ms: Math.round(performance.now() - t),
        }),
      );
    } catch (e) {
      lines.push({
        ...failed(
          'selectsession',
          e,
          profile.id,
          'Try again later, or ask the administrator.',
          say('selectsession.next'),
        ),
        ms: Math.round(performance.now() - t),
      });
    }
  }

  // 5–7. the X2Go server from this machine: name, SSH port, host key
  if (!selected) {
    for (const id of ['dns', 'ssh-port', 'host-key'] as const)
      lines.push(skipped(id, 'Not checked: the broker named no server.', say('server.skip')));
  } else {
    const where = hostPort(selected);
    let resolved = false;
    const td = performance.now();
    try {
      const addresses = await resolveHost(selected.server, probeMs);
      resolved = true;
      lines.push(
        line({
          id: 'dns',
          status: 'pass',
          summary: `${selected.server} resolves to ${addresses.join(', ')}.`,
          subject: selected.server,
          text: say('dns.pass', { host: selected.server, addresses: addresses.join(', ') }),
          ms: Math.round(performance.now() - td),
        }),
      );
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'error';
      lines.push(
        line({
          id: 'dns',
          status: 'fail',
          summary: `The server name ${selected.server} (from the broker) does not resolve here (${code}).`,
          next: 'Check this machine’s DNS (or VPN); the broker may name a host only its own network knows — ask the administrator.',
          subject: selected.server,
          error: unreachable(selected.server, code),
          text: say('dns.fail', { host: selected.server, code }),
          nextText: say('dns.next'),
          ms: Math.round(performance.now() - td),
        }),
      );
    }
    let portOpen = false;
    if (!resolved)
      lines.push(
        skipped(
          'ssh-port',
          `Not checked: ${selected.server} does not resolve.`,
          say('ssh-port.skip', { host: selected.server }),
        ),
      );
    else {
      try {
        const ms = await probeTcpPort(selected.server, selected.port, probeMs);
        portOpen = true;
        lines.push(
          line({
            id: 'ssh-port',
            status: 'pass',
            summary: `The SSH port ${where} accepts connections from here.`,
            subject: where,
            text: say('ssh-port.pass', { where }),
            ms,
          }),
        );
      } catch (e) {
        const code = (e as { code?: string }).code ?? 'error';
        lines.push(
          line({
            id: 'ssh-port',
            status: 'fail',
            summary: `The SSH port ${where} does not accept connections from here (${code}).`,
            next:
              code === 'ECONNREFUSED'
                ? `Nothing listens on ${where}: the server's SSH daemon may be down — ask the administrator.`
                : `A firewall or the network blocks ${where}; check VPN / firewall, or ask the administrator.`,
            subject: where,
            error: unreachable(where, code),
            text: say('ssh-port.fail', { where, code }),
            nextText: say(
              code === 'ECONNREFUSED' ? 'ssh-port.next-refused' : 'ssh-port.next-blocked',
              { where },
            ),
          }),
        );
      }
    }
    if (!portOpen)
      lines.push(
        skipped(
          'host-key',
          `Not checked: no connection to ${where}.`,
          say('host-key.skip', { where }),
        ),
      );
    else {
      const th = performance.now();
      try {
        const verified = await checkServerHostKey(
          selected,
          options.client,
          { knownHostsFiles: options.knownHostsFiles ?? [], addToKnownHosts: false },
          { ...options.hostKey, ...(signal ? { signal } : {}) },
          options.env,
        );
        lines.push(
          line({
            id: 'host-key',
            status: 'pass',
            summary: `The ${verified.keyType} host key of ${where} (${verified.fingerprint}) is known (${verified.source ?? 'known_hosts'}).`,
            subject: verified.source ?? where,
            text: say('host-key.pass', {
              keyType: verified.keyType,
              where,
              fingerprint: verified.fingerprint,
              source: verified.source ?? 'known_hosts',
            }),
            ms: Math.round(performance.now() - th),
          }),
        );
      } catch (e) {
        lines.push({
          ...failed(
            'host-key',
            e,
            hostKeySubject(e, where),
            'Ask the administrator for the server’s key fingerprint.',
            say('host-key.next', { subject: hostKeySubject(e, where) }),
          ),
          ms: Math.round(performance.now() - th),
        });
      }
    }
  }

  // 8. the local client (runs regardless of the broker: it is this machine's)
  lines.push(await clientLine(options));

  // 9. the user's existing sessions for the profile (the broker's SESSION_INFO, §8.4)
  if (!selected || !profile)
    lines.push(skipped('sessions', 'Not checked: the broker named no server.', say('server.skip')));
  else {
    const resumed = options.noAutoresume ? null : chooseResume(profile, selected, true).session;
    for (const info of selected.sessionInfo)
      sessions.push({ info, resumedByLaunch: resumed?.name === info.name });
    lines.push(
      line({
        id: 'sessions',
        status: 'pass',
        summary: sessions.length
          ? `You have ${sessions.length} session(s) for this profile on ${selected.server}: ${sessions.map((s) => `${s.info.name} (${s.info.status === 'R' ? 'running' : 'suspended'})`).join(', ')}.`
          : 'The broker reports no running or suspended session of yours for this profile: a launch starts a new one.',
        ...(sessions.length ? { next: 'Resume it, end it, or start a new session.' } : {}),
        subject: selected.server,
        text: sessions.length
          ? say('sessions.found', { count: sessions.length, server: selected.server })
          : say('sessions.none'),
        ...(sessions.length ? { nextText: say('sessions.next') } : {}),
      }),
    );
  }

  return {
    profileId: options.profileId,
    broker: brokerShown,
    server,
    client: options.client,
    lines,
    sessions,
    ok: lines.every((l) => l.status !== 'fail'),
    checkedAt,
    ms: Math.round(performance.now() - started),
  };
}

/** A probe's failure as the launcher's error for an unreachable X2Go server (exit code 4). */
function unreachable(where: string, code: string): HealthLine['error'] {
  return new LauncherError(
    'server.unreachable',
    { where, error: code }, // host:port only: no English inside the UI's message
    `Cannot connect to the X2Go server ${where} (${code}).`,
    { code },
  ).toJSON();
}

function hostPort(s: { server: string; port: number }): string {
  return `${s.server.includes(':') ? `[${s.server}]` : s.server}:${s.port}`;
}

function tlsPassLine(url: HealthBroker['url']): HealthLine {
  if (url.scheme === 'https')
    return line({
      id: 'tls',
      status: 'pass',
      summary: `The certificate chain of ${url.host ?? url.display} is valid for that name and trusted.`,
      subject: url.display,
      text: say('tls.pass', { host: url.host ?? url.display }),
    });
  if (url.scheme === 'ssh')
    return line({
      id: 'tls',
      status: 'skip',
      summary: 'An ssh:// broker uses no TLS; its host key was verified against known_hosts.',
      subject: url.display,
      text: say('tls.ssh'),
    });
  return line({
    id: 'tls',
    status: 'skip',
    summary: `Plain http:// to ${url.host ?? url.display}: no TLS, the password crosses the network in clear.`,
    next: 'Ask the administrator for an https:// broker address.',
    subject: url.display,
    text: say('tls.plain', { host: url.host ?? url.display }),
    nextText: say('tls.next-plain'),
  });
}

/** The known_hosts file(s) a host-key failure is about (changed: the entries; unknown: the user's file). */
function hostKeySubject(e: unknown, where: string): string {
  if (!isLauncherError(e)) return where;
  const params = e.params as Record<string, unknown>;
  if (typeof params.known === 'string') return params.known;
  const m = /not in known_hosts \(([^)]+)\)/.exec(e.message);
  return m?.[1] ?? where;
}

async function clientLine(options: HealthCheckOptions): Promise<HealthLine> {
  let file: string;
  try {
    file = findClient(options.client, {
      ...(options.clientPath ? { clientPath: options.clientPath } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
  } catch (e) {
    return failed(
      'client',
      e,
      options.clientPath ?? options.client,
      'Install an X2Go client.',
      say('client.next'),
    );
  }
  const version = await (options.clientVersion ?? clientVersion)(file);
  return line({
    id: 'client',
    status: 'pass',
    summary: `${options.client} ${version ?? '(version not reported)'} is installed at ${file}.`,
    subject: file,
    text: version
      ? say('client.pass', { client: options.client, version, file })
      : say('client.pass-no-version', { client: options.client, file }),
  });
}
