// The CLI's side of the machine policy (docs/policy.md): read once per process from this OS's
// source (src/core/config/sources.ts), resolved with the command line, locked keys enforced.
// Which option sets which policy key comes from the one option table
// (src/core/command-line/options.ts, each entry's `setting`).
import { resolveSettings, refuseLockedOverrides, type ResolvedSettings } from '../config/resolve';
import { SETTINGS, type Policy } from '../config/keys';
import { acceptedOn, OPTIONS } from '../command-line/options';
import { systemPolicySource, type PolicySource } from '../config/sources';
import type { ManagedConfig } from '../config/managed';
import type { OptionValues } from './types';
import { allowedBrokerUrls, isAllowedBrokerUrl } from '../config/broker-lock';

let source: PolicySource = systemPolicySource();
let loaded: Promise<{ config: ManagedConfig | null; warnings: string[] }> | null = null;

/**
 * In-process tests only: read the policy from `replacement` (a JSON file in a temporary dir)
 * instead of the system's. Not reachable from the command line or the environment: whoever
 * starts the CLI cannot point it at another policy.
 */
export function setPolicySourceForTests(replacement: PolicySource): void {
  source = replacement;
  loaded = null;
}

/** The policy source in use and what it gave (read once per process; never throws). */
export async function cliPolicy(): Promise<{
  source: PolicySource;
  config: ManagedConfig | null;
  warnings: string[];
}> {
  loaded ??= source.read();
  return { source, ...(await loaded) };
}

/**
 * The policy keys this command line sets, from the option table's `setting` of every CLI option
 * given: a flag as true, a value as its string, a repeatable option as its list (for a
 * single-valued key such as sshKnownHostsFile: its value when all its values are the same).
 */
export function commandLineSettings(values: OptionValues): Partial<Policy> {
  const out: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    const value = values[option.name];
    if (!option.setting || value === undefined || !acceptedOn(option, 'cli')) continue;
    // A single-valued key given as a repeatable switch: its one value; several different ones
    // stay a list, so a lock refuses them (`--known-hosts LOCKED --known-hosts /tmp/evil`
    // must not pass because its last value matches).
    const single = Array.isArray(value) && SETTINGS[option.setting].type !== 'list';
    out[option.setting] = single && new Set(value).size === 1 ? value[0] : value;
  }
  return out;
}

/**
 * Resolve every setting for this CLI run; throws LauncherError('usage') (exit 2) when the
 * command line gives a value for a key the policy locks (resolve.ts refuseLockedOverrides).
 * The broker URL follows the app's rule (core/config/broker-lock.ts): under a lock,
 * `--broker-url` may name any URL of the locked broker — its brokerUrl or one of its
 * brokerUrls, in any spelling of it (url-match.ts) — not only the first one.
 */
export async function enforceCliPolicy(values: OptionValues): Promise<ResolvedSettings> {
  const { config } = await cliPolicy();
  const commandLine = commandLineSettings(values);
  const resolved = resolveSettings({ policy: config, commandLine });
  const { brokerUrl, brokerUrls, lockBrokerUrl } = resolved.settings;
  const allowed = allowedBrokerUrls({
    lockBrokerUrl: lockBrokerUrl.value === true || brokerUrl.locked || brokerUrls.locked,
    brokerUrl: brokerUrl.value,
    brokerUrls: brokerUrls.value ?? [],
  });
  const { brokerUrl: given, ...others } = commandLine;
  const lockedCheck =
    typeof given === 'string' && allowed && isAllowedBrokerUrl(allowed, given.trim())
      ? others
      : commandLine;
  refuseLockedOverrides(resolved, lockedCheck);
  return resolved;
}
