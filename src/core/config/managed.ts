// Managed (IT) settings as a JSON file, read-only to the app: the Linux policy source
// (/etc/x2go-launcher/config.json; sources.ts picks the source of each OS), `--managed-config`
// in development, and the checks every source shares (validateManagedValues over keys.ts).
// The file is trusted only if it is a regular file (not a symlink), owned by root and not
// writable by group or others (Bitwarden's rules) — checked on the descriptor that is then
// read, so a swap between check and read changes nothing. Where a JSON file is read on
// Windows, its ACL must let no ordinary user change it (windows-acl.ts, read with icacls).
// An untrusted or malformed file is ignored with a warning; it never stops the launcher.
// Unlike x2goclient's all-or-nothing /etc/x2goclient/config, locks are per key.
import { close, constants, fstat, openSync, read, type Stats } from 'node:fs';
import { join } from 'node:path';
import { windowsAclProblem } from './windows-acl';
import {
  SETTING_KEYS,
  defaultPolicy,
  isSettingKey,
  validateSetting,
  type Policy,
  type PolicyKey,
} from './keys';
import { resolveSettings, type SettingLayers } from './resolve';

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
  const read = await readTrustedBytes(path, options);
  return read.status === 'ok' ? { status: 'ok', text: read.bytes.toString('utf8') } : read;
}

/**
 * One descriptor through node:fs's callback API: `fs.promises` (FileHandle) loads Node's
 * whole fs/promises layer (readline, watchers, directory streams) on first use, 3–7 ms of CPU
 * at every CLI start on the 2-core bench machine (bench B2) for a file that is mostly absent.
 * The open itself is synchronous: on a missing file (the usual case) it fails in microseconds,
 * where the first asynchronous call starts libuv's thread pool (2–14 ms there), which nothing
 * else of `x2go-launcher list` needs. O_NONBLOCK keeps it from waiting on a FIFO.
 */
const fd = {
  open: (path: string, flags: number) => openSync(path, flags),
  stat: (n: number) =>
    new Promise<Stats>((resolve, reject) => fstat(n, (e, st) => (e ? reject(e) : resolve(st)))),
  read: (n: number, buffer: Buffer) =>
    new Promise<number>((resolve, reject) =>
      read(n, buffer, 0, buffer.length, 0, (e, bytesRead) => (e ? reject(e) : resolve(bytesRead))),
    ),
  close: (n: number) => new Promise<void>((resolve) => close(n, () => resolve())),
};

/** readTrustedFile for binary formats (a binary plist): the bytes as read. Never throws. */
export async function readTrustedBytes(
  path: string,
  options: TrustOptions,
): Promise<Exclude<TrustedRead, { status: 'ok' }> | { status: 'ok'; bytes: Buffer }> {
  const maxBytes = options.maxBytes ?? MAX_MANAGED_FILE_BYTES;
  // O_NOFOLLOW makes open fail on a symlink; O_NONBLOCK keeps a FIFO from hanging us.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: number;
  try {
    handle = fd.open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'absent' };
    if (code === 'ELOOP' || code === 'EMLINK')
      return { status: 'rejected', reason: 'it is a symbolic link' };
    return { status: 'rejected', reason: `it cannot be opened (${code ?? 'error'})` };
  }
  try {
    const st = await fd.stat(handle);
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
    const bytesRead = await fd.read(handle, buffer);
    if (bytesRead > maxBytes)
      return { status: 'rejected', reason: `it is larger than ${maxBytes} bytes` };
    return { status: 'ok', bytes: buffer.subarray(0, bytesRead) };
  } catch (error) {
    return { status: 'rejected', reason: `it cannot be read (${(error as Error).message})` };
  } finally {
    await fd.close(handle);
  }
}

export type { Policy, PolicyKey } from './keys';

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze(defaultPolicy());

/** A parsed managed source: the keys it sets and the keys it locks against user and command line. */
export interface ManagedConfig {
  values: Partial<Policy>;
  locked: PolicyKey[];
  warnings: string[];
  /** Where it was read (file path, registry key, plist path): named in lock refusals. */
  origin?: string;
}

/**
 * Check raw values from any source against the key table (keys.ts). Unknown keys and bad
 * values are reported and skipped one by one: a typo in one key must not throw away the others.
 * `locked`: the source's list of locked key names (undefined: none).
 */
export function validateManagedValues(
  raw: Record<string, unknown>,
  locked: unknown,
  origin?: string,
): ManagedConfig {
  const out: ManagedConfig = {
    values: {},
    locked: [],
    warnings: [],
    ...(origin ? { origin } : {}),
  };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'locked' || key === '$schema' || key === 'comment') continue;
    if (!isSettingKey(key)) {
      out.warnings.push(`unknown key "${key}" ignored`);
      continue;
    }
    const checked = validateSetting(key, value);
    if (!checked.ok) {
      out.warnings.push(checked.error);
      continue;
    }
    (out.values as Record<string, unknown>)[key] = checked.value;
    out.warnings.push(...checked.warnings);
  }
  if (locked !== undefined) {
    if (Array.isArray(locked)) {
      for (const key of locked) {
        if (typeof key === 'string' && isSettingKey(key)) out.locked.push(key);
        else out.warnings.push(`"locked" names an unknown key ${JSON.stringify(key)}`);
      }
    } else out.warnings.push('"locked" must be a list of key names');
  }
  // Sugar that matches the command line flag.
  if (out.values.lockBrokerUrl && !out.locked.includes('brokerUrl')) out.locked.push('brokerUrl');
  // A locked fail-over list locks the broker it names: no other URL may take its place
  // (core/config/broker-lock.ts).
  if (out.locked.includes('brokerUrls') && !out.locked.includes('brokerUrl'))
    out.locked.push('brokerUrl');
  if (out.locked.includes('brokerUrl')) out.values.lockBrokerUrl = true;
  return out;
}

/**
 * Parse the managed JSON (the Linux source, and `--managed-config` in development).
 * Format: `{ "brokerUrl": "https://…/plain/", "locked": ["brokerUrl"], "kiosk": true, … }`;
 * keys and checks: keys.ts, docs/policy.md.
 */
export function parseManagedConfig(text: string, origin?: string): ManagedConfig {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return emptyWith(`not valid JSON (${(error as Error).message})`, origin);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return emptyWith('the top level must be a JSON object', origin);
  const raw = json as Record<string, unknown>;
  return validateManagedValues(raw, raw.locked, origin);
}

function emptyWith(warning: string, origin?: string): ManagedConfig {
  return { values: {}, locked: [], warnings: [warning], ...(origin ? { origin } : {}) };
}

/** Values the command line may set (`--broker-url`, `--lock-broker-url`, `--kiosk`). */
export interface CommandLinePolicy {
  brokerUrl?: string;
  lockBrokerUrl?: boolean;
  kiosk?: boolean;
  /** `--broker-cacertfile` (repeatable): more CA files to trust for an https broker. */
  brokerCaFiles?: string[];
  // fleet-config (issue 11): the app's switches that set a policy key (options.ts `setting`)
  /** `--broker-name`: the broker's display name. */
  brokerName?: string;
  /** `--add-to-known-hosts`: true asks for `allowAddHostKeys` (a lock to false wins). */
  allowAddHostKeys?: boolean;
  // kiosk switches (issue 12): `--thinclient`, `--haltbt`, `--broker-autologoff`
  thinclient?: boolean;
  haltbt?: boolean;
  autoLogoffAfterSession?: boolean;
}

export interface EffectivePolicy extends Policy {
  /** Keys the user cannot change in the UI (admin locks, and brokerUrl when locked). */
  locked: PolicyKey[];
  /** Where each non-default value came from, for the about/diagnostics view. */
  sources: Partial<Record<PolicyKey, 'defaults-file' | 'managed' | 'command-line'>>;
}

/**
 * The app's layers for resolveSettings (resolve.ts): the packaged defaults, the policy and the
 * command line's values (the app has no user layer for these keys yet). resolvePolicy and the
 * app's "About this configuration" (src/main/index.ts, core/config/report.ts) both use it.
 */
export function appSettingLayers(
  packaged: Partial<Policy>,
  managed: ManagedConfig | null,
  cli: CommandLinePolicy,
): SettingLayers {
  const commandLine: Partial<Policy> = {};
  if (cli.brokerUrl) commandLine.brokerUrl = cli.brokerUrl;
  if (cli.kiosk) commandLine.kiosk = true;
  if (cli.brokerCaFiles?.length) commandLine.brokerCaFiles = cli.brokerCaFiles;
  if (cli.lockBrokerUrl && managed?.values.lockBrokerUrl !== true) commandLine.lockBrokerUrl = true;
  // fleet-config (issue 11)
  if (cli.brokerName) commandLine.brokerName = cli.brokerName;
  if (cli.allowAddHostKeys) commandLine.allowAddHostKeys = true;
  // kiosk switches (issue 12)
  if (cli.thinclient) commandLine.thinclient = true;
  if (cli.haltbt) commandLine.haltbt = true;
  if (cli.autoLogoffAfterSession) commandLine.autoLogoffAfterSession = true;
  return { packaged, policy: managed, commandLine };
}

/**
 * The app's view of resolveSettings (resolve.ts), lowest first: built-in defaults → packaged
 * defaults.json (a rebranding hook) → managed policy → command line. A key the policy locks
 * ignores the command line (whoever starts the app does not outrank the administrator); the
 * command line can lock the URL and turn kiosk on, not the reverse.
 */
export function resolvePolicy(
  packaged: Partial<Policy>,
  managed: ManagedConfig | null,
  cli: CommandLinePolicy,
): EffectivePolicy {
  const resolved = resolveSettings(appSettingLayers(packaged, managed, cli));
  const policy = {
    locked: [...new Set(managed?.locked ?? [])],
    sources: {},
  } as unknown as EffectivePolicy;
  const SOURCE_NAMES = { policy: 'managed', 'command line': 'command-line' } as const;
  for (const key of SETTING_KEYS) {
    const setting = resolved.settings[key];
    (policy as unknown as Record<string, unknown>)[key] = setting.value;
    if (setting.source === 'policy' || setting.source === 'command line')
      policy.sources[key] = SOURCE_NAMES[setting.source];
    else if (packaged[key] !== undefined) policy.sources[key] = 'defaults-file';
  }
  const isLocked = (key: PolicyKey): boolean => policy.locked.includes(key);
  // Only a fail-over list (brokerUrls) given: its first URL is the broker URL, as in the CLI
  // (docs/failover.md §1), and a lock on the list locks the URL too.
  const [firstListed] = policy.brokerUrls;
  if (!policy.brokerUrl && firstListed) {
    policy.brokerUrl = firstListed;
    if (policy.sources.brokerUrls) policy.sources.brokerUrl = policy.sources.brokerUrls;
    if (isLocked('brokerUrls') && !isLocked('brokerUrl')) policy.locked.push('brokerUrl');
    if (isLocked('brokerUrl')) policy.lockBrokerUrl = true;
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
  const config = parseManagedConfig(read.text, path);
  return { config, warnings: config.warnings.map((w) => `managed settings ${path}: ${w}`) };
}
