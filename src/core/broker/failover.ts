// Fail-over between the URLs of one broker entry (docs/failover.md): the first request of a
// session tries them in order, each with a short connect timeout, and the session then stays
// on the URL that answered — its cookies (docs/protocol.md §6) belong to that broker and mean
// nothing to the others. Only failures that say "nobody answered here" move on to the next
// URL; everything that is an answer, or a warning a person must see, ends the attempt there.
import { LauncherError, isLauncherError } from '../errors';
import type { BrokerReply, BrokerRequest, BrokerTransport, SendOptions } from '../transport/types';
import type { BrokerUrl } from './url';
import { SOCKS_UNREACHABLE_REPLIES } from '../transport/socks-errors';

/**
 * Node/OS codes (on `details.code`) of a `broker.unreachable` that mean no broker answered
 * at this address: refused, reset before any reply, no route, no such host name.
 * Not here: ERR_REPLY_TRUNCATED (a broker did answer, and may have acted on the request) and
 * HPE_* (something that is not an HTTP broker answers there: a configuration fault).
 */
const NOBODY_THERE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/**
 * HTTP statuses that mean the broker behind a web server or proxy is down or in maintenance
 * (RFC 9110 §15.6.3–5): 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout.
 * Not 500: that is the broker's own failure for this request (x2gobroker 0.0.4.3 answers 500
 * to a cookie together with a password, docs/protocol.md §6.5) and the next broker of the same
 * installation would fail alike, after the password had gone to both.
 */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * Whether `error` (from one transport's send) lets the next URL be tried (docs/failover.md §2):
 *  - yes: connection refused or reset, no route, DNS failure (HTTP and SSH), the connect
 *    timeout, HTTP 502/503/504, an unreachable proxy, a proxy that cannot reach this broker
 *    (its answer to CONNECT is a 5xx);
 *  - no: 401/403 and every other answer of the broker (a wrong password is wrong on every
 *    broker, and trying it on all of them would only lock the account faster); a TLS
 *    certificate failure or an SSH host key that does not match (the connection reached
 *    something that claims to be the broker and cannot prove it: the user must see that, not
 *    be moved on silently to another address); the request timeout (a broker accepted the
 *    connection and may be working on the request); cancellation; usage errors.
 */
export function failsOver(error: unknown): boolean {
  if (!isLauncherError(error)) return false;
  switch (error.code) {
    case 'broker.unreachable':
      return NOBODY_THERE.has(error.details.code ?? '');
    case 'broker.timeout.connect':
    case 'ssh.unreachable':
    case 'ssh.unresolved':
    case 'ssh.timeout.connect':
    case 'proxy.unreachable':
      return true;
    case 'broker.http.server-error':
      return GATEWAY_STATUSES.has(error.details.httpStatus ?? 0);
    case 'proxy.refused':
      // A refused CONNECT is always the proxy's own answer: a 5xx there means it could not
      // reach this broker (tinyproxy: 500 "Unable to connect", Squid: 503), while a 4xx is
      // its rule against the host or port, which is the same for every URL tried next.
      return (error.details.httpStatus ?? 0) >= 500;
    case 'proxy.socks-refused':
      // the SOCKS proxy's reply: could not reach this broker (fails over) or its rule (not)
      return SOCKS_UNREACHABLE_REPLIES.has(String((error.params as { reply?: unknown }).reply));
    default:
      return false;
  }
}

/** Failures that are the broker's own answer: the session stays on the URL that gave it. */
const ANSWER_KINDS = new Set(['auth', 'cookie-rejected', 'broker', 'protocol', 'no-server']);

/** One URL tried and passed over, for the message and the CLI's stderr line. */
export interface FailoverAttempt {
  /** The URL's display form (no password). */
  url: string;
  error: LauncherError;
}

/** A connect timeout short enough that a dead first URL costs little (docs/failover.md §3). */
export const FAILOVER_CONNECT_TIMEOUT_MS = 4000;

/**
 * A BrokerTransport over several URLs of one broker, tried in order on the first request only.
 * `create` makes the transport of one URL (any scheme; closed when passed over). After a URL
 * answered (a reply, or a refusal such as HTTP 401), every request goes there; `onAnswered` is
 * called once with it and the attempts passed over. When every URL fails over, send() rejects
 * with `broker.failover.exhausted` (kind `unreachable`) naming each URL and its failure; any
 * other failure rejects as the URL's transport did.
 */
export class FailoverTransport implements BrokerTransport {
  private current: { url: BrokerUrl; transport: BrokerTransport } | null = null;

  constructor(
    private readonly urls: readonly BrokerUrl[],
    private readonly create: (url: BrokerUrl) => BrokerTransport,
    private readonly onAnswered?: (url: BrokerUrl, passedOver: FailoverAttempt[]) => void,
  ) {
    if (!urls.length) throw new Error('FailoverTransport needs at least one URL');
  }

  /** The URL that answered, or the first one while none has. */
  get url(): BrokerUrl {
    return this.current?.url ?? this.urls[0]!;
  }

  /** The URL that answered; null before the first answer. */
  get answeredUrl(): BrokerUrl | null {
    return this.current?.url ?? null;
  }

  /** The transport of the URL that answered (e.g. to ask it for its proxy route). */
  get activeTransport(): BrokerTransport | null {
    return this.current?.transport ?? null;
  }

  /**
   * Sends to the URL that answered; before any did, tries the URLs in order (see the class).
   * Rejects like BrokerTransport.send, or with `broker.failover.exhausted`.
   */
  async send(request: BrokerRequest, options: SendOptions = {}): Promise<BrokerReply> {
    if (this.current) return this.current.transport.send(request, options);
    const passedOver: FailoverAttempt[] = [];
    for (const url of this.urls) {
      const transport = this.create(url);
      try {
        const reply = await transport.send(request, options);
        this.settle(url, transport, passedOver);
        return reply;
      } catch (e) {
        if (failsOver(e) && !options.signal?.aborted) {
          passedOver.push({ url: url.display, error: e as LauncherError });
          await transport.close().catch(() => undefined);
          continue;
        }
        if (isLauncherError(e) && ANSWER_KINDS.has(e.kind)) this.settle(url, transport, passedOver);
        else await transport.close().catch(() => undefined);
        throw e;
      }
    }
    throw exhaustedError(passedOver);
  }

  private settle(url: BrokerUrl, transport: BrokerTransport, passedOver: FailoverAttempt[]): void {
    this.current = { url, transport };
    this.onAnswered?.(url, passedOver);
  }

  /** Closes the answering URL's transport; the next send starts from the first URL again. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    await current?.transport.close();
  }
}

/** Every URL failed over: one error listing them, in the order tried. */
function exhaustedError(attempts: FailoverAttempt[]): LauncherError {
  const list = attempts.map((a) => `${a.url}: ${a.error.message.replace(/\.$/, '')}`).join('; ');
  return new LauncherError(
    'broker.failover.exhausted',
    { count: attempts.length, attempts: attempts.map((a) => a.url).join(', ') },
    `No URL of the broker answered (${attempts.length} tried). ${list}`,
    {
      ...(attempts.at(-1)?.error.details.code ? { code: attempts.at(-1)!.error.details.code } : {}),
      hint: 'Check the network (and the proxy); the broker may be down at every address. Try again later or ask the administrator.',
    },
  );
}
