// A model of how Qt 5's QSettings (IniFormat) reads a file — a port of the logic of
// QConfFileSettingsPrivate::readIniLine / iniUnescapedStringList / stringToVariant, used to
// round-trip thousands of generated values in unit tests. It is a test oracle only; the real
// x2goclient read-back (x2goclient-readback.int.test.ts) is the proof that it matches Qt.

export type QtValue = string | string[];

/** One raw value (the text after `=`, comment already cut) as QSettings returns it. */
export function qtUnescape(raw: string): QtValue {
  const items: string[] = [];
  let isList = false;
  let cur = '';
  let quoted = false; // inside "…"
  let curQuoted = false; // current item had quotes: its trailing spaces are kept
  let chopLimit = 0;
  let i = 0;
  const chop = () => {
    if (curQuoted) return;
    let end = cur.length;
    while (end > chopLimit && (cur[end - 1] === ' ' || cur[end - 1] === '\t')) end--;
    cur = cur.slice(0, end);
  };
  const skipSpaces = () => {
    while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) i++;
  };
  const simple: Record<string, string> = {
    a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '?': '?', "'": "'", '\\': '\\',
  }; // prettier-ignore
  skipSpaces();
  chopLimit = 0;
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (ch === '\\') {
      i++;
      if (i >= raw.length) break;
      const e = raw[i++] ?? '';
      if (e in simple) cur += simple[e];
      else if (e === 'x' && i < raw.length && /[0-9a-fA-F]/.test(raw[i] ?? '')) {
        let v = 0;
        while (i < raw.length && /[0-9a-fA-F]/.test(raw[i] ?? ''))
          v = ((v << 4) + parseInt(raw[i++] ?? '0', 16)) & 0xffff;
        cur += String.fromCharCode(v);
      } else if (e >= '0' && e <= '7') {
        let v = Number(e);
        while (i < raw.length && (raw[i] ?? '') >= '0' && (raw[i] ?? '') <= '7')
          v = ((v << 3) + Number(raw[i++])) & 0xffff;
        cur += String.fromCharCode(v);
      } // any other escaped character is dropped
      chopLimit = cur.length;
    } else if (ch === '"') {
      i++;
      curQuoted = true;
      quoted = !quoted;
      if (!quoted) {
        skipSpaces();
      }
    } else if (ch === ',' && !quoted) {
      chop();
      isList = true;
      items.push(cur);
      cur = '';
      curQuoted = false;
      i++;
      skipSpaces();
      chopLimit = 0;
    } else {
      let j = i + 1;
      while (j < raw.length && !['\\', '"', ','].includes(raw[j] ?? '')) j++;
      cur += raw.slice(i, j); // the file is ASCII-only in our tests; Qt reads bytes as Latin-1
      i = j;
    }
  }
  chop();
  if (isList) {
    items.push(cur);
    // stringListToVariantList: an item "@@x" is an escaped "@x", as for a single string
    return items.map((item) => (item.startsWith('@@') ? item.slice(1) : item));
  }
  // stringToVariant: "@@x" is an escaped "@x"; "@Invalid()" and other @Type(…) are typed
  if (cur.startsWith('@@')) return cur.slice(1);
  if (cur === '@Invalid()') return '';
  return cur;
}

/** Cut a line at an unquoted `;` (comment), honouring backslash escapes. */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) return line.slice(0, i);
  }
  return line;
}

/** Sections → keys → values, as QSettings would present them (keys as written, no %-decoding). */
export function readQtIni(text: string): Map<string, Map<string, QtValue>> {
  const result = new Map<string, Map<string, QtValue>>();
  let section = new Map<string, QtValue>();
  result.set('General', section);
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.trimStart();
    if (line === '' || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const name = line.slice(1, line.indexOf(']') >= 0 ? line.indexOf(']') : undefined);
      section = result.get(name) ?? new Map<string, QtValue>();
      result.set(name, section);
      continue;
    }
    const content = stripComment(line);
    const eq = content.indexOf('=');
    if (eq < 0) continue;
    section.set(content.slice(0, eq).trim(), qtUnescape(content.slice(eq + 1)));
  }
  return result;
}
