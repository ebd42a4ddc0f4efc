// The one definition of the characters that untrusted text (from the broker) must never carry
// unseen, for the terminal (src/core/terminal-text.ts) and for the page (src/renderer/text.ts):
// an ESC or the 8-bit CSI would let a broker drive the terminal; bidi overrides reorder text
// (a fake file or host name); invisible marks and separators hide what is there. Each side
// decides how to make such a character visible and which layout characters to keep.

/**
 * C0 controls (TAB and LF among them), DEL, C1 controls, ALM/LRM/RLM, LINE and PARAGRAPH
 * SEPARATOR, bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069), and the
 * BOM / zero-width no-break space. Global: use with String.prototype.replace.
 */
export const UNSAFE_TEXT_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
