// SOCKS proxies behind the HTTP transport (docs/proxies.md): the connect timeout of a
// socks-proxy-agent and the meaning of its failures. The `socks` library (under
// socks-proxy-agent) reports everything as a SocksClientError whose message is the only
// carrier of the reason — the proxy's reply code (RFC 1928 §6, SOCKS4's 91-93), an
// authentication failure (RFC 1929 §2), or the text of the socket error (`connect
// ECONNREFUSED 127.0.0.1:1080`) — so the reason is read from those messages, which are the
// library's constants (socks/build/common/constants.js ERRORS).
import type { Agent, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { LauncherError } from '../errors';
import { maskProxyUrl, type ProxyRoute } from './proxy';

/**
 * SOCKS5 replies that mean the proxy could not reach the broker (RFC 1928 §6: 3 network
 * unreachable, 4 host unreachable, 5 connection refused, 6 TTL expired), as the library names
 * them: the next route or URL may reach it (docs/failover.md §2). Not here: 1 general failure
 * and SOCKS4's 91 "rejected or failed" (either could be the proxy's rule), 2 not allowed by
 * the ruleset (the same for every URL), 7/8 (command or address type not supported).
 */
export const SOCKS_UNREACHABLE_REPLIES = new Set([
  'NetworkUnreachable',
  'HostUnreachable',
  'ConnectionRefused',
  'TTLExpired',
]);

/**
 * The LauncherError for a failure through SOCKS proxy `route` while reaching the broker at
 * `where` (host:port), or null when `error` is not a SOCKS failure (the caller's general
 * translation applies). Codes: `proxy.unreachable` (no connection to the proxy, or it closed
 * it during the handshake, or no handshake in time: ECONNECTTIMEOUT), `proxy.auth-required`
 * (the proxy wants a user name and password, or refused the ones given), `proxy.socks-refused`
 * (the proxy's reply to CONNECT was not "granted", or it does not speak SOCKS); the proxy
 * always masked.
 */
export function socksError(
  error: NodeJS.ErrnoException,
  route: Extract<ProxyRoute, { kind: 'proxy' }>,
  where: string,
): LauncherError | null {
  const message = String(error?.message ?? '');
  if (!isSocksClientError(error) && error?.code !== 'ECONNECTTIMEOUT') return null;
  const proxy = maskProxyUrl(route.url);
  const unreachable = (code: string, why: string) =>
    new LauncherError(
      'proxy.unreachable',
      { proxy, error: code },
      `Cannot reach the SOCKS proxy ${proxy} (${sourceText(route)}): ${why} (${code}).`,
      { code, hint: 'Check the proxy settings and that the proxy is running.' },
    );
  if (error.code === 'ECONNECTTIMEOUT' || message === 'Proxy connection timed out')
    return unreachable('ECONNECTTIMEOUT', 'no connection and SOCKS handshake in time');
  const socketCode = /\b(E[A-Z]{3,})\b/.exec(message)?.[1];
  if (socketCode) return unreachable(socketCode, message);
  if (message === 'Socket closed')
    return unreachable('ECONNRESET', 'it closed the connection during the SOCKS handshake');
  if (/Authentication failed|no accepted authentication type/i.test(message))
    return new LauncherError(
      'proxy.auth-required',
      { proxy },
      `The SOCKS proxy ${proxy} requires a user name and password${route.credentials ? ' and refused the ones given' : ''}.`,
      {
        hint: 'Put the proxy user and password into the proxy URL (socks5://user:password@host:port), or ask the administrator.',
      },
    );
  const rejected = /^Socks[45] proxy rejected connection - \(?([A-Za-z]+)\)?$/i.exec(message);
  const reply = rejected?.[1] ?? 'not a SOCKS answer';
  return new LauncherError(
    'proxy.socks-refused',
    { proxy, reply, where },
    rejected
      ? `The SOCKS proxy ${proxy} did not open a connection to the broker at ${where} (${reply}).`
      : `The proxy ${proxy} did not answer as a SOCKS proxy (${message}).`,
    {
      hint:
        rejected && SOCKS_UNREACHABLE_REPLIES.has(reply)
          ? 'The broker may be down, or the proxy cannot reach it: check the broker URL, or ask the administrator.'
          : 'Check the proxy URL (its scheme names the SOCKS version), or ask the administrator whether the proxy allows this broker.',
    },
  );
}

/**
 * The library's SocksClientError carries the connection options it was given (`proxy`,
 * `destination`); its class name is not relied on (a bundler may rename it), and errors of the
 * later exchange (TLS, HTTP parsing) have no such options.
 */
function isSocksClientError(error: unknown): boolean {
  const options = (error as { options?: { proxy?: unknown; destination?: unknown } })?.options;
  return (
    typeof options === 'object' && options !== null && !!options.proxy && !!options.destination
  );
}

function sourceText(route: Extract<ProxyRoute, { kind: 'proxy' }>): string {
  return route.source === 'environment'
    ? 'from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY'
    : `from the ${route.source} settings`;
}

/**
 * The connect timeout for a socks-proxy-agent: the agent hands its `timeout` to the SOCKS
 * client as the limit for the TCP connection and the SOCKS handshake (the client then closes
 * its socket itself, so a dead proxy leaves none behind), and then also sets it as an idle
 * timeout on the tunnel, which would cut a broker that takes longer than `ms` to answer —
 * so that idle timer is switched off again once the tunnel is up (the request's deadline
 * covers the rest, as for the other agents). The agent reads `timeout` synchronously at the
 * start of each connect, and the transport's pool has one socket, so setting it per agent is
 * exact.
 */
export function withSocksConnectTimeout<A extends Agent>(agent: A, ms: number): A {
  const target = agent as unknown as {
    timeout: number | null;
    connect: (req: ClientRequest, options: unknown) => Promise<unknown>;
  };
  target.timeout = ms;
  const connect = target.connect.bind(agent);
  target.connect = async (req, options) => {
    let tunnel: Socket | undefined;
    req.once('proxy', (info: { socket?: Socket }) => {
      tunnel = info.socket;
    });
    const socket = await connect(req, options);
    tunnel?.setTimeout(0);
    return socket;
  };
  return agent;
}
