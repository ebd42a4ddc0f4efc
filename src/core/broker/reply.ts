// The one parsed form both broker dialects produce (plain.ts, json.ts). BrokerSession works
// only with this, so adding a dialect never touches the session logic.
import { excerpt } from '../errors';
import type { BrokerTask, BrokerReply } from '../transport/types';
import type { RawProfile, SessionInfo } from '../../shared/model';
import type { BrokerClientConfig, BrokerCommand } from './broker-events-reply';

/** What selectsession named, before the session layer applies defaults (port, login user). */
export interface ParsedSelection {
  server: string;
  /** null when the reply carried no port (`SERVER:host`): the profile's sshport applies. */
  port: number | null;
  /** PEM private key exactly from BEGIN to END line plus a final LF; a secret. */
  privateKey: string | null;
  pubkeyAccepted: boolean;
  sessionInfo: SessionInfo[];
}

/** What one successful reply said, in either dialect (docs/protocol.md §3.1, §4.2). */
export interface ParsedReply {
  /** Cookie the broker issued with this reply (AUTHID: / next-authid), null when none. */
  authId: string | null;
  /** listsessions: the profiles in reply order (empty when the user has none). */
  profiles: RawProfile[] | null;
  /** selectsession: what the broker selected. */
  selection: ParsedSelection | null;
  /** testcon: the broker answered its connectivity test. */
  testcon: boolean;
  /** Non-fatal oddities (missing END marker, duplicate sections …) for logs and `--debug`. */
  warnings: string[];
  // ---- client events (broker-events-reply.ts, docs/protocol.md §12.3; plain dialect only) ----
  /** listsessions: the broker's client config (null: none, no events asked for). */
  clientConfig?: BrokerClientConfig | null;
  /** clientevent: the broker's SUSPEND / TERMINATE orders. */
  commands?: BrokerCommand[];
}

/** A broker reply dialect (plain.ts, json.ts); BrokerSession picks one by the URL. */
export interface DialectParser {
  /**
   * Parse a successful (HTTP 200 / SSH exit 0) reply to `task`. Throws a LauncherError:
   * `auth` when the broker did not grant access, `protocol` for malformed replies (with the
   * offending line), `no-server` never (that is the session's decision).
   */
  parse(task: BrokerTask, reply: BrokerReply, maxChars?: number): ParsedReply;
}

/**
 * A reply line for an error message, with cookies masked: a one-time AUTHID printed in an
 * error would still be valid for whoever reads the log.
 */
export function replyLine(line: string): string {
  return excerpt(
    line
      .replace(/AUTHID:\s*\S+/g, 'AUTHID:<hidden>')
      .replace(/("next-authid"\s*:\s*)"[^"]*"/g, '$1"<hidden>"')
      .replace(/PRIVATE KEY-----[\s\S]*/, 'PRIVATE KEY-----<hidden>'),
  );
}

/**
 * At most this many warnings per reply (the last one then counts the rest): a hostile reply
 * could otherwise make one per line — 2.8 M warnings, 550 MB, from an 8 MiB reply.
 */
export const MAX_REPLY_WARNINGS = 50;

/**
 * A warnings list whose `push` keeps the first `max - 1` and then one "… and N more" line.
 * A plain array otherwise (the override is non-enumerable), so callers and tests see string[].
 */
export function cappedWarnings(max = MAX_REPLY_WARNINGS): string[] {
  const list: string[] = [];
  let more = 0;
  Object.defineProperty(list, 'push', {
    value: (...items: string[]): number => {
      for (const item of items) {
        if (more === 0 && list.length < max - 1) list[list.length] = item;
        else list[max - 1] = `… and ${++more} more warnings`;
      }
      return list.length;
    },
  });
  return list;
}

/** A ParsedReply with nothing in it yet (no cookie, no profiles, capped warnings). */
export function emptyReply(): ParsedReply {
  return {
    authId: null,
    profiles: null,
    selection: null,
    testcon: false,
    warnings: cappedWarnings(),
  };
}
