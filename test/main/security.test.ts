// The renderer's security envelope: CSP, window options, link/navigation/permission policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  decidePermission,
  isAllowedNavigation,
  isAllowedRendererRequest,
  parseAppUrl,
  sanitizeBounds,
  windowOptions,
} from '../../src/main/security';
import { isSafeExternalUrl } from '../../src/shared/validate';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

void test('CSP: nothing inline, nothing remote, images only from the app or data:, no network', () => {
  const d = directives(CONTENT_SECURITY_POLICY);
  assert.deepEqual(d.get('default-src'), ["'none'"]);
  assert.deepEqual(d.get('script-src'), ["'self'"]);
  assert.deepEqual(d.get('style-src'), ["'self'"]);
  assert.deepEqual(d.get('img-src'), ["'self'", 'data:']);
  assert.deepEqual(d.get('connect-src'), ["'none'"]);
  assert.deepEqual(d.get('object-src'), ["'none'"]);
  assert.deepEqual(d.get('base-uri'), ["'none'"]);
  assert.deepEqual(d.get('form-action'), ["'none'"]);
  assert.deepEqual(d.get('frame-ancestors'), ["'none'"]);
  for (const [name, values] of d) {
    for (const v of values) {
      assert.ok(!/unsafe-|^https?:|^\*|blob:|^ws/.test(v), `${name} allows ${v}`);
    }
  }
  assert.equal(SECURITY_HEADERS['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
  assert.equal(SECURITY_HEADERS['X-Content-Type-Options'], 'nosniff');
});

void test('window: isolated, sandboxed, no Node, no webview, devtools as asked', () => {
  const opts = windowOptions({
    preloadPath: '/app/out/preload/index.cjs',
    kiosk: false,
    devTools: false,
    bounds: null,
    title: 'X2Go Launcher',
    dark: true,
  });
  const wp = opts.webPreferences!;
  assert.equal(wp.contextIsolation, true);
  assert.equal(wp.sandbox, true);
  assert.equal(wp.nodeIntegration, false);
  assert.equal(wp.nodeIntegrationInWorker, false);
  assert.equal(wp.nodeIntegrationInSubFrames, false);
  assert.equal(wp.webviewTag, false);
  assert.equal(wp.webSecurity, true);
  assert.equal(wp.allowRunningInsecureContent, false);
  assert.equal(wp.devTools, false);
  assert.equal(wp.preload, '/app/out/preload/index.cjs');
  assert.equal(opts.kiosk, false);
  assert.equal(opts.show, false, 'shown on ready-to-show, no white flash');
  assert.equal(opts.backgroundColor, '#1e1f22');
  assert.equal('fullscreen' in opts, false);
});

void test('window: kiosk is full screen and cannot be closed or minimised; stored bounds ignored', () => {
  const opts = windowOptions({
    preloadPath: '/p.cjs',
    kiosk: true,
    devTools: false,
    bounds: { x: 5, y: 5, width: 600, height: 500 },
    title: 't',
    dark: false,
  });
  assert.equal(opts.kiosk, true);
  assert.equal(opts.fullscreen, true);
  assert.equal(opts.closable, false);
  assert.equal(opts.minimizable, false);
  assert.equal(opts.x, undefined);
  assert.equal(opts.webPreferences?.sandbox, true);
});

void test('window: stored bounds are restored and clamped (the file is user-editable)', () => {
  const opts = windowOptions({
    preloadPath: '/p.cjs',
    kiosk: false,
    devTools: true,
    bounds: { x: 100, y: 50, width: 800, height: 600 },
    title: 't',
    dark: false,
  });
  assert.deepEqual([opts.x, opts.y, opts.width, opts.height], [100, 50, 800, 600]);
  assert.deepEqual(sanitizeBounds({ width: 1e9, height: -5, x: NaN, y: 3 }), {
    width: 10_000,
    height: 400,
  });
  assert.deepEqual(sanitizeBounds({ width: 'x', height: null } as never), {
    width: 1024,
    height: 720,
  });
  assert.deepEqual(sanitizeBounds(null), { width: 1024, height: 720 });
});

void test('openExternal gate: https with a host and no credentials only', () => {
  assert.equal(isSafeExternalUrl('https://wiki.x2go.org/doku.php'), true);
  for (const bad of [
    'http://wiki.x2go.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pw@host/',
    'https://user@host/',
    'ms-msdt:/id',
    'https://[::1',
    'not a url',
    `https://a.example/${'x'.repeat(3000)}`,
    42,
    null,
  ]) {
    assert.equal(isSafeExternalUrl(bad), false, String(bad));
  }
});

void test('navigation: only our own entry page; everything else refused', () => {
  assert.equal(isAllowedNavigation('app://launcher/index.html'), true);
  assert.equal(isAllowedNavigation('app://launcher/index.html#/catalogue'), true);
  for (const bad of [
    'https://evil.example/',
    'app://other/index.html',
    'app://launcher/other.html',
    'app://user@launcher/index.html',
    'file:///work/out/renderer/index.html',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    '',
  ]) {
    assert.equal(isAllowedNavigation(bad), false, bad);
  }
  assert.equal(parseAppUrl('app://launcher:80/x'), null);
});

void test('permissions: every request is denied', () => {
  for (const p of [
    'media',
    'notifications',
    'geolocation',
    'clipboard-read',
    'openExternal',
    'fullscreen',
  ]) {
    assert.equal(decidePermission(p), false, p);
  }
});

void test('request filter: our files, data: icons and DevTools only', () => {
  assert.equal(isAllowedRendererRequest('app://launcher/main.js'), true);
  assert.equal(isAllowedRendererRequest('data:image/png;base64,AAAA'), true);
  assert.equal(isAllowedRendererRequest('devtools://devtools/bundled/inspector.html'), true);
  for (const url of [
    'app://launcher.evil/x',
    'app://other/x',
    'https://broker.example/',
    'http://127.0.0.1:18080/plain/',
    'ws://127.0.0.1/',
    'file:///etc/passwd',
    'blob:app://launcher/1',
  ]) {
    assert.equal(isAllowedRendererRequest(url), false, url);
  }
});
