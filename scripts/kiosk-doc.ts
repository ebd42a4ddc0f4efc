// Rewrites the generated transition table in docs/kiosk.md from src/core/kiosk/machine.ts.
//   node --import tsx scripts/kiosk-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { withKioskTable } from './lib/kiosk-table';

const file = new URL('../docs/kiosk.md', import.meta.url);
writeFileSync(file, withKioskTable(readFileSync(file, 'utf8')));
console.log('docs/kiosk.md: transition table written');
