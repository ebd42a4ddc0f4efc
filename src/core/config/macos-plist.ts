// macOS machine policy: the managed preferences a configuration profile (.mobileconfig, MDM)
// installs as `/Library/Managed Preferences/<app id>.plist` — an example profile is in
// packaging/policy/. The file is written by macOS (mdmclient) as a binary plist, by older
// tools and by hand as an XML plist; both are read, with maintained parsers (`plist` for XML,
// `bplist-parser` for binary) — no own plist code. Keys and types are those of the JSON file
// (docs/policy.md "macOS"): booleans, integers, strings, arrays of strings, `localResources` a
// dictionary; `locked` an array of key names. The same trust rule as the Linux file applies
// (root-owned, not group/other-writable, no symlink): /Library/Managed Preferences is root's.
import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import {
  validateManagedValues,
  readTrustedBytes,
  type ManagedConfig,
  type TrustOptions,
} from './managed';

/** electron-builder.yml `appId`: the preference domain of the app. */
export const MACOS_APP_ID = 'org.x2go.launcher';
export const MACOS_MANAGED_PLIST = `/Library/Managed Preferences/${MACOS_APP_ID}.plist`;

/**
 * Parse a plist (binary `bplist00…` or XML) into its top-level dictionary.
 * Throws Error with the reason when it is neither or its top level is not a dictionary.
 */
export function parsePlistDictionary(bytes: Buffer): Record<string, unknown> {
  let root: unknown;
  if (bytes.subarray(0, 8).toString('latin1') === 'bplist00') {
    root = parseBuffer(bytes)[0];
  } else {
    root = parseXmlPlist(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  }
  if (
    !root ||
    typeof root !== 'object' ||
    Array.isArray(root) ||
    root instanceof Date ||
    Buffer.isBuffer(root)
  )
    throw new Error('the top level is not a dictionary');
  return normalise(root) as Record<string, unknown>;
}

/** bplist-parser gives large integers as BigInt and `data` as Buffer: plain JS values only. */
function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v);
    return out;
  }
  return value;
}

/** Keys macOS itself adds to managed preferences files; not ours to warn about. */
const SYSTEM_KEYS =
  /^(PayloadUUID|PayloadIdentifier|PayloadType|PayloadVersion|PayloadDisplayName|PayloadEnabled|PayloadOrganization|PayloadDescription)$/;

/** Read the managed preferences plist. Never throws: an untrusted or bad file is a warning. */
export async function loadPlistPolicy(
  path = MACOS_MANAGED_PLIST,
  ownerUid: TrustOptions['ownerUid'] = 0,
): Promise<{ config: ManagedConfig | null; warnings: string[] }> {
  const read = await readTrustedBytes(path, { ownerUid });
  if (read.status === 'absent') return { config: null, warnings: [] };
  if (read.status === 'rejected')
    return { config: null, warnings: [`policy ${path} ignored: ${read.reason}`] };
  let dict: Record<string, unknown>;
  try {
    dict = parsePlistDictionary(read.bytes);
  } catch (error) {
    return {
      config: null,
      warnings: [`policy ${path} ignored: not a property list (${(error as Error).message})`],
    };
  }
  for (const key of Object.keys(dict)) if (SYSTEM_KEYS.test(key)) delete dict[key];
  const config = validateManagedValues(dict, dict.locked, path);
  return { config, warnings: config.warnings.map((w) => `policy ${path}: ${w}`) };
}
