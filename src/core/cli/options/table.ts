// The CLI's option specs, read from the one option table (src/core/command-line/options.ts):
// a group's options (every command takes them) and a command's own.
import {
  OPTIONS,
  type CliCommandName,
  type CliGroup,
  type OptionDef,
} from '../../command-line/options';
import type { OptionSpec } from '../types';

function spec(o: OptionDef): OptionSpec {
  return {
    type: o.kind === 'flag' ? 'boolean' : 'string',
    ...(o.kind === 'values' ? { multiple: true } : {}),
    ...(o.short ? { short: o.short } : {}),
    ...(o.valueName ? { valueName: o.valueName } : {}),
    help: o.help,
  };
}

/** The options of CLI group `group`, in table order. */
export function groupOptions(group: CliGroup): Record<string, OptionSpec> {
  return Object.fromEntries(
    OPTIONS.filter((o) => o.cli === 'all' && o.cliGroup === group).map((o) => [o.name, spec(o)]),
  );
}

/** The options only `command` (and possibly other named commands) takes, in table order. */
export function commandOptions(command: CliCommandName): Record<string, OptionSpec> {
  return Object.fromEntries(
    OPTIONS.filter((o) => Array.isArray(o.cli) && o.cli.includes(command)).map((o) => [
      o.name,
      spec(o),
    ]),
  );
}
