// Which proxy, if any, carries the broker's HTTP(S) traffic (docs/proxies.md), and the agent
// that sends through it. Three sources, the first that decides wins:
//   1. the policy key `proxy` (src/core/config/keys.ts): "direct", a proxy URL, or "system";
//   2. "system" (or no policy): the app asks the operating system through Electron's own
//      resolver (session.resolveProxy, PAC scripts included), injected as `resolveSystem`;
//   3. the CLI, which has no such resolver: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY,
//      either case, read by proxy-from-env (a maintained library, so NO_PROXY's suffix, port
//      and `*` rules are curl's and not ours).
// The agents are maintained libraries too (https-proxy-agent: CONNECT for https brokers, the
// broker's TLS still verified end to end through the tunnel; http-proxy-agent: absolute-URI
// requests for http brokers; socks-proxy-agent: SOCKS4/4a/5/5h for both, TLS again end to
// end). They are imported on first use only (a proxy in use), so the CLI's start-up and every
// direct connection load none of them.
// Proxy credentials (user:password@ in an environment variable; a PAC answer never carries
// them; the policy refuses them) are taken out of the URL before the agent sees it: an HTTP
// proxy gets them as a Proxy-Authorization header, a SOCKS5 proxy in its username/password
// sub-negotiation (RFC 1929), set as non-enumerable fields the agent's debug output does not
// print. The agents' debug output (DEBUG=https-proxy-agent) prints the proxy URL, and every
// message of ours shows it through maskProxyUrl.
// The declaration must reach every tsconfig project that compiles this file (some include
// only test files that import it), which a reference does and an import of a .d.ts cannot.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./proxy-from-env.d.ts" />
import type { Agent } from 'node:http';
import { getProxyForUrl } from 'proxy-from-env';
import { LauncherError } from '../errors';
import type { ReasonId } from '../../shared/error-reasons';

/** Where the proxy decision came from (shown by the CLI and in diagnostics). */
export type ProxySource = 'policy' | 'system' | 'environment' | 'default';

/** The URL schemes of SOCKS proxies (curl's names; docs/proxies.md §1). */
export const SOCKS_SCHEMES = ['socks4:', 'socks4a:', 'socks5:', 'socks5h:'] as const;

/** Whether a proxy URL's protocol (`socks5:` …) names a SOCKS proxy. */
export function isSocksProtocol(protocol: string): boolean {
  return (SOCKS_SCHEMES as readonly string[]).includes(protocol);
}

/** The route to one broker URL: straight there, or through one HTTP(S) or SOCKS proxy. */
export type ProxyRoute =
  | { kind: 'direct'; source: ProxySource }
  | {
      kind: 'proxy';
      source: ProxySource;
      /**
       * The proxy, never with credentials: `http(s)://host:port` (an HTTP proxy, port as
       * given) or `socks4|socks4a|socks5|socks5h://host:port` (the port always written out,
       * 1080 when none was given).
       */
      url: URL;
      /** `user:password` from the proxy URL, percent-decoded; absent without credentials. */
      credentials?: { user: string; password: string };
    };

/**
 * The system's resolver: a PAC-style answer for one URL, e.g. "PROXY proxy:3128; DIRECT"
 * (Electron's `session.resolveProxy(url)`).
 */
export type SystemProxyResolver = (url: string) => Promise<string>;

/** How the proxy of a broker URL is chosen (docs/proxies.md §1). */
export interface ProxySettings {
  /**
   * The policy key `proxy`: "direct", "system", an http(s):// proxy URL, or null/undefined
   * (unset: same as "system"). Checked again here (a caller may pass an unchecked value).
   */
  policy?: string | null;
  /** The app's system resolver; without one (the CLI), "system" means the environment. */
  resolveSystem?: SystemProxyResolver;
}

/** One entry of a PAC answer (the `FindProxyForURL` result syntax). */
export type PacEntry =
  | { type: 'DIRECT' }
  | { type: 'PROXY' | 'HTTPS' | 'SOCKS' | 'SOCKS4' | 'SOCKS5' | 'QUIC'; host: string };

/**
 * Parses a PAC-style proxy list: entries separated by `;`, each `DIRECT` or `TYPE host:port`
 * (types case-insensitive; whitespace free). This is the syntax a PAC script's
 * FindProxyForURL returns and Electron's resolveProxy hands back (docs/proxies.md §2).
 * Hand-written because no maintained library parses this one-line result without also
 * evaluating PAC scripts (which Electron already does for us). Unknown types and malformed
 * entries are skipped (a PAC answer is the network's, not ours); an empty answer is [].
 */
export function parsePacResult(text: string): PacEntry[] {
  const out: PacEntry[] = [];
  for (const raw of text.split(';')) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    const type = words[0]!.toUpperCase();
    if (type === 'DIRECT' && words.length === 1) {
      out.push({ type: 'DIRECT' });
      continue;
    }
    if (words.length !== 2) continue;
    if (!['PROXY', 'HTTPS', 'SOCKS', 'SOCKS4', 'SOCKS5', 'QUIC'].includes(type)) continue;
    const host = words[1]!;
    // host:port, [v6]:port or a bare host; nothing that could smuggle a path or credentials;
    // and what a URL can hold (a port ≤ 65535, a host the URL parser takes)
    if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) continue;
    if (!URL.canParse(`http://${host}`)) continue;
    out.push({ type: type as Exclude<PacEntry['type'], 'DIRECT'>, host });
  }
  return out;
}

/** At most this many entries of one PAC answer are tried (a hostile answer may list 1000s). */
export const MAX_PAC_ROUTES = 8;

/** The proxy URL for one PAC entry (Chromium's meaning of the types), or null for QUIC. */
function pacEntryUrl(entry: Extract<PacEntry, { host: string }>): URL | null {
  switch (entry.type) {
    case 'PROXY':
      return new URL(`http://${entry.host}`);
    case 'HTTPS':
      return new URL(`https://${entry.host}`);
    // Chromium's "SOCKS" and "SOCKS4" are SOCKS v4 with the name resolved locally; its
    // "SOCKS5" hands the name to the proxy (remote DNS): socks5h in curl's words.
    case 'SOCKS':
    case 'SOCKS4':
      return socksUrl(`socks4://${entry.host}`);
    case 'SOCKS5':
      return socksUrl(`socks5h://${entry.host}`);
    default:
      return null;
  }
}

/** A SOCKS URL with its port always written out (1080, RFC 1928 §3, when none is given). */
function socksUrl(text: string): URL {
  const url = new URL(text);
  return url.port ? url : new URL(`${url.protocol}//${url.host}:1080`);
}

/**
 * The routes of a PAC answer, in its order (docs/proxies.md §1): DIRECT, PROXY (an HTTP
 * proxy), HTTPS (an HTTP proxy spoken to over TLS), SOCKS/SOCKS4 (SOCKS v4) and SOCKS5
 * (SOCKS v5, the name resolved by the proxy). QUIC entries are skipped, as Chromium skips
 * what it cannot use; repeats are dropped; at most MAX_PAC_ROUTES. The transport tries them
 * in order when one cannot be reached (docs/failover.md §2's rule). An empty answer means
 * DIRECT (Electron's own default); an answer with only QUIC entries throws `proxy.unsupported`.
 */
export function routesFromPac(text: string, source: ProxySource = 'system'): ProxyRoute[] {
  const entries = parsePacResult(text);
  if (!entries.length) return [{ kind: 'direct', source }];
  const routes: ProxyRoute[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const url = entry.type === 'DIRECT' ? null : pacEntryUrl(entry);
    if (entry.type !== 'DIRECT' && !url) continue;
    const key = url ? url.href : 'DIRECT';
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push(url ? { kind: 'proxy', source, url } : { kind: 'direct', source });
    if (routes.length >= MAX_PAC_ROUTES) break;
  }
  if (routes.length) return routes;
  const first = entries[0] as Extract<PacEntry, { host: string }>;
  throw new LauncherError(
    'proxy.unsupported',
    { proxy: `${first.type} ${first.host}` },
    `The system proxy for the broker is ${first.type} ${first.host}, which this launcher cannot use (only HTTP, HTTPS and SOCKS proxies).`,
    { hint: 'Ask the administrator for an HTTP or SOCKS proxy, or set the policy key proxy.' },
  );
}

/** The first route of a PAC answer (routesFromPac); throws as it does. */
export function routeFromPac(text: string, source: ProxySource = 'system'): ProxyRoute {
  return routesFromPac(text, source)[0]!;
}

/**
 * A proxy URL with any user name and password replaced by `***` (nothing else changed): the
 * only form in which a proxy is ever shown, logged or put in an error. Works on the text as
 * given, not through URL parsing, so that a value URL parsing misreads (`user:pw@host:3128`
 * is a URL of scheme "user:") or rejects is masked all the same: everything of the authority
 * up to its last `@` goes.
 */
export function maskProxyUrl(text: string | URL): string {
  // up to the LAST `@`: a password typed raw may hold `/`, `?`, `#`, `@` or a space
  return String(text).replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[\s\S]*@/, '$1***@');
}

/**
 * Checks one proxy URL (from the policy, the environment or a caller) and splits off its
 * credentials. Accepted: http://, https://, socks4://, socks4a://, socks5://, socks5h:// with
 * a host (a port, a trailing slash; SOCKS without a port: 1080). Refused with `proxy.invalid`
 * (naming `source` and the masked text): other schemes (also a bare `socks://`, whose version
 * tools read differently), a password for SOCKS4 (it has only a user id), a path, query or
 * fragment, an unparseable value.
 */
export function proxyRoute(
  text: string,
  source: ProxySource,
): Extract<ProxyRoute, { kind: 'proxy' }> {
  // `reason` for the English message, `id` for the UI's (error-reasons.ts)
  const invalid = (reason: string, id: ReasonId<'proxy.invalid', 'reason'>) =>
    new LauncherError(
      'proxy.invalid',
      { source, value: maskProxyUrl(text), reason: id },
      `The ${source} proxy "${maskProxyUrl(text)}" cannot be used: ${reason}.`,
      {
        hint:
          source === 'environment'
            ? 'Fix or unset HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (e.g. http://proxy.example.org:3128).'
            : 'Give the proxy as http://host:port, https://host:port or socks5://host:port.',
      },
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('not a URL', 'not-a-url');
  }
  const socks = isSocksProtocol(url.protocol);
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && !socks)
    throw invalid(
      url.protocol === 'socks:'
        ? 'say which SOCKS version: socks4://, socks4a://, socks5:// or socks5h://'
        : `${url.protocol.replace(/:$/, '')} proxies are not supported (only http, https, socks4, socks4a, socks5, socks5h)`,
      url.protocol === 'socks:' ? 'socks-version' : 'unsupported-scheme',
    );
  if (!url.hostname) throw invalid('no host', 'no-host');
  if (socks && url.protocol.startsWith('socks4') && url.password)
    throw invalid(
      'SOCKS4 takes a user id but no password (use socks5:// for a password)',
      'socks4-password',
    );
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw invalid('a proxy URL has no path, query or fragment', 'has-path');
  const credentials =
    url.username || url.password
      ? { user: safeDecode(url.username), password: safeDecode(url.password) }
      : undefined;
  // SOCKS URLs are not "special" to the URL parser: their origin is "null", so rebuild it
  const origin = socks ? socksUrl(`${url.protocol}//${url.host}`) : new URL(url.origin);
  return { kind: 'proxy', source, url: origin, ...(credentials ? { credentials } : {}) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The routes for `targetUrl` (the broker's http:// or https:// request URL) under `settings`
 * (docs/proxies.md §1), in the order to try them: policy "direct" or a policy URL decide
 * alone (one route); "system" or unset asks `resolveSystem` when there is one (the app: every
 * usable entry of its PAC answer, routesFromPac), else the environment (proxy-from-env reads
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from this process's environment, either
 * case; one route). Throws `proxy.invalid` for a proxy URL that cannot be used,
 * `proxy.unsupported` for a system answer with only QUIC proxies, `proxy.resolve-failed`
 * when the system resolver fails.
 */
export async function chooseProxies(
  targetUrl: string,
  settings: ProxySettings = {},
): Promise<ProxyRoute[]> {
  const policy = settings.policy ?? null;
  if (policy === 'direct') return [{ kind: 'direct', source: 'policy' }];
  if (policy !== null && policy !== 'system') return [proxyRoute(policy, 'policy')];
  if (settings.resolveSystem) {
    let answer: string;
    try {
      answer = await settings.resolveSystem(targetUrl);
    } catch (e) {
      throw new LauncherError(
        'proxy.resolve-failed',
        { reason: (e as Error)?.message ?? String(e) },
        `The system's proxy settings could not be read: ${(e as Error)?.message ?? String(e)}.`,
        { hint: 'Check the proxy settings (or the PAC script) of this computer.' },
      );
    }
    return routesFromPac(answer, 'system');
  }
  const fromEnv = getProxyForUrl(targetUrl);
  if (!fromEnv) return [{ kind: 'direct', source: 'default' }];
  return [proxyRoute(fromEnv, 'environment')];
}

/** The first route of chooseProxies (the one a single connection takes); throws as it does. */
export async function chooseProxy(
  targetUrl: string,
  settings: ProxySettings = {},
): Promise<ProxyRoute> {
  return (await chooseProxies(targetUrl, settings))[0]!;
}

/** Options the transport hands on to the proxy agent (keep-alive, the broker's TLS trust). */
export interface ProxyAgentOptions {
  keepAlive: boolean;
  maxSockets: number;
  timeout: number;
  /** https brokers: the trusted CAs (also used to verify an https:// proxy). */
  ca?: string[];
}

/**
 * A connection pool that sends through `route`'s proxy: https-proxy-agent (CONNECT) for an
 * https broker and http-proxy-agent for an http one behind an HTTP proxy; socks-proxy-agent
 * for either behind a SOCKS proxy (TLS to an https broker runs inside the SOCKS tunnel, with
 * the same verification). Imported here, on first use. The agent's own URL carries no
 * credentials (see the head of this file).
 */
export async function createProxyAgent(
  route: Extract<ProxyRoute, { kind: 'proxy' }>,
  brokerScheme: 'http' | 'https',
  options: ProxyAgentOptions,
): Promise<Agent> {
  if (isSocksProtocol(route.url.protocol)) return createSocksAgent(route, options);
  const headers: Record<string, string> = {};
  if (route.credentials)
    headers['Proxy-Authorization'] =
      `Basic ${Buffer.from(`${route.credentials.user}:${route.credentials.password}`).toString('base64')}`;
  // Verification of an https:// proxy itself: the same trust as for the broker.
  const proxyTls = { rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) };
  const common = {
    keepAlive: options.keepAlive,
    maxSockets: options.maxSockets,
    timeout: options.timeout,
    headers,
    ...(route.url.protocol === 'https:' ? proxyTls : {}),
  };
  if (brokerScheme === 'https') {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    return new HttpsProxyAgent(route.url, common);
  }
  const { HttpProxyAgent } = await import('http-proxy-agent');
  return new HttpProxyAgent(route.url, common);
}

/**
 * socks-proxy-agent for `route`. Its URL carries no credentials (the agent keeps its URL and
 * hands it to request listeners); the user (SOCKS4 user id, SOCKS5 user) and the SOCKS5
 * password go into the agent's proxy record as non-enumerable fields, as the agent itself
 * stores them, so its debug output (`%o` of the connection options) never shows them.
 * No idle timeout is given to the agent: it would also cut a tunnel whose broker takes longer
 * to answer (the request's deadline covers that); the connect phase is bounded by the
 * transport (http.ts withSocksConnectTimeout).
 */
async function createSocksAgent(
  route: Extract<ProxyRoute, { kind: 'proxy' }>,
  options: ProxyAgentOptions,
): Promise<Agent> {
  const { SocksProxyAgent } = await import('socks-proxy-agent');
  const agent = new SocksProxyAgent(route.url, {
    keepAlive: options.keepAlive,
    maxSockets: options.maxSockets,
  });
  // A fresh record: the agent's own has a fixed (empty) password field from the bare URL.
  const proxy = { host: agent.proxy.host, port: agent.proxy.port, type: agent.proxy.type };
  if (route.credentials) {
    const hidden = (value: string) => ({ value, enumerable: false });
    Object.defineProperty(proxy, 'userId', hidden(route.credentials.user));
    if (route.url.protocol.startsWith('socks5'))
      Object.defineProperty(proxy, 'password', hidden(route.credentials.password));
  }
  // readonly in the typings only: the agent reads it at each connect
  (agent as unknown as { proxy: typeof proxy }).proxy = proxy;
  return agent;
}
