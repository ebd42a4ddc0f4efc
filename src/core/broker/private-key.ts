// The private key a broker may push with selectsession (docs/handoff.md: the key goes to a 0600
// file the client logs in with). The broker is untrusted, so the block must be exactly one
// PEM/OpenSSH private key: BEGIN and END with the same label, then only the RFC 7468 body
// (base64 lines, and RFC 1421 Proc-Type/DEK-Info headers for legacy encrypted PEM keys). Text
// that merely sits between a BEGIN and an END line (an /etc/passwd dump, a `SERVER:` line, a
// second key, an `-----END …-----x` trick) is refused instead of being written to disk and
// handed to a client. Error texts name line numbers only: the block is a secret.
import type { CodedReason } from '../errors';
import { LauncherError } from '../errors';

/** A BEGIN line of a private key: `-----BEGIN [LABEL ]PRIVATE KEY-----`; group 1 is the label. */
export const KEY_BEGIN = /^-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----$/;
const KEY_END = /^-----END ([A-Z0-9 ]*)PRIVATE KEY-----$/;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM_HEADER = /^(Proc-Type|DEK-Info): [A-Za-z0-9,. -]+$/;
/** Far above any real key (an 16384-bit RSA PEM is ~12 KB); the reply cap bounds it anyway. */
const MAX_KEY_LINES = 1024;

function refused(what: string, reason: CodedReason): LauncherError {
  return LauncherError.from(reason, `The broker sent a private key that ${what}.`, {
    hint: 'The key was not written or used. The broker administrator should check what selectsession returns.',
  });
}

/**
 * Check one private key block and return it LF-joined with a final LF.
 * @param lines the block from its BEGIN line through its END line, each already trimmed
 * @throws LauncherError('protocol') if the labels differ, a body line is not base64 (or a
 *   leading PEM header), the block is empty or longer than 1024 lines
 */
export function checkPrivateKeyBlock(lines: readonly string[]): string {
  const begin = KEY_BEGIN.exec(lines[0] ?? '');
  const end = KEY_END.exec(lines[lines.length - 1] ?? '');
  if (!begin || !end || lines.length < 3)
    throw refused('is not one BEGIN … END block', { code: 'broker.key.not-one-block', params: {} });
  if (begin[1] !== end[1])
    throw refused('ends with another label than it begins with', {
      code: 'broker.key.label-mismatch',
      params: {},
    });
  if (lines.length > MAX_KEY_LINES)
    throw refused(`has more than ${MAX_KEY_LINES} lines`, {
      code: 'broker.key.too-many-lines',
      params: { limit: MAX_KEY_LINES },
    });
  let i = 1;
  // RFC 1421 headers of a legacy encrypted PEM key, then one empty line
  if (PEM_HEADER.test(lines[i]!)) {
    while (PEM_HEADER.test(lines[i]!)) i++;
    if (lines[i] !== '')
      throw refused(`has no empty line after its headers (line ${i + 1})`, {
        code: 'broker.key.no-blank-line',
        params: { line: i + 1 },
      });
    i++;
  }
  const bodyStart = i;
  for (; i < lines.length - 1; i++) {
    if (!BASE64_LINE.test(lines[i]!))
      throw refused(`has a line that is not base64 key data (line ${i + 1} of the key)`, {
        code: 'broker.key.bad-line',
        params: { line: i + 1 },
      });
  }
  if (i === bodyStart) throw refused('has no key data', { code: 'broker.key.no-data', params: {} });
  return `${lines.join('\n')}\n`;
}

/**
 * A pushed key given as one string (JSON dialect): surrounding blank space is dropped, CRLF
 * becomes LF, and the whole string must be exactly one key block.
 * @throws LauncherError('protocol') as checkPrivateKeyBlock, or for text around the block
 */
export function checkPrivateKeyText(text: string): string {
  const lines = text
    .replace(/\r\n/g, '\n')
    .trim()
    .split('\n')
    .map((l) => l.trim());
  if (lines.slice(1).some((l) => KEY_BEGIN.test(l)))
    throw refused('holds more than one key', { code: 'broker.key.several', params: {} });
  return checkPrivateKeyBlock(lines);
}
