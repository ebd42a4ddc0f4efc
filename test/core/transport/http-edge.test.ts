// HTTP transport behaviour the real x2gobroker cannot be made to show (redirects, captive
// portals, slow or oversized replies, invalid UTF-8 on the wire): a local node:http server on
// a real socket plays that part. Everything the real broker can do is tested against it in
// test/core/broker/session-http.int.test.ts.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { BrokerSession } from '../../../src/core/broker/session';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/transport/http';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const h = routes.get(path);
      if (h) h(req, body, res);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function expectError(p: Promise<unknown>, kind: string, check?: (e: LauncherError) => void) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof LauncherError, String(e));
    assert.equal(e.kind, kind, `${e.kind}: ${e.message}`);
    check?.(e);
    return true;
  });
}

describe('HttpTransport on the wire', () => {
  it('sends one form POST with every value percent-encoded', async () => {
    let seen: { method?: string; type?: string; body?: string } = {};
    routes.set('/enc/plain/', (req, body, res) => {
      seen = { method: req.method, type: req.headers['content-type'], body };
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
    });
    const s = new BrokerSession({
      url: `${base}/enc/plain/`,
      user: 'jacques',
      password: 'thérèse',
    });
    await s.testConnection();
    assert.equal(seen.method, 'POST');
    assert.match(seen.type ?? '', /^application\/x-www-form-urlencoded/);
    assert.equal(seen.body, 'task=testcon&user=jacques&password=th%C3%A9r%C3%A8se');
  });

  it('H7: a redirect (even https→http style) is reported, never followed', async () => {
    routes.set('/redir/plain/', (_q, _b, res) =>
      res.writeHead(302, { Location: `${base}/target/plain/` }).end(),
    );
    routes.set('/target/plain/', (_q, _b, res) => res.writeHead(200).end('Access granted\n'));
    const t = new HttpTransport(parseBrokerUrl(`${base}/redir/plain/`));
    await expectError(t.send({ task: 'auth', user: 'u', password: 'secret' }), 'broker', (e) => {
      assert.equal(e.details.httpStatus, 302);
      assert.match(
        e.message,
        /redirect \(HTTP 302\) to http:\/\/127\.0\.0\.1:\d+\/target\/plain\//,
      );
    });
    assert.equal(hits.get('/target/plain/') ?? 0, 0, 'the password never went to the target');
    await t.close();
  });

  it('H8: a captive portal page (200 text/html) is not a sign-in', async () => {
    routes.set('/portal/plain/', (_q, _b, res) =>
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<html><body>Hotel Wi-Fi login</body></html>'),
    );
    const s = new BrokerSession({ url: `${base}/portal/plain/`, user: 'u', password: 'p' });
    await expectError(s.listProfiles(), 'protocol', (e) =>
      assert.match(e.details.hint ?? '', /web page/),
    );
  });

  it('P17: invalid UTF-8 bytes on the wire become U+FFFD, the reply still parses', async () => {
    routes.set('/bytes/plain/', (_q, _b, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        Buffer.concat([
          Buffer.from('Access granted\nSTART_USER_SESSIONS\n[a]\nname=Caf'),
          Buffer.from([0xe9, 0xff]),
          Buffer.from('\nEND_USER_SESSIONS\n'),
        ]),
      );
    });
    const s = new BrokerSession({ url: `${base}/bytes/plain/`, noAuth: true });
    const [p] = await s.listProfiles();
    assert.equal(p!.name, 'Caf\uFFFD\uFFFD');
  });

  it('P18: a streamed 20 MB reply stops at the size cap with a clear error', async () => {
    routes.set('/huge/plain/', (_q, _b, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('Access granted\nSTART_USER_SESSIONS\n');
      const chunk = '[p]\nname=x\n'.repeat(10_000);
      let sent = 0;
      const pump = () => {
        while (sent < 20_000_000) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const s = new BrokerSession({
      url: `${base}/huge/plain/`,
      noAuth: true,
      transportOptions: { limits: { maxReplyBytes: 4 * 1024 * 1024 } },
    });
    await expectError(s.listProfiles(), 'protocol', (e) =>
      assert.match(e.message, /larger than the limit of 4194304 bytes/),
    );
  });

  it('maxReplyBytes: a 9 MB listing is refused by default and read with the cap raised', async () => {
    const body = [
      'Access granted',
      'START_USER_SESSIONS',
      ...Array.from({ length: 2_300 }, (_, i) => `[p${i}]\nname=P ${i}\nnote=${'x'.repeat(4000)}`),
      'END_USER_SESSIONS',
      '',
    ].join('\n');
    assert.ok(body.length > 8 * 1024 * 1024);
    routes.set('/big/plain/', (_q, _b, res) =>
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(body),
    );
    const url = `${base}/big/plain/`;
    await expectError(new BrokerSession({ url, noAuth: true }).listProfiles(), 'protocol', (e) =>
      assert.match(e.message, /larger than the limit of 8388608 bytes/),
    );
    const raised = new BrokerSession({ url, noAuth: true, maxReplyBytes: 16 * 1024 * 1024 });
    assert.equal((await raised.listProfiles()).length, 2_300);
    await raised.close();
  });

  it('a compressed reply (gzip, raw deflate, br) is decoded; a compression bomb stops at the cap', async () => {
    const reply = 'Access granted\nSTART_USER_SESSIONS\n[z]\nname=Zipped\nEND_USER_SESSIONS\n';
    const encoders = { gzip: gzipSync, deflate: deflateRawSync, br: brotliCompressSync };
    for (const [encoding, encode] of Object.entries(encoders)) {
      let accepted = '';
      routes.set(`/${encoding}/plain/`, (req, _b, res) => {
        accepted = String(req.headers['accept-encoding']);
        res
          .writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': encoding })
          .end(encode(Buffer.from(reply)));
      });
      const s = new BrokerSession({ url: `${base}/${encoding}/plain/`, noAuth: true });
      assert.deepEqual(
        (await s.listProfiles()).map((p) => p.name),
        ['Zipped'],
        encoding,
      );
      assert.match(accepted, new RegExp(encoding));
      await s.close();
    }
    // 64 MB of zeros compress to ~64 KB: far below the cap on the wire, far above it decoded
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    routes.set('/bomb/plain/', (_q, _b, res) =>
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }).end(bomb),
    );
    await expectError(
      new BrokerSession({ url: `${base}/bomb/plain/`, noAuth: true }).listProfiles(),
      'protocol',
      (e) => assert.match(e.message, /larger than the limit of 8388608 bytes/),
    );
    routes.set('/zstd/plain/', (_q, _b, res) =>
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'zstd' }).end('x'),
    );
    await expectError(
      new BrokerSession({ url: `${base}/zstd/plain/`, noAuth: true }).listProfiles(),
      'protocol',
      (e) => assert.match(e.message, /encoded as "zstd", which was not offered/),
    );
  });

  it('a broker that never answers → timeout after the request limit', async () => {
    routes.set('/slow/plain/', () => undefined); // never responds
    const s = new BrokerSession({
      url: `${base}/slow/plain/`,
      noAuth: true,
      transportOptions: { limits: { requestTimeoutMs: 300 } },
    });
    await expectError(s.testConnection(), 'timeout');
  });

  it('H4/H5 and other statuses map to specific errors', async () => {
    routes.set('/s405/plain/', (_q, _b, res) => res.writeHead(405).end());
    routes.set('/s400/plain/', (_q, _b, res) => res.writeHead(400).end());
    routes.set('/s503/plain/', (_q, _b, res) =>
      res
        .writeHead(503, { 'Content-Type': 'text/html' })
        .end('<html><body><h1>Maintenance &amp; upgrade</h1></body></html>'),
    );
    const send = (p: string) =>
      new HttpTransport(parseBrokerUrl(`${base}${p}`)).send({ task: 'testcon' });
    await expectError(send('/s405/plain/'), 'broker', (e) =>
      assert.match(e.message, /does not accept POST/),
    );
    await expectError(send('/s400/plain/'), 'protocol', (e) =>
      assert.match(e.message, /malformed \(HTTP 400\)/),
    );
    await expectError(send('/s503/plain/'), 'broker', (e) =>
      assert.equal(e.details.brokerMessage, 'Maintenance & upgrade'),
    );
  });
});
