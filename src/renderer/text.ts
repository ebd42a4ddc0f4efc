// Untrusted text (profile names, broker messages) made safe to SHOW. It is always inserted as
// a Text node (see dom.ts); this additionally makes invisible tricks visible: bidi overrides
// and isolates (which could reverse "txt.exe" into "exe.txt") become named markers, other
// control characters become U+FFFD, and very long strings are cut.
import { UNSAFE_TEXT_CHARS } from '../shared/unsafe-text';

const BIDI_NAMES: Record<string, string> = {
  '\u202a': 'LRE',
  '\u202b': 'RLE',
  '\u202c': 'PDF',
  '\u202d': 'LRO',
  '\u202e': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
  '\u200e': 'LRM',
  '\u200f': 'RLM',
  '\u061c': 'ALM',
};

/** Neutralise bidi/control characters (visibly) and cut to `max` characters. */
export function displayText(input: string, max = 200): string {
  const clean = input.replace(UNSAFE_TEXT_CHARS, (c) => {
    if (c === '\t' || c === '\n') return c; // layout in a text node, nothing hidden
    const name = BIDI_NAMES[c];
    return name ? `⟦${name}⟧` : '\ufffd';
  });
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

/** Case- and accent-insensitive search key: NFD, strip combining marks, fold a few letters. */
export function searchKey(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđı]/g, (c) => FOLD[c] ?? c);
}

const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};
