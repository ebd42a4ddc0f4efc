// The one resolver of effective settings: every key of the table (keys.ts) from four layers,
// lowest first — built-in defaults (and the packaged defaults.json) < machine policy < user
// settings < command line — where a key the policy locks takes the policy's value (or the
// default, when the policy locks without setting it) whatever the user or command line say.
// docs/policy.md "Precedence" describes the same rules for administrators.
import { settingSwitch } from '../command-line/options';
import { LauncherError } from '../errors';
import { SETTING_KEYS, defaultPolicy, type Policy, type PolicyKey, type SettingKey } from './keys';
import type { ManagedConfig } from './managed';

/** Where an effective value came from (the words `config --json` prints). */
export type SettingSource = 'default' | 'policy' | 'user' | 'command line';

export interface EffectiveSetting<V = unknown> {
  value: V;
  source: SettingSource;
  /** The policy locks the key: user and command line values are ignored (refused by the CLI). */
  locked: boolean;
}

export type EffectiveSettingsMap = { [K in PolicyKey]: EffectiveSetting<Policy[K]> };

export interface SettingLayers {
  /** The packaged defaults.json: part of the `default` layer (it ships with the app). */
  packaged?: Partial<Policy>;
  /** The machine policy read by the OS's source (sources.ts); null or absent: none. */
  policy?: ManagedConfig | null;
  /** The user's own settings (the app's settings store). */
  user?: Partial<Policy>;
  /** Values given on the command line. */
  commandLine?: Partial<Policy>;
}

export interface ResolvedSettings {
  settings: EffectiveSettingsMap;
  /** Where the policy was read (file, registry key, plist), for messages; null: no policy. */
  policyOrigin: string | null;
  /** User or command-line values a lock overrode, in key order (the app logs them). */
  overridden: { key: PolicyKey; layer: 'user' | 'command line' }[];
}

/** Resolve every key of the table. Never throws; the layers' values are already validated. */
export function resolveSettings(layers: SettingLayers): ResolvedSettings {
  const defaults = defaultPolicy();
  const locked = new Set(layers.policy?.locked ?? []);
  const settings = {} as Record<PolicyKey, EffectiveSetting>;
  const overridden: ResolvedSettings['overridden'] = [];
  const ordered: [SettingSource, Partial<Policy> | undefined][] = [
    ['default', layers.packaged],
    ['policy', layers.policy?.values],
    ['user', layers.user],
    ['command line', layers.commandLine],
  ];
  for (const key of SETTING_KEYS) {
    let current: EffectiveSetting = { value: defaults[key], source: 'default', locked: false };
    for (const [source, values] of ordered) {
      const value = values?.[key];
      if (value === undefined) continue;
      if (locked.has(key) && (source === 'user' || source === 'command line')) {
        if (JSON.stringify(value) !== JSON.stringify(current.value))
          overridden.push({ key, layer: source });
        continue;
      }
      current = { value: structuredClone(value), source, locked: false };
    }
    current.locked = locked.has(key);
    settings[key] = current;
  }
  return {
    settings: settings as EffectiveSettingsMap,
    policyOrigin: layers.policy ? (layers.policy.origin ?? 'the managed settings') : null,
    overridden,
  };
}

/**
 * Refuse command-line values for keys the policy locks (a value equal to the locked one is
 * accepted: start lines that repeat the administrator's broker URL keep working).
 * Throws LauncherError('usage') — the CLI's exit 2 — naming the switch, the key and where the
 * policy was read; returns normally when nothing is refused.
 */
export function refuseLockedOverrides(
  resolved: ResolvedSettings,
  commandLineValues: Partial<Record<SettingKey, unknown>>,
): void {
  const refused: string[] = [];
  for (const key of SETTING_KEYS) {
    const value = commandLineValues[key];
    const effective = resolved.settings[key];
    if (value === undefined || !effective.locked) continue;
    if (JSON.stringify(value) === JSON.stringify(effective.value)) continue;
    const flag = settingSwitch(key);
    refused.push(`${flag ? `${flag} (setting "${key}")` : `setting "${key}"`}`);
  }
  if (!refused.length) return;
  const origin = resolved.policyOrigin ?? 'the managed settings';
  throw new LauncherError(
    'config.locked',
    { switches: refused.join(', '), origin },
    `${refused.join(', ')} ${refused.length > 1 ? 'are' : 'is'} locked by the administrator's policy (${origin}).`,
    { hint: 'Leave the option out; the administrator sets this value (x2go-launcher config).' },
  );
}
