// HTTP(S) broker transport (docs/protocol.md §2, §9): one form-urlencoded POST per request,
// every value percent-encoded as UTF-8. Security defaults: TLS verified against the system
// store plus the admin's CA files, redirects never followed (a POST silently turned into a
// GET, or an https→http hop that would expose the password), timeouts and a reply size cap.
// Every failure becomes a specific LauncherError; a TLS failure carries the certificate.
// The exchange itself runs on node:http / node:https (http-exchange.ts says why no library);
// both, and node:tls, are loaded on first use, so `--help` and ssh:// brokers load neither.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PeerCertificate } from 'node:tls';
import type { CertificateDetails } from '../errors';
import { LauncherError, excerpt } from '../errors';
import type { BrokerUrl } from '../broker/url';
import type {
  BrokerReply,
  BrokerRequest,
  BrokerTransport,
  SendOptions,
  TransportLimits,
} from './types';
import { DEFAULT_LIMITS } from './types';
import { htmlErrorText } from './html-text';
import {
  ACCEPT_ENCODING,
  EXCHANGE_ERRORS,
  httpModule,
  postExchange,
  type ExchangeReply,
  type ExchangeRequest,
} from './http-exchange';
import {
  chooseProxies,
  createProxyAgent,
  isSocksProtocol,
  maskProxyUrl,
  type ProxyRoute,
  type ProxySettings,
} from './proxy';
import { socksError, withSocksConnectTimeout } from './socks-errors';
import { failsOver } from '../broker/failover';

export interface HttpTransportOptions {
  limits?: Partial<TransportLimits>;
  /** Extra trusted CA certificates (PEM files), on top of the system store. */
  caFiles?: string[];
  /** Name resolution override (tests; like curl --resolve). */
  lookup?: LookupFunction;
  /**
   * The connection pool to send through instead of the transport's own keep-alive agent: the
   * seam for a maintained proxy agent (https-proxy-agent and the like; proxies are issue 13,
   * not built yet). Such an agent opens its own connections, so `lookup` and the connect
   * timeout are its business; TLS verification still holds, because the trusted CAs and the
   * strict settings are also passed on every request (http-exchange.ts, `tls`). Not closed
   * by close(): it belongs to the caller.
   */
  agent?: Agent;
  /**
   * How to choose a proxy for this broker URL (proxy.ts, docs/proxies.md): the policy key
   * `proxy` and the app's system resolver; without a resolver the environment
   * (HTTPS_PROXY, NO_PROXY …). Absent: always direct (tests, callers that decide themselves).
   * Ignored when `agent` is given.
   */
  proxy?: ProxySettings;
}

const USER_AGENT = 'x2go-launcher/0.1 (X2Go broker client)';

/**
 * TLS settings given explicitly so that no environment switch can weaken them: Node takes
 * `NODE_TLS_REJECT_UNAUTHORIZED=0` only when `rejectUnauthorized` is left unset, and
 * `NODE_OPTIONS=--tls-min-v1.0` only when `minVersion` is. The trusted CAs are always passed
 * as `ca` (trustedCas), which replaces Node's default store — and with it whatever
 * `NODE_EXTRA_CA_CERTS` or `--use-openssl-ca` + `SSL_CERT_FILE` would have added.
 */
const STRICT_TLS = { rejectUnauthorized: true, minVersion: 'TLSv1.2' } as const;

/**
 * An overall time limit for one exchange, merged with the caller's AbortSignal: `signal`
 * aborts at whichever comes first; `expired` tells the two apart afterwards.
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  expired = false;

  constructor(
    ms: number,
    private readonly outer?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort();
    }, ms);
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onOuterAbort = (): void => this.controller.abort();

  clear(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/** Form body in x2goclient's field order; every value strictly percent-encoded (UTF-8). */
export function encodeForm(request: BrokerRequest): string {
  const fields: [string, string | undefined][] = [
    ['task', request.task === 'auth' ? '' : request.task],
    ['sid', request.sid],
    ['user', request.user],
    ['password', request.password],
    ['authid', request.authid || undefined],
    ['login', request.login],
    // broker password change and client events (docs/protocol.md §12)
    ['newpass', request.newpass],
    ...clientEventFields(request),
  ];
  return fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([k, v]) => `${k}=${strictEncode(v)}`)
    .join('&');
}

/** x2goclient 4.1.2's clientevent form fields (docs/protocol.md §12.3); none for other tasks. */
function clientEventFields(request: BrokerRequest): [string, string][] {
  const e = request.clientEvent;
  if (request.task !== 'clientevent' || !e) return [];
  return [
    ['event', e.event],
    ['server', e.server],
    ['client', e.client],
    ['cmd', e.cmd],
    ['display', e.display],
    ['start', e.start],
    ['elapsed', String(e.elapsed)],
  ];
}

function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export class HttpTransport implements BrokerTransport {
  readonly url: BrokerUrl;
  private readonly limits: TransportLimits;
  private readonly options: HttpTransportOptions;
  private agent: Agent | null = null;
  /** https only: the trusted CAs and STRICT_TLS, built with the agent. */
  private tls: ExchangeRequest['tls'];
  /** The route chosen with the agent (proxy.ts); null: not chosen yet, or a caller's agent. */
  private route: ProxyRoute | null = null;
  /**
   * Every route to try, in order (a PAC answer may list several: "PROXY a:1; PROXY b:2;
   * DIRECT"); null until the first send. The next is taken only while none has answered.
   */
  private routes: ProxyRoute[] | null = null;
  private routeIndex = 0;
  /** A route answered (or failed in a way that is not "nobody there"): stay on it. */
  private routeSettled = false;
  /** Routes passed over before the current one, for the final error's message. */
  private routesPassedOver: { route: string; reason: string }[] = [];
  /** The status of the proxy's answer to this exchange's CONNECT, when one was sent. */
  private connectStatus: number | undefined;

  constructor(url: BrokerUrl, options: HttpTransportOptions = {}) {
    if (url.scheme !== 'http' && url.scheme !== 'https')
      throw new LauncherError(
        'internal.transport-scheme',
        { scheme: url.scheme },
        `HttpTransport cannot handle ${url.scheme}:// URLs.`,
      );
    this.url = url;
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /**
   * One POST exchange. `limits.requestTimeoutMs` is an overall deadline from the first
   * connect to the last byte of the reply — not an idle timeout: a broker that trickles one
   * byte a second is cut off at the deadline like one that never answers ('timeout').
   */
  async send(request: BrokerRequest, options: SendOptions = {}): Promise<BrokerReply> {
    for (;;) {
      try {
        const reply = await this.sendOnce(request, options);
        this.routeSettled = true;
        return reply;
      } catch (e) {
        if (this.nextRoute(e, options.signal)) continue;
        this.routeSettled = true;
        throw this.withRoutesPassedOver(e);
      }
    }
  }

  /**
   * After a failed exchange before any route answered: moves to the next route of the list
   * when the failure means nobody answered there (failsOver, docs/failover.md §2: a dead
   * proxy, a proxy that could not reach the broker, no connection on DIRECT) and one is left.
   */
  private nextRoute(error: unknown, signal?: AbortSignal): boolean {
    const routes = this.routes;
    if (this.routeSettled || !routes || this.routeIndex + 1 >= routes.length) return false;
    if (signal?.aborted || !failsOver(error)) return false;
    this.routesPassedOver.push({
      route: describeRoute(routes[this.routeIndex]!),
      reason: (error as Error).message.replace(/\.$/, ''),
    });
    this.agent?.destroy();
    this.agent = null;
    this.routeIndex += 1;
    return true;
  }

  /** The final error, naming the routes tried before the last one (if any). */
  private withRoutesPassedOver(error: unknown): unknown {
    if (!this.routesPassedOver.length || !(error instanceof LauncherError)) return error;
    const tried = this.routesPassedOver.map((p) => `${p.route}: ${p.reason}`).join('; ');
    return error.retold(`${error.message} Tried before: ${tried}.`, error.details, {
      cause: error,
    });
  }

  private async sendOnce(request: BrokerRequest, options: SendOptions): Promise<BrokerReply> {
    // Local work first (node:https, the CA files): the deadline counts from the first connect.
    const agent = await this.getAgent();
    this.connectStatus = undefined;
    const deadline = new Deadline(this.limits.requestTimeoutMs, options.signal);
    let reply: ExchangeReply;
    try {
      reply = await postExchange({
        url: this.url.requestUrl,
        body: encodeForm(request),
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
          Accept: 'text/plain, text/json, application/json;q=0.9, */*;q=0.1',
          'Accept-Encoding': ACCEPT_ENCODING,
          'User-Agent': USER_AGENT,
        },
        agent,
        tls: this.tls,
        maxReplyBytes: this.limits.maxReplyBytes,
        // No idle timer on the socket: the Deadline aborts the whole exchange instead.
        signal: deadline.signal,
      });
    } catch (e) {
      throw deadline.expired ? this.timeoutError() : await this.translateError(e);
    } finally {
      deadline.clear();
    }
    return this.checkResponse(reply, request);
  }

  private timeoutError(): LauncherError {
    return new LauncherError(
      'broker.timeout.request',
      { where: `${this.url.host}:${this.url.port}`, seconds: this.limits.requestTimeoutMs / 1000 },
      `The broker at ${this.url.host}:${this.url.port} did not answer within ${this.limits.requestTimeoutMs / 1000} s.`,
      {
        code: 'ETIMEDOUT',
        hint: 'The whole reply must arrive within --timeout seconds. Check that the broker is running and not overloaded.',
      },
    );
  }

  close(): Promise<void> {
    this.agent?.destroy();
    this.agent = null;
    return Promise.resolve();
  }

  /** How this transport reaches its broker (after the first send; null before). */
  get proxyRoute(): ProxyRoute | null {
    return this.route;
  }

  private async getAgent(): Promise<Agent> {
    if (this.agent) return this.agent;
    const secure = this.url.scheme === 'https';
    let ca: string[] | undefined;
    if (secure) {
      const { rootCertificates } = process.getBuiltinModule('node:tls');
      ca = await trustedCas(this.options.caFiles ?? [], rootCertificates);
      this.tls = { ...STRICT_TLS, ca };
    }
    if (this.options.agent) return this.options.agent;
    if (this.options.proxy) {
      this.routes ??= await chooseProxies(this.url.requestUrl, this.options.proxy);
      const route = this.routes[this.routeIndex]!;
      this.route = route;
      if (route.kind === 'proxy' && isSocksProtocol(route.url.protocol)) {
        const agent = await createProxyAgent(route, secure ? 'https' : 'http', {
          keepAlive: true,
          maxSockets: 1,
          timeout: 15_000,
          ...(ca ? { ca } : {}),
        });
        this.agent = withSocksConnectTimeout(agent, this.limits.connectTimeoutMs);
        return this.agent;
      }
      if (route.kind === 'proxy') {
        const agent = await createProxyAgent(route, secure ? 'https' : 'http', {
          keepAlive: true,
          maxSockets: 1,
          timeout: 15_000,
          ...(ca ? { ca } : {}),
        });
        // https-proxy-agent reports the proxy's answer to CONNECT; anything but 200 is the
        // proxy's refusal (its reply is then replayed as if the broker had sent it).
        agent.on('proxyConnect', (connect: { statusCode?: number }) => {
          this.connectStatus = connect.statusCode;
        });
        this.agent = withProxyConnectTimeout(agent, this.limits.connectTimeoutMs);
        return this.agent;
      }
    }
    const lib = httpModule(this.url.scheme === 'https' ? 'https' : 'http');
    // Keep-alive between the requests of one sign-in; idle sockets are dropped after 15 s so a
    // GUI that waits minutes never reuses a connection the broker may have closed meanwhile.
    const common = { keepAlive: true, maxSockets: 1, timeout: 15_000, lookup: this.options.lookup };
    const agent = new lib.Agent(secure ? { ...common, ...this.tls } : common);
    this.agent = withConnectTimeout(agent, this.limits.connectTimeoutMs, secure);
    return this.agent;
  }

  private checkResponse(response: ExchangeReply, sent: BrokerRequest): BrokerReply {
    const status = response.status;
    // Invalid UTF-8 becomes U+FFFD, a BOM is dropped: never an exception.
    const body = new TextDecoder('utf-8').decode(response.body);
    const contentType = headerText(response.headers['content-type']);
    const where = this.url.display;
    this.checkProxyAnswer(status, response.headers['proxy-authenticate']);
    if (status === 200) return { body, contentType };
    const details = { httpStatus: status };
    if (status >= 300 && status < 400) {
      const location = headerText(response.headers['location']) ?? '(no Location header)';
      const downgrade = this.url.scheme === 'https' && /^http:/i.test(location);
      throw new LauncherError(
        'broker.http.redirect',
        { where, status, location: excerpt(location) },
        `The broker at ${where} answered with a redirect (HTTP ${status}) to ${excerpt(location)}; redirects are not followed.`,
        {
          ...details,
          hint: downgrade
            ? 'The redirect leads from https to plain http, which would expose your password: ask the administrator.'
            : 'Use the final URL as --broker-url.',
        },
      );
    }
    if (status === 401)
      throw new LauncherError(
        'broker.http.unauthorized',
        {},
        'The broker refused the credentials (HTTP 401).',
        {
          ...details,
          hint: 'Check the user name and password (or the auth-id cookie).',
        },
      );
    if (status === 404)
      throw new LauncherError(
        'broker.http.not-found',
        { where },
        `The broker has no such endpoint: ${where} (HTTP 404).`,
        {
          ...details,
          hint: 'The URL must end in /plain/ or /json/ (with the slash); a backend is named as /plain/<backend>/, and it must be enabled on the broker.',
        },
      );
    if (status === 405)
      throw new LauncherError(
        'broker.http.method-not-allowed',
        { where },
        `The server does not accept POST requests at ${where} (HTTP 405).`,
        {
          ...details,
          hint: 'Check that the URL points to the X2Go Session Broker (…/plain/ or …/json/).',
        },
      );
    if (status === 400)
      throw new LauncherError(
        'broker.http.bad-request',
        {},
        'The broker rejected the request as malformed (HTTP 400).',
        {
          ...details,
          hint: 'A field was not valid UTF-8 for the broker; check user name and password encoding.',
        },
      );
    const text = stripHtml(body);
    if (status >= 500)
      throw new LauncherError(
        'broker.http.server-error',
        { where, status },
        serverErrorMessage(status),
        {
          ...details,
          brokerMessage: text,
          hint: serverErrorHint(status, sent),
        },
      );
    throw new LauncherError(
      'broker.http.status',
      { where, status },
      `The broker answered HTTP ${status}.`,
      {
        ...details,
        brokerMessage: text,
      },
    );
  }

  /** A connect-phase failure through a proxy: the proxy is unreachable, not the broker. */
  private proxyNetworkError(code: string): LauncherError | null {
    const route = this.route;
    if (route?.kind !== 'proxy' || !PROXY_NETWORK_CODES.has(code)) return null;
    const proxy = maskProxyUrl(route.url);
    return new LauncherError(
      'proxy.unreachable',
      { proxy, error: code },
      `Cannot reach the proxy ${proxy} (${route.source === 'environment' ? 'from HTTPS_PROXY / HTTP_PROXY' : `from the ${route.source} settings`}): ${UNREACHABLE[code] ?? 'no connection in time'} (${code}).`,
      {
        code,
        hint:
          route.source === 'environment'
            ? 'Check the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and that the proxy is running.'
            : 'Check the proxy settings and that the proxy is running.',
      },
    );
  }

  /**
   * Through a proxy, a 407 and a refused CONNECT are the proxy's answers, not the broker's:
   * said so, naming the proxy (masked), so nobody hunts for a broker fault.
   */
  private checkProxyAnswer(status: number, challenge?: string | string[]): void {
    const route = this.route;
    if (route?.kind !== 'proxy') return;
    const proxy = maskProxyUrl(route.url);
    // A 407 whose challenges offer no Basic (Negotiate, NTLM …): no password can help, and
    // Kerberos needs the system's GSS-API, which a pure-JavaScript launcher cannot call
    // (docs/proxies.md §3) — said so, naming what the proxy asked for.
    const unsupported = status === 407 ? unsupportedProxyAuth(challenge) : null;
    if (unsupported)
      throw new LauncherError(
        'proxy.auth-unsupported',
        { proxy, scheme: unsupported },
        `The proxy ${proxy} asks for ${unsupported} authentication (HTTP 407 with Proxy-Authenticate: ${unsupported}), which this launcher cannot do: it sends only a user name and password (Basic).`,
        {
          httpStatus: 407,
          hint: 'Ask the administrator to exempt the broker from the proxy (NO_PROXY, the PAC script), to allow Basic authentication for it, or to set the policy key proxy to a proxy without Kerberos.',
        },
      );
    // 401 to CONNECT: tinyproxy's answer to wrong proxy credentials (407 to none at all).
    if (status === 407 || this.connectStatus === 407 || this.connectStatus === 401)
      throw new LauncherError(
        'proxy.auth-required',
        { proxy },
        `The proxy ${proxy} requires credentials${route.credentials ? ' and refused the ones given' : ''} (HTTP 407).`,
        {
          httpStatus: 407,
          hint: 'Put the proxy user and password into the proxy URL of HTTPS_PROXY / HTTP_PROXY (http://user:password@host:port), or ask the administrator.',
        },
      );
    if (this.connectStatus !== undefined && this.connectStatus !== 200)
      throw new LauncherError(
        'proxy.refused',
        { proxy, status: this.connectStatus, where: `${this.url.host}:${this.url.port}` },
        this.connectStatus >= 500
          ? `The proxy ${proxy} could not connect to the broker at ${this.url.host}:${this.url.port} (HTTP ${this.connectStatus}).`
          : `The proxy ${proxy} refused to open a tunnel to the broker at ${this.url.host}:${this.url.port} (HTTP ${this.connectStatus}).`,
        {
          httpStatus: this.connectStatus,
          hint:
            this.connectStatus >= 500
              ? 'The broker may be down, or the proxy cannot reach it: check the broker URL, or ask the administrator.'
              : 'The proxy does not allow this host or port: ask the administrator, or exempt the broker with NO_PROXY.',
        },
      );
  }

  private async translateError(e: unknown): Promise<LauncherError> {
    if (e instanceof LauncherError) return e;
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? 'error';
    const where = `${this.url.host}:${this.url.port}`;
    if (this.route?.kind === 'proxy' && isSocksProtocol(this.route.url.protocol)) {
      const socks = socksError(err, this.route, where);
      if (socks) return socks;
    }
    const proxyError = this.proxyNetworkError(code);
    if (proxyError) return proxyError;
    if (code === EXCHANGE_ERRORS.aborted)
      return new LauncherError('broker.cancelled', {}, 'The broker request was cancelled.', {
        code,
      });
    if (code === EXCHANGE_ERRORS.tooLarge)
      return new LauncherError(
        'broker.http.reply-too-large',
        { limit: this.limits.maxReplyBytes },
        `The broker's reply is larger than the limit of ${this.limits.maxReplyBytes} bytes.`,
        { code },
      );
    if (code === EXCHANGE_ERRORS.encoding)
      return new LauncherError(
        'broker.http.reply-encoding',
        { reason: err.message },
        `The broker's reply cannot be read: ${err.message}.`,
        {
          code,
          hint: 'A web server or proxy in front of the broker compresses its replies wrongly; ask the administrator.',
        },
      );
    if (code === 'ETIMEDOUT' || code === 'ECONNECTTIMEOUT') {
      const connect = code === 'ECONNECTTIMEOUT';
      return new LauncherError(
        connect ? 'broker.timeout.connect' : 'broker.timeout.request',
        {
          where,
          seconds: (connect ? this.limits.connectTimeoutMs : this.limits.requestTimeoutMs) / 1000,
        },
        connect
          ? `No connection to the broker at ${where} within ${this.limits.connectTimeoutMs / 1000} s.`
          : `The broker at ${where} did not answer within ${this.limits.requestTimeoutMs / 1000} s.`,
        {
          code,
          hint:
            this.url.scheme === 'https'
              ? 'If the broker speaks plain HTTP on this port, use an http:// URL.'
              : 'Check that the broker is running and not overloaded.',
        },
      );
    }
    const tlsReason =
      TLS_REASONS[code] ??
      (/^(ERR_SSL_|ERR_TLS_|EPROTO$)|CERT/.test(code) ? 'failed TLS verification' : null);
    if (this.url.scheme === 'https' && tlsReason) {
      // Through a proxy the certificate is not fetched again: that second, direct connection
      // would bypass the proxy (often impossible, and never what the user asked for).
      const certificate =
        this.route?.kind === 'proxy'
          ? undefined
          : await fetchPeerCertificate(this.url, this.options.lookup).catch(() => undefined);
      return new LauncherError(
        'broker.tls',
        { error: code },
        `The broker's TLS certificate ${tlsReason} (${code}).` +
          (certificate
            ? ` Subject: ${certificate.subject}; issuer: ${certificate.issuer}; valid ${certificate.validFrom} to ${certificate.validTo}; SHA-256 ${certificate.fingerprint256}.`
            : ''),
        { code, ...(certificate ? { certificate } : {}), hint: TLS_HINTS[code] ?? TLS_HINT_TRUST },
      );
    }
    const unreachable =
      UNREACHABLE[code] ?? (code.startsWith('HPE_') ? 'invalid HTTP response' : undefined);
    if (unreachable) {
      return new LauncherError(
        'broker.unreachable',
        { where, error: code },
        `Cannot reach the broker at ${where}: ${unreachable} (${code}).`,
        {
          code,
          hint:
            (code === 'ECONNRESET' || code === 'HPE_INVALID_CONSTANT') && this.url.scheme === 'http'
              ? 'If the broker speaks HTTPS on this port, use an https:// URL.'
              : 'Check the URL, the network and that the broker is running.',
        },
      );
    }
    return new LauncherError(
      'broker.request-failed',
      { where, reason: excerpt(err.message ?? String(e)) },
      `The broker request to ${where} failed: ${excerpt(err.message ?? String(e))}`,
      {
        code,
      },
    );
  }
}

/**
 * The authentication schemes of a proxy's 407 challenges (Proxy-Authenticate, RFC 9110
 * §11.7.1) when none of them is Basic, joined with " or " (e.g. "Negotiate or NTLM"); null
 * when Basic is offered or there is no challenge (then the plain proxy.auth-required applies).
 * Only the scheme tokens are read: the first word of each challenge; parameters are skipped.
 */
export function unsupportedProxyAuth(challenge: string | string[] | undefined): string | null {
  const texts = challenge === undefined ? [] : Array.isArray(challenge) ? challenge : [challenge];
  const schemes = new Set<string>();
  for (const text of texts)
    for (const part of text.split(','))
      // a challenge starts with its scheme token; "realm=…" parameters carry a "="
      for (const match of part.matchAll(/^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?=\s|$)/g))
        schemes.add(match[1]!);
  if (!schemes.size || [...schemes].some((s) => s.toLowerCase() === 'basic')) return null;
  return [...schemes].slice(0, 4).join(' or ').slice(0, 80);
}

/** A route as the messages name it: DIRECT, or the proxy URL (masked). */
function describeRoute(route: ProxyRoute): string {
  return route.kind === 'direct' ? 'DIRECT' : maskProxyUrl(route.url);
}

/** Network failures that, through a proxy, are the proxy's: the agent's socket goes there. */
const PROXY_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ECONNECTTIMEOUT',
]);

function serverErrorMessage(status: number): string {
  if (status === 502 || status === 504)
    return `A proxy in front of the broker got no ${status === 504 ? 'timely ' : ''}answer from it (HTTP ${status}).`;
  if (status === 503) return 'The broker is unavailable (HTTP 503).';
  return `The broker failed with an internal error (HTTP ${status}).`;
}

/**
 * What may have caused a 5xx, judged by what this request sent. Only x2gobroker 0.0.4.3's
 * known crash (a pre-shared auth-id together with a password, docs/protocol.md §6.5) is named,
 * and only when both were sent.
 */
export function serverErrorHint(status: number, sent: BrokerRequest): string {
  if (status === 502 || status === 504)
    return 'The broker behind the web server or proxy is down or too slow; ask the administrator.';
  if (status === 503) return 'The broker may be in maintenance or overloaded; try again later.';
  if (status === 500 && sent.authid && sent.password !== undefined)
    return 'x2gobroker 0.0.4.3 fails like this when a pre-shared auth-id is sent together with a password: use only one of them (or ask the admin to set require-password = false). Otherwise see the broker log.';
  return 'This is a broker-side error: the administrator can see the details in the broker log.';
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  EADDRNOTAVAIL: 'address not available',
  [EXCHANGE_ERRORS.truncated]: 'the connection closed before the whole reply arrived',
  // node:http's parser (llhttp) codes; every other HPE_* is 'invalid HTTP response'
  HPE_INVALID_CONSTANT: 'not an HTTP server',
};

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'chain ends in an untrusted self-signed CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is signed by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is signed by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT: 'is signed by an unknown certificate authority',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'was issued for another host name',
  CERT_REVOKED: 'has been revoked',
  CERT_SIGNATURE_FAILURE: 'has an invalid signature',
  CERT_UNTRUSTED: 'is not trusted',
  INVALID_CA: 'is signed by an invalid CA certificate',
  ERR_SSL_WRONG_VERSION_NUMBER: 'could not be checked: the server does not speak TLS here',
};

const TLS_HINT_TRUST =
  'If you trust this broker, give its CA certificate with --broker-cacertfile FILE (compare the fingerprint with the one your administrator publishes).';
const TLS_HINTS: Record<string, string> = {
  CERT_HAS_EXPIRED:
    "The broker's administrator must renew the certificate; check also this computer's clock.",
  CERT_NOT_YET_VALID: "Check this computer's clock, or ask the administrator.",
  ERR_TLS_CERT_ALTNAME_INVALID: 'Connect with the host name the certificate was issued for.',
  ERR_SSL_WRONG_VERSION_NUMBER: 'If the broker speaks plain HTTP on this port, use an http:// URL.',
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'If you trust this broker, pin its certificate with --broker-cacertfile CERT.pem (compare the SHA-256 fingerprint with the one your administrator publishes).',
};

function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** Tornado's HTML error page → its text (body preferred), whitespace collapsed, capped. */
export function stripHtml(body: string): string {
  return htmlErrorText(body, 300);
}

/** Mozilla's bundle (Node), the system bundle where there is one, plus the admin's CA files. */
async function trustedCas(
  caFiles: string[],
  rootCertificates: readonly string[],
): Promise<string[]> {
  const extra: string[] = [];
  for (const file of caFiles) {
    try {
      extra.push(await readFile(file, 'utf8'));
    } catch (e) {
      throw new LauncherError(
        'config.ca-file.unreadable',
        { file, error: (e as NodeJS.ErrnoException).code ?? 'error' },
        `Cannot read the CA certificate file ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    if (!extra[extra.length - 1]!.includes('-----BEGIN CERTIFICATE-----'))
      throw new LauncherError(
        'config.ca-file.no-certificate',
        { file },
        `The CA certificate file ${file} contains no PEM certificate.`,
      );
  }
  return [...rootCertificates, ...systemCas(), ...extra];
}

let systemBundle: string[] | null = null;
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/ssl/cert.pem', // macOS, Alpine
];
function systemCas(): string[] {
  if (systemBundle) return systemBundle;
  systemBundle = [];
  for (const file of SYSTEM_BUNDLES) {
    try {
      systemBundle = [readFileSync(file, 'utf8')];
      break;
    } catch {
      /* try the next location */
    }
  }
  return systemBundle;
}

/** Abort the TCP (and TLS handshake) phase after `ms`: the request timeout covers the rest. */
function withConnectTimeout<A extends Agent>(agent: A, ms: number, secure: boolean): A {
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket: Duplex | null | undefined = create(options, callback);
    if (socket) {
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`connect timeout after ${ms} ms`), {
          code: 'ECONNECTTIMEOUT',
        });
        socket.destroy(err);
      }, ms);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    }
    return socket;
  };
  return agent;
}

/**
 * The connect timeout for a proxy agent (agent-base): the proxy agent opens its socket in
 * `connect()` from its `connectOpts`, so each call gets its own AbortSignal there, aborted
 * after `ms` unless the tunnel (or, for http brokers, the proxy connection) is up by then.
 * Node's net and tls sockets take `signal` and are destroyed by it, so a dead proxy leaves no
 * socket pending. The abort surfaces as ECONNECTTIMEOUT, like the direct agent's.
 */
function withProxyConnectTimeout<A extends Agent>(agent: A, ms: number): A {
  const target = agent as unknown as {
    connect: (req: unknown, options: unknown) => Promise<unknown>;
    connectOpts: Record<string, unknown>;
  };
  const connect = target.connect.bind(agent);
  target.connect = async (req, options) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    const shared = target.connectOpts;
    target.connectOpts = { ...shared, signal: controller.signal };
    let pending: Promise<unknown>;
    try {
      // The agent reads connectOpts synchronously, before its first await.
      pending = connect(req, options);
    } finally {
      target.connectOpts = shared;
    }
    try {
      return await pending;
    } catch (e) {
      if (controller.signal.aborted)
        throw Object.assign(new Error(`connect timeout after ${ms} ms`), {
          code: 'ECONNECTTIMEOUT',
        });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
  return agent;
}

/** The broker's certificate, fetched on a separate unverified connection only to describe it. */
export function fetchPeerCertificate(
  url: BrokerUrl,
  lookup?: LookupFunction,
  timeoutMs = 5000,
): Promise<CertificateDetails> {
  const tls = process.getBuiltinModule('node:tls');
  const { isIP } = process.getBuiltinModule('node:net');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.host,
      port: url.port,
      servername: isIP(url.host) ? undefined : url.host,
      rejectUnauthorized: false,
      lookup,
    });
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      socket.end();
      if (!cert || !cert.fingerprint256) return reject(new Error('no certificate'));
      resolve({
        subject: dn(cert.subject),
        issuer: dn(cert.issuer),
        validFrom: isoDate(cert.valid_from),
        validTo: isoDate(cert.valid_to),
        fingerprint256: cert.fingerprint256,
      });
    });
    socket.once('error', (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function dn(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

function isoDate(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString().replace('.000Z', 'Z');
}
