// Every UI language has every key of English and no other, with the same `{placeholders}`, and
// French keeps English's key order (the lead adds other branches' keys to fr.ts by position).
// resolveLocale: an explicit choice wins, else the first supported system language, else en.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES, MESSAGES, resolveLocale } from '../../src/renderer/i18n';
import { en } from '../../src/renderer/i18n/en';
import { fr } from '../../src/renderer/i18n/fr';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

void test('every key of en exists in every language, no extra keys, same placeholders, none empty', () => {
  assert.deepEqual([...LOCALES], ['en', 'de', 'fr']);
  for (const locale of LOCALES) {
    const table = MESSAGES[locale] as Readonly<Record<string, string>>;
    const missing = Object.keys(en).filter((k) => !Object.hasOwn(table, k));
    const extra = Object.keys(table).filter((k) => !Object.hasOwn(en, k));
    assert.deepEqual(missing, [], `${locale}: missing keys`);
    assert.deepEqual(extra, [], `${locale}: keys en does not have`);
    for (const [key, text] of Object.entries(en)) {
      assert.ok(table[key]!.trim(), `${locale} ${key} is empty`);
      assert.deepEqual(
        placeholders(table[key]!),
        placeholders(text),
        `${locale} placeholders of ${key}`,
      );
    }
  }
});

void test('fr.ts is in en.ts order, and really French (not English copied)', () => {
  assert.deepEqual(Object.keys(fr), Object.keys(en));
  const same = Object.keys(en).filter(
    (k) =>
      fr[k as keyof typeof fr] === en[k as keyof typeof en] &&
      !/\{\w+\}$|^[^a-z]*$/i.test(en[k as keyof typeof en]),
  );
  // names and technical words that are the same in both languages
  const allowed = new Set([
    'app.title',
    'catalogue.heading',
    'catalogue.count.one',
    'catalogue.folder.count.one',
    'kind.application',
    'kind.rdp',
    'kind.xdmcp',
    'language.en',
    'language.de',
    'language.fr',
    'catalogue.count',
    'catalogue.folder.count',
    'app.titleWithBroker',
    'about.col.source',
    'kiosk.ended.ok',
    'health.status.pass',
  ]);
  assert.deepEqual(
    same.filter((k) => !allowed.has(k)),
    [],
  );
  assert.match(fr['err.broker.setpass.ignored'], /x2gobroker 0\.0\.4\.3/);
  assert.equal(fr['launch.choose.resume'], 'Reprendre', 'x2goclient’s French term');
});

void test('the check above can fail: a missing and an extra key are seen', () => {
  const table: Record<string, string> = { ...fr, 'only.here': 'x' };
  delete table['common.cancel'];
  assert.deepEqual(
    Object.keys(en).filter((k) => !Object.hasOwn(table, k)),
    ['common.cancel'],
  );
  assert.deepEqual(
    Object.keys(table).filter((k) => !Object.hasOwn(en, k)),
    ['only.here'],
  );
});

void test('resolveLocale: explicit choice, else the first supported system language, else en', () => {
  assert.equal(resolveLocale('fr', ['de-DE']), 'fr');
  assert.equal(resolveLocale(null, ['fr-CA', 'de']), 'fr');
  assert.equal(resolveLocale(null, ['it-IT', 'de-AT']), 'de');
  assert.equal(resolveLocale(null, ['it', 'es']), 'en');
});
