// app:// serving: files from out/renderer only, with the CSP on every response.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAppProtocolHandler, resolveAppPath } from '../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';

const root = '/opt/app/out/renderer';

void test('resolveAppPath maps our URLs into the root', () => {
  assert.deepEqual(resolveAppPath(root, 'app://launcher/index.html'), {
    ok: true,
    file: `${root}/index.html`,
    mime: 'text/html; charset=utf-8',
  });
  const r = resolveAppPath(root, 'app://launcher/');
  assert.ok(r.ok && r.file === `${root}/index.html`);
  const js = resolveAppPath(root, 'app://launcher/main.js?x=1#y');
  assert.ok(js.ok && js.file === `${root}/main.js` && js.mime.startsWith('text/javascript'));
  const nested = resolveAppPath(root, 'app://launcher/icons/desktop.svg');
  assert.ok(nested.ok && nested.file === `${root}/icons/desktop.svg`);
});

void test('resolveAppPath refuses traversal, other hosts, encoded tricks and unknown types', () => {
  const refused: [string, number][] = [
    // WHATWG folds %2e%2e like ../ (so it never leaves the root); no extension → 404.
    ['app://launcher/%2e%2e/%2e%2e/etc/passwd', 404],
    ['app://launcher/..%2fmain%2findex.cjs', 403],
    ['app://launcher/a%5c..%5c..%5csecret.js', 403],
    ['app://launcher/index.html%00.js', 403],
    ['app://launcher/.env', 403],
    ['app://launcher/%E0%A4%A', 403],
    ['app://evil/index.html', 403],
    ['app://launcher:1234/index.html', 403],
    ['file:///etc/passwd', 403],
    ['https://launcher/index.html', 403],
    ['app://launcher/main.cjs', 404],
    ['app://launcher/index.html.map', 404],
  ];
  for (const [url, status] of refused) {
    assert.deepEqual(resolveAppPath(root, url), { ok: false, status }, url);
  }
  // The URL parser already folds plain ../ segments; whatever survives stays inside the root.
  const folded = resolveAppPath(root, 'app://launcher/../../../etc/passwd.js');
  assert.ok(folded.ok && folded.file === `${root}/etc/passwd.js`);
});

void test('the handler serves files with the CSP and refuses the rest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'app-proto-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(dir, 'secret.js'), 'outside');
  await symlink(join(dir, 'secret.js'), join(dir, 'renderer/link.js'));
  const handler = createAppProtocolHandler(join(dir, 'renderer'), (f) => readFile(f));

  const ok = await handler({ url: 'app://launcher/index.html', method: 'GET' });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(ok.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await ok.text(), /<title>x<\/title>/);

  const missing = await handler({ url: 'app://launcher/nope.js', method: 'GET' });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  // Folded to /secret.js inside the root, where it does not exist.
  const traversal = await handler({ url: 'app://launcher/%2e%2e/secret.js', method: 'GET' });
  assert.equal(traversal.status, 404);
  const encoded = await handler({ url: 'app://launcher/..%2fsecret.js', method: 'GET' });
  assert.equal(encoded.status, 403);
  const post = await handler({ url: 'app://launcher/index.html', method: 'POST' });
  assert.equal(post.status, 405);
  // A symlink planted in the root that points outside is not followed.
  const link = await handler({ url: 'app://launcher/link.js', method: 'GET' });
  assert.equal(link.status, 403);
  assert.equal(await link.text(), '');
});
