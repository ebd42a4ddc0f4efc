// The readable text of a broker's HTML error page (Tornado's "500: Internal Server Error",
// a proxy's 502 page), for `brokerMessage`. The page is broker-controlled and may be
// megabytes of hostile markup, so this is a single forward scan with indexOf — every input
// position is looked at a bounded number of times. It replaces regular expressions such as
// /<body[^>]*>([\s\S]*?)<\/body>/, which backtrack quadratically on `<body><body>…` (a 1.2 MB
// page took 32 s). An HTML parser library would be linear too, but this needs no DOM: only the
// text between tags of one small error page, and a cut after a few hundred characters.
import { excerpt } from '../errors';

/** The body text is collected up to this many characters before it is collapsed and cut. */
const MAX_COLLECTED = 4096;

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};

// Case-insensitive searches for a literal: a regular expression without quantifiers or
// alternatives is a plain substring search (linear), started at lastIndex.
const BODY_OPEN = /<body/gi;
const BODY_CLOSE = /<\/body>/gi;
const SCRIPT_CLOSE = /<\/script/gi;
const STYLE_CLOSE = /<\/style/gi;

function indexOfTag(html: string, literal: RegExp, from: number): number {
  literal.lastIndex = from;
  return literal.exec(html)?.index ?? -1;
}

/**
 * The text of an HTML page: the content of its first `<body>` (the whole input when there
 * is none), without tags, `<script>`/`<style>` content and the five basic entities decoded,
 * whitespace collapsed, cut to `max` characters (control characters escaped, see excerpt).
 * Linear in `html.length`; never throws.
 */
export function htmlErrorText(html: string, max = 300): string {
  let from = 0;
  let to = html.length;
  const bodyAt = indexOfTag(html, BODY_OPEN, 0);
  if (bodyAt >= 0) {
    const open = html.indexOf('>', bodyAt);
    if (open >= 0) {
      from = open + 1;
      const close = indexOfTag(html, BODY_CLOSE, from);
      if (close >= 0) to = close;
    }
  }
  let text = '';
  // Whitespace is collapsed while collecting, so tags and blank runs never fill the budget.
  const add = (segment: string): void => {
    if (segment === ' ') {
      if (!text.endsWith(' ')) text += ' ';
      return;
    }
    const seg = segment.replace(/\s+/g, ' ');
    text += text.endsWith(' ') && seg.startsWith(' ') ? seg.slice(1) : seg;
  };
  let i = from;
  while (i < to && text.length < MAX_COLLECTED) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 || lt >= to ? to : lt;
    add(html.slice(i, Math.min(textEnd, i + MAX_COLLECTED)));
    if (textEnd === to) break;
    const gt = html.indexOf('>', lt + 1);
    // No `>` anywhere after this `<`: the rest is text (and no later `<` can close either).
    if (gt < 0 || gt >= to) {
      add(html.slice(lt, Math.min(to, lt + MAX_COLLECTED)));
      break;
    }
    add(' ');
    i = gt + 1;
    const tag = html.slice(lt + 1, lt + 7).toLowerCase();
    const skipTo = tag.startsWith('script')
      ? SCRIPT_CLOSE
      : tag.startsWith('style')
        ? STYLE_CLOSE
        : null;
    if (skipTo) {
      const end = indexOfTag(html, skipTo, i);
      if (end < 0 || end >= to) break; // unterminated script/style: nothing readable follows
      const endGt = html.indexOf('>', end);
      i = endGt < 0 ? to : endGt + 1;
    }
  }
  const decoded = text.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e] ?? e);
  return excerpt(decoded.trim(), max);
}
