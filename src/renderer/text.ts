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

/**
 * searchKey of many strings in one pass: joined with line feeds, folded once, split again
 * (10,000 profiles: a handful of native calls instead of 40,000). Folding keeps a line feed
 * and never crosses one (NFKD reorders marks only between starters, the final-sigma rule
 * stops at it), so each part is exactly searchKey of its input; inputs with a line feed, or
 * any count mismatch, fall back to one call each.
 */
export function searchKeys(inputs: readonly string[]): string[] {
  if (inputs.some((s) => s.includes('\n'))) return inputs.map(searchKey);
  const joined = inputs.join('\n');
  const keys = (NOT_LATIN1.test(joined) ? searchKey(joined) : foldLatin1(joined)).split('\n');
  return keys.length === inputs.length ? keys : inputs.map(searchKey);
}

/** A character above U+00FF (the complement of Latin-1: no control character is named). */
const NOT_LATIN1 = /[\u0100-\uffff]/;

/** searchKey of each character U+0080…U+00FF, made at first use from searchKey itself. */
let latin1Keys: Map<string, string> | null = null;

/**
 * searchKey of a text with no character above U+00FF, without Unicode normalisation (bench
 * B3: NFKD of 10,000 names with an accent each took most of the search index's build).
 * Exact, because for such text searchKey works character by character: no Latin-1 character
 * is a combining mark (so NFKD reorders nothing between them), lower-casing has no context
 * rule for them (final sigma and dotted I are outside), and each character's key is lower
 * case already (lower-casing it again changes nothing) — so the key of the text is the keys
 * of its characters, concatenated: the non-ASCII ones from a table of searchKey's own
 * answers, then everything lower-cased.
 * (Property-tested against searchKey in test/renderer/search-keys.test.ts.)
 */
function foldLatin1(text: string): string {
  if (!latin1Keys) {
    latin1Keys = new Map();
    for (let c = 0x80; c <= 0xff; c++) {
      const ch = String.fromCharCode(c);
      latin1Keys.set(ch, searchKey(ch));
    }
  }
  const keys = latin1Keys;
  return text.replace(/[\u0080-\u00ff]/g, (ch) => keys.get(ch) ?? searchKey(ch)).toLowerCase();
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
