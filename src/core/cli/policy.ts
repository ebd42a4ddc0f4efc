// The CLI's side of the machine policy (docs/policy.md): read once per process from this OS's
// source (src/core/config/sources.ts), resolved with the command line, locked keys enforced.
// Until the one option table (src/core/command-line/) names the setting of each option,
// commandLineSettings maps the broker options that set a policy key here.
import { resolveSettings, refuseLockedOverrides, type ResolvedSettings } from '../config/resolve';
import type { Policy } from '../config/keys';
import { systemPolicySource, type PolicySource } from '../config/sources';
import type { ManagedConfig } from '../config/managed';
import type { OptionValues } from './types';

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

/** The settings keys the CLI's options set today (the option table will carry these). */
export function commandLineSettings(values: OptionValues): Partial<Policy> {
  const out: Partial<Policy> = {};
  if (typeof values['broker-url'] === 'string') out.brokerUrl = values['broker-url'];
  if (typeof values['broker-name'] === 'string') out.brokerName = values['broker-name'];
  const ca = values['broker-cacertfile'];
  if (Array.isArray(ca) && ca.length) out.brokerCaFiles = ca;
  return out;
}

/**
 * Resolve every setting for this CLI run; throws LauncherError('usage') (exit 2) when the
 * command line gives a value for a key the policy locks (resolve.ts refuseLockedOverrides).
 */
export async function enforceCliPolicy(values: OptionValues): Promise<ResolvedSettings> {
  const { config } = await cliPolicy();
  const commandLine = commandLineSettings(values);
  const resolved = resolveSettings({ policy: config, commandLine });
  refuseLockedOverrides(resolved, commandLine);
  return resolved;
}
