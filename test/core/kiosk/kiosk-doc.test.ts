// docs/kiosk.md carries the transition table of src/core/kiosk/machine.ts, current.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { withKioskTable } from '../../../scripts/lib/kiosk-table';

it('docs/kiosk.md holds the current transition table (fix: node --import tsx scripts/kiosk-doc.ts)', () => {
  const doc = readFileSync(new URL('../../../docs/kiosk.md', import.meta.url), 'utf8');
  assert.equal(doc, withKioskTable(doc));
});
