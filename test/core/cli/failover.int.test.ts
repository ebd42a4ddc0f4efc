// Fail-over (docs/failover.md) as users run the CLI, against the REAL broker instances: a dead
// port first and the real `main` second; a 401 and a TLS failure that must NOT fail over
// (proved with a listening socket that counts the connections it is offered); the policy's
// brokerUrls list (in-process, the policy from a temporary JSON file); a proxy in between.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/core/cli/main';
import { setPolicySourceForTests } from '../../../src/core/cli/policy';
import { jsonFilePolicySource } from '../../../src/core/config/sources';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';
import { deadPort, jsonError } from '../../helpers/cli-net';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'x2go-cli-failover-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function passwordFile(password: string): string {
  const file = join(dir, `pw-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return file;
}

/** A loopback listener that counts the connections made to it (and closes each at once). */
async function countingListener(): Promise<{ url: string; count: () => number; server: Server }> {
  let n = 0;
  const server = createServer((socket) => {
    n++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/plain/`, count: () => n, server };
}

const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((p) => p.id).sort();
const listArgs = (b: BrokerFixture, password = userPassword(b, 'test')) => [
  'list',
  '--json',
  '--broker-user',
  'test',
  '--broker-password-file',
  passwordFile(password),
];

describe('CLI fail-over (--broker-failover-url)', () => {
  it('a dead first URL: the next one answers, and stderr names it', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const r = await runCli([...listArgs(b), '--broker-url', dead, '--broker-failover-url', b.http.main.plainUrl]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    const line = r.stderr.split('\n').find((l) => l.includes('broker answered at'));
    assert.ok(line, r.stderr);
    assert.ok(line.includes(`broker answered at ${b.http.main.plainUrl} after no answer from ${dead}`), line);
    assert.match(line, /ECONNREFUSED/);
  }); // prettier-ignore

  it('every URL dead: one error listing them all, exit 4', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const a = `http://127.0.0.1:${await deadPort()}/plain/`;
    const c = `http://127.0.0.1:${await deadPort()}/plain/`;
    const r = await runCli([...listArgs(b), '--broker-url', a, '--broker-failover-url', c]);
    assert.equal(r.code, 4, r.stderr);
    const error = jsonError<{ code: string; params: { count: number; attempts: string } }>(
      r.stderr,
    );
    assert.equal(error.code, 'broker.failover.exhausted');
    assert.deepEqual(error.params, { count: 2, attempts: `${a}, ${c}` });
  });

  it('a wrong password (HTTP 401) does not fail over: the next URL is never contacted', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const next = await countingListener();
    t.after(() => next.server.close());
    const r = await runCli([
      ...listArgs(b, 'wrong-password'),
      '--broker-url',
      b.http.main.plainUrl,
      '--broker-failover-url',
      next.url,
    ]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(jsonError(r.stderr).code, 'broker.http.unauthorized');
    assert.equal(next.count(), 0);
    // the broker that refused is the one that answered: named as such
    assert.ok(r.stderr.includes(`broker answered at ${b.http.main.plainUrl}\n`), r.stderr);
  });

  it('a TLS certificate failure does not fail over either (it is shown, not skipped)', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const next = await countingListener();
    t.after(() => next.server.close());
    const r = await runCli([
      ...listArgs(b),
      '--broker-url',
      b.https['tls-expired'].plainUrl,
      '--broker-cacertfile',
      b.https.tls.caFile,
      '--broker-failover-url',
      next.url.replace('http:', 'https:'),
    ]);
    assert.equal(r.code, 4, r.stderr);
    const error = jsonError<{ code: string; details: { code: string } }>(r.stderr);
    assert.equal(error.code, 'broker.tls');
    assert.equal(error.details.code, 'CERT_HAS_EXPIRED');
    assert.equal(next.count(), 0);
    assert.ok(!r.stderr.includes('broker answered at'), r.stderr);
  });

  it('through a proxy: the dead URL is refused by the proxy (CONNECT 500), the next one answers', async (t) => {
    const b = brokerOrSkip(t, 'https', 'proxy');
    if (!b) return;
    const dead = `https://127.0.0.1:${await deadPort()}/plain/`;
    const r = await runCli(
      [...listArgs(b), '--broker-url', dead, '--broker-failover-url', b.https.tls.plainUrl, '--broker-cacertfile', b.https.tls.caFile],
      { env: { HTTPS_PROXY: b.proxy.open.url } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    assert.ok(r.stderr.includes(`broker answered at ${b.https.tls.plainUrl} after no answer from ${dead}`), r.stderr);
    assert.match(r.stderr, /could not connect to the broker/);
  }); // prettier-ignore

  it('the policy key brokerUrls is the fail-over list (no --broker-url given)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ brokerUrls: [dead, b.http.main.plainUrl] }));
    chmodSync(file, 0o644);
    setPolicySourceForTests(jsonFilePolicySource(file, process.getuid?.() ?? 0));
    const out: string[] = [];
    const err: string[] = [];
    const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c.toString()));
    const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c.toString()));
    const code = await main(
      ['list', '--json', '--broker-user', 'test', '--broker-password-env', 'PW'],
      { stdout, stderr, stdin: new PassThrough(), env: { PW: userPassword(b, 'test') } },
    );
    assert.equal(code, 0, err.join(''));
    assert.deepEqual(ids(out.join('')), [...b.profiles.visibleTo.test!].sort());
    assert.ok(err.join('').includes(`broker answered at ${b.http.main.plainUrl} after no answer from ${dead}`), err.join(''));
  }); // prettier-ignore

  it('a locked broker URL bounds --broker-failover-url to the URLs the policy lists (exit 2)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const file = join(dir, 'config-locked.json');
    writeFileSync(file, JSON.stringify({ brokerUrl: dead, lockBrokerUrl: true, locked: ['brokerUrl', 'brokerUrls'] }));
    chmodSync(file, 0o644);
    setPolicySourceForTests(jsonFilePolicySource(file, process.getuid?.() ?? 0));
    const err: string[] = [];
    const out: string[] = [];
    const code = await main(
      ['list', '--json', '--broker-noauth', '--broker-failover-url', b.http.noauth.plainUrl],
      {
        stdout: new PassThrough().on('data', (c: Buffer) => out.push(c.toString())),
        stderr: new PassThrough().on('data', (c: Buffer) => err.push(c.toString())),
        stdin: new PassThrough(),
        env: {},
      },
    );
    assert.equal(code, 2, err.join(''));
    assert.match(err.join(''), /policy locks the broker URL/);
    assert.equal(out.join(''), '', 'no profile of the other broker');
  }); // prettier-ignore

  it('an http:// fail-over URL behind an https:// one is refused: no clear-text password on demand (exit 2)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `https://127.0.0.1:${await deadPort()}/plain/`;
    const r = await runCli([...listArgs(b), '--broker-url', dead, '--broker-failover-url', b.http.main.plainUrl]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /it is http:\/\/ and the broker URL is not/);
  }); // prettier-ignore
});

/** main() in-process under the policy `policy` (a temporary JSON file); exit code and output. */
async function underPolicy(policy: object, args: string[], env: Record<string, string> = {}) {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(policy));
  chmodSync(file, 0o644);
  setPolicySourceForTests(jsonFilePolicySource(file, process.getuid?.() ?? 0));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    stdout: new PassThrough().on('data', (c: Buffer) => out.push(c.toString())),
    stderr: new PassThrough().on('data', (c: Buffer) => err.push(c.toString())),
    stdin: new PassThrough(),
    env,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('CLI and app follow one lock rule (core/config/broker-lock.ts allowedBrokerUrls)', () => {
  it('--broker-url may be any URL of a locked brokerUrls list, in any spelling; the others follow', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const policy = { brokerUrls: [dead, b.http.main.plainUrl], locked: ['brokerUrls'] };
    // the second URL, spelled with an upper-case scheme and the default-less port as written
    const second = b.http.main.plainUrl.replace(/^http:/, 'HTTP:');
    const r = await underPolicy(policy, ['list', '--json', '--broker-url', second, '--broker-user', 'test', '--broker-password-env', 'PW'], { PW: userPassword(b, 'test') });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [...b.profiles.visibleTo.test!].sort());
    // the locked list's other URL is its fail-over (named on stderr: fail-over is configured)
    assert.match(r.stderr, /broker answered at http:\/\/127\.0\.0\.1:\d+\/plain\//);
    // a URL outside the list is still refused (exit 2), as in the app (policy.one-broker)
    const other = await underPolicy(policy, ['list', '--json', '--broker-url', b.http.noauth.plainUrl, '--broker-noauth']);
    assert.equal(other.code, 2, other.stderr);
    assert.equal(jsonError(other.stderr).code, 'config.locked');
    assert.equal(other.stdout, '');
  }); // prettier-ignore

  it('--broker-failover-url under a lock matches the policy list in any spelling', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    const policy = { brokerUrl: dead, brokerUrls: [dead, b.http.noauth.plainUrl], locked: ['brokerUrl', 'brokerUrls'] };
    const spelled = b.http.noauth.plainUrl.replace(/^http:/, 'HTTP:');
    const r = await underPolicy(policy, ['list', '--json', '--broker-noauth', '--broker-failover-url', spelled]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout));
  }); // prettier-ignore
});
