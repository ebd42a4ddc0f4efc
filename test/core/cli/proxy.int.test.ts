// Proxies (docs/proxies.md) as users run the CLI: a child process against the REAL broker,
// through the REAL loopback proxies of the test peers (tinyproxy, open and with BasicAuth).
// Each success is checked in the proxy's own log too, so a request that quietly went direct
// fails the test.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';
import { deadPort, jsonError } from '../../helpers/cli-net';

let dir = '';
let pwFile = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'x2go-cli-proxy-'));
  pwFile = join(dir, 'pw');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The proxy log's lines written while `run` ran. */
async function proxyLog<T>(
  log: string,
  run: () => Promise<T>,
): Promise<{ result: T; lines: string }> {
  const before = (await readFile(log, 'utf8')).length;
  const result = await run();
  // tinyproxy writes its log lines as it goes; give the last one a moment
  await new Promise((r) => setTimeout(r, 200));
  return { result, lines: (await readFile(log, 'utf8')).slice(before) };
}

async function listArgs(b: BrokerFixture, url: string, extra: string[] = []): Promise<string[]> {
  await writeFile(pwFile, `${userPassword(b, 'test')}\n`, { mode: 0o600 });
  return ['list', '--json', '--broker-url', url, '--broker-user', 'test', '--broker-password-file', pwFile, ...extra];
} // prettier-ignore

const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((p) => p.id).sort();

describe('CLI through a proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY)', () => {
  it('http broker: HTTP_PROXY carries the request (absolute URI at the proxy)', async (t) => {
    const b = brokerOrSkip(t, 'proxy');
    if (!b) return;
    const { result: r, lines } = await proxyLog(b.proxy.open.log, async () =>
      runCli(await listArgs(b, b.http.main.plainUrl), { env: { HTTP_PROXY: b.proxy.open.url } }),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.match(lines, new RegExp(`POST http://127\\.0\\.0\\.1:${b.http.main.port}/plain/`));
  });

  it('https broker: CONNECT through https_proxy (lower case), the broker verified with the test CA', async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    const args = await listArgs(b, b.https.tls.plainUrl, [
      '--broker-cacertfile',
      b.https.tls.caFile,
    ]);
    const { result: r, lines } = await proxyLog(b.proxy.open.log, () =>
      runCli(args, { env: { https_proxy: b.proxy.open.url } }),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.match(lines, new RegExp(`CONNECT 127\\.0\\.0\\.1:${b.https.tls.port} `));
  });

  it("https broker through the tunnel: the broker's certificate is still verified end to end", async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    // no --broker-cacertfile: the test CA is unknown, so the tunnelled TLS must fail
    const args = await listArgs(b, b.https.tls.plainUrl);
    const { result: r, lines } = await proxyLog(b.proxy.open.log, () =>
      runCli(args, { env: { HTTPS_PROXY: b.proxy.open.url } }),
    );
    assert.equal(r.code, 4, r.stderr);
    const error = jsonError<{ code: string; details: { code: string } }>(r.stderr);
    assert.equal(error.code, 'broker.tls');
    assert.equal(error.details.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'); // broker.json: nodeErrorWithoutCa
    assert.match(lines, new RegExp(`CONNECT 127\\.0\\.0\\.1:${b.https.tls.port} `));
  });

  it('NO_PROXY exempts the broker (both cases): a dead proxy is never asked', async (t) => {
    const b = brokerOrSkip(t, 'proxy');
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}`;
    for (const env of <Record<string, string>[]>[
      { HTTP_PROXY: dead, NO_PROXY: '127.0.0.1' },
      { http_proxy: dead, no_proxy: 'localhost,127.0.0.1' },
    ]) {
      const r = await runCli(await listArgs(b, b.http.main.plainUrl), { env });
      assert.equal(r.code, 0, `${JSON.stringify(env)}: ${r.stderr}`);
      assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    }
    // the same dead proxy without NO_PROXY: the request does go to it (the exemption did the work)
    const r = await runCli(await listArgs(b, b.http.main.plainUrl), { env: { HTTP_PROXY: dead } });
    assert.equal(r.code, 4, r.stderr);
  });

  it('proxy credentials in the URL: accepted by the proxy, never printed; missing or wrong ones are named', async (t) => {
    const b = brokerOrSkip(t, 'proxy', 'https');
    if (!b) return;
    const { user, password, port, log } = b.proxy.auth;
    const args = await listArgs(b, b.https.tls.plainUrl, [
      '--broker-cacertfile',
      b.https.tls.caFile,
    ]);
    const good = await proxyLog(log, () =>
      runCli(args, { env: { HTTPS_PROXY: `http://${user}:${password}@127.0.0.1:${port}` } }),
    );
    assert.equal(good.result.code, 0, good.result.stderr);
    assert.deepEqual(ids(good.result.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.match(good.lines, new RegExp(`CONNECT 127\\.0\\.0\\.1:${b.https.tls.port} `));
    assert.ok(!good.result.stdout.includes(password) && !good.result.stderr.includes(password));

    const wrongPassword = 'not-the-Proxy-pw-93';
    const wrong = await runCli(args, {
      env: { HTTPS_PROXY: `http://${user}:${wrongPassword}@127.0.0.1:${port}` },
    });
    assert.equal(wrong.code, 4, wrong.stderr);
    const error = jsonError(wrong.stderr);
    assert.equal(error.code, 'proxy.auth-required');
    assert.match(error.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${port}/ `));
    for (const secret of [wrongPassword, password])
      assert.ok(!wrong.stderr.includes(secret) && !wrong.stdout.includes(secret), wrong.stderr);

    const none = await runCli(args, { env: { HTTPS_PROXY: `http://127.0.0.1:${port}` } });
    assert.equal(none.code, 4, none.stderr);
    assert.equal(jsonError(none.stderr).code, 'proxy.auth-required');
  });

  it('a dead proxy: a clear error naming the proxy (credentials masked), exit 4', async (t) => {
    const b = brokerOrSkip(t, 'proxy');
    if (!b) return;
    const port = await deadPort();
    const secret = 'Dead-proxy-pw-17';
    const r = await runCli(await listArgs(b, b.http.main.plainUrl), {
      env: { HTTP_PROXY: `http://someone:${secret}@127.0.0.1:${port}` },
    });
    assert.equal(r.code, 4, r.stderr);
    const error = jsonError<{
      code: string;
      message: string;
      params: { proxy: string; error: string };
    }>(r.stderr);
    assert.equal(error.code, 'proxy.unreachable');
    assert.equal(error.params.error, 'ECONNREFUSED');
    assert.equal(error.params.proxy, `http://127.0.0.1:${port}/`);
    assert.match(
      error.message,
      /Cannot reach the proxy \S+ \(from HTTPS_PROXY \/ HTTP_PROXY\): connection refused/,
    );
    assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));
  });

  it('an unusable proxy variable is refused with its (masked) value', async (t) => {
    const b = brokerOrSkip(t, 'proxy');
    if (!b) return;
    const r = await runCli(await listArgs(b, b.http.main.plainUrl), {
      // socks:// names no version (curl reads SOCKS4, others SOCKS5): refused, not guessed
      env: { HTTP_PROXY: 'socks://u:Socks-pw-5@127.0.0.1:1080' },
    });
    assert.equal(r.code, 2, r.stderr);
    const error = jsonError(r.stderr);
    assert.equal(error.code, 'proxy.invalid');
    assert.match(error.message, /say which SOCKS version/);
    assert.ok(!r.stderr.includes('Socks-pw-5'), r.stderr);
  });
});
