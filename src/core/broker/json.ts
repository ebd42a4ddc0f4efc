// python-x2go's JSON dialect (`/json/`): docs/protocol.md §4. Hostile-input rules: the body is
// size-capped, its shape (values, depth, string length) is bounded before JSON.parse, every record built from broker data has a null
// prototype (a profile called `__proto__` is just a profile), wrong value types are
// normalised or reported — never a crash.
import type { CodedReason } from '../errors';
import { LauncherError, excerpt } from '../errors';
import type { BrokerReply, BrokerTask } from '../transport/types';
import { DEFAULT_LIMITS } from '../transport/types';
import type { RawFields, RawProfile, RawValue } from '../../shared/model';
import type { DialectParser, ParsedSelection } from './reply';
import { jsonExcessText, jsonShapeExcess, jsonShapeLimits } from './json-limits';
import { emptyReply, replyLine } from './reply';
import { checkPrivateKeyText } from './private-key';
import { checkServerHost, parsePort } from './server';
import { parseSessionInfoLines } from './session-info';

export { MAX_JSON_DEPTH } from './json-limits';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * python-x2go's JSON dialect (`/json/`, docs/protocol.md §4). `parse` throws `auth` when
 * access was not granted and `protocol` for a reply over `maxChars` characters or not of the
 * shape §4.2 describes.
 */
export const jsonDialect: DialectParser = {
  parse(task: BrokerTask, reply: BrokerReply, maxChars = DEFAULT_LIMITS.maxReplyBytes) {
    if (reply.body.length > maxChars) {
      throw new LauncherError(
        'broker.reply.too-large',
        { size: reply.body.length, limit: maxChars },
        `The broker's reply is too large (${reply.body.length} characters, limit ${maxChars}).`,
      );
    }
    const out = emptyReply();
    // testcon on /json/ answers 200 with an EMPTY body (not JSON): that is success.
    if (task === 'testcon') {
      out.testcon = true;
      return out;
    }
    checkContentType(reply);
    const doc = parseJson(reply.body, maxChars);
    if (!isObject(doc))
      throw malformed('is not a JSON object', reply.body, {
        code: 'broker.json.not-object',
        params: {},
      });
    if (doc['auth-status'] !== 'Access granted') {
      throw new LauncherError('broker.access-denied', {}, 'The broker did not grant access.', {
        line: excerpt(`auth-status: ${JSON.stringify(doc['auth-status'] ?? null)}`),
      });
    }
    const next = doc['next-authid'];
    if (typeof next === 'string' && next.trim()) out.authId = next.trim();

    if (task === 'listsessions') out.profiles = readProfiles(doc['profiles'], out.warnings);
    if (task === 'selectsession')
      out.selection = readSelection(doc['selected_session'], out.warnings);
    return out;
  },
};

function checkContentType(reply: BrokerReply): void {
  if (reply.contentType === null) return;
  const type = reply.contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/json' || type === 'application/json' || type.endsWith('+json')) return;
  throw new LauncherError(
    'broker.reply.not-json',
    { contentType: type || '-' },
    `The broker answered with ${type || 'no content type'} instead of JSON.`,
    {
      line: replyLine(reply.body.trimStart().split('\n')[0] ?? ''),
      hint: 'Check that the URL ends in /json/ and points to an X2Go Session Broker (not a web page or captive portal).',
    },
  );
}

/**
 * JSON.parse behind a linear shape check (json-limits.ts): too many values, too deep nesting
 * or a too long string is refused as 'protocol' before any tree is built.
 */
function parseJson(body: string, maxChars: number): Json {
  const excess = jsonShapeExcess(body, jsonShapeLimits(maxChars));
  if (excess)
    throw malformed(jsonExcessText(excess), body, {
      code: 'broker.json.too-complex',
      params: { reason: excess.reason, limit: excess.limit },
    });
  try {
    return JSON.parse(body) as Json;
  } catch (e) {
    throw malformed(`is not valid JSON (${(e as Error).message})`, body, {
      code: 'broker.json.invalid',
      params: { reason: (e as Error).message },
    });
  }
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readProfiles(value: Json | undefined, warnings: string[]): RawProfile[] {
  if (value === undefined || value === null) return [];
  if (!isObject(value))
    throw malformed('has a "profiles" member that is not an object', '', {
      code: 'broker.json.profiles-not-object',
      params: {},
    });
  const out: RawProfile[] = [];
  for (const id of Object.keys(value)) {
    const body = value[id];
    if (!isObject(body)) {
      warnings.push(`ignored profile ${excerpt(id, 60)}: not an object`);
      continue;
    }
    const fields = Object.create(null) as RawFields;
    for (const key of Object.keys(body)) fields[key] = toRawValue(body[key]!);
    out.push({ id, fields });
  }
  return out;
}

/** JSON → RawValue: scalars and flat lists as they are, anything nested as its JSON text. */
function toRawValue(v: Json): RawValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v))
    return v.map((item) =>
      item === null || typeof item !== 'object' ? item : JSON.stringify(item),
    );
  return JSON.stringify(v);
}

/** selected_session for an error line: a pushed private key is a secret and never shown. */
function selectionLine(value: Json | undefined): string {
  const shown = isObject(value) && value['key'] ? { ...value, key: '<hidden>' } : (value ?? null);
  return replyLine(`selected_session: ${JSON.stringify(shown)}`);
}

function readSelection(value: Json | undefined, warnings: string[]): ParsedSelection {
  const line = selectionLine(value);
  if (!isObject(value) || value['server'] === undefined || value['server'] === '') {
    throw new LauncherError(
      'broker.reply.no-server',
      {},
      'The broker returned no server for this profile (empty selected_session).',
      { line },
    );
  }
  const server = value['server'];
  if (typeof server !== 'string')
    throw malformed('names a server that is not a string', line, {
      code: 'broker.json.server-not-string',
      params: {},
    });
  const host = checkServerHost(server.trim(), line);
  // x2gobroker sends the port as a string ("22"); accept a number too.
  const rawPort = value['port'];
  let port: number | null = null;
  if (typeof rawPort === 'number' || (typeof rawPort === 'string' && rawPort.trim()))
    port = parsePort(String(rawPort).trim(), line);
  const key = value['key'];
  let privateKey: string | null = null;
  if (typeof key === 'string' && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(key)) {
    if (!/-----END [A-Z0-9 ]*PRIVATE KEY-----/.test(key))
      throw malformed('carries a private key without its END line', 'key=<private key>', {
        code: 'broker.key.no-end',
        params: {},
      });
    privateKey = checkPrivateKeyText(key);
  }
  const info = value['session_info'];
  const infoLines = typeof info === 'string' ? info.split('\n') : [];
  return {
    server: host,
    port,
    privateKey,
    pubkeyAccepted: value['authentication_pubkey'] === 'ACCEPTED',
    sessionInfo: parseSessionInfoLines(infoLines, warnings),
  };
}

function malformed(what: string, body: string, reason: CodedReason): LauncherError {
  return LauncherError.from(reason, `The broker's JSON reply ${what}.`, {
    line: replyLine(body.trimStart().split('\n')[0] ?? ''),
  });
}
