// Kerberos/Negotiate proxy authentication is not supported (docs/proxies.md §3): a proxy whose
// 407 offers only Negotiate (or NTLM) gets the error proxy.auth-unsupported naming the scheme,
// not a misleading "enter a password". The proxy here is a loopback node:http stand-in that
// answers exactly that challenge — the test peers have no Kerberos realm, and what is tested
// is our reading of the 407 (the same reading serves tinyproxy's real 407 in
// test/core/cli/proxy.int.test.ts).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { describe, it } from 'node:test';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { failsOver } from '../../../src/core/broker/failover';
import type { LauncherError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/transport/http';

/** A proxy that answers every CONNECT and every request with 407 and these challenges. */
async function challengingProxy(
  t: { after(fn: () => void): void },
  challenges: string[],
): Promise<number> {
  const head = [
    'HTTP/1.1 407 Proxy Authentication Required',
    ...challenges.map((c) => `Proxy-Authenticate: ${c}`),
    'Content-Length: 0',
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(407, { 'Proxy-Authenticate': challenges, 'Content-Length': 0 }).end();
  });
  server.on('connect', (_req, socket) => socket.end(head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return (server.address() as { port: number }).port;
}

async function sendThrough(proxyPort: number, broker: string): Promise<LauncherError> {
  const transport = new HttpTransport(parseBrokerUrl(broker), {
    proxy: { policy: `http://127.0.0.1:${proxyPort}` },
  });
  try {
    await transport.send({ task: 'listsessions', user: 'u', password: 'pw' });
  } catch (e) {
    return e as LauncherError;
  } finally {
    await transport.close();
  }
  assert.fail('the proxy let the request through');
}

describe('a 407 that asks for Negotiate', () => {
  for (const broker of ['https://broker.invalid/plain/', 'http://broker.invalid/plain/']) {
    it(`${broker.split(':')[0]} broker (${broker.startsWith('https') ? 'CONNECT' : 'absolute URI'}): proxy.auth-unsupported naming Negotiate`, async (t) => {
      const port = await challengingProxy(t, ['Negotiate', 'NTLM']);
      const error = await sendThrough(port, broker);
      assert.equal(error.code, 'proxy.auth-unsupported');
      assert.deepEqual(error.params, { proxy: `http://127.0.0.1:${port}/`, scheme: 'Negotiate or NTLM' });
      assert.match(error.message, /asks for Negotiate or NTLM authentication \(HTTP 407 with Proxy-Authenticate: Negotiate or NTLM\)/);
      assert.equal(failsOver(error), false); // an answer: the next URL would get the same
    }); // prettier-ignore
  }

  it('a 407 that also offers Basic stays proxy.auth-required (a password can help)', async (t) => {
    const port = await challengingProxy(t, ['Negotiate', 'Basic realm="proxy"']);
    const error = await sendThrough(port, 'https://broker.invalid/plain/');
    assert.equal(error.code, 'proxy.auth-required');
  });
});
