// SOCKS proxies (docs/proxies.md) as users run the CLI: a child process against the REAL
// broker, through the REAL loopback SOCKS servers of the test peers (Debian's dante: open, and
// with SOCKS5 username/password). Each success is checked in dante's own log too, so a request
// that quietly went direct fails the test.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';
import { runCli, type CliResult } from '../../helpers/run-cli';
import { deadPort, jsonError } from '../../helpers/cli-net';

let dir = '';
let pwFile = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'x2go-cli-socks-'));
  pwFile = join(dir, 'pw');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** dante's log lines written while `run` ran. */
async function socksLog<T>(log: string, run: () => Promise<T>): Promise<{ result: T; lines: string }> {
  const before = (await readFile(log, 'utf8')).length;
  const result = await run();
  await new Promise((r) => setTimeout(r, 300)); // dante's child writes as it goes
  return { result, lines: (await readFile(log, 'utf8')).slice(before) };
} // prettier-ignore

async function listArgs(b: BrokerFixture, url: string, extra: string[] = []): Promise<string[]> {
  await writeFile(pwFile, `${userPassword(b, 'test')}\n`, { mode: 0o600 });
  return ['list', '--json', '--broker-url', url, '--broker-user', 'test', '--broker-password-file', pwFile, ...extra];
} // prettier-ignore

const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((p) => p.id).sort();
/** dante's line for a CONNECT it passed to 127.0.0.1:port ("… -> … 127.0.0.1.PORT"). */
const passedTo = (port: number) =>
  new RegExp(`pass\\(1\\): tcp/connect \\[: .* 127\\.0\\.0\\.1\\.${port}\\b`);

describe('CLI through a SOCKS proxy (ALL_PROXY / HTTPS_PROXY / HTTP_PROXY = socks…://)', () => {
  it('https broker through socks5h:// (ALL_PROXY): TLS end to end, verified with the test CA', async (t) => {
    const b = brokerOrSkip(t, 'socks', 'https');
    if (!b) return;
    const args = await listArgs(b, b.https.tls.plainUrl, ['--broker-cacertfile', b.https.tls.caFile]);
    const url = b.socks.open.url.replace(/^socks5:/, 'socks5h:');
    const { result: r, lines } = await socksLog(b.socks.open.log, () => runCli(args, { env: { ALL_PROXY: url } }));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.match(lines, passedTo(b.https.tls.port));
    // without the CA the tunnelled TLS must still fail: the proxy changes nothing about trust
    const untrusted = await runCli(await listArgs(b, b.https.tls.plainUrl), { env: { ALL_PROXY: url } });
    assert.equal(untrusted.code, 4, untrusted.stderr);
    assert.equal(jsonError(untrusted.stderr).code, 'broker.tls');
  }); // prettier-ignore

  it('http broker through SOCKS4, SOCKS4a and SOCKS5 (HTTP_PROXY)', async (t) => {
    const b = brokerOrSkip(t, 'socks');
    if (!b) return;
    for (const scheme of ['socks4', 'socks4a', 'socks5']) {
      const url = b.socks.open.url.replace(/^socks5:/, `${scheme}:`);
      const args = await listArgs(b, b.http.main.plainUrl);
      const run = await socksLog(b.socks.open.log, () =>
        runCli(args, { env: { HTTP_PROXY: url } }),
      );
      const r: CliResult = run.result;
      const lines = run.lines;
      assert.equal(r.code, 0, `${scheme}: ${r.stderr}`);
      assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
      assert.match(lines, passedTo(b.http.main.port), scheme);
    }
  });

  it('SOCKS5 username/password: accepted, never printed; wrong or missing ones are named', async (t) => {
    const b = brokerOrSkip(t, 'socks', 'https');
    if (!b) return;
    const { user, password, port, log } = b.socks.auth;
    const args = await listArgs(b, b.https.tls.plainUrl, ['--broker-cacertfile', b.https.tls.caFile]);
    const enc = encodeURIComponent;
    const good = await socksLog(log, () =>
      runCli(args, { env: { HTTPS_PROXY: `socks5://${enc(user)}:${enc(password)}@127.0.0.1:${port}` } }),
    );
    assert.equal(good.result.code, 0, good.result.stderr);
    assert.deepEqual(ids(good.result.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.match(good.lines, passedTo(b.https.tls.port));
    assert.ok(!good.result.stdout.includes(password) && !good.result.stderr.includes(password));

    const wrongPassword = 'not-the-Socks-pw-61';
    const wrong = await runCli(args, {
      env: { HTTPS_PROXY: `socks5://${enc(user)}:${wrongPassword}@127.0.0.1:${port}`, DEBUG: 'socks-proxy-agent' },
    });
    assert.equal(wrong.code, 4, wrong.stderr);
    const error = jsonError<{ code: string; message: string }>(wrong.stderr);
    assert.equal(error.code, 'proxy.auth-required');
    assert.match(error.message, new RegExp(`SOCKS proxy socks5://127\\.0\\.0\\.1:${port} requires .* refused the ones given`));
    // not even the library's debug output (DEBUG=socks-proxy-agent) shows a password
    for (const secret of [wrongPassword, password])
      assert.ok(!wrong.stderr.includes(secret) && !wrong.stdout.includes(secret), wrong.stderr);

    const none = await runCli(args, { env: { HTTPS_PROXY: `socks5://127.0.0.1:${port}` } });
    assert.equal(none.code, 4, none.stderr);
    assert.equal(jsonError(none.stderr).code, 'proxy.auth-required');
  }); // prettier-ignore

  it('a dead SOCKS proxy, and a broker the proxy cannot reach: clear errors, exit 4', async (t) => {
    const b = brokerOrSkip(t, 'socks');
    if (!b) return;
    const dead = await deadPort();
    const secret = 'Dead-socks-pw-23';
    const r = await runCli(await listArgs(b, b.http.main.plainUrl), {
      env: { HTTP_PROXY: `socks5://someone:${secret}@127.0.0.1:${dead}` },
    });
    assert.equal(r.code, 4, r.stderr);
    const error = jsonError<{ code: string; params: { proxy: string; error: string } }>(r.stderr);
    assert.equal(error.code, 'proxy.unreachable');
    assert.deepEqual(error.params, { proxy: `socks5://127.0.0.1:${dead}`, error: 'ECONNREFUSED' });
    assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));

    // dante answers SOCKS5 reply 5 (connection refused) for a dead broker port
    const brokerGone = await runCli(await listArgs(b, `http://127.0.0.1:${dead}/plain/`), {
      env: { HTTP_PROXY: b.socks.open.url },
    });
    assert.equal(brokerGone.code, 4, brokerGone.stderr);
    const refused = jsonError<{ code: string; params: { reply: string; where: string } }>(
      brokerGone.stderr,
    );
    assert.equal(refused.code, 'proxy.socks-refused');
    assert.deepEqual(refused.params.reply, 'ConnectionRefused');
    assert.equal(refused.params.where, `127.0.0.1:${dead}`);
  });

  it('fail-over through SOCKS: the proxy cannot reach the first URL, the second answers', async (t) => {
    const b = brokerOrSkip(t, 'socks');
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const r = await runCli(
      await listArgs(b, dead, ['--broker-failover-url', b.http.main.plainUrl]),
      { env: { HTTP_PROXY: b.socks.open.url } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.match(r.stderr, new RegExp(`broker answered at ${b.http.main.plainUrl.replace(/[.]/g, '\\.')} after no answer from`));
  }); // prettier-ignore
});
