// x2goclient's plain-text dialect (`/plain/`, and every SSH broker): docs/protocol.md §3, §8.2.
// Parsed literally and defensively — CRLF and legacy `<br>` tolerated, markers must be exact
// lines, the cookie is only taken from the header before `Access granted` (a profile value
// can never inject one), values are decoded with Qt's INI value rules as x2goclient reads
// them (quotes, backslash escapes, unquoted commas make a list: qt-ini-value.ts), nothing
// throws except a LauncherError.
import type { CodedReason } from '../errors';
import { LauncherError, excerpt } from '../errors';
import type { BrokerReply, BrokerTask } from '../transport/types';
import { DEFAULT_LIMITS } from '../transport/types';
import type { RawFields, RawProfile } from '../../shared/model';
import type { DialectParser, ParsedSelection } from './reply';
import { emptyReply, replyLine } from './reply';
import { MAX_QT_LIST_ITEMS, decodeQtIniValue } from './qt-ini-value';
import { KEY_BEGIN, checkPrivateKeyBlock } from './private-key';
import { parseServerSpec } from './server';
import { parseSessionInfoLines } from './session-info';
import { parseBrokerCommands, parseClientConfig } from './broker-events-reply';

const GRANTED = 'Access granted';
const START = 'START_USER_SESSIONS';
const END = 'END_USER_SESSIONS';

/** The legacy `<br>` line separator (`<br>`, `<br/>`, `<br />`, any case). */
const BR = /<br\s*\/?>/gi;

/**
 * Split into lines: LF, CRLF and the legacy `<br>` separator; one trailing CR per line.
 * One pass with indexOf (a 1,000-profile reply is 4.5 MB): the `<br>` rewrite, a copy of the
 * whole body, runs only when the body has a `<br`, and a line is copied only to drop its CR.
 */
export function splitLines(body: string): string[] {
  const text = /<br/i.test(body) ? body.replace(BR, '\n') : body;
  const lines: string[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    lines.push(text.slice(from, end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end));
    if (nl < 0) return lines;
    from = nl + 1;
  }
}

/** A marker line compares exactly, apart from trailing blanks (spaces, tabs). */
function isMarker(line: string, marker: string): boolean {
  return line.trimEnd() === marker;
}

/**
 * x2goclient's plain-text dialect (`/plain/` and SSH brokers, docs/protocol.md §3, §5.3).
 * `parse` throws `auth` when no exact `Access granted` line came, `protocol` for a reply over
 * `maxChars` characters or a malformed `SERVER:`/key block (§8.2, §8.3).
 */
export const plainDialect: DialectParser = {
  parse(task: BrokerTask, reply: BrokerReply, maxChars = DEFAULT_LIMITS.maxReplyBytes) {
    if (reply.body.length > maxChars) {
      throw new LauncherError(
        'broker.reply.too-large',
        { size: reply.body.length, limit: maxChars },
        `The broker's reply is too large (${reply.body.length} characters, limit ${maxChars}).`,
      );
    }
    const lines = splitLines(reply.body);
    const out = emptyReply();

    if (task === 'testcon') {
      // x2gobroker answers exactly `OK` (no AUTHID, no "Access granted").
      if (lines.some((l) => l.trim() === 'OK') || lines.some((l) => isMarker(l, GRANTED))) {
        out.testcon = true;
        return out;
      }
      throw notBroker(reply, lines, 'did not answer the connectivity test with OK', {
        code: 'broker.plain.testcon-not-ok',
        params: {},
      });
    }

    const granted = lines.findIndex((l) => isMarker(l, GRANTED));
    if (granted < 0) throw notGranted(reply, lines);
    for (const l of lines.slice(0, granted)) {
      if (l.startsWith('AUTHID:')) {
        const cookie = l.slice('AUTHID:'.length).trim();
        if (cookie) out.authId = cookie;
        break; // the first AUTHID line counts (as in x2goclient)
      }
    }
    const rest = lines.slice(granted + 1);
    if (task === 'listsessions') out.profiles = parseProfiles(rest, out.warnings);
    else if (task === 'selectsession') out.selection = parseSelection(rest, out.warnings);
    // client events (docs/protocol.md §12.3)
    if (task === 'listsessions') out.clientConfig = parseClientConfig(rest, out.warnings);
    else if (task === 'clientevent') out.commands = parseBrokerCommands(rest);
    return out;
  },
};

function parseProfiles(lines: string[], warnings: string[]): RawProfile[] {
  const start = lines.findIndex((l) => isMarker(l, START));
  // No markers at all = the user has zero profiles (x2gobroker omits them then).
  if (start < 0) return [];
  let end = lines.findIndex((l, i) => i > start && isMarker(l, END));
  if (end < 0) {
    warnings.push(`the reply has no ${END} line; read the profiles to the end of the reply`);
    end = lines.length;
  }
  const byId = new Map<string, RawFields>();
  let current: RawFields | null = null;
  let skipping = false;
  for (let i = start + 1; i < end; i++) {
    const text = lines[i]!.trimEnd();
    if (!text.trim()) continue;
    if (text.startsWith('[')) {
      const id = text.endsWith(']') ? text.slice(1, -1) : '';
      if (!id || id.includes('\n')) {
        warnings.push(`ignored a profile with a malformed header: ${excerpt(text, 60)}`);
        current = null;
        skipping = true;
        continue;
      }
      skipping = false;
      const seen = byId.get(id);
      if (seen) {
        // Same as Qt's QSettings: the sections merge, a later key wins.
        warnings.push(`profile [${excerpt(id, 60)}] appears twice; merged (later keys win)`);
        current = seen;
      } else {
        current = Object.create(null) as RawFields;
        byId.set(id, current);
      }
      continue;
    }
    if (!current) {
      if (!skipping) warnings.push(`ignored a line outside any profile: ${excerpt(text, 60)}`);
      continue;
    }
    const eq = text.indexOf('=');
    if (eq < 0) continue; // continuation line of a multi-line config value (docs/protocol.md §3.3)
    const key = text.slice(0, eq).trim();
    if (!key) continue;
    // Everything after the first `=`, decoded as Qt's QSettings does for x2goclient. Keys stay
    // literal (Qt would %-decode them; profile keys are plain ASCII words).
    const value = decodeQtIniValue(text.slice(eq + 1));
    if (value === null) {
      warnings.push(
        `ignored key ${excerpt(key, 40)}: a list of more than ${MAX_QT_LIST_ITEMS} items`,
      );
      continue;
    }
    current[key] = value;
  }
  return [...byId].map(([id, fields]) => ({ id, fields }));
}

function parseSelection(lines: string[], warnings: string[]): ParsedSelection {
  const serverLine = lines.find((l) => l.startsWith('SERVER:'));
  if (serverLine === undefined) {
    throw new LauncherError(
      'broker.reply.no-server',
      {},
      'The broker returned no server for this profile (no SERVER: line in its reply).',
      { line: replyLine(lines.find((l) => l.trim()) ?? '(empty)') },
    );
  }
  const { host, port } = parseServerSpec(serverLine.slice('SERVER:'.length), serverLine);
  const privateKey = extractKey(lines);
  const infos = lines
    .filter((l) => l.startsWith('SESSION_INFO:'))
    .map((l) => l.slice('SESSION_INFO:'.length));
  return {
    server: host,
    port,
    privateKey,
    pubkeyAccepted: false,
    sessionInfo: parseSessionInfoLines(infos, warnings),
  };
}

/** The first PEM private key block, BEGIN through the matching END line, LF-joined. */
function extractKey(lines: string[]): string | null {
  const begin = lines.findIndex((l) => KEY_BEGIN.test(l.trim()));
  if (begin < 0) return null;
  const kind = KEY_BEGIN.exec(lines[begin]!.trim())![1]!;
  const endLine = `-----END ${kind}PRIVATE KEY-----`;
  const end = lines.findIndex((l, i) => i > begin && l.trim() === endLine);
  if (end < 0) {
    // Never hand a truncated key to ssh.
    throw new LauncherError(
      'broker.key.no-end',
      {},
      `The broker sent a ${kind}private key without its END line.`,
      { line: `-----BEGIN ${kind}PRIVATE KEY-----` },
    );
  }
  // one key per reply (private-key.ts): a second BEGIN anywhere after the first is refused
  if (lines.slice(begin + 1).some((l) => KEY_BEGIN.test(l.trim())))
    throw new LauncherError(
      'broker.key.several',
      {},
      'The broker sent more than one private key.',
      {
        hint: 'No key was written or used. The broker administrator should check what selectsession returns.',
      },
    );
  return checkPrivateKeyBlock(lines.slice(begin, end + 1).map((l) => l.trim()));
}

function notGranted(reply: BrokerReply, lines: string[]): LauncherError {
  const first = lines.find((l) => l.trim()) ?? '';
  if (!first || /denied|failed|unauthori[sz]ed/i.test(reply.body)) {
    return new LauncherError('broker.access-denied', {}, 'The broker did not grant access.', {
      line: replyLine(first || '(empty reply)'),
    });
  }
  return notBroker(reply, lines, 'has no "Access granted" line', {
    code: 'broker.plain.no-access-line',
    params: {},
  });
}

function notBroker(
  reply: BrokerReply,
  lines: string[],
  what: string,
  reason: CodedReason,
): LauncherError {
  const first = lines.find((l) => l.trim()) ?? '(empty reply)';
  const html = /html/i.test(reply.contentType ?? '') || /^\s*</.test(reply.body);
  return LauncherError.from(reason, `The broker's reply ${what}.`, {
    line: replyLine(first),
    hint: html
      ? 'The server answered with a web page, not an X2Go broker reply: check the URL (it must end in /plain/ or /json/) or a captive portal/proxy in between.'
      : 'Check that the URL points to an X2Go Session Broker.',
  });
}
