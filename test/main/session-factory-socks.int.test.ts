// The app's session factory (src/main/session-factory.ts) with the proxy answers of Electron's
// resolver (the Electron stub's session.defaultSession.resolveProxy, answering what a PAC
// script would) and the policy's proxy, against the REAL broker through the REAL loopback
// proxies of the test peers: tinyproxy (HTTP) and dante (SOCKS). Each route is checked in the
// proxy's own log, so a request that went another way fails the test (docs/proxies.md).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { LauncherError } from '../../src/core/errors';
import { createSessionFactory, type SessionFactoryOptions } from '../../src/main/session-factory';
import type { SessionRequest } from '../../src/main/controller';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../helpers/broker-env';
import { deadPort } from '../helpers/cli-net';

interface StubState {
  proxyAnswer?: string;
  resolvedProxyUrls?: string[];
}
const electron = createRequire(import.meta.url)('../stubs/electron/index.cjs') as {
  session: { defaultSession: { resolveProxy(url: string): Promise<string> } };
  __stub: { state: StubState };
};
const stub = electron.__stub.state;

const prompter = {} as SessionRequest['prompter'];

/** The app's factory as src/main/index.ts builds it: the resolver is Electron's. */
function appFactory(options: Omit<SessionFactoryOptions, 'resolveProxy'> = {}) {
  return createSessionFactory({
    ...options,
    resolveProxy: (url) => electron.session.defaultSession.resolveProxy(url),
  });
}

/** Sign in as `test` to the https broker (test CA); the log lines of `log` written meanwhile. */
async function signIn(
  b: BrokerFixture & { https: NonNullable<BrokerFixture['https']> },
  create: ReturnType<typeof createSessionFactory>,
  log: string,
  url = b.https.tls.plainUrl,
): Promise<{ error: LauncherError | null; lines: string }> {
  const start = (await readFile(log, 'utf8')).length;
  const session = create({
    url,
    user: 'test',
    password: userPassword(b, 'test'),
    caFiles: [b.https.tls.caFile],
    prompter,
  });
  let error: LauncherError | null = null;
  try {
    await session.authenticate();
  } catch (e) {
    error = e as LauncherError;
  } finally {
    await session.close();
  }
  await new Promise((r) => setTimeout(r, 300)); // the proxies write their lines as they go
  return { error, lines: (await readFile(log, 'utf8')).slice(start) };
}

const connectTo = (port: number) => new RegExp(`CONNECT 127\\.0\\.0\\.1:${port} `);
const socksTo = (port: number) =>
  new RegExp(`pass\\(1\\): tcp/connect \\[: .* 127\\.0\\.0\\.1\\.${port}\\b`);

describe('app: PAC answers with several entries, tried in order (docs/proxies.md §1)', () => {
  it('a dead PROXY first, then the live tinyproxy: sign-in goes through the second', async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    const dead = await deadPort();
    stub.proxyAnswer = `PROXY 127.0.0.1:${dead}; PROXY 127.0.0.1:${b.proxy.open.port}; DIRECT`;
    stub.resolvedProxyUrls = [];
    const r = await signIn(b, appFactory(), b.proxy.open.log);
    assert.equal(r.error, null, String(r.error));
    assert.match(r.lines, connectTo(b.https.tls.port));
    assert.deepEqual(stub.resolvedProxyUrls, [b.https.tls.plainUrl]);
  });

  it('every proxy dead: DIRECT, the last entry, is taken', async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    const [d1, d2] = [await deadPort(), await deadPort()];
    stub.proxyAnswer = `PROXY 127.0.0.1:${d1}; SOCKS5 127.0.0.1:${d2}; DIRECT`;
    const r = await signIn(b, appFactory(), b.proxy.open.log);
    assert.equal(r.error, null, String(r.error));
    assert.doesNotMatch(r.lines, connectTo(b.https.tls.port));
  });

  it('no DIRECT and every proxy dead: the last failure, naming the ones tried before', async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    const [d1, d2] = [await deadPort(), await deadPort()];
    stub.proxyAnswer = `PROXY 127.0.0.1:${d1}; PROXY 127.0.0.1:${d2}`;
    const r = await signIn(b, appFactory(), b.proxy.open.log);
    assert.equal(r.error?.code, 'proxy.unreachable');
    assert.equal((r.error?.params as { proxy: string }).proxy, `http://127.0.0.1:${d2}/`);
    assert.match(r.error.message, new RegExp(`Tried before: http://127\\.0\\.0\\.1:${d1}/: `));
  });

  it('a proxy that answers (407: credentials wanted) ends the attempt: no move to DIRECT', async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    stub.proxyAnswer = `PROXY 127.0.0.1:${b.proxy.auth.port}; DIRECT`;
    const r = await signIn(b, appFactory(), b.proxy.auth.log);
    assert.equal(r.error?.code, 'proxy.auth-required');
  });
});

describe('app: SOCKS proxies from the resolver and from the policy', () => {
  it('"SOCKS5 host:port" and "SOCKS host:port" answers: sign-in through dante', async (t) => {
    const b = brokerOrSkip(t, 'socks', 'https');
    if (!b) return;
    for (const type of ['SOCKS5', 'SOCKS']) {
      stub.proxyAnswer = `${type} 127.0.0.1:${b.socks.open.port}`;
      const r = await signIn(b, appFactory(), b.socks.open.log);
      assert.equal(r.error, null, `${type}: ${String(r.error)}`);
      assert.match(r.lines, socksTo(b.https.tls.port), type);
    }
  });

  it('a dead SOCKS entry, then the live SOCKS server', async (t) => {
    const b = brokerOrSkip(t, 'socks', 'https');
    if (!b) return;
    stub.proxyAnswer = `SOCKS5 127.0.0.1:${await deadPort()}; SOCKS5 127.0.0.1:${b.socks.open.port}`;
    const r = await signIn(b, appFactory(), b.socks.open.log);
    assert.equal(r.error, null, String(r.error));
    assert.match(r.lines, socksTo(b.https.tls.port));
  });

  it('the policy names a SOCKS proxy: it beats the resolver; one that wants a password says so', async (t) => {
    const b = brokerOrSkip(t, 'socks', 'https');
    if (!b) return;
    stub.proxyAnswer = 'PROXY 127.0.0.1:1'; // must not be used
    const open = await signIn(b, appFactory({ proxyPolicy: `socks5h://127.0.0.1:${b.socks.open.port}` }), b.socks.open.log);
    assert.equal(open.error, null, String(open.error));
    assert.match(open.lines, socksTo(b.https.tls.port));
    // the policy cannot carry credentials (policy files are readable by all): a clear error
    const auth = await signIn(b, appFactory({ proxyPolicy: `socks5://127.0.0.1:${b.socks.auth.port}` }), b.socks.auth.log);
    assert.equal(auth.error?.code, 'proxy.auth-required');
    assert.match(auth.error.message, /SOCKS proxy socks5:\/\/127\.0\.0\.1:\d+ requires a user name and password\./);
  }); // prettier-ignore

  it("fail-over between the policy's brokerUrls through SOCKS: the proxy cannot reach the first", async (t) => {
    const b = brokerOrSkip(t, 'socks', 'https');
    if (!b) return;
    stub.proxyAnswer = `SOCKS5 127.0.0.1:${b.socks.open.port}`;
    const dead = `https://127.0.0.1:${await deadPort()}/plain/`;
    const answered: string[] = [];
    const create = appFactory({
      policyBrokerUrls: [dead, b.https.tls.plainUrl],
      onBrokerAnswered: (_entry, url) => answered.push(url),
    });
    const r = await signIn(b, create, b.socks.open.log, dead);
    assert.equal(r.error, null, String(r.error));
    assert.deepEqual(answered, [b.https.tls.plainUrl]);
  });
});
