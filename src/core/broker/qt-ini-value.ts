// A plain-dialect profile value decoded as x2goclient reads it: x2goclient writes the profile
// block to a file and reads it with Qt 5's QSettings INI reader (docs/protocol.md §3.4),
// so admins write Qt-quoted values — `export="/home/alice/Documents:1;/media/usb0:1;"`,
// `C:\\Users\\…`. This is Qt's value unescaping (QSettingsPrivate::iniUnescapedStringList,
// qsettings.cpp) as a single forward pass:
//   * double quotes group text and are removed; inside them `,` is literal;
//   * backslash escapes \a \b \f \n \r \t \v \" \? \' \\, \xHH… (hex) and \OOO… (octal)
//     give that character (one UTF-16 code unit); a backslash before any other character
//     drops both;
//   * an unquoted `,` splits the value into a list (Qt's QStringList);
//   * blanks (space, tab) are skipped at the start, after a `,` and after a closing quote,
//     and trimmed at the end of an unquoted piece.
// Deliberate differences, both so that the value reaches the client as the admin meant it:
// the text is UTF-8 (Qt 5 reads these bytes as Latin-1: mojibake), and an unquoted `;` is
// kept (Qt's line reader ends the value there, silently dropping e.g. all but the first
// folder of an unquoted `export` list). Hand-written because no maintained JavaScript library
// implements Qt's INI dialect; it is small and covered by unit tests with Qt's cases.

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '?': '?',
  "'": "'",
  '\\': '\\',
};

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

/** A character that makes Qt's unescaping more than a trim. */
const SPECIAL = /[\\",]/;

/** `raw` without leading and trailing blanks (space, tab: Qt's, not String#trim's set). */
function trimBlanks(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isBlank(raw[start])) start++;
  while (end > start && isBlank(raw[end - 1])) end--;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

/** More list items than any profile key needs (a host list, applications, …). */
export const MAX_QT_LIST_ITEMS = 4096;

/**
 * The value after `=` as Qt's INI reader decodes it: a string, or a string list when the
 * text has an unquoted comma; null when the list would have more than `maxItems` items
 * (a megabyte of commas must not become a million strings). Linear in `raw.length`; never
 * throws.
 */
export function decodeQtIniValue(
  raw: string,
  maxItems = MAX_QT_LIST_ITEMS,
): string | string[] | null {
  // Most values (host names, commands, every base64 icon) have no quote, backslash or comma:
  // then Qt's rules only trim blanks at both ends. One native scan instead of the loop below.
  if (!SPECIAL.test(raw)) return trimBlanks(raw);
  const list: string[] = [];
  let isList = false;
  let inQuotes = false;
  let quoted = false; // the current piece had quotes: its trailing blanks are kept
  let piece = '';
  let chopLimit = 0; // trailing blanks are trimmed only back to here (escapes are kept)
  const n = raw.length;
  let i = 0;
  const skipBlanks = (): void => {
    while (i < n && isBlank(raw[i])) i++;
  };
  const chop = (): void => {
    let end = piece.length;
    while (end > chopLimit && isBlank(piece[end - 1])) end--;
    piece = piece.slice(0, end);
  };
  skipBlanks();
  while (i < n) {
    const c = raw[i]!;
    if (c === '\\') {
      i++;
      if (i >= n) break;
      const e = raw[i++]!;
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) piece += simple;
      else if (e === 'x' && isHex(raw[i])) {
        let code = 0;
        while (i < n && isHex(raw[i])) code = ((code << 4) | parseInt(raw[i++]!, 16)) & 0xffff;
        piece += String.fromCharCode(code);
      } else if (isOctal(e)) {
        let code = Number(e);
        while (i < n && isOctal(raw[i])) code = ((code << 3) | Number(raw[i++])) & 0xffff;
        piece += String.fromCharCode(code);
      } // any other escaped character is dropped, as Qt does
      chopLimit = piece.length;
      continue;
    }
    if (c === '"') {
      i++;
      quoted = true;
      inQuotes = !inQuotes;
      if (!inQuotes) {
        skipBlanks();
        chopLimit = piece.length;
      }
      continue;
    }
    if (c === ',' && !inQuotes) {
      if (!quoted) chop();
      isList = true;
      if (list.length + 1 >= maxItems) return null;
      list.push(piece);
      piece = '';
      chopLimit = 0;
      quoted = false;
      i++;
      skipBlanks();
      continue;
    }
    // a run of ordinary characters up to the next special one
    let j = i + 1;
    while (j < n && raw[j] !== '\\' && raw[j] !== '"' && (raw[j] !== ',' || inQuotes)) j++;
    piece += raw.slice(i, j);
    i = j;
  }
  if (!quoted) chop();
  if (!isList) return piece;
  list.push(piece);
  return list;
}
