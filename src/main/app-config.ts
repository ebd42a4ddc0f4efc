// The app's effective settings and its "About this configuration" report from one place
// (fleet-config, issue 11): the command line's policy values (src/main/args.ts), the packaged
// defaults and the machine policy (src/core/config/sources.ts) go through the one resolver
// (src/core/config/resolve.ts) and the one report maker the CLI's `config --json` uses
// (src/core/config/report.ts). index.ts and the renderer tests' backend both call this.
import { lockDownForKiosk } from '../core/kiosk/policy';
import {
  appSettingLayers,
  resolvePolicy,
  type CommandLinePolicy,
  type EffectivePolicy,
  type ManagedConfig,
  type Policy,
} from '../core/config/managed';
import { configurationReport } from '../core/config/report';
import { resolveSettings, type ResolvedSettings } from '../core/config/resolve';
import type { PolicySource } from '../core/config/sources';
import type { ConfigurationReport } from '../shared/configuration';
import { chooseClient, clientOrder } from '../core/launcher/client-choice';
import type { AppArgs } from './args';
import type { ClientLauncherOptions } from './client-launcher';
import { hostKeyRulesFor, withHostKeyRules } from './host-key-policy';
import type { createSshPrompter } from './prompts';

export interface AppConfiguration {
  policy: EffectivePolicy;
  configuration: ConfigurationReport;
  /** User or command-line values a policy lock overrode (logged at start). */
  overridden: ResolvedSettings['overridden'];
}

/** The values of the app's switches that set a policy key (options.ts `setting`). */
export function commandLinePolicy(args: AppArgs): CommandLinePolicy {
  return {
    ...(args.brokerUrl ? { brokerUrl: args.brokerUrl } : {}),
    lockBrokerUrl: args.lockBrokerUrl,
    kiosk: args.kiosk,
    brokerCaFiles: args.caCertFiles,
    ...(args.brokerName ? { brokerName: args.brokerName } : {}),
    allowAddHostKeys: args.addToKnownHosts,
    // kiosk (issue 12): --thinclient / --haltbt / --broker-autologoff
    thinclient: args.thinclient,
    haltbt: args.haltButton,
    autoLogoffAfterSession: args.autoLogoff,
  };
}

/** Resolve the app's settings and make the report. Pure; never throws. */
export function appConfiguration(
  args: AppArgs,
  packaged: Partial<Policy>,
  source: Pick<PolicySource, 'kind' | 'location'>,
  read: { config: ManagedConfig | null; warnings: string[] },
): AppConfiguration {
  const commandLine = commandLinePolicy(args);
  const resolved = resolveSettings(appSettingLayers(packaged, read.config, commandLine));
  return {
    // kiosk (issue 12): a kiosk's lock-down (no remembered secrets, no devtools …) applies here
    policy: lockDownForKiosk(resolvePolicy(packaged, read.config, commandLine)),
    configuration: configurationReport(source, read, resolved),
    overridden: resolved.overridden,
  };
}

/**
 * The client launcher's policy-driven options (index.ts): the client order and program paths
 * from preferredClient/clientPath (the CLI's rule), and the GUI prompter under the unknown
 * host-key rule (allowAddHostKeys, --add-to-known-hosts) for the X2Go server's key.
 */
export function appLauncherOptions(
  policy: EffectivePolicy,
  args: AppArgs,
  prompter: ReturnType<typeof createSshPrompter>,
): Pick<ClientLauncherOptions, 'clients' | 'clientPaths' | 'prompter'> {
  return {
    ...clientOrder(chooseClient(policy)),
    prompter: withHostKeyRules(prompter, hostKeyRulesFor(policy, args)),
  };
}
