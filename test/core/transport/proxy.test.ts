// Proxy selection (src/core/transport/proxy.ts, docs/proxies.md): the PAC-answer parser, the
// route for each source, the masking of credentials, the check of proxy URLs. No network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLauncherError } from '../../../src/core/errors';
import { failsOver } from '../../../src/core/broker/failover';
import { maskText } from '../../../src/core/diagnostics/mask';
import { SETTINGS } from '../../../src/core/config/keys';
import { unsupportedProxyAuth } from '../../../src/core/transport/http';
import {
  MAX_PAC_ROUTES,
  chooseProxies,
  chooseProxy,
  maskProxyUrl,
  parsePacResult,
  proxyRoute,
  routeFromPac,
  routesFromPac,
} from '../../../src/core/transport/proxy';
import { socksError } from '../../../src/core/transport/socks-errors';

/** Runs `fn` with these proxy variables (and no others) in process.env, then restores it. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const names = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap((n) => [n, n.toUpperCase()]);
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
} // prettier-ignore

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isLauncherError(e), String(e));
    return e.code;
  }
  assert.fail('no error thrown');
}

describe('parsePacResult', () => {
  it('reads the entries of a PAC answer in order, types case-insensitive', () => {
    assert.deepEqual(parsePacResult('PROXY proxy.example.org:3128; DIRECT'), [
      { type: 'PROXY', host: 'proxy.example.org:3128' },
      { type: 'DIRECT' },
    ]);
    assert.deepEqual(parsePacResult(' https  [2001:db8::1]:443 ;socks5 s:1080;direct'), [
      { type: 'HTTPS', host: '[2001:db8::1]:443' },
      { type: 'SOCKS5', host: 's:1080' },
      { type: 'DIRECT' },
    ]);
    assert.deepEqual(parsePacResult('PROXY p'), [{ type: 'PROXY', host: 'p' }]);
  });

  it('skips what is malformed or unknown, and an empty answer is empty', () => {
    assert.deepEqual(parsePacResult(''), []);
    assert.deepEqual(parsePacResult(' ; ;'), []);
    assert.deepEqual(
      parsePacResult(
        'PROXY; PROXY a b; FTP f:21; PROXY u:pw@evil:1; PROXY h/path:1; DIRECT x; PROXY ok:8080',
      ),
      [{ type: 'PROXY', host: 'ok:8080' }],
    );
  });
});

describe('routeFromPac', () => {
  it('takes the first usable entry: PROXY is an http proxy, HTTPS one spoken to over TLS', () => {
    const route = routeFromPac('PROXY 10.0.0.1:3128; DIRECT');
    assert.equal(route.kind, 'proxy');
    assert.equal(route.kind === 'proxy' && route.url.href, 'http://10.0.0.1:3128/');
    const tls = routeFromPac('QUIC q:443; HTTPS secure.example:443');
    assert.equal(tls.kind === 'proxy' && tls.url.href, 'https://secure.example/');
    assert.deepEqual(routeFromPac('DIRECT'), { kind: 'direct', source: 'system' });
    assert.deepEqual(routeFromPac(''), { kind: 'direct', source: 'system' });
  });

  it('only QUIC entries: proxy.unsupported, naming the proxy', () => {
    assert.equal(
      errorCode(() => routeFromPac('QUIC q:443; QUIC r:443')),
      'proxy.unsupported',
    );
  });
});

describe('maskProxyUrl', () => {
  it('replaces user and password, leaves everything else', () => {
    assert.equal(maskProxyUrl('http://alice:s%40cret@proxy:3128'), 'http://***@proxy:3128');
    assert.equal(maskProxyUrl('http://a:b@c@proxy:3128/'), 'http://***@proxy:3128/');
    assert.equal(maskProxyUrl('http://alice@proxy:3128/'), 'http://***@proxy:3128/');
    assert.equal(maskProxyUrl('http://proxy:3128'), 'http://proxy:3128');
    assert.equal(maskProxyUrl(new URL('https://u:p@h:1')), 'https://***@h:1/');
  });

  it('masks credentials in text that is not a URL too', () => {
    assert.equal(maskProxyUrl('http://u:p w@host:99999'), 'http://***@host:99999');
    assert.equal(maskProxyUrl('u:pw@host:3128'), '***@host:3128');
  });
});

describe('proxyRoute (one proxy URL checked)', () => {
  it('splits off the credentials, percent-decoded; the URL keeps only the origin', () => {
    const route = proxyRoute('http://bob:p%40ss%3Aword@proxy.example:3128/', 'environment');
    assert.equal(route.url.href, 'http://proxy.example:3128/');
    assert.deepEqual(route.credentials, { user: 'bob', password: 'p@ss:word' });
    assert.equal(proxyRoute('https://proxy.example', 'policy').credentials, undefined);
  });

  it('refuses other schemes, paths and non-URLs, with the value masked', () => {
    for (const bad of ['socks://u:topsecret@s:1080', 'socks4://u:topsecret@s:1080', 'ftp://p:21', 'http://p:3128/path', 'proxy:3128:x', 'http://p:1/?q']) {
      try {
        proxyRoute(bad, 'environment');
        assert.fail(`accepted ${bad}`);
      } catch (e) {
        assert.ok(isLauncherError(e) && e.code === 'proxy.invalid', String(e));
        assert.ok(!e.message.includes('topsecret'), e.message);
        assert.ok(!JSON.stringify(e.params).includes('topsecret'));
      }
    }
  }); // prettier-ignore
});

describe('chooseProxy', () => {
  const target = 'https://broker.example.org/plain/';

  it('policy "direct" and a policy URL win over the environment and the system', async () => {
    await withEnv({ HTTPS_PROXY: 'http://env-proxy:1' }, async () => {
      const resolveSystem = () => Promise.resolve('PROXY sys:2');
      assert.deepEqual(await chooseProxy(target, { policy: 'direct', resolveSystem }), {
        kind: 'direct',
        source: 'policy',
      });
      const r = await chooseProxy(target, { policy: 'http://policy-proxy:3', resolveSystem });
      assert.equal(r.kind === 'proxy' && `${r.source} ${r.url.host}`, 'policy policy-proxy:3');
    });
  });

  it('"system" or unset with a resolver (the app): the PAC answer for the broker URL', async () => {
    const asked: string[] = [];
    const resolveSystem = (url: string) => {
      asked.push(url);
      return Promise.resolve('PROXY sys:8080; DIRECT');
    };
    for (const policy of ['system', null]) {
      const r = await chooseProxy(target, { policy, resolveSystem });
      assert.equal(r.kind === 'proxy' && `${r.source} ${r.url.href}`, 'system http://sys:8080/');
    }
    assert.deepEqual(asked, [target, target]);
    await assert.rejects(
      chooseProxy(target, { resolveSystem: () => Promise.reject(new Error('PAC script broken')) }),
      (e: unknown) => isLauncherError(e) && e.code === 'proxy.resolve-failed',
    );
  });

  it('without a resolver (the CLI): HTTPS_PROXY / HTTP_PROXY by scheme, either case', async () => {
    await withEnv({ https_proxy: 'http://s-proxy:1', HTTP_PROXY: 'http://p-proxy:2' }, async () => {
      const s = await chooseProxy(target);
      assert.equal(s.kind === 'proxy' && `${s.source} ${s.url.host}`, 'environment s-proxy:1');
      const p = await chooseProxy('http://broker.example.org/plain/');
      assert.equal(p.kind === 'proxy' && p.url.host, 'p-proxy:2');
    });
    await withEnv({}, async () => {
      assert.deepEqual(await chooseProxy(target), { kind: 'direct', source: 'default' });
    });
  });

  it('NO_PROXY (either case) exempts the broker: exact host, suffix, port, *', async () => {
    for (const [noProxy, direct] of [
      ['broker.example.org', true],
      ['.example.org', true],
      ['example.org', false], // a bare name matches only itself (proxy-from-env, like curl)
      ['broker.example.org:8443', false],
      ['broker.example.org:443', true],
      ['*', true],
      ['other.example', false],
    ] as const) {
      for (const name of ['NO_PROXY', 'no_proxy']) {
        const r = await withEnv({ HTTPS_PROXY: 'http://p:1', [name]: noProxy }, () =>
          chooseProxy(target),
        );
        assert.equal(r.kind === 'direct', direct, `${name}=${noProxy}`);
      }
    }
  });

  it('an unusable environment value is refused (masked), not ignored', async () => {
    await withEnv({ HTTPS_PROXY: 'socks://u:envsecret@s:1080' }, async () => {
      await assert.rejects(chooseProxy(target), (e: unknown) => {
        assert.ok(isLauncherError(e) && e.code === 'proxy.invalid');
        assert.ok(!e.message.includes('envsecret'));
        return true;
      });
    });
  });
});

describe('routesFromPac (every usable entry, in order)', () => {
  it('keeps the order of PROXY, HTTPS, SOCKS and DIRECT entries; skips QUIC and repeats', () => {
    const routes = routesFromPac(
      'PROXY a:1; QUIC q:443; SOCKS s4:1081; SOCKS5 s5:1082; PROXY a:1; HTTPS t:443; SOCKS4 n; DIRECT',
    );
    assert.deepEqual(
      routes.map((r) => (r.kind === 'direct' ? 'DIRECT' : r.url.href)),
      [
        'http://a:1/',
        // Chromium: SOCKS/SOCKS4 = v4 with the name resolved locally, SOCKS5 = v5, remote DNS
        'socks4://s4:1081',
        'socks5h://s5:1082',
        'https://t/',
        'socks4://n:1080',
        'DIRECT',
      ],
    );
    assert.ok(routes.every((r) => r.source === 'system'));
  });

  it('a hostile answer with thousands of entries yields at most MAX_PAC_ROUTES', () => {
    const answer = Array.from({ length: 5000 }, (_, i) => `PROXY p${i}:1`).join(';');
    assert.equal(routesFromPac(answer).length, MAX_PAC_ROUTES);
  });

  it('chooseProxies hands the app all of them, the environment and the policy one', async () => {
    const resolveSystem = () => Promise.resolve('PROXY a:1; PROXY b:2; DIRECT');
    const routes = await chooseProxies('https://broker.example/plain/', { resolveSystem });
    assert.deepEqual(
      routes.map((r) => (r.kind === 'direct' ? 'DIRECT' : r.url.host)),
      ['a:1', 'b:2', 'DIRECT'],
    );
    const policy = await chooseProxies('https://b/plain/', {
      policy: 'socks5://s:9',
      resolveSystem,
    });
    assert.deepEqual(
      policy.map((r) => r.kind === 'proxy' && `${r.source} ${r.url.href}`),
      ['policy socks5://s:9'],
    );
  });
});

describe('SOCKS proxy URLs', () => {
  it('socks4/4a/5/5h accepted, port 1080 by default, credentials split off', () => {
    const r = proxyRoute('socks5h://al%40ice:p%3Aw@[::1]', 'environment');
    assert.equal(r.url.href, 'socks5h://[::1]:1080');
    assert.deepEqual(r.credentials, { user: 'al@ice', password: 'p:w' });
    for (const scheme of ['socks4', 'socks4a', 'socks5']) {
      const route = proxyRoute(`${scheme}://proxy.example:9050`, 'policy');
      assert.equal(route.url.href, `${scheme}://proxy.example:9050`);
      assert.equal(route.credentials, undefined);
    }
    assert.deepEqual(proxyRoute('socks4a://userid@p:1', 'environment').credentials, {
      user: 'userid',
      password: '',
    });
  });

  it('the policy accepts SOCKS URLs, still without credentials or a path', () => {
    assert.deepEqual(SETTINGS.proxy.check?.('socks5://s.example:1080'), {
      value: 'socks5://s.example:1080',
    });
    assert.ok('error' in (SETTINGS.proxy.check?.('socks5://u:p@s:1080') ?? {}));
    assert.ok('error' in (SETTINGS.proxy.check?.('socks://s:1080') ?? {}));
    assert.ok('error' in (SETTINGS.proxy.check?.('socks5://s:1080/x') ?? {}));
  });
});

describe('unsupportedProxyAuth (407 challenges without Basic)', () => {
  it('names Negotiate/NTLM/Kerberos; null when Basic is offered or nothing is said', () => {
    assert.equal(unsupportedProxyAuth('Negotiate'), 'Negotiate');
    assert.equal(unsupportedProxyAuth(['Negotiate', 'NTLM']), 'Negotiate or NTLM');
    assert.equal(
      unsupportedProxyAuth('Negotiate YIIBhgYGKwYBBQUCoIIBejCC=, NTLM'),
      'Negotiate or NTLM',
    );
    assert.equal(unsupportedProxyAuth('Digest realm="x", nonce="abc", qop="auth"'), 'Digest');
    assert.equal(unsupportedProxyAuth('Negotiate, Basic realm="proxy"'), null);
    assert.equal(unsupportedProxyAuth(undefined), null);
    assert.equal(unsupportedProxyAuth(''), null);
  });
});

describe('socksError (the SOCKS library messages read)', () => {
  const route = proxyRoute('socks5://u:hidden-pw@127.0.0.1:1080', 'environment');
  // as the library makes them: the connection options ride along (socks/build/common/util.js)
  const socks = (message: string) =>
    Object.assign(new Error(message), {
      options: {
        proxy: { host: '127.0.0.1', port: 1080, type: 5 },
        destination: { host: 'b', port: 443 },
      },
    });
  const where = 'broker.example:443';

  it('maps each failure to its code, the proxy masked, and fail-over follows docs/failover.md', () => {
    const cases: [string, string, boolean][] = [
      ['connect ECONNREFUSED 127.0.0.1:1080', 'proxy.unreachable', true],
      ['Proxy connection timed out', 'proxy.unreachable', true],
      ['Socket closed', 'proxy.unreachable', true],
      ['Socks5 Authentication failed', 'proxy.auth-required', false],
      ['Received invalid Socks5 initial handshake (no accepted authentication type)', 'proxy.auth-required', false],
      ['Socks5 proxy rejected connection - ConnectionRefused', 'proxy.socks-refused', true],
      ['Socks5 proxy rejected connection - HostUnreachable', 'proxy.socks-refused', true],
      ['Socks5 proxy rejected connection - NotAllowed', 'proxy.socks-refused', false],
      ['Socks5 proxy rejected connection - Failure', 'proxy.socks-refused', false],
      ['Socks4 Proxy rejected connection - (Failed)', 'proxy.socks-refused', false],
      ['Received invalid Socks5 initial handshake response', 'proxy.socks-refused', false],
    ];
    for (const [message, code, over] of cases) {
      const e = socksError(socks(message), route, where);
      assert.ok(e, message);
      assert.equal(e.code, code, message);
      assert.equal(failsOver(e), over, message);
      assert.ok(!JSON.stringify([e.message, e.params, e.details]).includes('hidden-pw'));
      assert.match(e.message, /127\.0\.0\.1:1080/);
    }
    assert.equal(socksError(new Error('other'), route, where), null);
  }); // prettier-ignore
});

describe('SOCKS credentials never shown', () => {
  it('maskProxyUrl and the diagnostics mask hide a socks5 user:password', () => {
    assert.equal(maskProxyUrl('socks5h://al%40ice:s3cr%3At@s:1080'), 'socks5h://***@s:1080');
    const shown = maskText(
      'ALL_PROXY=socks5://alice:Sock5-Pw@127.0.0.1:1080 https_proxy=socks4a://uid@p:1',
    );
    assert.ok(!shown.includes('Sock5-Pw'), shown);
  });
});
