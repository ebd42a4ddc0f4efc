// `x2go-launcher diagnose` against the REAL broker (BROKER_JSON): the bundle holds versions,
// configuration, the health check and the broker exchanges of the run — and no known secret.
// Each run signs in with a known secret (jacques's non-ASCII password on the main instance;
// the pre-shared auth-id cookie on the cookie instance), with a proxy URL carrying
// credentials in the environment and a home directory of its own; then the bundle is searched
// for each secret raw, URL-encoded (encodeURIComponent and form encoding), JSON-escaped and
// base64 (standard, unpadded, url-safe), and for the home path. docs/diagnostics.md.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brokerOrSkip, userPassword } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';

let dir = '';
let home = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'x2go-diagnose-'));
  home = join(dir, 'home-of-diag-user');
  await mkdir(home);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PROXY_USER = 'proxyuser';
const PROXY_SECRET = 'pr0xy-s3cret-Ünïcode';
const proxyEnv = {
  HOME: home,
  HTTP_PROXY: `http://${PROXY_USER}:${encodeURIComponent(PROXY_SECRET)}@127.0.0.1:9/`,
  NO_PROXY: '127.0.0.1,localhost',
};

/** The parts of the bundle the tests read. */
interface Bundle {
  format: string;
  versions: { node: string; clients: { client: string; version: string | null }[] };
  configuration: { settings: Record<string, { source: string }> };
  health: { profileId: string; lines: unknown[] };
  brokerExchanges: { task: string; sent: string[]; replyBytes: number }[];
  proxyEnvironment: Record<string, string>;
}

/** Every form a secret could take in the bundle. */
function forms(secret: string): string[] {
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

function assertNoSecret(bundle: string, secrets: string[]): void {
  for (const secret of secrets)
    for (const form of forms(secret))
      assert.ok(!bundle.includes(form), `the bundle contains ${JSON.stringify(form)}`);
}

describe('x2go-launcher diagnose', () => {
  it('password sign-in: versions, configuration, health and exchanges — no password, proxy secret or home path', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const password = userPassword(b, 'jacques');
    const pwFile = join(home, 'broker-password');
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    const out = join(dir, 'bundle-password.json');
    const r = await runCli(
      [
        'diagnose',
        'loopback-xterm',
        '--broker-url',
        b.http.main.plainUrl,
        '--broker-user',
        'jacques',
        '--broker-password-file',
        pwFile,
        '--output',
        out,
      ],
      { env: { ...proxyEnv, HOME: home } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await stat(out)).mode & 0o777, 0o600);
    const text = await readFile(out, 'utf8');
    const bundle = JSON.parse(text) as Bundle;
    assert.equal(bundle.format, 'x2go-launcher-diagnostics/1');
    assert.match(bundle.versions.node, /^v\d+/);
    assert.ok(
      bundle.versions.clients.some((c) => c.client === 'x2goclient' && /^\d/.test(c.version ?? '')),
    );
    assert.equal(bundle.configuration.settings.brokerUrl!.source, 'command line');
    assert.equal(bundle.health.profileId, 'loopback-xterm');
    assert.ok(Array.isArray(bundle.health.lines) && bundle.health.lines.length === 9);
    // the exchanges of this run: the listing and the selection, password sent (name only)
    const tasks = bundle.brokerExchanges.map((e) => e.task);
    assert.deepEqual(tasks, ['listsessions', 'selectsession']);
    assert.ok(bundle.brokerExchanges[0]!.sent.includes('password'));
    assert.ok(bundle.brokerExchanges[0]!.replyBytes > 0);
    // each reply's one-time AUTHID (a live cookie) is masked
    assert.match(text, /AUTHID:\*\*\*/);
    assert.doesNotMatch(text, /AUTHID:[0-9a-f]{8}-/);
    // the proxy variables are masked by the proxy's own rule: user and password both
    assert.equal(bundle.proxyEnvironment.HTTP_PROXY, `http://***@127.0.0.1:9/`);
    assertNoSecret(text, [password, PROXY_SECRET, encodeURIComponent(PROXY_SECRET)]);
    assert.ok(!text.includes(home), 'the home path is masked');
    assert.ok(text.includes('~/'), 'paths under the home are shown as ~');
  });

  it('cookie sign-in: the pre-shared auth-id cookie appears in no form', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const cookieFile = join(home, 'authid');
    await writeFile(cookieFile, `${b.cookie.value}\n`, { mode: 0o600 });
    const out = join(dir, 'bundle-cookie.json');
    const r = await runCli(
      [
        'diagnose',
        '--broker-url',
        b.http.cookie.plainUrl,
        '--auth-id',
        cookieFile,
        '--output',
        out,
      ],
      { env: { ...proxyEnv, HOME: home } },
    );
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(out, 'utf8');
    const bundle = JSON.parse(text) as Bundle;
    // no PROFILE_ID: the first profile listed is checked
    assert.ok(bundle.health.profileId);
    assert.ok(bundle.brokerExchanges.some((e) => e.sent.includes('authid')));
    assertNoSecret(text, [b.cookie.value, PROXY_SECRET]);
  });

  it('refuses to replace an existing file without --force; --force replaces it (0600)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const out = join(dir, 'existing.json');
    await writeFile(out, 'keep me', { mode: 0o644 });
    const args = [
      'diagnose',
      '--broker-url',
      b.http.noauth.plainUrl,
      '--broker-noauth',
      '--output',
      out,
    ];
    const refused = await runCli(args, { env: { HOME: home } });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /already exists; it is replaced only with --force/);
    assert.equal(await readFile(out, 'utf8'), 'keep me');
    const forced = await runCli([...args, '--force'], { env: { HOME: home } });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((await stat(out)).mode & 0o777, 0o600);
    assert.equal(
      (JSON.parse(await readFile(out, 'utf8')) as { format: string }).format,
      'x2go-launcher-diagnostics/1',
    );
  });
});
