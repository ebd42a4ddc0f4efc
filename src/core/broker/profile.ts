// RawProfile (as a dialect parsed it) → BrokerProfile (the one model every layer uses).
// Plain replies give strings, JSON replies native types; both end up identical here.
import { decodeIcon } from './icon';
import type {
  BrokerProfile,
  RawFields,
  RawProfile,
  RawValue,
  SessionKind,
} from '../../shared/model';

/** Commands x2gobroker treats as full desktops (it forces rootless=0 for them). */
const DESKTOP_COMMANDS = new Set([
  'KDE',
  'GNOME',
  'XFCE',
  'CINNAMON',
  'MATE',
  'LXDE',
  'LXQT',
  'TRINITY',
  'UNITY',
  'ICEWM',
  'OPENBOX',
]);

/** 1/0, true/false, yes/no, on/off (any case); null when the value is none of them. */
export function parseBool(value: RawValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  return null;
}

/** A list from a JSON array or the plain dialect's comma-joined string. */
export function parseList(value: RawValue | undefined): string[] {
  const items = Array.isArray(value)
    ? value.map((v) => (v === null ? '' : String(v)))
    : typeof value === 'string' || typeof value === 'number'
      ? String(value).split(',')
      : [];
  return items.map((s) => s.trim()).filter(Boolean);
}

/**
 * A TCP port from a profile value (number or decimal text, 1–65535); `fallback` for anything
 * else. Never throws: a bad `sshport` is the broker's fault, not a reason to drop the profile.
 */
export function parsePortValue(value: RawValue | undefined, fallback = 22): number {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,5}$/.test(text)) return fallback;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : fallback;
}

function text(value: RawValue | undefined): string | null {
  if (typeof value === 'string') return value;
  // A Qt list (plain `name=a, b`: an unquoted comma) or a JSON array read as text.
  if (Array.isArray(value)) return value.map((v) => (v === null ? '' : String(v))).join(', ');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Case-insensitive field lookup (keys arrive in the case of the broker's config file). */
function lookup(fields: RawFields): (key: string) => RawValue | undefined {
  const lower = new Map<string, RawValue>();
  for (const k of Object.keys(fields)) {
    const l = k.toLowerCase();
    if (!lower.has(l) || k === l) lower.set(l, fields[k]!);
  }
  return (key) => lower.get(key);
}

/**
 * The session kind from a profile's `command` and its `published`/`kdrive` switches (read
 * through `get`, case-insensitive keys), docs/protocol.md §7.1.
 */
export function kindOf(command: string, get: (key: string) => RawValue | undefined): SessionKind {
  const c = command.trim().toUpperCase();
  if (c === 'RDP') return 'rdp';
  if (c === 'XDMCP') return 'xdmcp';
  if (c === 'SHADOW') return 'shadow';
  if (c === 'PUBLISHED' || parseBool(get('published')) === true) return 'published';
  if (parseBool(get('kdrive')) === true) return 'kdrive';
  if (DESKTOP_COMMANDS.has(c)) return 'desktop';
  return 'application';
}

/**
 * Deepest folder path taken from a profile name. Every layer that shows folders (the
 * catalogue's tree, breadcrumbs) does work per ancestor of a folder, i.e. quadratic in its
 * depth: a name of 100,000 `a/` pieces from a hostile broker would build 100,000 paths of up to
 * 200 KB each. Pieces below this depth stay in the label, so nothing of the name is lost.
 */
export const MAX_FOLDER_DEPTH = 16;

/**
 * Folder and label from a `/`-separated name: pieces trimmed, empty ones dropped, the first
 * MAX_FOLDER_DEPTH pieces (all but the last, if fewer) are the folder, the rest the label.
 * One pass with indexOf, no array of pieces: linear in the name with a small constant.
 */
export function splitProfileName(name: string, fallbackLabel: string): [string, string] {
  let folder = '';
  let depth = 0;
  let label = ''; // the last piece seen, or everything after the folder once it is full
  let from = 0;
  while (from <= name.length) {
    let end = name.indexOf('/', from);
    if (end < 0) end = name.length;
    const piece = name.slice(from, end).trim();
    from = end + 1;
    if (!piece) continue;
    if (depth === MAX_FOLDER_DEPTH) {
      label += `/${piece}`;
    } else if (label) {
      folder += depth ? `/${label}` : label;
      depth++;
      label = depth === MAX_FOLDER_DEPTH ? `/${piece}` : piece;
    } else {
      label = piece;
    }
  }
  if (depth === MAX_FOLDER_DEPTH) label = label.slice(1);
  return label ? [folder, label] : ['', fallbackLabel];
}

/**
 * One profile as a dialect parsed it → the model every layer uses: case-insensitive keys,
 * typed fields, folder/label from the name, kind from the command, a sanitised icon (or
 * null), `raw` as a prototype-free copy. Never throws; linear in the size of the fields.
 */
export function normaliseProfile(raw: RawProfile): BrokerProfile {
  const get = lookup(raw.fields);
  const name = text(get('name'))?.trim() || raw.id;
  const [folder, label] = splitProfileName(name, raw.id);
  const command = text(get('command'))?.trim() || 'TERMINAL';
  const kind = kindOf(command, get);
  const status = text(get('status'))?.trim().toUpperCase();
  const raw2 = Object.create(null) as RawFields;
  for (const k of Object.keys(raw.fields)) raw2[k] = raw.fields[k]!;
  return {
    id: raw.id,
    name,
    label,
    folder,
    command,
    kind,
    hosts: parseList(get('host')),
    sshPort: parsePortValue(get('sshport')),
    user: text(get('user')) ?? '',
    rootless: parseBool(get('rootless')) ?? kind !== 'desktop',
    published: parseBool(get('published')) ?? kind === 'published',
    icon: decodeIcon(get('icon')),
    status: status === 'R' ? 'running' : status === 'S' ? 'suspended' : null,
    raw: raw2,
  };
}

/**
 * Normalise raw profiles in reply order (docs/protocol.md §7). Never throws: odd values fall
 * back to defaults.
 */
export function normaliseProfiles(raws: RawProfile[]): BrokerProfile[] {
  return raws.map(normaliseProfile);
}
