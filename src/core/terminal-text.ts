// The one place that makes broker-supplied text safe to print on a terminal (profile names,
// keyboard-interactive names/instructions/prompts, error texts, client output lines). A broker
// is untrusted: an ESC (or the 8-bit CSI U+009B) would let it move the cursor, recolour or
// rewrite what the user sees, retitle the window or, on some terminals, answer back; bidi
// overrides reorder text (a fake host name or fingerprint). Such characters are not dropped
// but made visible, so the user sees that something odd was sent.

/**
 * C0 controls, DEL, C1 controls, line/paragraph separators, bidi marks/embeddings/overrides/
 * isolates and the BOM. (TAB and LF are among the C0 controls; see `keepNewlines`.)
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_BUT_LF =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control or bidi character shown as an escape (`\x1b`, `\x9b`, `\u202e`):
 * plain text a terminal prints as is. With `keepNewlines` a LF stays a line break (multi-line
 * instructions); a CR never does. Linear; never throws.
 */
export function terminalSafe(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(opts.keepNewlines ? UNSAFE_BUT_LF : UNSAFE, visible);
}
