// Bounded time and honest hints over HTTP(S) (issue 8 points 5, 7, 8): a local TCP server on
// a real socket trickles its reply (something the real x2gobroker cannot be made to do);
// the TLS environment switches are tried against the real broker's HTTPS instances.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { HttpTransport, serverErrorHint } from '../../../src/core/transport/http';
import { brokerOrSkip } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';

/** Sends the status line and headers at once or byte by byte, then the body one byte a tick. */
function trickleServer(opts: { headersToo: boolean; tickMs: number }): {
  server: Server;
  sent: () => number;
} {
  let sent = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n';
      let queue = opts.headersToo ? head : '';
      if (!opts.headersToo) socket.write(head);
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write(queue ? queue[0]! : 'x');
        queue = queue.slice(1);
        sent++;
      }, opts.tickMs);
      socket.on('close', () => {
        clearInterval(timer);
        sockets.delete(socket);
      });
    });
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return { server, sent: () => sent };
}

const servers: Server[] = [];
async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/plain/`;
}
after(() => servers.forEach((s) => s.close()));

describe('HTTP exchange deadline (not an idle timeout)', () => {
  let bodyUrl = '';
  let headUrl = '';
  let body: ReturnType<typeof trickleServer>;
  before(async () => {
    body = trickleServer({ headersToo: false, tickMs: 100 });
    bodyUrl = await listen(body.server);
    const head = trickleServer({ headersToo: true, tickMs: 100 });
    headUrl = await listen(head.server);
  });

  // Each tick (100 ms) is far below the deadline, so an idle timer would never fire and the
  // test would hang until the runner's own timeout: ending with 'timeout' proves the deadline.
  for (const [what, url] of [
    ['a body trickling one byte per tick', () => bodyUrl],
    ['headers trickling one byte per tick (slowloris reply)', () => headUrl],
  ] as const) {
    it(`${what} ends at requestTimeoutMs with kind 'timeout'`, { timeout: 30_000 }, async () => {
      const t = new HttpTransport(parseBrokerUrl(url()), {
        limits: { requestTimeoutMs: 1500, connectTimeoutMs: 1000 },
      });
      await assert.rejects(t.send({ task: 'testcon' }), (e) => {
        assert.ok(e instanceof LauncherError, String(e));
        assert.equal(e.kind, 'timeout', e.message);
        assert.match(e.message, /did not answer within 1\.5 s/);
        assert.equal(e.exitCode, 4);
        return true;
      });
      await t.close();
    });
  }

  it('the caller can still cancel before the deadline', { timeout: 30_000 }, async () => {
    const t = new HttpTransport(parseBrokerUrl(bodyUrl), { limits: { requestTimeoutMs: 60_000 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(
      t.send({ task: 'testcon' }, { signal: ac.signal }),
      (e) => e instanceof LauncherError && e.kind === 'cancelled',
    );
    await t.close();
  });

  it('the CLI ends a trickling reply at --timeout with exit 4', { timeout: 60_000 }, async () => {
    const before = body.sent();
    const r = await runCli([
      'testcon',
      '--broker-url',
      bodyUrl,
      '--broker-noauth',
      '--timeout',
      '2',
    ]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /did not answer within 2 s/);
    // the server kept sending during the whole run: it was never idle
    assert.ok(body.sent() - before >= 5, `only ${body.sent() - before} bytes trickled`);
  });
});

describe('HTTP 5xx hints name only causes that fit what was sent', () => {
  it('the pre-shared-cookie-with-password bug only when both were sent', () => {
    const both = serverErrorHint(500, { task: 'listsessions', password: 'p', authid: 'c' });
    assert.match(both, /pre-shared auth-id is sent together with a password/);
    for (const sent of [
      { task: 'listsessions' as const, user: '' }, // --broker-noauth
      { task: 'listsessions' as const, user: 'a', password: 'p' },
      { task: 'listsessions' as const, authid: 'c' },
    ]) {
      const hint = serverErrorHint(500, sent);
      assert.doesNotMatch(hint, /auth-id|cookie|password/, JSON.stringify(sent));
      assert.match(hint, /broker log/);
    }
    assert.match(serverErrorHint(502, { task: 'testcon' }), /proxy/);
    assert.match(serverErrorHint(503, { task: 'testcon' }), /maintenance|overloaded/);
  });

  it('a 500 to --broker-noauth does not blame a cookie (local server)', async () => {
    const server = createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () =>
        s.end(
          'HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>500: Internal Server Error</body></html>',
        ),
      );
    });
    const url = await listen(server);
    const r = await runCli(['list', '--broker-url', url, '--broker-noauth']);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /internal error \(HTTP 500\)/);
    assert.doesNotMatch(r.stderr, /auth-id|cookie/);
  });
});

describe('environment switches cannot weaken broker TLS (real HTTPS broker)', () => {
  for (const instance of ['tls', 'tls-selfsigned', 'tls-expired'] as const) {
    it(`${instance}: NODE_TLS_REJECT_UNAUTHORIZED=0 + NODE_EXTRA_CA_CERTS → still refused (exit 4)`, async (t) => {
      const b = brokerOrSkip(t, 'https');
      if (!b) return;
      const r = await runCli(['testcon', '--broker-url', b.https[instance].plainUrl], {
        env: {
          NODE_TLS_REJECT_UNAUTHORIZED: '0',
          // the test CA signed the "tls" instance: trusted only through --broker-cacertfile
          NODE_EXTRA_CA_CERTS: b.https[instance].caFile,
          SSL_CERT_FILE: b.https[instance].caFile,
          NODE_OPTIONS: '--use-openssl-ca --tls-min-v1.0',
        },
      });
      assert.equal(r.code, 4, r.stdout + r.stderr);
      assert.match(r.stderr, /TLS certificate/);
    });
  }

  it('in-process: NODE_TLS_REJECT_UNAUTHORIZED=0 set after start changes nothing', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const tr = new HttpTransport(parseBrokerUrl(b.https['tls-selfsigned'].plainUrl));
      await assert.rejects(
        tr.send({ task: 'testcon' }),
        (e) => e instanceof LauncherError && e.kind === 'tls',
      );
      await tr.close();
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
    }
  });

  it('with the admin CA file the same instance works (the test is not vacuous)', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const r = await runCli(
      [
        'testcon',
        '--broker-url',
        b.https.tls.plainUrl,
        '--broker-cacertfile',
        b.https.tls.caFile,
        '--broker-user',
        'test',
        '--broker-password-env',
        'PW',
      ],
      {
        env: {
          PW: b.users.find((u) => u.user === 'test')!.password,
          NODE_TLS_REJECT_UNAUTHORIZED: '0',
        },
      },
    );
    assert.equal(r.code, 0, r.stderr);
  });
});
