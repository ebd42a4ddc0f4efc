// The connect timeout through a SOCKS proxy (src/core/transport/socks-errors.ts
// withSocksConnectTimeout): a "proxy" that accepts the TCP connection and never answers the
// SOCKS greeting is given up after the connect timeout as proxy.unreachable (ECONNECTTIMEOUT,
// which fails over), and its socket is closed — nothing is left pending. The silent listener
// is a plain loopback socket: what is tested is our bound, not a SOCKS server's behaviour.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { it } from 'node:test';
import { failsOver } from '../../../src/core/broker/failover';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import type { LauncherError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/transport/http';

void it('a SOCKS proxy that never answers its greeting: proxy.unreachable after the connect timeout, socket closed', async (t) => {
  const accepted: Socket[] = [];
  const closed: Promise<void>[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.on('error', () => undefined);
    socket.resume(); // read (and drop) what comes, so the launcher's close is seen
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const transport = new HttpTransport(parseBrokerUrl('https://broker.invalid/plain/'), {
    proxy: { policy: `socks5h://127.0.0.1:${port}` },
    limits: { connectTimeoutMs: 400, requestTimeoutMs: 20_000 },
  });
  const error = await transport
    .send({ task: 'listsessions', user: 'u', password: 'pw' })
    .then(() => assert.fail('answered'), (e: unknown) => e as LauncherError);
  await transport.close();
  assert.equal(error.code, 'proxy.unreachable');
  assert.deepEqual(error.params, { proxy: `socks5h://127.0.0.1:${port}`, error: 'ECONNECTTIMEOUT' });
  assert.ok(failsOver(error));
  assert.equal(accepted.length, 1);
  await Promise.all(closed); // the launcher closed its side: no socket left behind
}); // prettier-ignore
