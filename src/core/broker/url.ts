// Broker URLs as x2goclient accepts them:
//   http[s]://[user@]host[:port]/plain/[backend/]   (x2goclient's text dialect)
//   http[s]://[user@]host[:port]/json/[backend/]    (python-x2go's JSON dialect)
//   ssh://[user@]host[:port][/path/to/broker-command]
// A password in the URL is refused: it would end up in shell history, process lists and logs.
import { LauncherError } from '../errors';

export type BrokerScheme = 'http' | 'https' | 'ssh';
export type Dialect = 'plain' | 'json';

/** The broker command x2goclient's documentation uses for SSH brokers. */
export const DEFAULT_SSH_BROKER_COMMAND = '/usr/bin/x2gobroker-ssh';

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

export interface ParseOptions {
  /** Force a dialect when the path does not say (a broker behind a custom WSGI path). */
  dialect?: Dialect;
}

const DEFAULT_PORT: Record<BrokerScheme, number> = { http: 80, https: 443, ssh: 22 };

export function parseBrokerUrl(input: string, options: ParseOptions = {}): BrokerUrl {
  const text = input.trim();
  if (!text)
    throw usage(
      'The broker URL is empty.',
      'Give --broker-url, e.g. https://broker.example.org/plain/',
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(
      `"${text}" is not a valid broker URL.`,
      'Use http[s]://host[:port]/plain/ or ssh://user@host[:port]/usr/bin/x2gobroker-ssh',
    );
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ssh') {
    throw usage(`Unsupported broker URL scheme "${scheme}:".`, 'Use http://, https:// or ssh://');
  }
  if (url.password) {
    throw usage(
      'The broker URL contains a password.',
      'Remove it from the URL; use --broker-password-file, --broker-password-stdin or the prompt.',
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw usage('The broker URL has no host name.');
  const port = url.port ? Number(url.port) : DEFAULT_PORT[scheme];
  const user = url.username ? decodeURIComponent(url.username) : null;
  const hostPart = url.hostname + (url.port ? `:${url.port}` : '');

  if (scheme === 'ssh') {
    const command =
      url.pathname && url.pathname !== '/'
        ? decodeURIComponent(url.pathname)
        : DEFAULT_SSH_BROKER_COMMAND;
    if (url.search || url.hash) throw usage('An ssh:// broker URL takes no query or fragment.');
    if (options.dialect === 'json') throw usage('SSH brokers speak only the plain dialect.');
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
    throw usage(
      `The broker URL path "${path}" must end with a slash.`,
      `Use ${scheme}://${hostPart}${path}/`,
    );
  }
  const fromPath: Dialect | null = m ? (m[1] as Dialect) : null;
  const dialect = options.dialect ?? fromPath ?? 'plain';
  const backend = m?.[2] ?? null;
  const clean = `${scheme}://${hostPart}${path}${url.search}`;
  return { scheme, host, port, user, path, dialect, backend, display: clean, requestUrl: clean };
}

function usage(message: string, hint?: string): LauncherError {
  return new LauncherError('usage', message, hint ? { hint } : {});
}
