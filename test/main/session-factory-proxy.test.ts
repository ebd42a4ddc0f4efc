// The app's session factory (src/main/session-factory.ts) with an injected system proxy
// resolver (Electron's session.resolveProxy in the app; a function answering PAC strings here)
// and the policy's proxy and brokerUrls: the routing decisions run under Node against a
// loopback node:http server standing in as the broker's web endpoint and a closed port.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { it } from 'node:test';
import type { LauncherError } from '../../src/core/errors';
import { createSessionFactory, sessionOptionsFor } from '../../src/main/session-factory';
import { deadPort } from '../helpers/cli-net';

async function accessGranted(t: { after(fn: () => void): void }): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Access granted\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/plain/`;
}

const prompter = {} as Parameters<typeof sessionOptionsFor>[0]['prompter'];

void it('the system resolver is asked for the broker URL; its PAC answer routes the request', async (t) => {
  const url = await accessGranted(t);
  const proxyPort = await deadPort();
  const asked: string[] = [];
  // only a dead proxy: nothing to fall back on (with "; DIRECT" the next test signs in direct)
  let answer = `PROXY 127.0.0.1:${proxyPort}`;
  const create = createSessionFactory({
    resolveProxy: (u) => {
      asked.push(u);
      return Promise.resolve(answer);
    },
  });
  const viaProxy = create({ url, noAuth: true, prompter });
  await assert.rejects(viaProxy.authenticate(), (e: LauncherError) => {
    assert.equal(e.code, 'proxy.unreachable');
    assert.equal((e.params as { proxy: string }).proxy, `http://127.0.0.1:${proxyPort}/`);
    return true;
  });
  await viaProxy.close();
  assert.deepEqual(asked, [url]);
  // the PAC answer's next entry (docs/proxies.md §1): the dead proxy is passed over for DIRECT
  answer = `PROXY 127.0.0.1:${proxyPort}; DIRECT`;
  const direct = create({ url, noAuth: true, prompter });
  await direct.authenticate();
  await direct.close();
});

void it('a policy proxy beats the system resolver; policy "direct" ignores it', async (t) => {
  const url = await accessGranted(t);
  const resolveProxy = () => Promise.reject(new Error('must not be asked'));
  const direct = createSessionFactory({ proxyPolicy: 'direct', resolveProxy })({ url, noAuth: true, prompter });
  await direct.authenticate();
  await direct.close();
  const port = await deadPort();
  const viaPolicy = createSessionFactory({ proxyPolicy: `http://127.0.0.1:${port}`, resolveProxy })({ url, noAuth: true, prompter });
  await assert.rejects(viaPolicy.authenticate(), (e: LauncherError) => e.code === 'proxy.unreachable');
  await viaPolicy.close();
}); // prettier-ignore

void it("a broker URL of the policy's brokerUrls fails over to the others; the answer is reported", async (t) => {
  const good = await accessGranted(t);
  const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
  const reports: string[][] = [];
  const create = createSessionFactory({
    proxyPolicy: 'direct',
    policyBrokerUrls: [dead, good],
    onBrokerAnswered: (entry, answered, passedOver) => reports.push([entry, answered, ...passedOver]),
  });
  const session = create({ url: dead, noAuth: true, prompter });
  await session.authenticate();
  await session.close();
  assert.deepEqual(reports, [[dead, good, dead]]);
  // a URL outside the policy list has no fail-over
  assert.equal(sessionOptionsFor({ url: 'https://other.example/plain/', prompter }, { policyBrokerUrls: [dead, good] }).failoverUrls, undefined);
}); // prettier-ignore
