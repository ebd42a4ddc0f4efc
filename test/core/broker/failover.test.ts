// Fail-over rules (src/core/broker/failover.ts, failover-urls.ts; docs/failover.md): which
// failures move on to the next URL, which URLs make up an entry, and the order and stickiness
// of FailoverTransport over real HttpTransports (loopback node:http servers, closed ports).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { describe, it } from 'node:test';
import { FailoverTransport, failsOver } from '../../../src/core/broker/failover';
import { brokerEntryUrls } from '../../../src/core/broker/failover-urls';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/transport/http';
import { deadPort } from '../../helpers/cli-net';

describe('failsOver', () => {
  const unreachable = (code: string) =>
    new LauncherError('broker.unreachable', { where: 'h:1', error: code }, 'x', { code });
  const server = (status: number) =>
    new LauncherError('broker.http.server-error', { where: 'h', status }, 'x', {
      httpStatus: status,
    });

  it('nobody there: refused, reset, DNS, no route, connect timeout, 502/503/504, proxy gone', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
      assert.ok(failsOver(unreachable(code)), code);
    assert.ok(failsOver(new LauncherError('broker.timeout.connect', { where: 'h', seconds: 4 }, 'x')));
    for (const s of [502, 503, 504]) assert.ok(failsOver(server(s)), String(s));
    assert.ok(failsOver(new LauncherError('ssh.unreachable', { where: 'h', error: 'ECONNREFUSED' }, 'x')));
    assert.ok(failsOver(new LauncherError('ssh.unresolved', { host: 'h', error: 'ENOTFOUND' }, 'x')));
    assert.ok(failsOver(new LauncherError('proxy.unreachable', { proxy: 'p', error: 'ECONNREFUSED' }, 'x')));
    assert.ok(failsOver(new LauncherError('proxy.refused', { proxy: 'p', status: 500, where: 'h' }, 'x', { httpStatus: 500 })));
  }); // prettier-ignore

  it('an answer or a warning: 401, 500, TLS, host key, request timeout, truncated reply, 403 CONNECT', () => {
    assert.ok(!failsOver(new LauncherError('broker.http.unauthorized', {}, 'x', { httpStatus: 401 })));
    assert.ok(!failsOver(server(500)));
    assert.ok(!failsOver(new LauncherError('broker.tls', { error: 'CERT_HAS_EXPIRED' }, 'x', { code: 'CERT_HAS_EXPIRED' })));
    assert.ok(!failsOver(new LauncherError('ssh.host-key-check-failed', { reason: 'changed' }, 'x')));
    assert.ok(!failsOver(new LauncherError('broker.timeout.request', { where: 'h', seconds: 30 }, 'x')));
    assert.ok(!failsOver(unreachable('ERR_REPLY_TRUNCATED')));
    assert.ok(!failsOver(unreachable('HPE_INVALID_CONSTANT')));
    assert.ok(!failsOver(new LauncherError('proxy.refused', { proxy: 'p', status: 403, where: 'h' }, 'x', { httpStatus: 403 })));
    assert.ok(!failsOver(new LauncherError('broker.cancelled', {}, 'x')));
    assert.ok(!failsOver(new Error('plain')));
  }); // prettier-ignore
});

describe('brokerEntryUrls', () => {
  const A = 'https://a.example/plain/';
  const B = 'https://b.example/plain/';
  const C = 'https://c.example/plain/';

  it('--broker-failover-url values follow the URL, in order, without repeats', () => {
    assert.deepEqual(brokerEntryUrls({ url: A, failoverGiven: [B, A, C, B] }), { url: A, failover: [B, C], refused: [] });
    // they replace the policy's list for this run
    assert.deepEqual(brokerEntryUrls({ url: A, failoverGiven: [C], policyList: [A, B] }), { url: A, failover: [C], refused: [] });
  }); // prettier-ignore

  it("the policy's brokerUrls: applies when the URL is one of them, or gives the URL", () => {
    assert.deepEqual(brokerEntryUrls({ url: B, policyList: [A, B, C] }), { url: B, failover: [A, C], refused: [] });
    assert.deepEqual(brokerEntryUrls({ policyList: [A, B] }), { url: A, failover: [B], refused: [] });
    assert.deepEqual(brokerEntryUrls({ url: C, policyList: [A, B] }), { url: C, failover: [], refused: [] });
    assert.equal(brokerEntryUrls({ failoverGiven: [A] }), null);
  }); // prettier-ignore

  it('an http:// URL behind an https:// or ssh:// one is refused (a downgrade anyone on the path could force)', () => {
    const H = 'http://h.example/plain/';
    assert.deepEqual(brokerEntryUrls({ url: A, failoverGiven: [H, B] }), { url: A, failover: [B], refused: [H] });
    assert.deepEqual(brokerEntryUrls({ url: 'ssh://s.example', policyList: ['ssh://s.example', H] }), { url: 'ssh://s.example', failover: [], refused: [H] });
    // decided on the parsed scheme: control characters the URL parser drops do not hide it
    assert.deepEqual(brokerEntryUrls({ url: A, failoverGiven: ['ht\ttp://c.example/plain/'] })?.refused, ['ht\ttp://c.example/plain/']);
    assert.deepEqual(brokerEntryUrls({ url: A, failoverGiven: ['\u0001http://c.example/plain/'] })?.refused, ['\u0001http://c.example/plain/']);
    // all clear text from the start: nothing gets worse, nothing refused
    assert.deepEqual(brokerEntryUrls({ url: H, failoverGiven: [A] }), { url: H, failover: [A], refused: [] });
  }); // prettier-ignore
});

async function serve(status: number, body = 'Access granted'): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/plain/`, hits: () => hits };
} // prettier-ignore

describe('FailoverTransport', () => {
  it('tries in order, passes over refused and 503, stays on the one that answered', async (t) => {
    const unavailable = await serve(503, 'maintenance');
    const good = await serve(200);
    const later = await serve(200);
    t.after(() => [unavailable, good, later].forEach((s) => s.server.close()));
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const answered: string[] = [];
    const transport = new FailoverTransport(
      [dead, unavailable.url, good.url, later.url].map((u) => parseBrokerUrl(u)),
      (url) => new HttpTransport(url),
      (url, passed) =>
        answered.push(`${url.display} after ${passed.map((p) => p.error.code).join(',')}`),
    );
    t.after(() => transport.close());
    const reply = await transport.send({ task: 'auth' });
    assert.equal(reply.body, 'Access granted');
    assert.deepEqual(answered, [`${good.url} after broker.unreachable,broker.http.server-error`]);
    assert.equal(transport.url.display, good.url);
    await transport.send({ task: 'listsessions' });
    assert.deepEqual([unavailable.hits(), good.hits(), later.hits()], [1, 2, 0]);
  });

  it('a 401 ends the search there, and later requests go to the same URL', async (t) => {
    const refusing = await serve(401, 'no');
    const next = await serve(200);
    t.after(() => [refusing, next].forEach((s) => s.server.close()));
    const transport = new FailoverTransport(
      [refusing.url, next.url].map((u) => parseBrokerUrl(u)),
      (url) => new HttpTransport(url),
    );
    t.after(() => transport.close());
    await assert.rejects(transport.send({ task: 'auth' }), (e: LauncherError) => e.code === 'broker.http.unauthorized');
    await assert.rejects(transport.send({ task: 'auth' }), (e: LauncherError) => e.code === 'broker.http.unauthorized');
    assert.deepEqual([refusing.hits(), next.hits()], [2, 0]);
    assert.equal(transport.answeredUrl?.display, refusing.url);
  }); // prettier-ignore

  it('all dead: broker.failover.exhausted (kind unreachable) naming each URL', async () => {
    const urls = [`http://127.0.0.1:${await deadPort()}/plain/`, `http://127.0.0.1:${await deadPort()}/plain/`];
    const transport = new FailoverTransport(urls.map((u) => parseBrokerUrl(u)), (url) => new HttpTransport(url));
    await assert.rejects(transport.send({ task: 'auth' }), (e: LauncherError) => {
      assert.equal(e.code, 'broker.failover.exhausted');
      assert.equal(e.kind, 'unreachable');
      assert.deepEqual(e.params, { count: 2, attempts: urls.join(', ') });
      return true;
    });
    assert.equal(transport.answeredUrl, null);
  }); // prettier-ignore
});
