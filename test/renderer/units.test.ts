// Renderer logic without a browser: i18n completeness, text neutralisation, search keys, the
// catalogue model (folders, search, favourites), icon acceptance, and a static check that no
// renderer module parses HTML.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Catalogue, breadcrumb, parentFolder } from '../../src/renderer/catalogue/model';
import { de } from '../../src/renderer/i18n/de';
import { en } from '../../src/renderer/i18n/en';
import { displayText, searchKey } from '../../src/renderer/text';
import { ROOT } from './helpers/build';
import { profile } from './helpers/synthetic';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

void test('English and German have the same keys and the same placeholders', () => {
  assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    const german = (de as Record<string, string>)[key]!;
    assert.ok(german.trim().length > 0, `de ${key} is empty`);
    assert.deepEqual(placeholders(german), placeholders(text), `placeholders of ${key}`);
  }
});

void test('displayText makes bidi overrides and control characters visible and cuts length', () => {
  assert.equal(displayText('invoice\u202Etxt.exe'), 'invoice⟦RLO⟧txt.exe');
  assert.equal(displayText('a\u2066b\u2069c'), 'a⟦LRI⟧b⟦PDI⟧c');
  assert.equal(displayText('bell\u0007'), 'bell\ufffd');
  assert.equal(displayText('x'.repeat(10), 5), 'xxxx…');
  assert.equal(displayText('日本語 · Ελληνικά · 🖥'), '日本語 · Ελληνικά · 🖥');
});

void test('searchKey is case- and accent-insensitive', () => {
  assert.ok(searchKey('Büro-Desktop – Größe ÄÖÜ ß').includes(searchKey('buro')));
  assert.ok(searchKey('Büro-Desktop – Größe ÄÖÜ ß').includes('grosse'));
  assert.ok(searchKey('Ελληνικά').includes(searchKey('ελληνικα')));
  assert.equal(searchKey('ÉCOLE'), 'ecole');
});

void test('catalogue: folders with counts, breadcrumb, search across folders, favourites first', () => {
  const c = new Catalogue([
    profile('k', 'Staff/Linux/KDE'),
    profile('x', 'Staff/Linux/XFCE'),
    profile('w', 'Staff/Windows'),
    profile('b', 'Büro'),
    profile('a', 'Apps'),
  ]);
  const none = { favourites: [], recents: [] };
  const root = c.items('', '', none);
  assert.deepEqual(
    root.map((i) => (i.type === 'folder' ? `folder:${i.name}:${i.count}` : i.profile.id)),
    ['folder:Staff:3', 'a', 'b'],
  );
  const staff = c.items('Staff', '', none);
  assert.deepEqual(
    staff.map((i) => (i.type === 'folder' ? `folder:${i.path}` : i.profile.id)),
    ['folder:Staff/Linux', 'w'],
  );
  assert.deepEqual(
    c.items('', 'WINDOWS', none).map((i) => (i.type === 'profile' ? i.profile.id : '?')),
    ['w'],
  );
  assert.deepEqual(
    c.items('Staff/Linux', 'BURO', none).map((i) => (i.type === 'profile' ? i.profile.id : '?')),
    ['b'],
  );
  const fav = { favourites: ['x'], recents: [] };
  const rootFav = c.items('', '', fav);
  const top = rootFav[0]!;
  assert.equal(top.type === 'profile' && top.profile.id, 'x');
  const linux = c.items('Staff/Linux', '', fav);
  assert.deepEqual(
    linux.map((i) => (i.type === 'profile' ? i.profile.id : '?')),
    ['x', 'k'],
  );
  assert.deepEqual(breadcrumb('Staff//Linux/'), [
    { name: 'Staff', path: 'Staff' },
    { name: 'Linux', path: 'Staff/Linux' },
  ]);
  assert.equal(parentFolder('Staff/Linux'), 'Staff');
  assert.equal(parentFolder('Staff'), '');
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

void test('no renderer module can parse HTML from data', () => {
  const banned =
    /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|\beval\(|new Function\(/;
  for (const file of files(join(ROOT, 'src/renderer')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, banned, file);
  }
});

void test('index.html carries the strict CSP and no inline script or style', () => {
  const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8');
  assert.match(
    html,
    /content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'"/,
  );
  assert.doesNotMatch(html, /<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>|style="/);
});
