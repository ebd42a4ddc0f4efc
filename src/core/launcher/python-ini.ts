// Writer for the INI dialect pyhoca-cli reads: Python X2Go 0.6.1.3's session profiles, a
// `configparser.SafeConfigParser` (= ConfigParser with %-interpolation, strict) over UTF-8.
// Its rules differ from Qt's (qt-ini.ts), so the same file cannot serve both clients:
//   - no escapes at all: `\x41` stays four characters, quotes stay quotes;
//   - `%` starts an interpolation (`%(key)s`; a lone `%` makes pyhoca-cli crash) → `%%`;
//   - a line starting with whitespace continues the previous value; values are trimmed;
//   - typed reads: bool keys via getboolean(), int keys via getint() — anything else raises
//     and pyhoca-cli dies with a traceback;
//   - list keys (`host`, `applications`): a value in `[…]` is passed to Python's eval().
// A value this dialect cannot carry is rejected (the caller drops the key and warns), never
// written in a form that changes its meaning.

import { fitsKind } from './handoff-keys';
import { isSafeIniName } from './qt-ini';
import type { ReasonId } from '../../shared/error-reasons';

/** Python X2Go's session-profile keys with a bool default (X2GO_SESSIONPROFILE_DEFAULTS). */
export const PYTHON_BOOL_KEYS: ReadonlySet<string> = new Set([
  'autologin', 'autoconnect', 'autostart', 'setsessiontitle', 'useiconv', 'usesshproxy',
  'sshproxysameuser', 'sshproxysamepass', 'sshproxyautologin', 'uniquehostkeyaliases',
  'useexports', 'restoreexports', 'fstunnel', 'usemimebox', 'fullscreen', 'maxdim', 'setdpi',
  'xinerama', 'multidisp', 'usekbd', 'sound', 'startsoundsystem', 'soundtunnel', 'defsndport',
  'krblogin', 'forwardsshagent', 'rootless', 'published', 'directrdp', 'print', 'kdrive',
]); // prettier-ignore

/** …with an int default. */
export const PYTHON_INT_KEYS: ReadonlySet<string> = new Set([
  'speed', 'quality', 'sshproxyport', 'width', 'height', 'dpi', 'display', 'sndport', 'sshport',
  'rdpport',
]); // prettier-ignore

/** …with a list default: read with eval() when the value looks like `[…]`. */
export const PYTHON_LIST_KEYS: ReadonlySet<string> = new Set(['host', 'applications']);

/** The checked text of a value, or why Python's configparser would not read it back unchanged. */
/** A refusal carries its English `reason` and its id for the UI (`id`, error-reasons.ts). */
export type PythonIniCheck =
  | { ok: true; text: string }
  | { ok: false; reason: string; id: ReasonId<'client.pyhoca-value', 'reason'> };

/** The text to write for `key`, or why Python X2Go could not read `value` back unchanged. */
export function pythonIniValue(key: string, value: string | readonly string[]): PythonIniCheck {
  // Checked as the lower-cased key: configparser lower-cases keys by default (python-x2go
  // 0.6.1.3 sets optionxform = str, but a reader that folds case reads `Sound` with
  // getboolean() and eval()s `Applications`), so the stricter reading is the safe one.
  const option = key.toLowerCase();
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else {
    if (value.some((item) => item.includes(',') || item.trim() !== item))
      return { ok: false, reason: 'a list item contains a comma or edge spaces', id: 'list-item' };
    text = value.join(',');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(text))
    return {
      ok: false,
      reason: 'contains a control character or line break',
      id: 'control-character',
    };
  if (text.trim() !== text)
    return { ok: false, reason: 'has leading or trailing whitespace', id: 'edge-whitespace' };
  if (PYTHON_BOOL_KEYS.has(option) && !fitsKind('bool', text))
    return { ok: false, reason: 'not a boolean Python X2Go accepts', id: 'not-boolean' };
  if (PYTHON_INT_KEYS.has(option) && !fitsKind('int', text))
    return { ok: false, reason: 'not an integer', id: 'not-integer' };
  if (PYTHON_LIST_KEYS.has(option) && text.startsWith('['))
    return {
      ok: false,
      reason: 'starts with "[" (Python X2Go would eval() it)',
      id: 'eval-list',
    };
  return { ok: true, text: text.replaceAll('%', '%%') };
}

/** One section of a session file for Python X2Go. */
export interface PythonIniSection {
  name: string;
  /** Values already checked with pythonIniValue(). */
  entries: ReadonlyArray<readonly [key: string, text: string]>;
}

/**
 * The INI text for Python X2Go's configparser. Throws an Error (a bug, never broker input)
 * for an unsafe section name or key, or a key given twice (case-insensitive).
 */
export function writePythonIni(sections: readonly PythonIniSection[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    if (!isSafeIniName(section.name) || section.name.toLowerCase() === 'default')
      throw new Error(`unsafe INI section name: ${JSON.stringify(section.name)}`);
    if (lines.length > 0) lines.push('');
    lines.push(`[${section.name}]`);
    // lower-cased: configparser folds case by default (a duplicate is then an error)
    const seen = new Set<string>();
    for (const [key, text] of section.entries) {
      if (!isSafeIniName(key)) throw new Error(`unsafe INI key: ${JSON.stringify(key)}`);
      if (seen.has(key.toLowerCase())) throw new Error(`duplicate INI key: ${key}`);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(text) || text.trim() !== text)
        throw new Error(`unchecked INI value for ${key}`);
      seen.add(key.toLowerCase());
      lines.push(`${key}=${text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
