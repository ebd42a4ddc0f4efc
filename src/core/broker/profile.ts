// RawProfile (as a dialect parsed it) → BrokerProfile (the one model every layer uses).
// Plain replies give strings, JSON replies native types; both end up identical here.
import { decodeIcon } from './icon';
import type { BrokerProfile, RawFields, RawProfile, RawValue, SessionKind } from './model';

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

export function normaliseProfile(raw: RawProfile): BrokerProfile {
  const get = lookup(raw.fields);
  const name = text(get('name'))?.trim() || raw.id;
  const parts = name
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  const label = parts.length ? parts[parts.length - 1]! : raw.id;
  const folder = parts.slice(0, -1).join('/');
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

export function normaliseProfiles(raws: RawProfile[]): BrokerProfile[] {
  return raws.map(normaliseProfile);
}
