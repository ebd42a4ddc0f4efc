// The administrator's policy for LOCAL resources a session may use: this machine's folders,
// printers, MIME box, SSH agent, SSH proxy, Kerberos ticket, clipboard and sound, and the
// local RDP/XDMCP client of a direct session. The broker only ever *asks* for these (profile
// keys); whether a session gets one is decided here, by the user where the policy leaves it
// open (docs/handoff.md §3). Read from the managed settings (managed.ts, key
// `localResources`); every bad value is reported and ignored, never fatal, so a typo cannot
// lock anyone out or open anything up.
//
//   "localResources": {
//     "printing": "allow", "folders": "ask", "folderPaths": ["/srv/exchange"],
//     "clipboard": "server", "sound": true, "directRdpClient": "/usr/bin/xfreerdp",
//     "brokers": { "https://broker.example.org/plain/": { "printing": "deny" } }
//   }

import { parseBrokerUrl } from '../broker/url';

/** Resources a profile can ask for that the user or admin must grant (`--allow-local`). */
export type ResourceName = 'folders' | 'printing' | 'mimebox' | 'agent' | 'sshproxy' | 'kerberos';
export const RESOURCE_NAMES: readonly ResourceName[] = [
  'folders',
  'printing',
  'mimebox',
  'agent',
  'sshproxy',
  'kerberos',
];

/**
 * `ask`: the user decides (the app asks once per broker, the CLI needs `--allow-local NAME`);
 * `allow`: granted when a profile asks, without a question; `deny`: never. allow/deny are locks.
 */
export type ResourceMode = 'ask' | 'allow' | 'deny';
const MODES: readonly ResourceMode[] = ['ask', 'allow', 'deny'];

/** x2goclient's clipboard modes (profile key `clipboard`). */
export type ClipboardMode = 'both' | 'server' | 'client' | 'none';
export const CLIPBOARD_MODES: readonly ClipboardMode[] = ['both', 'server', 'client', 'none'];

export interface LocalResourcePolicy {
  modes: Record<ResourceName, ResourceMode>;
  /** The only local folders that may be shared (absolute paths; sub-folders included). */
  folderPaths: string[];
  /** The only SSH proxy (jump) hosts a profile may name, lower case. */
  sshProxyHosts: string[];
  /** Most the clipboard may be shared (a profile asking for more gets this). */
  clipboard: ClipboardMode;
  /** Remote sound may be played here (false: sound off whatever the profile says). */
  sound: boolean;
  /**
   * The local RDP client for `directrdp` profiles (absolute path, or `xfreerdpnew` for
   * x2goclient's xfreerdp 2.x argument style); null: direct RDP profiles cannot start.
   */
  directRdpClient: string | null;
  /** The local X server for `directxdmcp` profiles (absolute path, `Xephyr` or `Xnest`). */
  directXdmcpClient: string | null;
}

export const DEFAULT_LOCAL_RESOURCE_POLICY: Readonly<LocalResourcePolicy> = Object.freeze({
  modes: Object.freeze({
    folders: 'ask',
    printing: 'ask',
    mimebox: 'ask',
    agent: 'ask',
    sshproxy: 'ask',
    kerberos: 'ask',
  }),
  folderPaths: [],
  sshProxyHosts: [],
  clipboard: 'both',
  sound: true,
  directRdpClient: null,
  directXdmcpClient: null,
});

/** One layer of settings: any field may be missing, modes resource by resource. */
export type PolicyLayer = Partial<Omit<LocalResourcePolicy, 'modes'>> & {
  modes?: Partial<Record<ResourceName, ResourceMode>>;
};

/** The managed `localResources` object: a base policy and per-broker overrides. */
export interface LocalResourcesConfig {
  base: PolicyLayer;
  /** By broker URL in its display form (parseBrokerUrl().display), else as written. */
  brokers: Record<string, PolicyLayer>;
}

const MAX_LIST = 64;
const MAX_TEXT = 1024;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$|^\[?[0-9A-Fa-f:.]{2,45}\]?$/;

/** A folder an admin may list: absolute, no `..`, nothing x2goclient's `export` syntax splits on. */
export function isShareablePath(path: string): boolean {
  const drive = /^[A-Za-z]:[\\/]/.test(path);
  const rest = drive ? path.slice(2) : path;
  return (
    path.length <= MAX_TEXT &&
    (drive || path.startsWith('/')) &&
    !/(^|[\\/])\.\.([\\/]|$)/.test(path) &&
    // `;` `,` separate entries, `:` (`#` on Windows) the auto-mount flag, `"` Qt quoting
    // eslint-disable-next-line no-control-regex
    !/[;,"#:\u0000-\u001f\u007f]/.test(rest)
  );
}

function isClientName(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\s"'\u0000-\u001f\u007f]/.test(value) || value.length > MAX_TEXT) return false;
  return value.startsWith('/') || /^[A-Za-z]:\\/.test(value);
}

function parseOne(
  value: unknown,
  where: string,
  warnings: string[],
  allowBrokers: boolean,
): { base: LocalResourcesConfig['base']; brokers: LocalResourcesConfig['brokers'] } {
  const base: LocalResourcesConfig['base'] = {};
  const brokers: LocalResourcesConfig['brokers'] = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(`"${where}" must be an object`);
    return { base, brokers };
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const at = `${where}.${key}`;
    if ((RESOURCE_NAMES as readonly string[]).includes(key)) {
      if (typeof v === 'string' && (MODES as readonly string[]).includes(v))
        base.modes = { ...base.modes, [key]: v as ResourceMode };
      else warnings.push(`"${at}" must be "ask", "allow" or "deny"`);
    } else if (key === 'folderPaths' || key === 'sshProxyHosts') {
      if (!Array.isArray(v)) {
        warnings.push(`"${at}" must be a list of strings`);
        continue;
      }
      const good: string[] = [];
      for (const item of v.slice(0, MAX_LIST)) {
        const ok =
          typeof item === 'string' &&
          (key === 'folderPaths' ? isShareablePath(item) : HOST.test(item));
        if (ok)
          good.push(key === 'sshProxyHosts' ? item.toLowerCase() : item.replace(/\/+$/, '') || '/');
        else
          warnings.push(
            `"${at}" entry ${JSON.stringify(item)} ignored (not ${key === 'folderPaths' ? 'an absolute folder path without ; , " # or ..' : 'a host name or address'})`,
          );
      }
      if (v.length > MAX_LIST)
        warnings.push(`"${at}" has more than ${MAX_LIST} entries; the rest are ignored`);
      base[key] = good;
    } else if (key === 'clipboard') {
      if (typeof v === 'string' && (CLIPBOARD_MODES as readonly string[]).includes(v))
        base.clipboard = v as ClipboardMode;
      else warnings.push(`"${at}" must be "both", "server", "client" or "none"`);
    } else if (key === 'sound') {
      if (typeof v === 'boolean') base.sound = v;
      else warnings.push(`"${at}" must be true or false`);
    } else if (key === 'directRdpClient' || key === 'directXdmcpClient') {
      const names = key === 'directRdpClient' ? ['xfreerdpnew'] : ['Xephyr', 'Xnest'];
      if (v === null) base[key] = null;
      else if (typeof v === 'string' && (names.includes(v) || isClientName(v))) base[key] = v;
      else
        warnings.push(
          `"${at}" must be an absolute program path without spaces or quotes${names.length ? ` (or ${names.join(', ')})` : ''}`,
        );
    } else if (key === 'brokers' && allowBrokers) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        warnings.push(`"${at}" must be an object of broker URL → settings`);
        continue;
      }
      for (const [url, entry] of Object.entries(v as Record<string, unknown>)) {
        const parsed = parseOne(entry, `${at}[${JSON.stringify(url)}]`, warnings, false);
        brokers[brokerKey(url)] = parsed.base;
      }
    } else if (key !== 'comment') {
      warnings.push(`unknown key "${at}" ignored`);
    }
  }
  return { base, brokers };
}

/** A broker URL in the form the policy is keyed by (its display form when it parses). */
export function brokerKey(url: string): string {
  try {
    return parseBrokerUrl(url.trim()).display;
  } catch {
    return url.trim();
  }
}

/**
 * Parse the managed `localResources` value. Unknown keys and bad values are reported in
 * `warnings` and skipped one by one; the result is never null, never throws.
 */
export function parseLocalResources(value: unknown): {
  config: LocalResourcesConfig;
  warnings: string[];
} {
  const warnings: string[] = [];
  const { base, brokers } = parseOne(value, 'localResources', warnings, true);
  return { config: { base, brokers }, warnings };
}

/**
 * The policy for one broker: built-in defaults, then the base, then that broker's entry
 * (field by field; modes resource by resource). `config` null = no managed settings.
 */
export function localResourcePolicy(
  config: LocalResourcesConfig | null | undefined,
  brokerUrl: string | null,
): LocalResourcePolicy {
  const layers = [config?.base, brokerUrl ? config?.brokers[brokerKey(brokerUrl)] : undefined];
  const policy: LocalResourcePolicy = {
    ...DEFAULT_LOCAL_RESOURCE_POLICY,
    modes: { ...DEFAULT_LOCAL_RESOURCE_POLICY.modes },
  };
  for (const layer of layers) {
    if (!layer) continue;
    const { modes, ...rest } = layer;
    Object.assign(policy.modes, modes);
    for (const [k, v] of Object.entries(rest)) {
      if (v !== undefined) (policy as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return policy;
}
