// searchKeys' Latin-1 path (text.ts foldLatin1: no Unicode normalisation for text without a
// character above U+00FF) gives exactly searchKey's answer: every Latin-1 character alone,
// next to ASCII and next to each other, and random Latin-1 texts batched as the search index
// batches them (one call per 2,000 profiles).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { searchKey, searchKeys } from '../../src/renderer/text';
import { runs } from '../helpers/property-runs';

const latin1 = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).filter(
  (c) => c !== '\n',
);

void test('searchKeys: every Latin-1 character, alone and in context, folds as searchKey', () => {
  const inputs = latin1.flatMap((c) => [c, `A${c}b`, `${c}${c.toUpperCase()}Z`]);
  assert.deepEqual(searchKeys(inputs), inputs.map(searchKey));
  const pairs = latin1.flatMap((a) => latin1.filter((_, i) => i % 7 === 0).map((b) => a + b));
  assert.deepEqual(searchKeys(pairs), pairs.map(searchKey));
});

void test('searchKeys: random Latin-1 texts fold as searchKey, with and without other text', () => {
  const char = fc.constantFrom(...latin1);
  const text = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.array(text, { maxLength: 10 }), fc.boolean(), (inputs, withGreek) => {
      const all = withGreek ? [...inputs, 'ΟΔΟΣ Σ'] : inputs; // one input leaves the path
      assert.deepEqual(searchKeys(all), all.map(searchKey));
    }),
    runs(500),
  );
});
