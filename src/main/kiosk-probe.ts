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

/** Why one URL did not answer, and whether the next URL may be tried (failsOver's rule). */
class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly movesOn: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Probes the broker at `url` and, when the policy's brokerUrls make it a fail-over entry, its
 * other URLs in order (brokerEntryUrls, as the app's sign-in). Resolves when one answered;
 * rejects with an Error whose message says why not (shown on the network-wait screen): the
 * failure of the URL that ended the probe, or, when no URL answered, each URL and its
 * failure. Takes at most timeoutMs per URL tried.
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
        error instanceof ProbeFailure ? error : new ProbeFailure(String(error), false);
      if (!failure.movesOn || urls.length === 1) throw new Error(failure.message, { cause: error });
      passedOver.push(`${displayOf(candidate)}: ${failure.message}`);
    }
  }
  throw new Error(`no address of the broker answered (${passedOver.join('; ')})`);
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
  const noAnswer = () =>
    new ProbeFailure(`no answer from ${parsed.display} within ${timeoutMs / 1000} s`, true);
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
    const message = error instanceof Error ? error.message : String(error);
    throw new ProbeFailure(message, failsOver(error), { cause: error });
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
    socket.setTimeout(timeoutMs, () =>
      done(new ProbeFailure(`no answer from ${host}:${port} within ${timeoutMs / 1000} s`, true)),
    );
    socket.on('error', (e: NodeJS.ErrnoException) =>
      done(
        new ProbeFailure(
          `cannot reach ${host}:${port}: ${e.message}`,
          NOBODY_THERE.has(e.code ?? ''),
        ),
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('latin1')).slice(0, 512);
      if (seen.includes('\n'))
        done(
          /^SSH-/m.test(seen)
            ? undefined
            : new ProbeFailure(`${host}:${port} answered, but not as an SSH server`, false),
        );
    });
    socket.on('end', () => done(new ProbeFailure(`${host}:${port} closed the connection`, false)));
  });
}
