// Writer for the INI dialect x2goclient reads: Qt 5's QSettings IniFormat (docs/protocol.md
// §3.4, §10). The goal is that x2goclient reads back exactly the string the broker sent, and that
// no value — whatever a hostile broker puts in it — can end its line, open a section or add
// a key. Qt's reader has rules that make a naive `key=value` writer wrong:
//   - an unquoted `;` starts a comment, an unquoted `,` makes a list, `=` confuses the parser;
//   - the file is read as Latin-1, so UTF-8 bytes come back as mojibake;
//   - `\` starts an escape; `\x` consumes ALL following hex digits;
//   - a value starting with `@` is a type marker (`@Invalid()`, `@ByteArray(…)`);
//   - whitespace around a value is trimmed unless quoted.
// We mirror Qt's own QSettingsPrivate::iniEscapedString, which is what the reader undoes.

/** Section names and keys we write: Qt would %-decode anything else, `/` means a sub-group. */
export const SAFE_INI_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/**
 * Whether `name` can be a section or key name verbatim in a Qt INI file: 1–200 characters of
 * `[A-Za-z0-9_.-]`, not starting with `-` (docs/protocol.md §10).
 */
export function isSafeIniName(name: string): boolean {
  return name.length > 0 && name.length <= 200 && SAFE_INI_NAME.test(name);
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
};

function isHexDigit(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66)
  );
}

/** One string escaped as Qt writes it (quoted when it must be), pure ASCII output. */
function escapeString(value: string): string {
  let out = '';
  let needsQuotes = false;
  // After `\x<hex>` (and `\0`, an octal escape) Qt's reader keeps consuming digits, so a
  // following hex digit must itself be written as `\x<hex>`.
  let escapeNextIfHexDigit = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i); // UTF-16 code unit, as Qt's QChar
    if (code === 0x3b || code === 0x2c || code === 0x3d) needsQuotes = true; // ; , =
    if (escapeNextIfHexDigit && isHexDigit(code)) {
      out += `\\x${code.toString(16)}`;
      continue;
    }
    escapeNextIfHexDigit = false;
    const named = NAMED_ESCAPES[code];
    if (code === 0) {
      out += '\\0';
      escapeNextIfHexDigit = true;
    } else if (named !== undefined) {
      out += named;
    } else if (code === 0x22 || code === 0x5c) {
      out += `\\${value[i]}`; // " and backslash
    } else if (code <= 0x1f || code >= 0x7f) {
      out += `\\x${code.toString(16)}`;
      escapeNextIfHexDigit = true;
    } else {
      out += value[i];
    }
  }
  if (needsQuotes || out.startsWith(' ') || out.endsWith(' ')) out = `"${out}"`;
  return out;
}

/**
 * A value for one `key=<value>` line. A string that starts with `@` gets Qt's own `@@`
 * escape (read back as one `@`); a list is written the way QSettings writes a QStringList
 * (each item escaped, joined by `, `), for the keys x2goclient reads with toStringList().
 * The result never contains CR, LF or any byte outside printable ASCII.
 */
export function qtIniValue(value: string | readonly string[]): string {
  if (typeof value !== 'string') {
    if (value.length === 0) return '';
    // One item is read as a string, which toStringList() turns back into a 1-item list.
    if (value.length === 1) return qtIniValue(value[0] ?? '');
    return value.map((item) => qtIniValue(item)).join(', ');
  }
  const typed = value.startsWith('@') ? `@${value}` : value;
  return escapeString(typed);
}

/** One section of x2goclient's session file; list values become Qt lists. */
export interface QtIniSection {
  name: string;
  entries: ReadonlyArray<readonly [key: string, value: string | readonly string[]]>;
}

/**
 * A whole INI file. Section names and keys must be safe names (the caller decides what to
 * do with others: generate an ID, drop a key); anything else is a programming error here.
 */
export function writeQtIni(sections: readonly QtIniSection[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    if (!isSafeIniName(section.name) || section.name.toLowerCase() === 'general')
      throw new Error(`unsafe INI section name: ${JSON.stringify(section.name)}`);
    if (lines.length > 0) lines.push('');
    lines.push(`[${section.name}]`);
    // lower-cased: Qt on Windows reads keys case-insensitively, and the last `Host` would win
    const seen = new Set<string>();
    for (const [key, value] of section.entries) {
      if (!isSafeIniName(key)) throw new Error(`unsafe INI key: ${JSON.stringify(key)}`);
      if (seen.has(key.toLowerCase())) throw new Error(`duplicate INI key: ${key}`);
      seen.add(key.toLowerCase());
      lines.push(`${key}=${qtIniValue(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
