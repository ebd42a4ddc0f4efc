// The one place that makes broker-supplied text safe to print on a terminal (profile names,
// keyboard-interactive names/instructions/prompts, error texts, client output lines). A broker
// is untrusted: an ESC (or the 8-bit CSI U+009B) would let it move the cursor, recolour or
// rewrite what the user sees, retitle the window or, on some terminals, answer back; bidi
// overrides reorder text (a fake host name or fingerprint). Such characters are not dropped
// but made visible, so the user sees that something odd was sent.

import { UNSAFE_TEXT_CHARS } from '../shared/unsafe-text';

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
  return text.replace(UNSAFE_TEXT_CHARS, (c) => (opts.keepNewlines && c === '\n' ? c : visible(c)));
}
