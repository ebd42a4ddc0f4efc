// Small helpers of the CLI's fail-over and proxy tests (test/core/cli/{failover,proxy}.int.test.ts).
import { createServer } from 'node:net';

/** A loopback port nobody listens on (bound, then closed again). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The `--json` error: the last line of stderr (an http:// warning may come before it). */
export function jsonError<T = { code: string; message: string }>(stderr: string): T {
  const last = stderr.trimEnd().split('\n').at(-1) ?? '';
  return (JSON.parse(last) as { error: T }).error;
}
