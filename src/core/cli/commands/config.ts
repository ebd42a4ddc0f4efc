// `config`: every effective setting (keys.ts) with where it came from (default, policy, user,
// command line) and whether the administrator's policy locks it — the CLI's "About this
// configuration". Command-line values for locked keys are refused here too (exit 2).
import { SETTING_KEYS } from '../../config/keys';
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
    if (ctx.json) {
      printJson(ctx.io, {
        policy: {
          kind: source.kind,
          location: source.location,
          present: config !== null,
          warnings,
        },
        settings: Object.fromEntries(
          SETTING_KEYS.map((key) => {
            const s = resolved.settings[key];
            return [key, { value: s.value, source: s.source, locked: s.locked }];
          }),
        ),
      });
      return 0;
    }
    printWarnings(ctx.io, warnings);
    ctx.io.stdout.write(
      `Policy: ${safe(source.location)} (${config ? 'read' : 'none'})\n\n` +
        table(
          ['SETTING', 'VALUE', 'SOURCE', 'LOCKED'],
          SETTING_KEYS.map((key) => {
            const s = resolved.settings[key];
            return [key, JSON.stringify(s.value), s.source, s.locked ? 'locked' : ''];
          }),
          60,
        ),
    );
    return 0;
  },
};
