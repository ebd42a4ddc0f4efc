// BrokerSession over HTTP(S) against the REAL x2gobroker (BROKER_JSON): every HTTP(S) instance
// of the test peers (test/peers/README.md), both dialects, cookie rotation, TLS failures.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type LookupFunction, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrokerProfile } from '../../../src/shared/model';
import { BrokerSession, type BrokerSessionOptions } from '../../../src/core/broker/session';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/transport/http';
import {
  brokerOrSkip,
  pamUser,
  sessionTarget,
  userPassword,
  type BrokerFixture,
} from '../../helpers/broker-env';

const sorted = (a: string[]) => [...a].sort();
const ids = (ps: BrokerProfile[]) => sorted(ps.map((p) => p.id));
const withoutRaw = (ps: BrokerProfile[]) =>
  [...ps].sort((a, b) => a.id.localeCompare(b.id)).map(({ raw: _raw, ...rest }) => rest);

async function expectError(p: Promise<unknown>, kind: string, check?: (e: LauncherError) => void) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof LauncherError, `expected LauncherError, got ${String(e)}`);
    assert.equal(e.kind, kind, `${e.kind}: ${e.message}`);
    check?.(e);
    return true;
  });
}

/** True when the broker accepts `cookie` for `user` right now (consumes it if one-time). */
async function cookieAccepted(url: string, user: string, cookie: string): Promise<boolean> {
  const t = new HttpTransport(parseBrokerUrl(url));
  try {
    await t.send({ task: 'auth', user, authid: cookie });
    return true;
  } catch (e) {
    if (e instanceof LauncherError && e.kind === 'auth') return false;
    throw e;
  } finally {
    await t.close();
  }
}

function session(o: BrokerSessionOptions): BrokerSession {
  return new BrokerSession(o);
}

describe('password broker (main), plain and JSON', () => {
  it('lists exactly the profiles broker.json says user test sees, in both dialects, identically', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const pw = userPassword(b, 'test');
    const plain = session({ url: b.http.main.plainUrl, user: 'test', password: pw });
    const json = session({ url: b.http.main.jsonUrl, user: 'test', password: pw });
    const [pp, jp] = [await plain.listProfiles(), await json.listProfiles()];
    assert.deepEqual(ids(pp), sorted(b.profiles.visibleTo.test!));
    assert.deepEqual(withoutRaw(jp), withoutRaw(pp));
    const xfce = pp.find((p) => p.id === 'xfce-desktop')!;
    assert.equal(xfce.icon?.mime, 'image/png');
    assert.equal(xfce.kind, 'desktop');
    assert.equal(xfce.raw.usebrokerpass, 'true');
    assert.equal(pp.find((p) => p.id === 'published-apps')!.icon?.mime, 'image/svg+xml');
    assert.deepEqual(pp.find((p) => p.id === 'kde-pool')!.hosts, [
      'kde-a.example.test',
      'kde-b.example.test',
      'kde-c.example.test',
    ]);
    for (const p of pp) assert.ok(!b.profiles.neverListed.includes(p.id));
    await plain.close();
    await json.close();
  });

  it('jacques / thérèse (non-ASCII password) sees his ACL profile in both dialects', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const pw = userPassword(b, 'jacques');
    assert.equal(pw, 'thérèse');
    for (const url of [b.http.main.plainUrl, b.http.main.jsonUrl]) {
      const s = session({ url, user: 'jacques', password: pw });
      const ps = await s.listProfiles();
      assert.deepEqual(ids(ps), sorted(b.profiles.visibleTo.jacques!));
      assert.ok(ps.some((p) => p.id === 'acl-jacques-only'));
      await s.close();
    }
  });

  it('wrong password → auth error (HTTP 401), the session is not broken for a retry', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({ url: b.http.main.plainUrl, user: 'test', password: 'wrong' });
    await expectError(s.listProfiles(), 'auth', (e) => assert.equal(e.details.httpStatus, 401));
    assert.equal(await s.checkAuthenticated(), false);
    await s.close();
  });

  it('authenticate / checkAuthenticated / logout lifecycle; URL user@ is the user', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const url = b.http.main.plainUrl.replace('://', '://test@');
    const s = session({ url, password: userPassword(b, 'test') });
    assert.equal(s.user, 'test');
    assert.equal(s.scheme, 'http');
    assert.equal(s.url.display, b.http.main.plainUrl);
    await s.authenticate();
    assert.equal(s.noAuth, false);
    assert.ok(s.currentCookie);
    assert.equal(await s.checkAuthenticated(), true);
    await s.logout();
    assert.equal(s.currentCookie, null);
    await expectError(s.listProfiles(), 'auth', (e) => assert.match(e.message, /Signed out/));
  });

  it('dynamic cookies: five consecutive requests rotate the cookie, each old one is dead', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({
      url: b.http.main.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
    });
    const seen: string[] = [];
    await s.authenticate();
    seen.push(s.currentCookie!);
    const steps = [
      () => s.listProfiles(),
      () => s.selectSession('xfce-desktop'),
      () => s.checkAuthenticated(),
      () => s.listProfiles(),
      () => s.selectSession('kde-pool'),
    ];
    for (const step of steps) {
      await step();
      seen.push(s.currentCookie!);
    }
    assert.equal(new Set(seen).size, 6, 'every reply carried a new cookie');
    const last = seen.pop()!;
    for (const old of seen)
      assert.equal(await cookieAccepted(b.http.main.plainUrl, 'test', old), false);
    assert.equal(await cookieAccepted(b.http.main.plainUrl, 'test', last), true);
    await s.close();
  });

  it('A9: concurrent calls on one session are serialised (one-time cookies never reused)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    // Cookie only, no password to fall back on: a reused one-time cookie would fail at once.
    const login = session({
      url: b.http.main.jsonUrl,
      user: 'test',
      password: userPassword(b, 'test'),
    });
    await login.authenticate();
    const s = session({ url: b.http.main.jsonUrl, user: 'test', authId: login.currentCookie! });
    const results = await Promise.all([
      s.listProfiles(),
      s.selectSession('xfce-desktop'),
      s.listProfiles(),
      s.testConnection(),
      s.selectSession('rootless-xterm'),
    ]);
    assert.equal(results[0].length, b.profiles.visibleTo.test!.length);
    assert.equal(results[4].port, 2022);
    await s.close();
  });

  it('docs/protocol.md §6.3: a consumed cookie → 401 → the session drops it and retries once with the password', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({
      url: b.http.main.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
    });
    await s.authenticate();
    const stolen = s.currentCookie!;
    assert.equal(await cookieAccepted(b.http.main.plainUrl, 'test', stolen), true); // consumes it
    const ps = await s.listProfiles();
    assert.equal(ps.length, b.profiles.visibleTo.test!.length);
    assert.notEqual(s.currentCookie, stolen);
    await s.close();
  });

  it('testcon keeps the cookie chain intact (password known)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    for (const url of [b.http.main.plainUrl, b.http.main.jsonUrl]) {
      const s = session({ url, user: 'test', password: userPassword(b, 'test') });
      await s.authenticate();
      const before = s.currentCookie;
      const r = await s.testConnection();
      assert.equal(r.ok, true);
      assert.equal(s.currentCookie, before);
      assert.equal(await cookieAccepted(url, 'test', before!), true);
      await s.close();
    }
  });
});

describe('auth-id cookie files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'x2go-authid-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function freshCookie(b: BrokerFixture): Promise<string> {
    const s = session({
      url: b.http.main.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
    });
    await s.authenticate();
    const c = s.currentCookie!;
    await s.close();
    return c;
  }

  it('--auth-id-persist: five consecutive requests with only the cookie, each rotated cookie written back (0600)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const file = join(dir, 'persist.authid');
    await writeFile(file, `${await freshCookie(b)}\r\n# comment line\n`);
    const s = session({
      url: b.http.main.plainUrl,
      user: 'test',
      authIdFile: file,
      persistAuthId: true,
    });
    const written: string[] = [(await readFile(file, 'utf8')).split(/\r?\n/)[0]!];
    for (const step of [
      () => s.listProfiles(),
      () => s.selectSession('xfce-desktop'),
      () => s.testConnection(),
      () => s.listProfiles(),
      () => s.checkAuthenticated(),
    ]) {
      await step();
      const content = await readFile(file, 'utf8');
      assert.equal(content, `${s.currentCookie}\n`);
      written.push(content.trim());
    }
    assert.equal(new Set(written).size, 6);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    await s.close();
    // A new process (new session) continues the chain from the file.
    const next = session({
      url: b.http.main.plainUrl,
      user: 'test',
      authIdFile: file,
      persistAuthId: true,
    });
    assert.equal((await next.listProfiles()).length, b.profiles.visibleTo.test!.length);
    await next.close();
  });

  it('--auth-id-persist with a missing file: the password sign-in creates it', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const file = join(dir, 'new.authid');
    const s = session({
      url: b.http.main.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
      authIdFile: file,
      persistAuthId: true,
    });
    await s.authenticate();
    assert.equal(await readFile(file, 'utf8'), `${s.currentCookie}\n`);
    await s.close();
  });

  it('without persisting: five requests rotate in memory, the file stays as it was', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const file = join(dir, 'ro.authid');
    const first = await freshCookie(b);
    await writeFile(file, `${first}\n`, { mode: 0o644 });
    const s = session({ url: b.http.main.jsonUrl, user: 'test', authIdFile: file });
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await (i % 2 ? s.selectSession('kde-pool') : s.listProfiles());
      seen.add(s.currentCookie!);
    }
    assert.equal(seen.size, 5);
    assert.ok(!seen.has(first));
    assert.equal(await readFile(file, 'utf8'), `${first}\n`);
    assert.equal((await stat(file)).mode & 0o777, 0o644);
    await s.close();
    // The file's cookie was used up: a new session with only that file is refused clearly.
    const stale = session({ url: b.http.main.plainUrl, user: 'test', authIdFile: file });
    await expectError(stale.listProfiles(), 'cookie-rejected');
    await stale.close();
  });
});

describe('other authentication modes', () => {
  it('pre-shared cookie (cookie instance): accepted, echoed, reusable; missing → auth; wrong → cookie-rejected', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const url = b.http.cookie.plainUrl;
    const s = session({ url, user: 'test', authIdFile: b.cookie.file });
    for (let i = 0; i < 3; i++)
      assert.deepEqual(ids(await s.listProfiles()), sorted(b.profiles.visibleTo.test!));
    assert.equal(s.currentCookie, b.cookie.value);
    assert.equal((await s.selectSession('kde-pool')).port, 22);
    assert.equal((await s.testConnection()).ok, true);
    await s.close();
    const js = session({ url: b.http.cookie.jsonUrl, user: 'test', authId: b.cookie.value });
    assert.equal((await js.listProfiles()).length, b.profiles.visibleTo.test!.length);
    await js.close();
    await expectError(session({ url, user: 'test' }).listProfiles(), 'auth');
    await expectError(
      session({ url, user: 'test', authId: '00000000-0000-0000-0000-000000000000' }).listProfiles(),
      'cookie-rejected',
    );
  });

  it('static cookie: the same cookie on every reply, reusable', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({
      url: b.http.static.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
    });
    await s.authenticate();
    const c = s.currentCookie;
    await s.listProfiles();
    await s.selectSession('shadow-desktop');
    await s.testConnection();
    await s.listProfiles();
    assert.equal(s.currentCookie, c);
    assert.equal(await cookieAccepted(b.http.static.plainUrl, 'test', c!), true);
    assert.equal(await cookieAccepted(b.http.static.plainUrl, 'test', c!), true);
    await s.close();
  });

  it('no-auth broker: --broker-noauth works; without it the session detects noauth', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const anon = sorted(b.profiles.visibleTo['<anonymous>']!);
    for (const url of [b.http.noauth.plainUrl, b.http.noauth.jsonUrl]) {
      const s = session({ url, noAuth: true });
      assert.equal(s.user, null);
      const ps = await s.listProfiles();
      assert.deepEqual(ids(ps), anon);
      assert.equal(ps.find((p) => p.id === 'xfce-desktop')!.user, ''); // BROKER_USER → empty
      assert.equal(s.currentCookie, null);
      assert.equal((await s.selectSession('rdp-direct')).server, 'rdp.example.test');
      assert.equal((await s.testConnection()).ok, true);
      await s.close();
    }
    const d = session({ url: b.http.noauth.plainUrl, user: 'test' });
    assert.equal(d.noAuth, false);
    await d.authenticate();
    assert.equal(d.noAuth, true);
    await d.close();
  });

  it('PAM (real x2gobroker-authservice): right password lists, wrong password → auth', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const user = pamUser(b);
    const s = session({ url: b.http.pam.plainUrl, user, password: userPassword(b, user) });
    assert.deepEqual(ids(await s.listProfiles()), sorted(b.profiles.visibleTo[user]!));
    await s.close();
    await expectError(
      session({ url: b.http.pam.jsonUrl, user, password: 'wrong' }).authenticate(),
      'auth',
    );
  });

  it('pre-shared cookie + password (cookiepw): HTTP 500 becomes a clear broker error', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({
      url: b.http.cookiepw.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
      authId: b.cookie.value,
    });
    await expectError(s.listProfiles(), 'broker', (e) => {
      assert.equal(e.details.httpStatus, 500);
      assert.match(e.details.brokerMessage ?? '', /Internal Server Error/);
      assert.match(e.details.hint ?? '', /pre-shared auth-id/);
      assert.equal(e.exitCode, 5);
    });
    await s.close();
  });
});

describe('selectsession results (README fixture table)', () => {
  // The loopback profiles point at the fixture's own sshd, wherever it listens.
  type Sel = { server: string; port: number };
  const expected: Record<string, (s: Sel, b: BrokerFixture) => boolean> = {
    'xfce-desktop': (s) => s.server === 'xfce.example.test' && s.port === 22,
    'kde-pool': (s) => /^kde-[abc]\.example\.test$/.test(s.server) && s.port === 22,
    'mate-pool-mapped': (s) =>
      (s.server === '192.0.2.11' && s.port === 22) ||
      (s.server === '192.0.2.12' && s.port === 2222),
    'failover-portscan': (s, b) => s.server === '127.0.0.1' && s.port === sessionTarget(b).sshport,
    'loopback-xterm': (s, b) => s.server === '127.0.0.1' && s.port === sessionTarget(b).sshport,
    'published-apps': (s) => s.server === 'apps.example.test' && s.port === 22,
    'rootless-xterm': (s) => s.server === 'apps.example.test' && s.port === 2022,
    'rdp-direct': (s) => s.server === 'rdp.example.test' && s.port === 22,
    'rdp-via-x2go': (s) => s.server === 'x2go-gw.example.test' && s.port === 22,
    'büro-desktop': (s) => s.server === 'buero.example.test' && s.port === 22,
    'shadow-desktop': (s) => s.server === 'shadow-1.example.test' && s.port === 22,
    'via-sshproxy': (s) => s.server === 'internal.example.test' && s.port === 22,
    'acl-jacques-only': (s) => s.server === 'secure.example.test' && s.port === 22, // no ACL check
  };

  for (const dialect of ['plain', 'json'] as const) {
    it(`every fixture profile selects as documented (${dialect})`, async (t) => {
      const b = brokerOrSkip(t);
      if (!b) return;
      const s = session({
        url: dialect === 'plain' ? b.http.main.plainUrl : b.http.main.jsonUrl,
        user: 'test',
        password: userPassword(b, 'test'),
      });
      await s.listProfiles(); // gives selectSession the profiles' users and ports
      for (const [id, ok] of Object.entries(expected)) {
        const sel = await s.selectSession(id);
        assert.ok(ok(sel, b), `${id}: got ${sel.server}:${sel.port}`);
        assert.equal(sel.profileId, id);
        assert.equal(sel.privateKey, null);
      }
      assert.equal((await s.selectSession('loopback-xterm')).user, sessionTarget(b).user); // profile user
      assert.equal((await s.selectSession('xfce-desktop')).user, 'test');
      await expectError(s.selectSession('no-such-profile'), 'no-server', (e) =>
        assert.equal(e.exitCode, 6),
      );
      await s.close();
    });
  }
});

describe('HTTPS', () => {
  it('custom CA accepted (IP and DNS name), both dialects', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const tls = b.https.tls;
    for (const url of [tls.plainUrl, tls.jsonUrl, tls.localhostUrl]) {
      const s = session({
        url,
        user: 'test',
        password: userPassword(b, 'test'),
        transportOptions: { caFiles: [tls.caFile] },
      });
      assert.deepEqual(ids(await s.listProfiles()), sorted(b.profiles.visibleTo.test!));
      assert.equal(s.scheme, 'https');
      await s.close();
    }
  });

  it('without the CA: unknown-CA error with subject, issuer, validity and fingerprint', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const tls = b.https.tls;
    const s = session({ url: tls.plainUrl, user: 'test', password: userPassword(b, 'test') });
    await expectError(s.listProfiles(), 'tls', (e) => {
      assert.equal(e.details.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      assert.match(e.message, /unknown certificate authority/);
      assert.equal(e.details.certificate?.fingerprint256, tls.certFingerprintSha256);
      assert.match(e.details.certificate?.issuer ?? '', /CA/);
      assert.equal(e.details.certificate?.validTo, tls.notAfter);
      assert.match(e.details.hint ?? '', /--broker-cacertfile/);
      assert.equal(e.exitCode, 4);
    });
  });

  it('self-signed refused (even with the test CA), pinned as its own CA accepted', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const ss = b.https['tls-selfsigned'];
    const s = session({
      url: ss.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
      transportOptions: { caFiles: [ss.caFile] },
    });
    await expectError(s.testConnection(), 'tls', (e) => {
      assert.equal(e.details.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(e.message, /self-signed/);
      assert.match(e.message, new RegExp(ss.certFingerprintSha256));
      assert.equal(e.details.certificate?.fingerprint256, ss.certFingerprintSha256);
      assert.equal(e.details.certificate?.subject, e.details.certificate?.issuer);
      assert.equal(e.details.certificate?.validFrom, ss.notBefore);
    });
    const pinned = session({
      url: ss.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
      transportOptions: { caFiles: [ss.certFile] },
    });
    assert.equal((await pinned.testConnection()).ok, true);
    await pinned.close();
  });

  it('expired refused with its validity dates', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const ex = b.https['tls-expired'];
    const s = session({
      url: ex.jsonUrl,
      user: 'test',
      password: userPassword(b, 'test'),
      transportOptions: { caFiles: [ex.caFile] },
    });
    await expectError(s.listProfiles(), 'tls', (e) => {
      assert.equal(e.details.code, 'CERT_HAS_EXPIRED');
      assert.match(e.message, /has expired/);
      assert.equal(e.details.certificate?.validTo, ex.notAfter);
      assert.equal(e.details.certificate?.fingerprint256, ex.certFingerprintSha256);
    });
  });

  it('wrong host name refused (name resolved to the broker, not in its certificate)', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const tls = b.https.tls;
    const lookup = ((_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
      if (opts?.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    }) as unknown as LookupFunction;
    const s = session({
      url: `https://wrong.example.test:${tls.port}/plain/`,
      user: 'test',
      password: userPassword(b, 'test'),
      transportOptions: { caFiles: [tls.caFile], lookup },
    });
    await expectError(s.listProfiles(), 'tls', (e) => {
      assert.equal(e.details.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
      assert.match(e.message, /another host name/);
      assert.equal(e.details.certificate?.fingerprint256, tls.certFingerprintSha256);
    });
  });

  it('https:// to a plain-HTTP port times out cleanly with a hint; http:// to HTTPS is reset', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const s = session({
      url: `https://127.0.0.1:${b.http.main.port}/plain/`,
      user: 'test',
      password: 'x',
      transportOptions: { limits: { connectTimeoutMs: 500, requestTimeoutMs: 1500 } },
    });
    await expectError(s.testConnection(), 'timeout', (e) =>
      assert.match(e.details.hint ?? '', /http:\/\//),
    );
    const h = session({
      url: `http://127.0.0.1:${b.https.tls.port}/plain/`,
      user: 'test',
      password: 'x',
    });
    await expectError(h.testConnection(), 'unreachable', (e) =>
      assert.match(e.details.hint ?? '', /https:\/\//),
    );
  });
});

describe('HTTP errors and limits', () => {
  it('dead port → unreachable; unknown backend → 404 broker error with the /plain/ hint', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    await expectError(
      session({ url: 'http://127.0.0.1:1/plain/', user: 'u', password: 'p' }).testConnection(),
      'unreachable',
      (e) => assert.equal(e.details.code, 'ECONNREFUSED'),
    );
    await expectError(
      session({
        url: `http://127.0.0.1:${b.http.main.port}/plain/nosuchbackend/`,
        user: 'test',
        password: 'sweet',
      }).testConnection(),
      'broker',
      (e) => {
        assert.equal(e.details.httpStatus, 404);
        assert.match(e.details.hint ?? '', /\/plain\//);
      },
    );
  });

  it('a named backend in the path: /plain/inifile/ and /json/inifile/ are the default backend', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    for (const url of [`${b.http.main.plainUrl}inifile/`, `${b.http.main.jsonUrl}inifile/`]) {
      const s = session({ url, user: 'test', password: userPassword(b, 'test') });
      assert.equal(s.url.backend, 'inifile');
      assert.deepEqual(ids(await s.listProfiles()), sorted(b.profiles.visibleTo.test!));
      await s.close();
    }
  });

  it('reply size cap: a real 7 KB profile list over a 2 KB limit is refused', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({
      url: b.http.main.plainUrl,
      user: 'test',
      password: userPassword(b, 'test'),
      transportOptions: { limits: { maxReplyBytes: 2048 } },
    });
    await expectError(s.listProfiles(), 'protocol', (e) =>
      assert.match(e.message, /larger than the limit/),
    );
  });

  it('POST to the broker root is never answered (x2gobroker quirk) → timeout, not a hang', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = session({
      url: `http://127.0.0.1:${b.http.main.port}/`,
      user: 'test',
      password: 'x',
      dialect: 'plain',
      transportOptions: { limits: { requestTimeoutMs: 1000 } },
    });
    await expectError(s.testConnection(), 'timeout', (e) =>
      assert.match(e.message, /did not answer within 1 s/),
    );
    await s.close();
  });

  it('an aborted request is cancelled, not a crash', async () => {
    // A peer that accepts and never answers; abort once the request is on its way.
    const sockets: Socket[] = [];
    const server = createServer((sock) => {
      sockets.push(sock);
      ac.abort();
    });
    const ac = new AbortController();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const s = session({ url: `http://127.0.0.1:${port}/plain/`, user: 'u', password: 'p' });
      await expectError(s.authenticate(ac.signal), 'cancelled');
      await s.close();
    } finally {
      for (const sock of sockets) sock.destroy();
      server.close();
    }
  });
});
