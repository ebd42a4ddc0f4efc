// Network probes of the health check (docs/health-check.md): does the X2Go server's name
// resolve here, and does its SSH port accept a TCP connection. Plain node:dns / node:net with a
// deadline each — nothing is sent on the connection, which is closed at once (the host key is
// taken separately, by the launcher's own check: server-host-key.ts).
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';

/** Deadline of one probe (ms). */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/** The addresses `host` resolves to (an IP literal: itself). Rejects with an Error whose `code` is the resolver's (ENOTFOUND …) or ETIMEDOUT. */
export async function resolveHost(
  host: string,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<string[]> {
  if (isIP(host)) return [host];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
  });
  try {
    const found = await Promise.race([lookup(host, { all: true }), deadline]);
    return [...new Set(found.map((a) => a.address))];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Open a TCP connection to host:port and close it at once. Resolves with the milliseconds the
 * connect took; rejects with an Error whose `code` is ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT …
 */
export function probeTcpPort(
  host: string,
  port: number,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const done = (error: Error | null) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      if (error) reject(error);
      else resolve(Math.round(performance.now() - started));
    };
    const timer = setTimeout(
      () =>
        done(
          Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        ),
      timeoutMs,
    );
    socket.once('connect', () => done(null));
    socket.once('error', (e) => done(e));
    socket.connect({ host, port });
  });
}
