// Headless CLI: `x2go-launcher <command> [options]` (bin/x2go-launcher.cjs). Commands and
// option groups live in ./commands and ./options; this file only parses, dispatches and maps
// errors to the stable exit codes of errors.ts (0 ok, 2 usage, 3 auth, 4 unreachable/TLS,
// 5 protocol/broker, 6 no server or no local client), with the reason on stderr.
import { readFileSync } from 'node:fs';
import { BrokerSession, type BrokerSessionOptions } from '../broker/session';
import { parseCommandLine } from '../command-line/parse';
import { LauncherError, isLauncherError } from '../errors';
import { COMMANDS } from './commands/index';
import { printError, safe } from './format';
import { OPTION_GROUPS } from './options/index';
import type { CliCommand, CliIo, OptionValues } from './types';

/**
 * This process's streams and environment. Getters, because Node creates process.stdin (and
 * the stdout/stderr streams) on first access, which loads its net/tty machinery: `--help`,
 * `--version` and a password from a file never touch stdin.
 */
export function processIo(): CliIo {
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes('--json');
  try {
    return await run(argv, io, json);
  } catch (e) {
    if (isLauncherError(e)) {
      printError(io, e, json);
      if (e.kind === 'usage' && !json) io.stderr.write('Run "x2go-launcher --help" for usage.\n');
      return e.exitCode;
    }
    // A bug, not a user error: say so plainly, without a stack unless asked.
    io.stderr.write(`x2go-launcher: internal error: ${safe((e as Error)?.message ?? String(e))}\n`);
    if (io.env.X2GO_LAUNCHER_DEBUG) io.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

async function run(argv: string[], io: CliIo, json: boolean): Promise<number> {
  refusePasswordOnCommandLine(argv);
  const values = parse(argv);
  const positionals = values.positionals;
  if (values.options.version === true) {
    io.stdout.write(`x2go-launcher ${version()}\n`);
    return 0;
  }
  const name = positionals[0];
  if (values.options.help === true || name === 'help' || name === undefined) {
    io.stdout.write(helpText());
    return name === undefined && values.options.help !== true ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command)
    throw new LauncherError(
      'cli.unknown-command',
      { command: name },
      `Unknown command "${name}".`,
      {
        hint: `Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`,
      },
    );
  const args = positionals.slice(1);
  if (args.length < command.args.min || args.length > command.args.max)
    throw new LauncherError(
      'cli.usage',
      { synopsis: command.synopsis },
      `Usage: x2go-launcher ${command.synopsis} [options]`,
    );
  checkCommandOptions(command, values.options);

  return command.run({
    args,
    values: values.options,
    io,
    json,
    openSession: async () => {
      const target = { url: '' } as BrokerSessionOptions;
      for (const group of OPTION_GROUPS) await group.apply?.(values.options, target, io);
      return new BrokerSession(target);
    },
  });
}

/** The one parser of both command lines (src/core/command-line); every issue but a repeated value is a usage error. */
function parse(argv: string[]): { options: OptionValues; positionals: string[] } {
  const r = parseCommandLine(argv, 'cli');
  const issue = r.issues.find((i) => i.kind !== 'repeated');
  if (issue)
    throw new LauncherError(
      'cli.bad-arguments',
      { issue: issue.kind, option: issue.option },
      issue.message,
    );
  return { options: r.values, positionals: r.positionals };
}

/** Options of another command are a mistake worth telling (e.g. --login with list). */
function checkCommandOptions(command: CliCommand, values: OptionValues): void {
  // A name an option group also defines is valid everywhere (e.g. --add-to-known-hosts: the
  // broker's SSH host for every command, and the X2Go server too for launch).
  const global = new Set(OPTION_GROUPS.flatMap((g) => Object.keys(g.options)));
  for (const other of COMMANDS) {
    if (other === command || !other.options) continue;
    for (const name of Object.keys(other.options)) {
      if (global.has(name)) continue;
      if (values[name] !== undefined && !command.options?.[name])
        throw new LauncherError(
          'cli.option-of-other-command',
          { option: name, command: command.name, other: other.name },
          `--${name} is an option of "${other.name}", not "${command.name}".`,
        );
    }
  }
}

function refusePasswordOnCommandLine(argv: string[]): void {
  if (argv.some((a) => a === '--broker-password' || a.startsWith('--broker-password=')))
    throw new LauncherError(
      'cli.password-on-command-line',
      {},
      'A password is never taken on the command line.',
      {
        hint: 'Other users can read command lines; use --broker-password-file, --broker-password-stdin, --broker-password-env NAME, or type it at the prompt.',
      },
    );
}

/** Set by scripts/build.mjs in the CLI bundle; absent when the sources run through tsx. */
declare const __X2GO_LAUNCHER_VERSION__: string | undefined;

function version(): string {
  if (typeof __X2GO_LAUNCHER_VERSION__ === 'string') return __X2GO_LAUNCHER_VERSION__;
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function helpText(): string {
  const out: string[] = [
    'Usage: x2go-launcher <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.synopsis.padEnd(22)} ${c.summary}`),
    '',
  ];
  const groups = [
    ...OPTION_GROUPS.map((g) => ({ title: g.title, options: g.options })),
    ...COMMANDS.filter((c) => c.options).map((c) => ({
      title: `Command ${c.name}`,
      options: c.options!,
    })),
  ];
  for (const g of groups) {
    out.push(`${g.title} options:`);
    for (const [name, spec] of Object.entries(g.options)) {
      const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
      out.push(`  ${flag.padEnd(34)} ${spec.help}`);
    }
    out.push('');
  }
  out.push(
    'Passwords are never taken on the command line; without a password option the CLI asks on the terminal.',
    'Exit codes: 0 ok, 2 usage, 3 authentication refused, 4 broker unreachable / TLS / timeout,',
    '            5 protocol or broker error, 6 no server available or no local X2Go client',
    '            (missing, not startable or failed), 130 cancelled.',
    '',
  );
  return out.join('\n');
}
