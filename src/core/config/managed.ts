// Managed (IT) settings: a JSON file an administrator deploys, read-only to the app.
//   Linux   /etc/x2go-launcher/config.json
//   macOS   /Library/Application Support/X2Go Launcher/config.json
//   Windows %ProgramData%\X2Go Launcher\config.json
// On Linux/macOS the file is trusted only if it is a regular file (not a symlink), owned by
// root and not writable by group or others (Bitwarden's rules) — checked on the descriptor
// that is then read, so a swap between check and read changes nothing. On Windows the file's
// ACL must let no ordinary user change it (windows-acl.ts, read with icacls). An untrusted or
// malformed file is ignored with a warning; it never stops the launcher.
// Unlike x2goclient's all-or-nothing /etc/x2goclient/config, locks are per key.
import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { windowsAclProblem } from './windows-acl';
import { parseLocalResources, type LocalResourcesConfig } from './local-resources';

export const MAX_MANAGED_FILE_BYTES = 64 * 1024;

export function managedConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    return join(env.ProgramData ?? 'C:\\ProgramData', 'X2Go Launcher', 'config.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/X2Go Launcher/config.json';
  return '/etc/x2go-launcher/config.json';
}

export type TrustedRead =
  { status: 'absent' } | { status: 'rejected'; reason: string } | { status: 'ok'; text: string };

export interface TrustOptions {
  /** Required owner uid; null skips the owner and mode checks (Windows: ACLs, not modes). */
  ownerUid: number | null;
  /** Extra check of who may write the file (Windows ACL); a string is the reason to reject. */
  writersProblem?: (path: string) => Promise<string | null>;
  maxBytes?: number;
}

/** Read a file only if it passes the trust rules above. Never throws. */
export async function readTrustedFile(path: string, options: TrustOptions): Promise<TrustedRead> {
  const maxBytes = options.maxBytes ?? MAX_MANAGED_FILE_BYTES;
  // O_NOFOLLOW makes open fail on a symlink; O_NONBLOCK keeps a FIFO from hanging us.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'absent' };
    if (code === 'ELOOP' || code === 'EMLINK')
      return { status: 'rejected', reason: 'it is a symbolic link' };
    return { status: 'rejected', reason: `it cannot be opened (${code ?? 'error'})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { status: 'rejected', reason: 'it is not a regular file' };
    const writers = await options.writersProblem?.(path);
    if (writers) return { status: 'rejected', reason: writers };
    if (options.ownerUid !== null) {
      if (st.uid !== options.ownerUid) {
        return {
          status: 'rejected',
          reason: `it is owned by uid ${st.uid}, not ${options.ownerUid}`,
        };
      }
      if ((st.mode & 0o022) !== 0) {
        return {
          status: 'rejected',
          reason: `it is writable by group or others (mode ${(st.mode & 0o777).toString(8)})`,
        };
      }
    }
    if (st.size > maxBytes)
      return { status: 'rejected', reason: `it is larger than ${maxBytes} bytes` };
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes)
      return { status: 'rejected', reason: `it is larger than ${maxBytes} bytes` };
    return { status: 'ok', text: buffer.subarray(0, bytesRead).toString('utf8') };
  } catch (error) {
    return { status: 'rejected', reason: `it cannot be read (${(error as Error).message})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** What an administrator (or the command line) may decide. */
export interface Policy {
  /** Broker URL to preselect. */
  brokerUrl: string | null;
  /** Broker URLs offered in the list (in addition to the user's own). */
  brokerUrls: string[];
  /** The user cannot type another broker URL. */
  lockBrokerUrl: boolean;
  /** Full-screen kiosk window, no menu, back to sign-in after each session. */
  kiosk: boolean;
  /** Forget the sign-in after a session ends (x2goclient's --broker-autologoff). */
  autoLogoffAfterSession: boolean;
  allowRememberUser: boolean;
  allowRememberPassword: boolean;
  allowDevTools: boolean;
  /** Extra CA certificate file (PEM) for an https broker behind a corporate CA. */
  brokerCaFile: string | null;
  /** known_hosts file with the SSH broker's host key (read-only; kiosks never prompt). */
  sshKnownHostsFile: string | null;
  /** What sessions may use of this machine, per broker (local-resources.ts, docs/handoff.md §3). */
  localResources: LocalResourcesConfig | null;
}

export type PolicyKey = keyof Policy;

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  brokerUrl: null,
  brokerUrls: [],
  lockBrokerUrl: false,
  kiosk: false,
  autoLogoffAfterSession: false,
  allowRememberUser: true,
  allowRememberPassword: true,
  allowDevTools: false,
  brokerCaFile: null,
  sshKnownHostsFile: null,
  localResources: null,
});

/** A parsed managed file: the keys it sets and the keys it locks against the user. */
export interface ManagedConfig {
  values: Partial<Policy>;
  locked: PolicyKey[];
  warnings: string[];
}

const BOOLEAN_KEYS = [
  'lockBrokerUrl',
  'kiosk',
  'autoLogoffAfterSession',
  'allowRememberUser',
  'allowRememberPassword',
  'allowDevTools',
] as const satisfies readonly PolicyKey[];
const STRING_KEYS = [
  'brokerUrl',
  'brokerCaFile',
  'sshKnownHostsFile',
] as const satisfies readonly PolicyKey[];
const ALL_KEYS: readonly string[] = Object.keys(DEFAULT_POLICY);

/**
 * Parse the managed JSON. Unknown keys and wrong types are reported and skipped, one by one:
 * a typo in one key must not throw away the others.
 * Format: `{ "brokerUrl": "https://…/plain/", "locked": ["brokerUrl"], "kiosk": true, … }`.
 */
export function parseManagedConfig(text: string): ManagedConfig {
  const out: ManagedConfig = { values: {}, locked: [], warnings: [] };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    out.warnings.push(`not valid JSON (${(error as Error).message})`);
    return out;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    out.warnings.push('the top level must be a JSON object');
    return out;
  }
  for (const [key, value] of Object.entries(json)) {
    if (key === 'locked' || key === '$schema' || key === 'comment') continue;
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value === 'boolean') (out.values as Record<string, unknown>)[key] = value;
      else out.warnings.push(`"${key}" must be true or false`);
    } else if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value === 'string' && value.trim() && value.length <= 2048) {
        (out.values as Record<string, unknown>)[key] = value.trim();
      } else out.warnings.push(`"${key}" must be a non-empty string`);
    } else if (key === 'brokerUrls') {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length <= 2048)) {
        out.values.brokerUrls = (value as string[])
          .map((v) => v.trim())
          .filter(Boolean)
          .slice(0, 50);
      } else out.warnings.push('"brokerUrls" must be a list of strings');
    } else if (key === 'localResources') {
      const parsed = parseLocalResources(value);
      out.values.localResources = parsed.config;
      out.warnings.push(...parsed.warnings);
    } else {
      out.warnings.push(`unknown key "${key}" ignored`);
    }
  }
  const locked = (json as Record<string, unknown>).locked;
  if (locked !== undefined) {
    if (Array.isArray(locked)) {
      for (const key of locked) {
        if (typeof key === 'string' && ALL_KEYS.includes(key)) out.locked.push(key as PolicyKey);
        else out.warnings.push(`"locked" names an unknown key ${JSON.stringify(key)}`);
      }
    } else out.warnings.push('"locked" must be a list of key names');
  }
  // Sugar that matches the command line flag.
  if (out.values.lockBrokerUrl && !out.locked.includes('brokerUrl')) out.locked.push('brokerUrl');
  if (out.locked.includes('brokerUrl')) out.values.lockBrokerUrl = true;
  return out;
}

/** Values the command line may set (`--broker-url`, `--lock-broker-url`, `--kiosk`). */
export interface CommandLinePolicy {
  brokerUrl?: string;
  lockBrokerUrl?: boolean;
  kiosk?: boolean;
}

export interface EffectivePolicy extends Policy {
  /** Keys the user cannot change in the UI (admin locks, and brokerUrl when locked). */
  locked: PolicyKey[];
  /** Where each non-default value came from, for the about/diagnostics view. */
  sources: Partial<Record<PolicyKey, 'defaults-file' | 'managed' | 'command-line'>>;
}

/**
 * Layer, lowest first: built-in defaults → packaged defaults.json (a rebranding hook) →
 * managed file → command line. A key the managed file locks cannot be overridden by the
 * command line (whoever starts the app does not outrank the administrator); the command
 * line can only tighten (lock the URL, turn kiosk on).
 */
export function resolvePolicy(
  packaged: Partial<Policy>,
  managed: ManagedConfig | null,
  cli: CommandLinePolicy,
): EffectivePolicy {
  const policy: EffectivePolicy = { ...DEFAULT_POLICY, brokerUrls: [], locked: [], sources: {} };
  const apply = (values: Partial<Policy>, source: 'defaults-file' | 'managed'): void => {
    for (const key of Object.keys(values) as PolicyKey[]) {
      if (!ALL_KEYS.includes(key) || values[key] === undefined) continue;
      (policy as unknown as Record<string, unknown>)[key] = values[key];
      policy.sources[key] = source;
    }
  };
  apply(packaged, 'defaults-file');
  if (managed) {
    apply(managed.values, 'managed');
    policy.locked = [...new Set(managed.locked)];
  }
  const isLocked = (key: PolicyKey): boolean => policy.locked.includes(key);
  if (cli.brokerUrl && !isLocked('brokerUrl')) {
    policy.brokerUrl = cli.brokerUrl;
    policy.sources.brokerUrl = 'command-line';
  }
  if (cli.lockBrokerUrl && policy.brokerUrl) {
    policy.lockBrokerUrl = true;
    policy.sources.lockBrokerUrl ??= 'command-line';
  }
  if (cli.kiosk && !policy.kiosk) {
    policy.kiosk = true;
    policy.sources.kiosk = 'command-line';
  }
  if (policy.lockBrokerUrl && policy.brokerUrl && !isLocked('brokerUrl'))
    policy.locked.push('brokerUrl');
  if (!policy.brokerUrl) policy.lockBrokerUrl = false;
  // A kiosk forgets the user after every session unless the admin said otherwise.
  if (policy.kiosk && policy.sources.autoLogoffAfterSession !== 'managed') {
    policy.autoLogoffAfterSession = true;
  }
  return policy;
}

/** Load the managed file for this platform; warnings go to the caller's log. */
export async function loadManagedConfig(
  path = managedConfigPath(),
  ownerUid: number | null = process.platform === 'win32' ? null : 0,
  writersProblem: TrustOptions['writersProblem'] = process.platform === 'win32'
    ? (p) => windowsAclProblem(p)
    : undefined,
): Promise<{ config: ManagedConfig | null; warnings: string[] }> {
  const read = await readTrustedFile(path, {
    ownerUid,
    ...(writersProblem ? { writersProblem } : {}),
  });
  if (read.status === 'absent') return { config: null, warnings: [] };
  if (read.status === 'rejected') {
    return { config: null, warnings: [`managed settings ${path} ignored: ${read.reason}`] };
  }
  const config = parseManagedConfig(read.text);
  return { config, warnings: config.warnings.map((w) => `managed settings ${path}: ${w}`) };
}
