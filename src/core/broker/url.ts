// Broker URLs as x2goclient accepts them:
//   http[s]://[user@]host[:port]/plain/[backend/]   (x2goclient's text dialect)
//   http[s]://[user@]host[:port]/json/[backend/]    (python-x2go's JSON dialect)
//   ssh://[user@]host[:port][/path/to/broker-command]
// A password in the URL is refused: it would end up in shell history, process lists and logs.
import { LauncherError, type CodedReason } from '../errors';

/** The broker URL schemes we speak (docs/protocol.md §1). */
export type BrokerScheme = 'http' | 'https' | 'ssh';
/** The broker reply dialects: x2goclient's plain text (§3) or python-x2go's JSON (§4). */
export type Dialect = 'plain' | 'json';

/** The broker command x2goclient's documentation uses for SSH brokers. */
export const DEFAULT_SSH_BROKER_COMMAND = '/usr/bin/x2gobroker-ssh';

/** A parsed broker URL (parseBrokerUrl). Never holds a password. */
export interface BrokerUrl {
  scheme: BrokerScheme;
  /** Host name or address, without IPv6 brackets. */
  host: string;
  port: number;
  /** User name given in the URL (`alice@host`), null when absent. */
  user: string | null;
  /** HTTP: the request path (POSTed to verbatim). SSH: the broker command. */
  path: string;
  /** Reply dialect: from the path, or the explicit override; always `plain` over SSH. */
  dialect: Dialect;
  /** Broker backend named in the path (`/plain/<backend>/`), null for the default. */
  backend: string | null;
  /** The URL without user name: safe to show and to key settings by. */
  display: string;
  /** The URL to send requests to (HTTP) — no credentials in it. */
  requestUrl: string;
}

/** Options of parseBrokerUrl. */
export interface ParseOptions {
  /** Force a dialect when the path does not say (a broker behind a custom WSGI path). */
  dialect?: Dialect;
}

const DEFAULT_PORT: Record<BrokerScheme, number> = { http: 80, https: 443, ssh: 22 };

/**
 * Parse a broker URL as x2goclient accepts it (docs/protocol.md §1; SSH: docs/ssh-brokers.md).
 * The port defaults to 80/443/22; the dialect comes from the `/plain/` or `/json/` path (else
 * `options.dialect`, else plain); a backend segment after it is kept. Throws a `usage`
 * LauncherError, whose message never repeats user info, for: empty or unparsable text, another
 * scheme, a password in the URL, no host, port 0, `/plain` or `/json` without the trailing
 * slash, a malformed %-escape, a query/fragment on ssh://, or the JSON dialect over SSH.
 */
export function parseBrokerUrl(input: string, options: ParseOptions = {}): BrokerUrl {
  const text = input.trim();
  if (!text)
    throw usage(
      { code: 'broker-url.empty', params: {} },
      'The broker URL is empty.',
      'Give --broker-url, e.g. https://broker.example.org/plain/',
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const shown = hideUserInfo(text);
    throw usage(
      { code: 'broker-url.unparsable', params: { url: shown } },
      `"${shown}" is not a valid broker URL.`,
      'Use http[s]://host[:port]/plain/ or ssh://user@host[:port]/usr/bin/x2gobroker-ssh',
    );
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ssh') {
    throw usage(
      { code: 'broker-url.scheme', params: {} },
      `Unsupported broker URL scheme "${scheme}:".`,
      'Use http://, https:// or ssh://',
    );
  }
  if (url.password) {
    throw usage(
      { code: 'broker-url.password', params: {} },
      'The broker URL contains a password.',
      'Remove it from the URL; use --broker-password-file, --broker-password-stdin or the prompt.',
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host)
    throw usage({ code: 'broker-url.no-host', params: {} }, 'The broker URL has no host name.');
  const port = url.port ? Number(url.port) : DEFAULT_PORT[scheme];
  if (port < 1) {
    throw usage(
      { code: 'broker-url.port', params: { port } },
      `The broker URL names port ${port}.`,
      'Use a port from 1 to 65535.',
    );
  }
  const user = url.username ? decodePart(url.username, 'user name') : null;
  const hostPart = url.hostname + (url.port ? `:${url.port}` : '');

  if (scheme === 'ssh') {
    const command =
      url.pathname && url.pathname !== '/'
        ? decodePart(url.pathname, 'broker command')
        : DEFAULT_SSH_BROKER_COMMAND;
    if (url.search || url.hash) {
      throw usage(
        { code: 'broker-url.ssh-query', params: {} },
        'An ssh:// broker URL takes no query or fragment.',
      );
    }
    if (options.dialect === 'json') {
      throw usage(
        { code: 'broker-url.ssh-json', params: {} },
        'SSH brokers speak only the plain dialect.',
      );
    }
    return {
      scheme,
      host,
      port,
      user,
      path: command,
      dialect: 'plain',
      backend: null,
      display: `ssh://${hostPart}${command}`,
      requestUrl: `ssh://${hostPart}${command}`,
    };
  }

  const path = url.pathname || '/';
  const m = /^\/(plain|json)(?:\/([^/]+))?(\/|$)/.exec(path);
  if (m && m[3] !== '/' && !m[2]) {
    // `/plain` without the slash: the broker's route needs it (404 otherwise).
    const suggestion = `${scheme}://${hostPart}${path}/`;
    throw usage(
      { code: 'broker-url.trailing-slash', params: { path, suggestion } },
      `The broker URL path "${path}" must end with a slash.`,
      `Use ${suggestion}`,
    );
  }
  const fromPath: Dialect | null = m ? (m[1] as Dialect) : null;
  const dialect = options.dialect ?? fromPath ?? 'plain';
  const backend = m?.[2] ?? null;
  const clean = `${scheme}://${hostPart}${path}${url.search}`;
  return { scheme, host, port, user, path, dialect, backend, display: clean, requestUrl: clean };
}

/** The text with everything between `://` and the last `@` hidden: it may hold a password. */
function hideUserInfo(text: string): string {
  const start = text.indexOf('://');
  const at = text.lastIndexOf('@');
  if (start < 0 || at < start) return text;
  return `${text.slice(0, start + 3)}…@${text.slice(at + 1)}`;
}

/** `%xx`-decoded text; a malformed escape (`%E0` alone) is a usage error, not a URIError. */
function decodePart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw usage(
      { code: 'broker-url.escape', params: {} },
      `The ${what} in the broker URL has a malformed %-escape.`,
      'Write non-ASCII characters as UTF-8 %-escapes (é = %C3%A9) or as they are.',
    );
  }
}

/** A `usage` error with its own code (one per fault, so the UI can say it in any language). */
function usage(reason: CodedReason, message: string, hint?: string): LauncherError {
  return LauncherError.from(reason, message, hint ? { hint } : {});
}
