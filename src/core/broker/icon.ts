// Profile icons (protocol §6.5): the broker passes `icon=` through untouched; x2goclient
// treats it as base64 image bytes. We accept only base64 whose decoded bytes are a PNG,
// JPEG, GIF or SVG (sniffed from the bytes, never trusted from a label), size-capped, and
// return a data URL. The GUI only ever renders it as <img src>, where SVG cannot run script;
// SVGs with script-like content are refused anyway (defence in depth).
import type { ProfileIcon, RawValue } from './model';

/** Largest decoded icon accepted (bytes). */
export const MAX_ICON_BYTES = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decodeIcon(
  value: RawValue | undefined,
  maxBytes = MAX_ICON_BYTES,
): ProfileIcon | null {
  if (typeof value !== 'string') return null;
  let text = value.replace(/\s+/g, '');
  // Tolerate a data URL written into the profile: its label is ignored, the bytes decide.
  const dataUrl = /^data:[^,]*;base64,/i.exec(text);
  if (dataUrl) text = text.slice(dataUrl[0].length);
  if (!text || text.length % 4 === 1 || !BASE64.test(text)) return null;
  if (Math.floor((text.length * 3) / 4) > maxBytes + 2) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length > maxBytes) return null;
  const mime = sniffImage(bytes);
  if (!mime) return null;
  return {
    dataUrl: `data:${mime};base64,${bytes.toString('base64')}`,
    mime,
    bytes: bytes.length,
  };
}

export function sniffImage(bytes: Buffer): ProfileIcon['mime'] | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg';
  const head = bytes.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return 'image/gif';
  if (isSafeSvg(bytes)) return 'image/svg+xml';
  return null;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isSafeSvg(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false; // not UTF-8 text
  }
  // Prolog: optional XML declaration, comments, doctype, then the root element must be <svg.
  let rest = text.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const m = /^(<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg[^>[]*(\[[\s\S]*?\])?\s*>)\s*/i.exec(
      rest,
    );
    if (!m) break;
    rest = rest.slice(m[0].length);
  }
  if (!/^<svg[\s>/]/.test(rest)) return false;
  if (!/<\/svg\s*>\s*$/.test(rest) && !/^<svg[^>]*\/>\s*$/.test(rest)) return false;
  // Refuse what could act if the SVG were ever opened as a document.
  return !/<script|<foreignObject|<!ENTITY|\son[a-z]+\s*=|javascript:/i.test(text);
}
