// The rescue offered for existing sessions (docs/health-check.md): the exact CLI commands that
// resume one, end one, or start a new session, with the options the check was given (the
// broker, password source, key files …) carried over to each command that takes them. The
// app offers the same three through its controller (resume / terminate / new).
import { OPTIONS, type CliCommandName } from '../command-line/options';
import type { HealthSession } from '../../shared/health';

/** Option values as the CLI parsed them. */
type Values = Record<string, string | boolean | string[] | undefined>;

/** Options that describe this run, not the connection: never carried over. */
const NOT_CARRIED = new Set([
  'json',
  'no-autoresume',
  'dry-run',
  'output',
  'force',
  'help',
  'version',
]);

/** One argument for a POSIX shell: single-quoted where needed (a display form, never run here). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** `--name value` pairs of `values` that `command` accepts, in option-table order. */
export function carriedOptions(values: Values, command: CliCommandName): string[] {
  const out: string[] = [];
  for (const o of OPTIONS) {
    if (NOT_CARRIED.has(o.name)) continue;
    if (!(o.cli === 'all' || (Array.isArray(o.cli) && o.cli.includes(command)))) continue;
    const v = values[o.name];
    if (v === undefined || v === false) continue;
    if (v === true) out.push(`--${o.name}`);
    else for (const item of Array.isArray(v) ? v : [v]) out.push(`--${o.name}`, item);
  }
  return out;
}

/** The three rescue commands for one session, as argv arrays (argv[0] = x2go-launcher). */
export interface RescueCommands {
  /** Present for the session a launch resumes (launch picks it: docs/protocol.md §8.4). */
  resume: string[] | null;
  terminate: string[];
  new: string[];
}

export function rescueCommands(
  profileId: string,
  session: HealthSession,
  values: Values,
): RescueCommands {
  const launch = carriedOptions(values, 'launch');
  return {
    resume: session.resumedByLaunch ? ['x2go-launcher', 'launch', profileId, ...launch] : null,
    terminate: [
      'x2go-launcher',
      'terminate',
      profileId,
      session.info.name,
      ...carriedOptions(values, 'terminate'),
    ],
    new: ['x2go-launcher', 'launch', profileId, '--no-autoresume', ...launch],
  };
}
