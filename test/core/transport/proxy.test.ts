// Proxy selection (src/core/transport/proxy.ts, docs/proxies.md): the PAC-answer parser, the
// route for each source, the masking of credentials, the check of proxy URLs. No network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLauncherError } from '../../../src/core/errors';
import {
  chooseProxy,
  maskProxyUrl,
  parsePacResult,
  proxyRoute,
  routeFromPac,
} from '../../../src/core/transport/proxy';

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
    const tls = routeFromPac('SOCKS5 s:1080; HTTPS secure.example:443');
    assert.equal(tls.kind === 'proxy' && tls.url.href, 'https://secure.example/');
    assert.deepEqual(routeFromPac('DIRECT'), { kind: 'direct', source: 'system' });
    assert.deepEqual(routeFromPac(''), { kind: 'direct', source: 'system' });
  });

  it('only SOCKS entries: proxy.unsupported, naming the proxy', () => {
    assert.equal(
      errorCode(() => routeFromPac('SOCKS5 s:1080; SOCKS s:1081')),
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
    for (const bad of ['socks5://u:topsecret@s:1080', 'ftp://p:21', 'http://p:3128/path', 'proxy:3128:x', 'http://p:1/?q']) {
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
    await withEnv({ HTTPS_PROXY: 'socks5://u:envsecret@s:1080' }, async () => {
      await assert.rejects(chooseProxy(target), (e: unknown) => {
        assert.ok(isLauncherError(e) && e.code === 'proxy.invalid');
        assert.ok(!e.message.includes('envsecret'));
        return true;
      });
    });
  });
});
