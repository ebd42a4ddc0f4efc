// A linear pre-scan of a JSON reply that bounds what JSON.parse would build, before it
// builds anything: how many values (objects, arrays, strings — keys included — numbers,
// literals), how deep the nesting, how long one string. The reply text is already capped in
// bytes, but its tree is not: 8 MB of `[{},{},…]` is 2.7 million objects (hundreds of MB of
// heap). One pass over the characters with a handful of counters; no allocation. It checks
// shape only — syntax errors are left to JSON.parse, which runs only when the scan passed.
import type { ReasonId } from '../../shared/error-reasons';

/** Limits for one reply; every field in characters or counts. */
export interface JsonShapeLimits {
  /** Deepest nesting of objects/arrays (root = 1). */
  maxDepth: number;
  /** Most values in the whole document (object keys count as values). */
  maxValues: number;
  /** Most objects and arrays: each costs far more heap than a scalar. */
  maxContainers: number;
  /** Longest single string (key or value), in UTF-16 code units between the quotes. */
  maxStringChars: number;
}

/** Deepest nesting a legitimate reply has is 4 (root → profiles → profile → host list). */
export const MAX_JSON_DEPTH = 8;
/** A profile icon (base64 PNG/SVG) is the longest legitimate string: far below 1 MiB. */
export const MAX_JSON_STRING_CHARS = 1024 * 1024;

/**
 * Limits for a reply capped at `maxChars`: one value per 4 characters and one object or array
 * per 64. A real broker's reply has ~8–20 characters per value (`"key":"value",`) and a few
 * containers per profile (the profile, its host and application lists: 300+ characters); a
 * hostile `[{},{},…]` or `[0,0,…]` is refused before JSON.parse, which keeps the parsed tree
 * within a few times the reply size (bench/hostile-inputs.ts measures it).
 */
export function jsonShapeLimits(maxChars: number): JsonShapeLimits {
  return {
    maxDepth: MAX_JSON_DEPTH,
    maxValues: Math.max(10_000, Math.floor(maxChars / 4)),
    maxContainers: Math.max(1_000, Math.floor(maxChars / 64)),
    maxStringChars: MAX_JSON_STRING_CHARS,
  };
}

/** A run of characters inside a JSON string up to its closing quote or next escape. */
const STRING_PLAIN = /[^"\\]+/y;
/** A run of blanks, commas and colons between values (none of them counts). */
const SEPARATORS = /[ \t\n\r,:]+/y;

/** Which limit a JSON text exceeds (an id of error-reasons.ts) and its bound. */
export interface JsonShapeExcess {
  reason: ReasonId<'broker.json.too-complex', 'reason'>;
  limit: number;
}

const EXCESS_TEXT: Record<JsonShapeExcess['reason'], (limit: number) => string> = {
  'string-too-long': (n) => `has a string longer than ${n} characters`,
  'too-deep': (n) => `is nested deeper than ${n} levels`,
  'too-many-containers': (n) => `has more than ${n} objects and arrays`,
  'too-many-values': (n) => `has more than ${n} values`,
};

/** The first limit a JSON text exceeds, as an English phrase; null when it stays within all. */
export function jsonShapeViolation(text: string, limits: JsonShapeLimits): string | null {
  const excess = jsonShapeExcess(text, limits);
  return excess ? jsonExcessText(excess) : null;
}

/** An excess as an English phrase ("has more than 5 values"). */
export function jsonExcessText(excess: JsonShapeExcess): string {
  return EXCESS_TEXT[excess.reason](excess.limit);
}

/** The first limit a JSON text exceeds (id and bound); null when it stays within all. */
export function jsonShapeExcess(text: string, limits: JsonShapeLimits): JsonShapeExcess | null {
  let depth = 0;
  let values = 0;
  let containers = 0;
  let inString = false;
  let stringStart = 0;
  let inScalar = false; // inside a number or true/false/null
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (inString) {
      if (c !== 0x5c && c !== 0x22) {
        // A string's plain characters are skipped by the regex engine, not one loop turn each:
        // most of a reply is icon base64, and this loop runs cold (interpreted) in a CLI run.
        STRING_PLAIN.lastIndex = i;
        STRING_PLAIN.test(text);
        i = STRING_PLAIN.lastIndex;
        if (i >= text.length) break;
        c = text.charCodeAt(i);
      }
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) {
        inString = false;
        if (i - stringStart - 1 > limits.maxStringChars)
          return { reason: 'string-too-long', limit: limits.maxStringChars };
      }
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        inScalar = false;
        stringStart = i;
        values++;
        break;
      case 0x7b: // {
      case 0x5b: // [
        inScalar = false;
        values++;
        if (++depth > limits.maxDepth) return { reason: 'too-deep', limit: limits.maxDepth };
        if (++containers > limits.maxContainers)
          return { reason: 'too-many-containers', limit: limits.maxContainers };
        break;
      case 0x7d: // }
      case 0x5d: // ]
        inScalar = false;
        depth--;
        break;
      case 0x2c: // ,
      case 0x3a: // :
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        inScalar = false;
        // a pretty-printed reply (x2gobroker indents by 4 per level) is mostly runs of
        // these: skipped by the regex engine too, as string characters are
        SEPARATORS.lastIndex = i + 1;
        if (SEPARATORS.test(text)) i = SEPARATORS.lastIndex - 1;
        break;
      default:
        if (!inScalar) {
          inScalar = true;
          values++;
        }
    }
    if (values > limits.maxValues) return { reason: 'too-many-values', limit: limits.maxValues };
  }
  // An unterminated string is a syntax error: JSON.parse reports it. Its length still counts.
  if (inString && text.length - stringStart - 1 > limits.maxStringChars)
    return { reason: 'string-too-long', limit: limits.maxStringChars };
  return null;
}
