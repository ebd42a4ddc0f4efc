// The kiosk's transition table as Markdown, for docs/kiosk.md — tooling, not shipped (kept in
// step by test/core/kiosk/kiosk-doc.test.ts; `node --import tsx scripts/kiosk-doc.ts` rewrites it).
import { KIOSK_TRANSITIONS } from '../../src/core/kiosk/machine';

export const KIOSK_TABLE_BEGIN =
  '<!-- kiosk-transitions:begin (generated from src/core/kiosk/machine.ts) -->';
export const KIOSK_TABLE_END = '<!-- kiosk-transitions:end -->';

/** The table: one line per row of KIOSK_TRANSITIONS, between the two marker comments. */
export function kioskTransitionTable(): string {
  const lines = [
    KIOSK_TABLE_BEGIN,
    '| screen | event | next screen | when / what |',
    '|---|---|---|---|',
    ...KIOSK_TRANSITIONS.map(
      (r) => `| ${r.from} | ${r.on} | ${r.to.join(' / ')} | ${r.does.replaceAll('|', '\\|')} |`,
    ),
    KIOSK_TABLE_END,
  ];
  return lines.join('\n');
}

/** `doc` with its generated table replaced by the current one. @throws Error without markers. */
export function withKioskTable(doc: string): string {
  const a = doc.indexOf(KIOSK_TABLE_BEGIN);
  const b = doc.indexOf(KIOSK_TABLE_END);
  if (a < 0 || b < a) throw new Error('docs/kiosk.md lacks the kiosk-transitions markers');
  return doc.slice(0, a) + kioskTransitionTable() + doc.slice(b + KIOSK_TABLE_END.length);
}
