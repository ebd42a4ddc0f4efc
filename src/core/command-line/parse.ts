// One parser for both command lines, over the table in ./options.ts. Node's util.parseArgs
// (maintained with Node) splits the arguments into tokens — `--name=value` (x2goclient's
// form), `--name value`, `-h`, `--` — and this file only decides what each token means for
// the command line at hand. That decision is ours because neither parseArgs mode fits:
// `strict: true` throws at the first foreign switch (the app gets Chromium's own and must
// start anyway), `strict: false` swallows the next switch as a missing value
// (`--broker-url --kiosk`) and says nothing about an x2goclient switch we do not support.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  OPTIONS,
  X2GOCLIENT_UNSUPPORTED,
  acceptedOn,
  optionNamed,
  type CommandLine,
} from './options';

/** Parsed values by option name: flags `true`, `value` kinds a string, `values` a string[]. */
export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/**
 * What was wrong with one argument. The CLI refuses all but `repeated` (exit 2); the app
 * logs them and goes on (it never fails to start over its command line).
 *  - `unknown`: no option of ours nor x2goclient's (in the app: Chromium's or Electron's own);
 *  - `x2goclient-unsupported`: an x2goclient switch neither command line takes;
 *  - `other-command-line`: an option of the other command line (`--kiosk` to the CLI);
 *  - `missing-value`: a value option without one (`--session` last, `--session --kiosk`);
 *  - `unexpected-value`: a flag given a value (`--kiosk=false`); the flag is NOT set;
 *  - `invalid-value`: refused by ParseOptions.value (the app: empty, NUL, over 4096 chars);
 *  - `repeated`: a one-value option given again; the last value counts (as in x2goclient).
 */
export type ParseIssueKind =
  | 'unknown'
  | 'x2goclient-unsupported'
  | 'other-command-line'
  | 'missing-value'
  | 'unexpected-value'
  | 'invalid-value'
  | 'repeated';

export interface ParseIssue {
  kind: ParseIssueKind;
  /** The switch as given, without its value (`--broker-url`, `-x`). */
  option: string;
  /** One English sentence naming the switch. */
  message: string;
}

export interface ParsedCommandLine {
  /** Only options accepted on this command line; absent ones are undefined. */
  values: ParsedValues;
  positionals: string[];
  issues: ParseIssue[];
}

export interface ParseOptions {
  /** Normalise each option value; null refuses it (an `invalid-value` issue). Default: as given. */
  value?: (raw: string) => string | null;
}

const PARSE_CONFIG: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  OPTIONS.map((o) => [
    o.name,
    {
      type: o.kind === 'flag' ? ('boolean' as const) : ('string' as const),
      ...(o.kind === 'values' ? { multiple: true } : {}),
      ...(o.short ? { short: o.short } : {}),
    },
  ]),
);

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * Tokens of `argv`. A value option followed by a switch (`--session --kiosk`) gets no value,
 * and the switch is read as one (parseArgs' strict mode calls this ambiguous and stops).
 */
function tokenize(argv: readonly string[]): { tokens: Token[]; valueless: Set<number> } {
  const tokens: Token[] = [];
  const valueless = new Set<number>();
  let start = 0;
  while (start < argv.length) {
    const { tokens: part } = parseArgs({
      args: argv.slice(start),
      options: PARSE_CONFIG,
      strict: false,
      allowPositionals: true,
      tokens: true,
    });
    let restart = -1;
    for (const token of part) {
      const t: Token = { ...token, index: token.index + start };
      tokens.push(t);
      if (
        t.kind === 'option' &&
        t.inlineValue === false &&
        typeof t.value === 'string' &&
        t.value.startsWith('-') &&
        (optionNamed(t.name)?.kind ?? 'flag') !== 'flag'
      ) {
        valueless.add(tokens.length - 1);
        restart = t.index + 1;
        break;
      }
    }
    if (restart === -1) break;
    start = restart;
  }
  return { tokens, valueless };
}

function otherLineMessage(raw: string, line: CommandLine): string {
  if (line === 'app') return `${raw} is an option of the x2go-launcher CLI, not the desktop app.`;
  return `${raw} is an option of the desktop app, not the CLI.`;
}

/**
 * Parse `argv` (the arguments after the program, and for the app after its path) for the
 * app or the CLI. Never throws over the arguments: each problem is a ParseIssue (see
 * ParseIssueKind); values of options the command line does not accept are left out.
 * Options of one CLI command given to another are not checked here (src/core/cli/main.ts).
 */
export function parseCommandLine(
  argv: readonly string[],
  line: CommandLine,
  options: ParseOptions = {},
): ParsedCommandLine {
  const values: ParsedValues = {};
  const positionals: string[] = [];
  const issues: ParseIssue[] = [];
  const { tokens, valueless } = tokenize(argv);
  tokens.forEach((token, i) => {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      return;
    }
    if (token.kind !== 'option') return; // `--`: what follows are positionals
    const raw = token.rawName;
    const option = optionNamed(token.name);
    if (!option) {
      const x2go = raw.startsWith('--') && X2GOCLIENT_UNSUPPORTED.includes(token.name);
      issues.push(
        x2go
          ? {
              kind: 'x2goclient-unsupported',
              option: raw,
              message: `${raw} is an x2goclient switch X2Go Launcher does not support.`,
            }
          : { kind: 'unknown', option: raw, message: `Unknown option '${raw}'.` },
      );
      return;
    }
    if (!acceptedOn(option, line)) {
      issues.push({
        kind: 'other-command-line',
        option: raw,
        message: otherLineMessage(raw, line),
      });
      return;
    }
    if (option.kind === 'flag') {
      if (token.value !== undefined) {
        issues.push({
          kind: 'unexpected-value',
          option: raw,
          message: `Option '${raw}' does not take an argument.`,
        });
        return;
      }
      values[option.name] = true;
      return;
    }
    if (valueless.has(i) || token.value === undefined) {
      issues.push({
        kind: 'missing-value',
        option: raw,
        message: `Option '${raw} <value>' argument missing.`,
      });
      return;
    }
    const value = options.value ? options.value(token.value) : token.value;
    if (value === null) {
      issues.push({
        kind: 'invalid-value',
        option: raw,
        message: `${raw} has an empty or invalid value.`,
      });
      return;
    }
    if (option.kind === 'values') {
      const list = values[option.name];
      values[option.name] = [...(Array.isArray(list) ? list : []), value];
      return;
    }
    if (values[option.name] !== undefined)
      issues.push({
        kind: 'repeated',
        option: raw,
        message: `${raw} was given more than once; the last value counts.`,
      });
    values[option.name] = value;
  });
  return { values, positionals, issues };
}
