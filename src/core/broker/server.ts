// The server/port a broker names in selectsession, checked before anything connects to it.
// The host ends up as an argument of ssh / x2goclient / pyhoca-cli, so it is validated
// strictly: a broker must not be able to smuggle an option (`-oProxyCommand=…`) through it.
import type { CodedReason } from '../errors';
import { LauncherError, excerpt } from '../errors';

/** Host names, IPv4 and IPv6 literals (without brackets), IDN in UTF-8. */
const HOST_RE = /^[\p{L}\p{N}._:%-]+$/u;

/**
 * `host` when it is a usable server name (host name, IPv4/IPv6 literal, IDN; at most 255
 * characters, no leading `-`: docs/protocol.md §8.2). Throws `protocol` quoting `line`.
 */
export function checkServerHost(host: string, line: string): string {
  if (!host)
    throw malformed('names an empty server', line, { code: 'broker.server.empty', params: {} });
  if (host.startsWith('-') || !HOST_RE.test(host) || host.length > 255)
    throw malformed(`names an invalid server "${excerpt(host, 60)}"`, line, {
      code: 'broker.server.invalid',
      params: { server: excerpt(host, 60) },
    });
  return host;
}

/** A port from decimal text, 1–65535 (docs/protocol.md §8.2). Throws `protocol` quoting `line`. */
export function parsePort(text: string, line: string): number {
  if (!/^\d{1,5}$/.test(text))
    throw malformed(`names an invalid port "${excerpt(text, 20)}"`, line, {
      code: 'broker.server.bad-port',
      params: { port: excerpt(text, 20) },
    });
  const port = Number(text);
  if (port < 1 || port > 65535)
    throw malformed(`names port ${port} (outside 1-65535)`, line, {
      code: 'broker.server.port-range',
      params: { port },
    });
  return port;
}

/**
 * `SERVER:` payload forms (docs/protocol.md §8.2): `host:port`, `host`, `[v6]:port`, `[v6]`,
 * and the bare IPv6 form x2gobroker really sends (`2001:db8::7:22`: the port is after the last
 * colon).
 */
export function parseServerSpec(rest: string, line: string): { host: string; port: number | null } {
  const text = rest.trim();
  if (text.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
    if (!m)
      throw malformed('has an unterminated [IPv6] address', line, {
        code: 'broker.server.ipv6-unterminated',
        params: {},
      });
    return {
      host: checkServerHost(m[1]!, line),
      port: m[2] === undefined ? null : parsePort(m[2], line),
    };
  }
  const colons = text.split(':').length - 1;
  if (colons === 0) return { host: checkServerHost(text, line), port: null };
  const cut = text.lastIndexOf(':');
  const last = text.slice(cut + 1);
  if (colons === 1) {
    return { host: checkServerHost(text.slice(0, cut), line), port: parsePort(last, line) };
  }
  // IPv6: only a 1-5 digit tail is a port (x2gobroker always appends one).
  if (/^\d{1,5}$/.test(last))
    return { host: checkServerHost(text.slice(0, cut), line), port: parsePort(last, line) };
  return { host: checkServerHost(text, line), port: null };
}

function malformed(what: string, line: string, reason: CodedReason): LauncherError {
  return LauncherError.from(reason, `The broker's selectsession reply ${what}.`, {
    line: excerpt(line),
  });
}
