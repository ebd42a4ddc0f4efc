// Profile icons (docs/protocol.md §7.2): the broker passes `icon=` through untouched; x2goclient
// treats it as base64 image bytes. We accept only base64 whose decoded bytes are a PNG,
// JPEG, GIF or SVG (sniffed from the bytes, never trusted from a label), size-capped, and
// return a base64 data URL of one of those four types — never anything a browser would run
// as a document (text/html, application/xhtml+xml …), so the URLs `list --json` prints are
// safe to open. An SVG is only kept after svg-sanitiser.ts accepted every element and
// attribute, and the URL then carries its re-serialised form, not the broker's bytes.
// Every scan here is linear in the input (no regular expression with adjacent or nested
// quantifiers over broker text).
import type { ProfileIcon, RawValue } from '../../shared/model';
import { sanitiseSvgText } from './svg-sanitiser';

/** Largest decoded icon accepted (bytes). */
export const MAX_ICON_BYTES = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The broker's `icon` value → a sniffed, size-capped image as a base64 data URL, or null for
 * anything else (not base64, not one of the four image types, an SVG outside the allowlist,
 * larger than `maxBytes` decoded). A `data:…;base64,` prefix is tolerated and its declared
 * type ignored. Never throws.
 */
export function decodeIcon(
  value: RawValue | undefined,
  maxBytes = MAX_ICON_BYTES,
): ProfileIcon | null {
  if (typeof value !== 'string') return null;
  let text = /\s/.test(value) ? value.replace(/\s+/g, '') : value;
  // Tolerate a data URL written into the profile: its label is ignored, the bytes decide.
  if (text.slice(0, 5).toLowerCase() === 'data:') {
    const comma = text.indexOf(',');
    if (comma < 0 || text.slice(comma - 7, comma).toLowerCase() !== ';base64') return null;
    text = text.slice(comma + 1);
  }
  if (!text || text.length % 4 === 1 || !BASE64.test(text)) return null;
  if (Math.floor((text.length * 3) / 4) > maxBytes + 2) return null;
  const raster = canonicalRaster(text, maxBytes);
  if (raster) return raster;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length > maxBytes) return null;
  const image = sniffAndSanitise(bytes);
  if (!image) return null;
  return {
    dataUrl: `data:${image.mime};base64,${image.bytes.toString('base64')}`,
    mime: image.mime,
    bytes: image.bytes.length,
  };
}

/** Value of each base64 character (-1: not one). */
const BASE64_VALUE = (() => {
  const table = new Int8Array(128).fill(-1);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = i;
  return table;
})();

/**
 * A PNG, JPEG or GIF whose base64 text (already checked against BASE64) is in canonical form
 * — padded to a multiple of 4, no bits set past the last byte — so that it is exactly what
 * `Buffer#toString('base64')` would give for its bytes: then the data URL reuses the text and
 * only its first 12 bytes are decoded (for the magic bytes). Every raster icon of a listing
 * took a decode and a re-encode before (1,000 icons of 4 KB: 8 MB of work and garbage, bench
 * B1). Null for anything else, which takes the full decode path.
 */
function canonicalRaster(text: string, maxBytes: number): ProfileIcon | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const size = (text.length / 4) * 3 - padding;
  if (size < 8 || size > maxBytes) return null;
  // the last data character carries 4 (one byte in the group) or 2 (two bytes) unused bits
  const last = BASE64_VALUE[text.charCodeAt(text.length - 1 - padding)]!;
  if (padding === 2 ? (last & 0x0f) !== 0 : padding === 1 ? (last & 0x03) !== 0 : false)
    return null;
  const head = Buffer.from(text.slice(0, 16), 'base64');
  const mime = rasterType(head);
  return mime ? { dataUrl: `data:${mime};base64,${text}`, mime, bytes: size } : null;
}

/** PNG, JPEG or GIF by the magic bytes at the start of `bytes`, or null. */
function rasterType(bytes: Buffer): ProfileIcon['mime'] | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg';
  const head = bytes.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return 'image/gif';
  return null;
}

/** The image type of `bytes` (an SVG only when the sanitiser accepts it), or null. */
export function sniffImage(bytes: Buffer): ProfileIcon['mime'] | null {
  return sniffAndSanitise(bytes)?.mime ?? null;
}

/**
 * Raster images by their magic bytes (kept as sent: a browser decodes them as images only);
 * otherwise an SVG, returned re-serialised by the sanitiser.
 */
export function sniffAndSanitise(
  bytes: Buffer,
): { mime: ProfileIcon['mime']; bytes: Buffer } | null {
  const raster = rasterType(bytes);
  if (raster) return { mime: raster, bytes };
  const svg = sanitiseSvg(bytes);
  return svg ? { mime: 'image/svg+xml', bytes: svg } : null;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** UTF-8 SVG bytes → the sanitised SVG as UTF-8, or null (not UTF-8, not an allowed SVG). */
export function sanitiseSvg(bytes: Buffer): Buffer | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null; // not UTF-8 text
  }
  const clean = sanitiseSvgText(text);
  return clean === null ? null : Buffer.from(clean, 'utf8');
}

/**
 * An icon from somewhere we did not just sanitise it (the profile cache on disk, written by
 * an older version): checked again from its bytes, so the renderer only ever sees the output
 * of decodeIcon. Returns null when it is not one.
 */
export function revalidateIcon(icon: unknown): ProfileIcon | null {
  if (typeof icon !== 'object' || icon === null) return null;
  const dataUrl = (icon as { dataUrl?: unknown }).dataUrl;
  if (typeof dataUrl !== 'string') return null;
  return decodeIcon(dataUrl);
}
