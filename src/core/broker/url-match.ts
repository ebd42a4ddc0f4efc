// When two broker URLs name the same broker (docs/failover.md §1): the policy's brokerUrl and
// brokerUrls, the fail-over URLs, a command line's --broker-url, the app's sign-in field and a
// deep link are matched in one normalised form, so that `HTTPS://Broker.Example:443/plain`
// + `/` and `https://broker.example/plain/` are one broker everywhere — a lock is not
// escaped, and a fail-over list not lost, by writing a URL differently.
import { parseBrokerUrl, type BrokerUrl } from './url';

const DEFAULT_PORT = { http: 80, https: 443, ssh: 22 } as const;

/**
 * The comparison key of a broker URL: its display form (docs/protocol.md §1: no user name)
 * with the scheme and host in lower case (the URL parser lowers them for http(s) only, not for
 * ssh://), the scheme's default port left out (80, 443, 22), IPv6 hosts in brackets, and one
 * trailing slash of the path dropped (`/plain/backend/` = `/plain/backend`; a bare host is
 * `/`). The query, which x2goclient sends verbatim, stays as it is. Null for text that does not
 * parse as a broker URL (it matches nothing).
 */
export function brokerUrlKey(url: string | BrokerUrl): string | null {
  let parsed: BrokerUrl;
  try {
    parsed = typeof url === 'string' ? parseBrokerUrl(url) : url;
  } catch {
    return null;
  }
  const host = parsed.host.toLowerCase();
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const port = parsed.port === DEFAULT_PORT[parsed.scheme] ? '' : `:${parsed.port}`;
  // http(s): the request path with its query; ssh: the broker command
  const [path = '', query = ''] = parsed.scheme === 'ssh' ? [parsed.path] : splitQuery(parsed);
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path || '/';
  return `${parsed.scheme}://${hostPart}${port}${trimmed}${query}`;
}

function splitQuery(parsed: BrokerUrl): [string, string] {
  const at = parsed.requestUrl.indexOf('?');
  return [parsed.path, at < 0 ? '' : parsed.requestUrl.slice(at)];
}

/** Whether `a` and `b` name the same broker (brokerUrlKey); never for text that does not parse. */
export function sameBrokerUrl(a: string | BrokerUrl, b: string | BrokerUrl): boolean {
  const key = brokerUrlKey(a);
  return key !== null && key === brokerUrlKey(b);
}

/** The entry of `list` that names the same broker as `url` (its first), or undefined. */
export function findBrokerUrl<T extends string>(list: readonly T[], url: string): T | undefined {
  const key = brokerUrlKey(url);
  return key === null ? undefined : list.find((u) => brokerUrlKey(u) === key);
}
