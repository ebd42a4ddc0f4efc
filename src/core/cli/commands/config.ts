// `config`: every effective setting (keys.ts) with where it came from (default, policy, user,
// command line) and whether the administrator's policy locks it — the CLI's "About this
// configuration" (the app shows the same report: src/core/config/report.ts). Command-line
// values for locked keys are refused here too (exit 2).
import { configurationReport } from '../../config/report';
import type { ConfigurationReport } from '../../../shared/configuration';
import { printJson, printWarnings, safe, table } from '../format';
import { cliPolicy, enforceCliPolicy } from '../policy';
import type { CliCommand, OptionValues } from '../types';

/**
 * Every effective setting with its source and lock, and where the policy was read: what
 * `config --json` prints and what the diagnostics bundle includes (docs/diagnostics.md); the
 * app's "About this configuration" is the same report (src/core/config/report.ts).
 * Throws LauncherError('usage') for command-line values a locked key refuses.
 */
export async function effectiveConfiguration(values: OptionValues): Promise<ConfigurationReport> {
  const { source, config, warnings } = await cliPolicy();
  const resolved = await enforceCliPolicy(values);
  return configurationReport(source, { config, warnings }, resolved);
}

export const configCommand: CliCommand = {
  name: 'config',
  synopsis: 'config',
  summary: 'show every effective setting, its source and whether policy locks it',
  args: { min: 0, max: 0 },
  async run(ctx) {
    const report = await effectiveConfiguration(ctx.values);
    if (ctx.json) {
      printJson(ctx.io, report);
      return 0;
    }
    printWarnings(ctx.io, report.policy.warnings);
    ctx.io.stdout.write(
      `Policy: ${safe(report.policy.location)} (${report.policy.present ? 'read' : 'none'})\n\n` +
        table(
          ['SETTING', 'VALUE', 'SOURCE', 'LOCKED'],
          Object.entries(report.settings).map(([key, s]) => [
            key,
            JSON.stringify(s.value),
            s.source,
            s.locked ? 'locked' : '',
          ]),
          60,
        ),
    );
    return 0;
  },
};
