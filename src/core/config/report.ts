// The one maker of "About this configuration" (docs/policy.md): the CLI's `config [--json]`
// and the app's read-only view (IPC getConfiguration) both print what this returns, so the
// two cannot drift apart.
import type { ConfigurationReport, ConfigurationSetting } from '../../shared/configuration';
import { SETTING_KEYS, type SettingKey } from './keys';
import type { ManagedConfig } from './managed';
import type { ResolvedSettings } from './resolve';
import type { PolicySource } from './sources';

/**
 * Keys whose value the report never shows, only that one is set: the kiosk admin PIN's hash
 * would let whoever reads it (a kiosk user photographing the app's view) try PINs offline.
 */
export const REDACTED_SETTINGS: readonly SettingKey[] = ['adminPinHash'];
/** What the report shows instead of a redacted value that is set. */
export const REDACTED_VALUE = '(set, not shown)';

/**
 * Every effective setting of `resolved` (resolve.ts resolveSettings) with its source, lock and
 * — where the value or the lock is the policy's — the policy location; plus what the policy
 * source gave (`read`: PolicySource.read()'s result). REDACTED_SETTINGS show only that they are
 * set. Pure; never throws.
 */
export function configurationReport(
  source: Pick<PolicySource, 'kind' | 'location'>,
  read: { config: ManagedConfig | null; warnings: readonly string[] },
  resolved: ResolvedSettings,
): ConfigurationReport {
  const origin = read.config?.origin ?? source.location;
  const settings: Record<string, ConfigurationSetting> = {};
  for (const key of SETTING_KEYS) {
    const s = resolved.settings[key];
    settings[key] = {
      value: REDACTED_SETTINGS.includes(key) && s.value !== null ? REDACTED_VALUE : s.value,
      source: s.source,
      locked: s.locked,
      ...(s.source === 'policy' || s.locked ? { origin } : {}),
    };
  }
  return {
    policy: {
      kind: source.kind,
      location: source.location,
      present: read.config !== null,
      warnings: [...read.warnings],
    },
    settings,
  };
}
