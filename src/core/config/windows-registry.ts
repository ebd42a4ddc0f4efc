// Windows machine policy: `HKLM\Software\Policies\X2Go Launcher`, where Group Policy (the ADMX
// template in packaging/policy/) and Intune write it. Read with `reg.exe query /s` rather than
// a native module (the launcher stays pure JavaScript; reg.exe ships in System32 on every
// Windows since XP and its text format is stable — verbatim samples in
// test/core/config/windows-registry.test.ts).
//
// Layout (docs/policy.md "Windows"): one value per key of keys.ts under the policy key, named
// as in the JSON file (registry names are case-insensitive); a key is locked when the subkey
// `Locked` has a REG_DWORD of the same name that is not 0.
//   REG_DWORD 0/1 → booleans, REG_DWORD → whole numbers, REG_SZ → strings,
//   REG_MULTI_SZ → lists, REG_SZ holding JSON → `localResources`.
// HKLM\Software\Policies is writable only by administrators and SYSTEM: no further trust check.
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import { SETTINGS, SETTING_KEYS, type PolicyKey } from './keys';
import { validateManagedValues, type ManagedConfig } from './managed';

export const WINDOWS_POLICY_KEY = 'HKLM\\Software\\Policies\\X2Go Launcher';
/** reg.exe prints hive names in full. */
const LONG_HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
};

export type RegistryValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number }
  | { type: 'REG_BINARY' | 'REG_NONE' | 'OTHER'; data: string };

/** Subkey path in lower case (relative to the queried key, '' for itself) → value name → value. */
export type RegistryTree = Map<string, Map<string, RegistryValue>>;

const VALUE_LINE =
  /^\s+(.*?) {4}(REG_SZ|REG_EXPAND_SZ|REG_MULTI_SZ|REG_DWORD|REG_QWORD|REG_BINARY|REG_NONE|REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * Parse `reg.exe query KEY /s` output: key lines (`HKEY_LOCAL_MACHINE\…`) followed by indented
 * `    NAME    TYPE    DATA` lines; REG_MULTI_SZ items are joined by a literal `\0`,
 * REG_DWORD/REG_QWORD data is `0x…` hex, the unnamed value is `(Default)`.
 * Returns null when the output has no line for `key` (not the expected shape).
 */
export function parseRegQueryOutput(output: string, key: string): RegistryTree | null {
  const root = longKeyName(key).toLowerCase();
  const tree: RegistryTree = new Map();
  let current: Map<string, RegistryValue> | null = null;
  for (const line of output.replace(/\r/g, '').split('\n')) {
    if (!line.trim()) continue;
    const trimmed = line.trim();
    // Key lines start in column 0 (reg.exe); accept indented ones too (copied listings).
    if (/^HKEY_/i.test(trimmed)) {
      const lower = trimmed.toLowerCase();
      if (lower !== root && !lower.startsWith(`${root}\\`)) {
        current = null; // a key outside the one queried
        continue;
      }
      const sub = lower.slice(root.length + (lower === root ? 0 : 1));
      current = tree.get(sub) ?? new Map();
      tree.set(sub, current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const [, name = '', type = '', data = ''] = m;
    current.set(name, decodeValue(type, data));
  }
  return tree.has('') ? tree : null;
}

function decodeValue(type: string, data: string): RegistryValue {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, data };
    case 'REG_MULTI_SZ':
      return { type, data: data === '' ? [] : data.split('\\0').filter((s) => s !== '') };
    case 'REG_DWORD':
    case 'REG_QWORD':
      return { type, data: Number.parseInt(data, 16) };
    case 'REG_BINARY':
    case 'REG_NONE':
      return { type, data };
    default:
      return { type: 'OTHER', data };
  }
}

function longKeyName(key: string): string {
  const [hive = '', ...rest] = key.split('\\');
  return [LONG_HIVES[hive.toUpperCase()] ?? hive, ...rest].join('\\');
}

/**
 * Turn the registry tree into checked policy values: registry types coerced to the table's
 * JS types (wrong types are reported with the registry type), then the same checks as every
 * source (validateManagedValues).
 */
export function policyFromRegistry(tree: RegistryTree, origin: string): ManagedConfig {
  const canonical = new Map(SETTING_KEYS.map((k) => [k.toLowerCase(), k]));
  const raw: Record<string, unknown> = {};
  const early: string[] = [];
  for (const [name, value] of tree.get('') ?? []) {
    if (name === '(Default)') continue;
    const key = canonical.get(name.toLowerCase());
    if (!key) {
      early.push(`unknown value "${name}" ignored`);
      continue;
    }
    const coerced = coerce(key, value);
    if ('error' in coerced) early.push(`"${key}" ${coerced.error}`);
    else raw[key] = coerced.value;
  }
  const locked: string[] = [];
  for (const [name, value] of tree.get('locked') ?? []) {
    if (value.type !== 'REG_DWORD') {
      early.push(`Locked\\${name} must be a REG_DWORD (1 locks the key)`);
      continue;
    }
    if (value.data !== 0) locked.push(canonical.get(name.toLowerCase()) ?? name);
  }
  const config = validateManagedValues(raw, locked.length ? locked : undefined, origin);
  config.warnings.unshift(...early);
  return config;
}

function coerce(key: PolicyKey, value: RegistryValue): { value: unknown } | { error: string } {
  const type = SETTINGS[key].type;
  if (type === 'boolean') {
    if (value.type === 'REG_DWORD' && (value.data === 0 || value.data === 1))
      return { value: value.data === 1 };
    return { error: 'must be a REG_DWORD of 0 or 1' };
  }
  if (type === 'integer') {
    return value.type === 'REG_DWORD' ? { value: value.data } : { error: 'must be a REG_DWORD' };
  }
  if (type === 'list') {
    if (value.type === 'REG_MULTI_SZ') return { value: value.data };
    if (value.type === 'REG_SZ') return { value: [value.data] };
    return { error: 'must be a REG_MULTI_SZ' };
  }
  if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ')
    return { error: `must be a REG_SZ, not ${value.type}` };
  if (type === 'object') {
    try {
      return { value: JSON.parse(value.data) as unknown };
    } catch (error) {
      return { error: `must hold JSON (${(error as Error).message})` };
    }
  }
  return { value: value.data };
}

export type RegQueryRunner = (key: string) => Promise<{ status: 'ok' | 'absent'; output: string }>;

/** Run %SystemRoot%\System32\reg.exe (absolute: no PATH lookup) `query KEY /s`. */
export const runRegQuery: RegQueryRunner = (key) =>
  new Promise((resolve, reject) => {
    const exe = win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'reg.exe');
    execFile(
      exe,
      ['query', key, '/s'],
      { windowsHide: true, timeout: 10_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        // reg.exe exits 1 with "ERROR: The system was unable to find …" for a missing key.
        if (error && (error as { code?: unknown }).code === 1 && !String(stdout).trim())
          resolve({ status: 'absent', output: String(stderr) });
        else if (error) reject(new Error(error.message));
        else resolve({ status: 'ok', output: String(stdout) });
      },
    );
  });

/** Read the policy key. Never throws: a failing reg.exe or odd output is a warning. */
export async function loadRegistryPolicy(
  key = WINDOWS_POLICY_KEY,
  run: RegQueryRunner = runRegQuery,
): Promise<{ config: ManagedConfig | null; warnings: string[] }> {
  let result: Awaited<ReturnType<RegQueryRunner>>;
  try {
    result = await run(key);
  } catch (error) {
    return {
      config: null,
      warnings: [
        `policy ${key} ignored: reg.exe failed (${(error as Error).message.split('\n')[0]})`,
      ],
    };
  }
  if (result.status === 'absent') return { config: null, warnings: [] };
  const tree = parseRegQueryOutput(result.output, key);
  if (!tree)
    return { config: null, warnings: [`policy ${key} ignored: unexpected reg.exe output`] };
  const config = policyFromRegistry(tree, key);
  return { config, warnings: config.warnings.map((w) => `policy ${key}: ${w}`) };
}
