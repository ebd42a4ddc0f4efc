// The CSS an SVG icon may carry (style="…" attributes, <style> elements and presentation
// attribute values, which SVG parses as CSS values), checked against an allowlist.
//
// Why hand-written and not a CSS library: we do not need to understand CSS, only to accept a
// tiny, fetch-free subset and refuse everything else — no at-rules (@import, @font-face …),
// no escapes (which could spell `url(` in disguise), no functions but colour, calc and
// transform ones, and url() only to a `#id` in the same document. A single left-to-right pass
// over the text decides that; every loop below advances its index, so the check is linear in
// the length of the text (no regular expression with nested or adjacent quantifiers).

/** Presentation properties (SVG 1.1 §M.2 / SVG 2 "presentation attributes"), as CSS names. */
export const SVG_PRESENTATION_PROPERTIES: ReadonlySet<string> = new Set([
  'alignment-baseline', 'baseline-shift', 'clip', 'clip-path', 'clip-rule', 'color',
  'color-interpolation', 'color-interpolation-filters', 'color-profile', 'color-rendering',
  'direction', 'display', 'dominant-baseline', 'enable-background', 'fill', 'fill-opacity',
  'fill-rule', 'filter', 'flood-color', 'flood-opacity', 'font', 'font-family', 'font-size',
  'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-weight',
  'glyph-orientation-horizontal', 'glyph-orientation-vertical', 'image-rendering', 'isolation',
  'kerning', 'letter-spacing', 'lighting-color', 'marker', 'marker-end', 'marker-mid',
  'marker-start', 'mask', 'mix-blend-mode', 'opacity', 'overflow', 'paint-order',
  'shape-rendering', 'stop-color', 'stop-opacity', 'stroke', 'stroke-dasharray',
  'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-opacity', 'stroke-width', 'text-anchor', 'text-decoration', 'text-rendering',
  'transform', 'transform-origin', 'unicode-bidi', 'vector-effect', 'visibility',
  'word-spacing', 'writing-mode',
  // Text layout properties Inkscape writes into style="…"; none of them can fetch anything.
  'line-height', 'text-align', 'text-indent', 'text-transform', 'block-progression',
  'font-variant-ligatures', 'font-variant-caps', 'font-variant-numeric',
  'font-variant-east-asian', 'font-feature-settings', 'solid-color', 'solid-opacity',
  'white-space', 'shape-padding', 'inline-size', 'text-decoration-line',
  'text-decoration-style', 'text-decoration-color', 'text-orientation',
  'font-variant-position', 'font-variant-alternates', 'font-kerning', 'font-variation-settings',
  'shape-margin', 'text-shadow',
]); // prettier-ignore

/** CSS functions that compute a value and never load one. `url` is checked separately. */
const PURE_FUNCTIONS: ReadonlySet<string> = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'calc', 'icc-color', 'matrix', 'translate', 'translatex',
  'translatey', 'scale', 'scalex', 'scaley', 'rotate', 'skewx', 'skewy',
]); // prettier-ignore

const MAX_ID_LENGTH = 256;

function isIdentChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2d || // -
    code === 0x5f || // _
    code >= 0x80 // CSS counts every non-ASCII code point as a name character
  );
}

/** `#id` with XML name characters only: the one reference form an icon may use. */
export function isLocalFragment(value: string): boolean {
  if (value.length < 2 || value.length > MAX_ID_LENGTH + 1 || value[0] !== '#') return false;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!(isIdentChar(c) || c === 0x2e || c === 0x3a)) return false; // also . and :
  }
  return true;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

/**
 * The text with CSS comments removed, or null when a comment is left open. Linear: each
 * indexOf starts where the previous one ended.
 */
export function stripCssComments(text: string): string | null {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('/*', from);
    if (open < 0) return out + text.slice(from);
    const close = text.indexOf('*/', open + 2);
    if (close < 0) return null;
    out += `${text.slice(from, open)} `;
    from = close + 2;
  }
}

/**
 * Whether a CSS value (or an SVG presentation attribute value) is free of anything that could
 * load or run something: no backslash escapes, no `@`, no `<`, only the functions in
 * PURE_FUNCTIONS, and `url()` only around a local `#id` (optionally quoted).
 */
export function isSafeCssValue(value: string): boolean {
  let identStart = -1; // start of the run of name characters ending at i, or -1
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5c || c === 0x40 || c === 0x3c || c === 0) return false; // \ @ < NUL
    if (isIdentChar(c)) {
      if (identStart < 0) identStart = i;
      continue;
    }
    if (c === 0x28 && identStart >= 0) {
      // `name(`: a function call
      const name = value.slice(identStart, i).toLowerCase();
      if (name === 'url') {
        const end = value.indexOf(')', i + 1);
        if (end < 0 || !isUrlToFragment(value.slice(i + 1, end))) return false;
        i = end;
      } else if (!PURE_FUNCTIONS.has(name)) {
        return false;
      }
    }
    identStart = -1;
  }
  return true;
}

/** The inside of `url(…)`: optional spaces, optional matching quotes, `#id`. */
function isUrlToFragment(inner: string): boolean {
  let start = 0;
  let end = inner.length;
  while (start < end && isSpace(inner.charCodeAt(start))) start++;
  while (end > start && isSpace(inner.charCodeAt(end - 1))) end--;
  let body = inner.slice(start, end);
  const q = body[0];
  if (q === '"' || q === "'") {
    if (body.length < 2 || body[body.length - 1] !== q) return false;
    body = body.slice(1, -1);
  }
  return isLocalFragment(body);
}

/**
 * A declaration list (the inside of style="…" or of a `{…}` block): every declaration must
 * name a presentation property (or an `-inkscape-…` editor hint) and have a safe value.
 * `;` inside quotes does not end a declaration.
 */
export function isSafeDeclarationList(text: string): boolean {
  let start = 0;
  let quote = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x3b;
    if (quote) {
      if (c === quote) quote = 0;
      else if (i === text.length) return false; // unterminated string
      continue;
    }
    if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3b) {
      if (!isSafeDeclaration(text.slice(start, i))) return false;
      start = i + 1;
    }
  }
  return true;
}

function isSafeDeclaration(declaration: string): boolean {
  const colon = declaration.indexOf(':');
  if (colon < 0) return declaration.trim() === '';
  const property = declaration.slice(0, colon).trim().toLowerCase();
  const value = declaration.slice(colon + 1);
  if (!SVG_PRESENTATION_PROPERTIES.has(property) && !/^-inkscape-[a-z-]+$/.test(property))
    return false;
  return isSafeCssValue(value);
}

/**
 * A style sheet (the text of an SVG <style> element, comments already stripped): rules of the
 * form `selector { declarations }` only. Selectors may not contain `@`, `\`, `<`, quotes or
 * functions; declarations are checked as in style="…".
 */
export function isSafeStyleSheet(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) return text.slice(i).trim() === '';
    if (!isSafeSelector(text.slice(i, open))) return false;
    const close = text.indexOf('}', open + 1);
    if (close < 0) return false;
    const block = text.slice(open + 1, close);
    if (block.includes('{') || !isSafeDeclarationList(block)) return false;
    i = close + 1;
  }
  return true;
}

function isSafeSelector(selector: string): boolean {
  if (selector.trim() === '') return false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector.charCodeAt(i);
    // \ @ < ( ) ; } quotes and NUL have no place in the type/class/id selectors icons use
    if (
      c === 0x22 ||
      c === 0x27 ||
      c === 0x5c ||
      c === 0x40 ||
      c === 0x3c ||
      c === 0x28 ||
      c === 0x29 ||
      c === 0x3b ||
      c === 0x7d ||
      c === 0
    )
      return false;
  }
  return true;
}
