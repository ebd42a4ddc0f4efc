// A proxy's credentials never show (docs/proxies.md §4): not in proxy.invalid for a value that
// does not parse (a raw password with `#`, `?`, `/`, a space), not in the diagnostics bundle;
// and a PAC answer the URL parser cannot take is passed over, never a TypeError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proxyRoute } from '../../../src/core/transport/proxy';

for (const text of [
  'http://alice:pa#ss@proxy.example:3128',
  'http://alice:pa?ss@proxy.example:3128',
  'socks5://alice:pa/ss@proxy.example:1080',
]) {
  void test(`proxy.invalid never shows the password of ${text}`, () => {
    let err: { message: string; params: unknown } | undefined;
    try {
      proxyRoute(text, 'environment');
    } catch (e) {
      err = e as { message: string; params: unknown };
    }
    assert.ok(err, 'refused');
    assert.doesNotMatch(err.message, /pa.ss/, err.message);
    assert.doesNotMatch(JSON.stringify(err.params), /pa.ss/);
  });
}

void test('diagnostics mask a proxy password holding "/" (any text) or a space (HTTPS_PROXY)', async () => {
  const { maskText } = await import('../../../src/core/diagnostics/mask');
  const text = 'socks5://alice:pa/ss@proxy.example:1080';
  assert.doesNotMatch(maskText(text), /pa.ss/, maskText(text));
  // a space ends a word in free text; the bundle masks the proxy variables by the proxy's rule
  const { buildDiagnostics } = await import('../../../src/core/diagnostics/bundle');
  const bundle = buildDiagnostics({
    launcher: { kind: 'cli', version: '0' },
    configuration: null,
    health: null,
    clients: [],
    exchanges: [],
    clientRun: null,
    env: { HTTPS_PROXY: 'http://alice:pa ss@proxy.example:3128', ALL_PROXY: text },
  });
  assert.doesNotMatch(bundle, /pa.ss/);
  assert.match(bundle, /proxy\.example:3128/);
});

void test('a PAC entry with a port over 65535 is passed over (or a LauncherError), never a TypeError', async () => {
  const { routesFromPac } = await import('../../../src/core/transport/proxy');
  let routes: unknown;
  try {
    routes = routesFromPac('PROXY a.example:99999; DIRECT');
  } catch (e) {
    assert.equal((e as { name?: string }).name, 'LauncherError', String(e));
    return;
  }
  assert.deepEqual(
    (routes as { kind: string }[]).map((r) => r.kind),
    ['direct'],
  );
});
