// What a plain-dialect broker says about client events (x2goclient 4.1.2.x; docs/protocol.md
// §12.3): the client-config section of a listsessions reply that asks for them, and the
// SUSPEND / TERMINATE lines of a clientevent reply. Pure functions on the reply's lines after
// "Access granted" (plain.ts), so every hostile shape is unit-tested without a network.
// A hand-written reader, not an INI library: the section is three flat keys, read with Qt's
// QSettings/QVariant rules that no INI library reproduces (bool "false"/"0"/"" only).
import { excerpt } from '../errors';

/** The broker's client config (x2goclient's processClientConfig). */
export interface BrokerClientConfig {
  /** `events`: send client events (task clientevent). */
  events: boolean;
  /**
   * `liveevent`: seconds between ALIVE events; 0 = none. Values below MIN_ALIVE_SECONDS are
   * raised to it and above MAX_ALIVE_SECONDS lowered to it (a hostile `liveevent=1` must not
   * make us send 86,400 requests a day).
   */
  aliveSeconds: number;
}

/** A broker's order in a clientevent reply: suspend or terminate the session named `sid`. */
export interface BrokerCommand {
  action: 'suspend' | 'terminate';
  sid: string;
}

/** The line that opens the client config section (x2goclient's createIniFile). */
export const CLIENT_CONFIG_START = 'START_CLIENT_CONFIG';
/** The line that closes it. */
export const CLIENT_CONFIG_END = 'END_CLIENT_CONFIG';
/** Shortest ALIVE interval honoured, in seconds (a shorter `liveevent` is raised to it). */
export const MIN_ALIVE_SECONDS = 10;
/** Longest ALIVE interval, in seconds (one day). */
export const MAX_ALIVE_SECONDS = 86_400;
/** Longest session ID a SUSPEND / TERMINATE line may name (longer lines are ignored). */
const MAX_SID = 256;

/** QVariant(QString).toBool(): false only for "", "0" and "false" (any case). */
function qtBool(value: string): boolean {
  const v = value.trim().toLowerCase();
  return !(v === '' || v === '0' || v === 'false');
}

/** QVariant(QString).toUInt(): decimal digits only, else 0. */
function qtUInt(value: string): number {
  const v = value.trim();
  return /^\d{1,10}$/.test(v) ? Number(v) : 0;
}

/**
 * The client config between START_CLIENT_CONFIG and END_CLIENT_CONFIG lines, or null when
 * the reply has none (then no events are sent). Keys outside the default ([General]) group
 * and unknown keys (`syncinterval`: the launcher has no periodic re-listing) are ignored with
 * a warning; a missing END line reads to the end of the reply.
 */
export function parseClientConfig(
  lines: readonly string[],
  warnings: string[],
): BrokerClientConfig | null {
  const start = lines.findIndex((l) => l.trim() === CLIENT_CONFIG_START);
  if (start < 0) return null;
  let end = lines.findIndex((l, i) => i > start && l.trim() === CLIENT_CONFIG_END);
  if (end < 0) {
    warnings.push(`the reply has no ${CLIENT_CONFIG_END} line; read the client config to the end`);
    end = lines.length;
  }
  const config: BrokerClientConfig = { events: false, aliveSeconds: 0 };
  let group = 'general';
  for (const line of lines.slice(start + 1, end)) {
    const text = line.trim();
    if (!text || text.startsWith(';') || text.startsWith('#')) continue;
    if (text.startsWith('[') && text.endsWith(']')) {
      group = text.slice(1, -1).trim().toLowerCase();
      continue;
    }
    const eq = text.indexOf('=');
    if (eq < 0 || group !== 'general') {
      warnings.push(`ignored a client config line: ${excerpt(text, 60)}`);
      continue;
    }
    const key = text.slice(0, eq).trim();
    const value = text.slice(eq + 1);
    if (key === 'events') config.events = qtBool(value);
    else if (key === 'liveevent') config.aliveSeconds = qtUInt(value);
    else warnings.push(`ignored client config key ${excerpt(key, 40)}`);
  }
  if (config.aliveSeconds > 0) {
    const asked = config.aliveSeconds;
    config.aliveSeconds = Math.min(MAX_ALIVE_SECONDS, Math.max(MIN_ALIVE_SECONDS, asked));
    if (config.aliveSeconds !== asked)
      warnings.push(
        `liveevent=${asked} s is outside ${MIN_ALIVE_SECONDS}…${MAX_ALIVE_SECONDS} s; using ${config.aliveSeconds} s`,
      );
  }
  return config;
}

/**
 * The SUSPEND / TERMINATE orders of a clientevent reply: whole lines `SUSPEND <sid>` or
 * `TERMINATE <sid>` (x2goclient takes the words anywhere in the reply; a line is stricter and
 * cannot be smuggled inside another value). At most one order of each kind, the first.
 */
export function parseBrokerCommands(lines: readonly string[]): BrokerCommand[] {
  const out: BrokerCommand[] = [];
  for (const line of lines) {
    const m = /^(SUSPEND|TERMINATE)[ \t]+(\S+)$/.exec(line.trim());
    if (!m || m[2]!.length > MAX_SID) continue;
    const action = m[1] === 'SUSPEND' ? 'suspend' : 'terminate';
    if (!out.some((c) => c.action === action)) out.push({ action, sid: m[2]! });
  }
  return out;
}
