// "Is the broker there?" for the kiosk's network wait and broker watch (docs/kiosk.md §App
// wiring): one real, bounded request per URL. HTTP(S): the broker's own sign-in exchange
// without credentials (src/core/broker/session.ts) — any broker answer, even "access denied",
// means it is there; no connection, a timeout, a TLS failure, a reply that is not the broker's
// (a captive portal) or a broker error (5xx) mean wait. SSH: a TCP connection to the broker's
// sshd that must send its `SSH-` identification line (RFC 4253 §4.2), then closed — no login,
// so no host-key question and no credentials are involved.
// A broker with fail-over URLs (the policy's brokerUrls, docs/failover.md) is probed the way
// sign-in tries it: its URLs in order, moving on only when nobody answered at one (the rules
// of failsOver), so the kiosk does not wait for a first URL that is down while sign-in would
// use the second.
import { connect } from 'node:net';
import { failsOver } from '../core/broker/failover';
import { brokerEntryUrls } from '../core/broker/failover-urls';
import { parseBrokerUrl } from '../core/broker/url';
import { LauncherError } from '../core/errors';
import type { SessionFactory } from './controller';
import { PromptHub, createSshPrompter } from './prompts';

export interface ProbeOptions {
  createSession: SessionFactory;
  /** The admin's CA files for an https broker. */
  caFiles?: string[];
  /** Give up on one URL after this long (ms; default 8,000). */
  timeoutMs?: number;
  /** The policy key brokerUrls (docs/failover.md §1): `url`'s fail-over URLs when it is one. */
  policyBrokerUrls?: readonly string[];
}

/** Kinds of broker answers that prove the broker is up (it answered as a broker). */
const ANSWERED = new Set(['auth', 'cookie-rejected']);

/**
 * Why one URL did not answer, and whether the next URL may be tried (failsOver's rule).
 * `error` is what the kiosk shows: a LauncherError, so its code and parameters are translated
 * on the network-wait screen (issue 13 §8) — never a bare Error ("something went wrong").
 */
class ProbeFailure extends Error {
  constructor(
    readonly error: LauncherError,
    readonly movesOn: boolean,
  ) {
    super(error.message, { cause: error });
  }
}

/** The kiosk's error for a socket-level failure at host:port (the transports' code). */
function unreachable(where: string, reason: string): LauncherError {
  return new LauncherError(
    'broker.unreachable',
    { where, error: reason },
    `Cannot reach the broker at ${where} (${reason}).`,
  );
}

/** The kiosk's error for "no answer within the probe's time". */
function noAnswerIn(where: string, timeoutMs: number): LauncherError {
  return new LauncherError(
    'broker.timeout.connect',
    { where, seconds: timeoutMs / 1000 },
    `No connection to the broker at ${where} within ${timeoutMs / 1000} s.`,
  );
}

/**
 * Probes the broker at `url` and, when the policy's brokerUrls make it a fail-over entry, its
 * other URLs in order (brokerEntryUrls, as the app's sign-in). Resolves when one answered;
 * rejects with a LauncherError saying why not (translated on the network-wait screen): the
 * failure of the URL that ended the probe, or, when no URL answered,
 * `broker.failover.exhausted` naming each URL and its failure. Takes at most timeoutMs per
 * URL tried.
 */
export async function probeBroker(url: string, options: ProbeOptions): Promise<void> {
  const entry = brokerEntryUrls({ url, policyList: options.policyBrokerUrls ?? [] });
  const urls = entry ? [entry.url, ...entry.failover] : [url];
  const passedOver: string[] = [];
  for (const candidate of urls) {
    try {
      await probeOne(candidate, options);
      return;
    } catch (error) {
      const failure =
        error instanceof ProbeFailure
          ? error
          : new ProbeFailure(
              error instanceof LauncherError
                ? error
                : unreachable(displayOf(candidate), String((error as Error)?.message ?? error)),
              false,
            );
      if (!failure.movesOn || urls.length === 1) throw failure.error;
      passedOver.push(`${displayOf(candidate)}: ${failure.message}`);
    }
  }
  throw new LauncherError(
    'broker.failover.exhausted',
    { count: urls.length, attempts: passedOver.join('; ') },
    `No address of the broker answered (${passedOver.join('; ')}).`,
  );
}

function displayOf(url: string): string {
  try {
    return parseBrokerUrl(url).display;
  } catch {
    return url;
  }
}

/** One URL, without fail-over; rejects with a ProbeFailure. */
async function probeOne(url: string, options: ProbeOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 8_000;
  const parsed = parseBrokerUrl(url);
  if (parsed.scheme === 'ssh') return probeSshBanner(parsed.host, parsed.port, timeoutMs);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const noAnswer = () => new ProbeFailure(noAnswerIn(parsed.display, timeoutMs), true);
  const session = options.createSession({
    url,
    noAuth: true,
    noFailover: true, // this loop tries the fail-over URLs, SSH ones without a login
    ...(options.caFiles?.length ? { caFiles: options.caFiles } : {}),
    // no SSH here: a prompter that is never asked (its hub times out at once)
    prompter: createSshPrompter(new PromptHub(() => undefined, 1), () => undefined),
  });
  try {
    await Promise.race([
      session.authenticate(abort.signal),
      new Promise<never>((_resolve, reject) =>
        abort.signal.addEventListener('abort', () => reject(noAnswer())),
      ),
    ]);
  } catch (error) {
    if (error instanceof LauncherError && ANSWERED.has(error.kind)) return;
    // our own time limit: nobody answered in time, as a connect timeout (failsOver)
    if (abort.signal.aborted) throw noAnswer();
    throw new ProbeFailure(
      error instanceof LauncherError
        ? error
        : unreachable(parsed.display, error instanceof Error ? error.message : String(error)),
      failsOver(error),
    );
  } finally {
    clearTimeout(timer);
    void session.close().catch(() => undefined);
  }
}

/** Socket errors that mean nobody listens at host:port (failover.ts's NOBODY_THERE). */
const NOBODY_THERE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/** TCP connect to host:port and read the SSH identification line, within timeoutMs. */
function probeSshBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let seen = '';
    const done = (error?: ProbeFailure) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const where = `${host}:${port}`;
    socket.setTimeout(timeoutMs, () => done(new ProbeFailure(noAnswerIn(where, timeoutMs), true)));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      done(
        new ProbeFailure(unreachable(where, e.code ?? e.message), NOBODY_THERE.has(e.code ?? '')),
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('latin1')).slice(0, 512);
      if (seen.includes('\n'))
        done(
          /^SSH-/m.test(seen)
            ? undefined
            : new ProbeFailure(unreachable(where, 'it answered, but not as an SSH server'), false),
        );
    });
    socket.on('end', () =>
      done(new ProbeFailure(unreachable(where, 'it closed the connection'), false)),
    );
  });
}
