// The one table of settings an administrator (policy), the user and the command line may
// decide: name, type, built-in default, and the check every value passes whatever source it
// comes from (JSON file, Windows registry, macOS managed preferences, packaged defaults.json).
// docs/policy.md, packaging/policy/x2go-launcher.admx/.adml and the example .mobileconfig are
// checked against this table by tests (test/packaging/policy-templates.test.ts).
//
// Why a table of small validators instead of a JSON-schema validator: the values arrive in
// three shapes (JSON types, registry REG_DWORD/REG_SZ/REG_MULTI_SZ, plist types) and several
// need a check no schema keyword expresses (a broker URL x2goclient accepts, an absolute path
// x2goclient's syntax does not split, the local-resources object with per-broker entries).
// Each check returns a specific message, reported per key; a bad key never drops the others.
import { parseBrokerUrl } from '../broker/url';
import { parseLocalResources, type LocalResourcesConfig } from './local-resources';
import { parseAdminPinHash } from '../kiosk/admin-pin';

/** Local X2Go clients the launcher can hand a session to (x2goclient's and python-x2go's). */
export type PreferredClient = 'x2goclient' | 'pyhoca-cli';

/** What an administrator (or the user, or the command line) may decide. */
export interface Policy {
  /** Broker URL to preselect. */
  brokerUrl: string | null;
  /** Broker URLs offered in the list, in fail-over order (in addition to the user's own). */
  brokerUrls: string[];
  /** Display name of the broker (x2goclient's --broker-name). */
  brokerName: string | null;
  /** The user cannot type another broker URL. */
  lockBrokerUrl: boolean;
  /** Full-screen kiosk window, no menu, back to sign-in after each session. */
  kiosk: boolean;
  /** x2goclient's --thinclient: the machine is a thin client (no local desktop behind us). */
  thinclient: boolean;
  /** x2goclient's --haltbt: show a shut-down button (kiosk/thin client). */
  haltbt: boolean;
  /** Forget the sign-in after a session ends (x2goclient's --broker-autologoff). */
  autoLogoffAfterSession: boolean;
  /** Minutes without input before the kiosk signs out; null: never. */
  idleMinutes: number | null;
  /** The kiosk admin PIN's hash, `scrypt$N$r$p$salt$hash` (x2go-launcher kiosk-pin-hash). */
  adminPinHash: string | null;
  // Kiosk (issue 12, docs/kiosk.md §Policy keys)
  /** Kiosk: start the profile at once when the broker offers exactly one. */
  autostartSingleProfile: boolean;
  /** Kiosk: the shut-down button's command as argv (program by full path); []: the system's. */
  powerOffCommand: string[];
  /** Kiosk: the restart button's command as argv (program by full path); []: the system's. */
  rebootCommand: string[];
  /** Kiosk: also write x2goclient's `~/.halt` before shutting down (existing thin-client scripts). */
  writeHaltFile: boolean;
  /** Kiosk: touch and large mode (bigger tiles and targets). */
  touchMode: boolean;
  allowRememberUser: boolean;
  allowRememberPassword: boolean;
  /** The user may accept an unknown SSH host key (false: only known_hosts files count). */
  allowAddHostKeys: boolean;
  allowDevTools: boolean;
  /** Deep links (docs/deep-links.md): a link may start its profile at once, not only select it. */
  allowLinkStart: boolean;
  /** One extra CA certificate file (PEM); kept for files written before `brokerCaFiles`. */
  brokerCaFile: string | null;
  /** Extra CA certificate files (PEM) for an https broker behind a corporate CA. */
  brokerCaFiles: string[];
  /** known_hosts file with the SSH broker's host key (read-only; kiosks never prompt). */
  sshKnownHostsFile: string | null;
  /** The local X2Go client to use first; null: the built-in order. */
  preferredClient: PreferredClient | null;
  /** Absolute path of that client's program; null: searched as usual. */
  clientPath: string | null;
  /** What sessions may use of this machine, per broker (local-resources.ts, docs/handoff.md §3). */
  localResources: LocalResourcesConfig | null;
  /** UI language; null: the system's. */
  language: 'en' | 'de' | 'fr' | null;
  /** `direct`, `system`, or an http(s)/socks proxy URL without credentials (docs/proxies.md). */
  proxy: string | null;
}

export type PolicyKey = keyof Policy;
/** The name the resolver and the CLI use for a key of the table. */
export type SettingKey = PolicyKey;

/** How a value is stored: decides the coercion from registry/plist and the template element. */
export type SettingType = 'boolean' | 'string' | 'list' | 'integer' | 'object' | 'enum';

export interface SettingSpec {
  type: SettingType;
  default: unknown;
  /** One line for docs/policy.md and the ADML explanation. */
  summary: string;
  /** Allowed words for `enum`. */
  values?: readonly string[];
  /** For `list`: a check of the whole list (e.g. an argv); a message rejects the value. */
  checkList?(items: readonly string[]): string | null;
  /** For `integer`: inclusive range. */
  min?: number;
  max?: number;
  /**
   * Check one value already of the right JS type (a string, or one list item); return the
   * value to keep, or a message saying what is wrong. Absent: any short string is fine.
   */
  check?(value: string): { value: string } | { error: string };
  /** `object` keys: the parser, which reports its own warnings. */
  parseObject?(value: unknown): { value: unknown; warnings: string[] };
}

const MAX_TEXT = 2048;
const MAX_LIST = 50;

function brokerUrlCheck(value: string): { value: string } | { error: string } {
  try {
    parseBrokerUrl(value);
    return { value };
  } catch (error) {
    return { error: `is not a broker URL (${(error as Error).message})` };
  }
}

/** Absolute POSIX path, drive path (`C:\…`) or UNC path; no control characters. */
function isAbsolutePath(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 1024) return false;
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || /^\\\\[^\\]+\\/.test(value);
}

function pathCheck(value: string): { value: string } | { error: string } {
  return isAbsolutePath(value)
    ? { value }
    : { error: 'must be an absolute path (/…, C:\\… or \\\\server\\…)' };
}

function proxyCheck(value: string): { value: string } | { error: string } {
  if (value === 'direct' || value === 'system') return { value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: 'must be "direct", "system" or a proxy URL (http://host:port)' };
  }
  // Proxies (issue 13): the schemes a maintained agent speaks here (https-proxy-agent,
  // http-proxy-agent, socks-proxy-agent; docs/proxies.md §1). A bare socks:// is refused:
  // tools disagree on its version.
  if (
    !['http:', 'https:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'].includes(url.protocol) ||
    !url.hostname
  )
    return {
      error:
        'must be an http://, https://, socks4://, socks4a://, socks5:// or socks5h:// proxy URL with a host',
    };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return { error: 'must be only scheme://host:port, without a path' };
  // Policy files are readable by every user: a proxy password does not belong in one.
  if (url.username || url.password) return { error: 'must not carry a user name or password' };
  return { value };
}

/** A kiosk power command (issue 12): argv run without a shell, its program by full path. */
function argvCheck(items: readonly string[]): string | null {
  if (items.length === 0) return null;
  if (items.length > 32) return 'must have at most 32 arguments';
  return isAbsolutePath(items[0]!) ? null : 'must start with the program by full path (/…)';
}

/** The key table. Order: as docs/policy.md and the templates list them. */
export const SETTINGS: { readonly [K in PolicyKey]: SettingSpec } = {
  brokerUrl: {
    type: 'string',
    default: null,
    summary: 'Broker URL preselected at start (http[s]://host/plain/, …/json/, ssh://…).',
    check: brokerUrlCheck,
  },
  brokerUrls: {
    type: 'list',
    default: [],
    summary: 'Broker URLs offered in the list, in fail-over order.',
    check: brokerUrlCheck,
  },
  brokerName: {
    type: 'string',
    default: null,
    summary: 'Display name of the broker.',
  },
  lockBrokerUrl: {
    type: 'boolean',
    default: false,
    summary: 'The user cannot use another broker URL than brokerUrl.',
  },
  kiosk: {
    type: 'boolean',
    default: false,
    summary: 'Full-screen kiosk window without menu; back to sign-in after each session.',
  },
  thinclient: {
    type: 'boolean',
    default: false,
    summary: 'The machine is a thin client (x2goclient --thinclient).',
  },
  haltbt: {
    type: 'boolean',
    default: false,
    summary: 'Show a shut-down button (x2goclient --haltbt).',
  },
  autoLogoffAfterSession: {
    type: 'boolean',
    default: false,
    summary: 'Forget the broker sign-in when a session ends (x2goclient --broker-autologoff).',
  },
  idleMinutes: {
    type: 'integer',
    default: null,
    min: 1,
    max: 1440,
    summary: 'Minutes without input before a kiosk signs out (1–1440); unset: never.',
  },
  adminPinHash: {
    type: 'string',
    default: null,
    summary:
      'Hash of the kiosk admin PIN, scrypt$N$r$p$salt$hash as `x2go-launcher kiosk-pin-hash` prints it.',
    // The same parser the kiosk's PIN gate uses: a value accepted here is one the gate can check.
    check: (v) =>
      parseAdminPinHash(v)
        ? { value: v }
        : {
            error:
              'must be scrypt$N$r$p$salt$hash with bounded parameters (x2go-launcher kiosk-pin-hash)',
          },
  },
  // Kiosk (issue 12)
  autostartSingleProfile: {
    type: 'boolean',
    default: false,
    summary: 'Kiosk: start the profile at once when the broker offers exactly one.',
  },
  powerOffCommand: {
    type: 'list',
    default: [],
    summary:
      'Kiosk shut-down command as program (full path) and arguments; unset: the system (systemctl poweroff).',
    checkList: argvCheck,
  },
  rebootCommand: {
    type: 'list',
    default: [],
    summary:
      'Kiosk restart command as program (full path) and arguments; unset: the system (systemctl reboot).',
    checkList: argvCheck,
  },
  writeHaltFile: {
    type: 'boolean',
    default: false,
    summary: "Kiosk: also write x2goclient's ~/.halt file before shutting down.",
  },
  touchMode: {
    type: 'boolean',
    default: false,
    summary: 'Kiosk: touch and large mode (bigger tiles and targets).',
  },
  allowRememberUser: {
    type: 'boolean',
    default: true,
    summary: 'The user may have the broker user name remembered.',
  },
  allowRememberPassword: {
    type: 'boolean',
    default: true,
    summary: 'The user may have the broker password remembered (encrypted by the OS).',
  },
  allowAddHostKeys: {
    type: 'boolean',
    default: true,
    summary: 'The user may accept an unknown SSH host key (false: known_hosts files only).',
  },
  allowDevTools: {
    type: 'boolean',
    default: false,
    summary: 'The developer tools may be opened in a packaged app.',
  },
  // deep links (docs/deep-links.md)
  allowLinkStart: {
    type: 'boolean',
    default: false,
    summary:
      'An x2go-launcher:// link or desktop shortcut starts its profile after sign-in (false: it only selects it).',
  },
  brokerCaFile: {
    type: 'string',
    default: null,
    summary: 'One extra CA certificate file (PEM); older name, brokerCaFiles is preferred.',
    check: pathCheck,
  },
  brokerCaFiles: {
    type: 'list',
    default: [],
    summary: 'Extra CA certificate files (PEM) trusted for https brokers.',
    check: pathCheck,
  },
  sshKnownHostsFile: {
    type: 'string',
    default: null,
    summary: 'known_hosts file (read-only) vouching for SSH brokers and X2Go servers.',
    check: pathCheck,
  },
  preferredClient: {
    type: 'enum',
    default: null,
    values: ['x2goclient', 'pyhoca-cli'],
    summary: 'The local X2Go client tried first.',
  },
  clientPath: {
    type: 'string',
    default: null,
    summary: 'Absolute path of the preferred client program.',
    check: pathCheck,
  },
  localResources: {
    type: 'object',
    default: null,
    summary:
      'Local resources sessions may use (folders, printing, …), with per-broker entries (docs/handoff.md §3).',
    parseObject: (value) => {
      const parsed = parseLocalResources(value);
      return { value: parsed.config, warnings: parsed.warnings };
    },
  },
  language: {
    type: 'enum',
    default: null,
    values: ['en', 'de', 'fr'],
    summary: 'UI language; unset: the system language.',
  },
  proxy: {
    type: 'string',
    default: null,
    summary:
      'Proxy for the broker (http and https): "direct", "system", http(s)://host:port or socks4/socks4a/socks5/socks5h://host:port (docs/proxies.md).',
    check: proxyCheck,
  },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as PolicyKey[];

export function isSettingKey(key: string): key is PolicyKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** Built-in defaults (fresh arrays each call). */
export function defaultPolicy(): Policy {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = structuredClone(SETTINGS[key].default);
  return out as unknown as Policy;
}

/**
 * Check one value against the table. Returns the value to keep, or a message naming the key
 * (`"kiosk" must be true or false`). `object` keys may also return warnings of their own.
 */
export function validateSetting(
  key: PolicyKey,
  value: unknown,
): { ok: true; value: unknown; warnings: string[] } | { ok: false; error: string } {
  const spec = SETTINGS[key];
  const bad = (error: string) => ({ ok: false as const, error: `"${key}" ${error}` });
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? { ok: true, value, warnings: [] }
        : bad('must be true or false');
    case 'integer': {
      const { min = 0, max = Number.MAX_SAFE_INTEGER } = spec;
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? { ok: true, value, warnings: [] }
        : bad(`must be a whole number from ${min} to ${max}`);
    }
    case 'enum':
      return typeof value === 'string' && spec.values!.includes(value)
        ? { ok: true, value, warnings: [] }
        : bad(`must be one of ${spec.values!.map((v) => `"${v}"`).join(', ')}`);
    case 'string': {
      if (typeof value !== 'string' || !value.trim() || value.length > MAX_TEXT)
        return bad('must be a non-empty string');
      const checked = spec.check ? spec.check(value.trim()) : { value: value.trim() };
      return 'error' in checked
        ? bad(checked.error)
        : { ok: true, value: checked.value, warnings: [] };
    }
    case 'list': {
      if (
        !Array.isArray(value) ||
        !value.every((v) => typeof v === 'string' && v.length <= MAX_TEXT)
      )
        return bad('must be a list of strings');
      const warnings: string[] = [];
      const good: string[] = [];
      for (const item of (value as string[]).map((v) => v.trim()).filter(Boolean)) {
        const checked = spec.check ? spec.check(item) : { value: item };
        if ('error' in checked)
          warnings.push(`"${key}" entry ${JSON.stringify(item)} ignored: it ${checked.error}`);
        else good.push(checked.value);
      }
      if (good.length > MAX_LIST)
        warnings.push(`"${key}" has more than ${MAX_LIST} entries; the rest are ignored`);
      // a whole-list rule (a kiosk power argv): a list that breaks it is ignored as a whole
      const listError = spec.checkList?.(good.slice(0, MAX_LIST)) ?? null;
      if (listError) return bad(listError);
      return { ok: true, value: good.slice(0, MAX_LIST), warnings };
    }
    case 'object': {
      const parsed = spec.parseObject!(value);
      return { ok: true, value: parsed.value, warnings: parsed.warnings };
    }
  }
}
