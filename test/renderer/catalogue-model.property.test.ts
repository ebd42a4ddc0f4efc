// The catalogue model's shortcuts give the plain answer: folders sorted on first display, the
// search index built in idle slices, a query that extends the previous one scanning only the
// previous hits — each compared with a plain sort-and-scan (search) or a fresh catalogue
// (folders).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Catalogue, type CatalogueItem } from '../../src/renderer/catalogue/model';
import type { BrokerProfile } from '../../src/shared/api';
import { searchKey, searchKeys } from '../../src/renderer/text';
import { runs } from '../helpers/property-runs';
import { profile } from './helpers/synthetic';

const ids = (items: CatalogueItem[]) =>
  items.map((i) => (i.type === 'folder' ? `folder:${i.path}:${i.count}` : `${i.profile.id}`));

/** The search answer spelled out: label order, substring of name/id/command, favourites first. */
function plainSearch(profiles: BrokerProfile[], text: string, favourites: string[]): string[] {
  const q = searchKey(text.trim());
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  const hits = [...profiles]
    .sort((a, b) => collator.compare(a.label, b.label))
    .filter((p) => searchKey(`${p.name}\u0001${p.id}\u0001${p.command}`).includes(q));
  const fav = new Set(favourites);
  return [...hits.filter((p) => fav.has(p.id)), ...hits.filter((p) => !fav.has(p.id))].map(
    (p) => p.id,
  );
}

const segment = fc.constantFrom('a', 'B', 'ä', 'Büro', 'x1', 'x10', 'x2', 'ß', '');
const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const query = fc.array(fc.constantFrom('a', 'b', 'u', 'r', 'o', 'x', '1', '/', 'ss', ' '), {
  maxLength: 4,
});

void test('catalogue: typed queries and idle indexing answer as a plain sort-and-scan does', () => {
  fc.assert(
    fc.property(
      fc.array(name, { maxLength: 40 }),
      fc.array(query, { minLength: 1, maxLength: 6 }),
      fc.nat(8),
      (names, queries, idleSlices) => {
        const profiles = names.map((n, i) => profile(`id-${i}`, n));
        const prefs = { favourites: profiles.slice(0, 2).map((p) => p.id), recents: [] };
        const typed = new Catalogue(profiles);
        let slices = idleSlices;
        typed.prepareSearch(() => slices-- > 0); // partly built, as after a few idle callbacks
        let text = '';
        for (const q of queries) {
          // keystrokes that extend the query, then one that starts over
          text = q.length % 2 ? text + q.join('') : q.join('');
          if (!text.trim()) continue;
          assert.deepEqual(
            ids(typed.items('', text, prefs)),
            plainSearch(profiles, text, prefs.favourites),
            JSON.stringify(text),
          );
        }
        for (const folder of ['', 'a', 'Büro', 'B/a'])
          assert.deepEqual(
            ids(typed.items(folder, '', prefs)),
            ids(new Catalogue(profiles).items(folder, '', prefs)),
          );
      },
    ),
    runs(300),
  );
});

void test('catalogue: the result order offered for pre-rendering is what a search shows', () => {
  fc.assert(
    fc.property(fc.array(name, { minLength: 1, maxLength: 40 }), fc.nat(8), (names, idle) => {
      const profiles = names.map((n, i) => profile(`id-${i}`, n));
      const c = new Catalogue(profiles);
      let slices = idle;
      const done = c.prepareSearch(() => slices-- > 0);
      if (!done) assert.deepEqual(c.searchResultOrder(), []); // nothing half-built is offered
      c.prepareSearch();
      const order = c.searchResultOrder();
      // every profile's id contains "id-": a query matching all of them, in label order
      const shown = c.items('', 'id-', { favourites: [], recents: [] });
      assert.deepEqual(ids([...order]), plainSearch(profiles, 'id-', []));
      // the very objects the search answers with (the list adopts pre-built tiles by them)
      assert.ok(shown.every((item, i) => item === order[i]));
    }),
    runs(200),
  );
});

void test('searchKeys folds a batch exactly as searchKey folds each string', () => {
  const char = fc.oneof(
    fc.constantFrom(
      'Σ',
      'ς',
      'σ',
      'ΑΣ',
      'İ',
      'ß',
      'Æ',
      'é',
      'e\u0301',
      '\u0301',
      'ﬁ',
      '①',
      '\u0001',
      ' ',
      '\n',
    ),
    fc.string({ unit: 'grapheme', maxLength: 2 }),
  );
  const text = fc.array(char, { maxLength: 6 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.array(text, { maxLength: 8 }), (inputs) => {
      assert.deepEqual(searchKeys(inputs), inputs.map(searchKey));
    }),
    runs(500),
  );
});
