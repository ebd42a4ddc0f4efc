// `config`: every effective setting (keys.ts) with where it came from (default, policy, user,
// command line) and whether the administrator's policy locks it — the CLI's "About this
// configuration" (the app shows the same report: src/core/config/report.ts). Command-line
// values for locked keys are refused here too (exit 2).
import { configurationReport } from '../../config/report';
import { printJson, printWarnings, safe, table } from '../format';
import { cliPolicy, enforceCliPolicy } from '../policy';
import type { CliCommand } from '../types';

export const configCommand: CliCommand = {
  name: 'config',
  synopsis: 'config',
  summary: 'show every effective setting, its source and whether policy locks it',
  args: { min: 0, max: 0 },
  async run(ctx) {
    const { source, config, warnings } = await cliPolicy();
    const resolved = await enforceCliPolicy(ctx.values);
    const report = configurationReport(source, { config, warnings }, resolved);
    if (ctx.json) {
      printJson(ctx.io, report);
      return 0;
    }
    printWarnings(ctx.io, warnings);
    ctx.io.stdout.write(
      `Policy: ${safe(source.location)} (${config ? 'read' : 'none'})\n\n` +
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
