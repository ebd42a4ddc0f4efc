// The CLI's building blocks. Options come in groups (src/core/cli/options/*.ts) and commands
// one per file (src/core/cli/commands/*.ts); each is listed once in its folder's index.ts, so
// adding an option group (e.g. SSH) or a command (e.g. launch) means adding a file and a line.
import type { BrokerSession, BrokerSessionOptions } from '../broker/session';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given several times (values collect in an array). */
  multiple?: boolean;
  short?: string;
  /** Placeholder in the help text (`FILE`, `URL` …). */
  valueName?: string;
  help: string;
}

/** Parsed option values: string, boolean or string[] (multiple), undefined when absent. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
}

export interface OptionGroup {
  title: string;
  options: Record<string, OptionSpec>;
  /**
   * Fill in the broker session options from this group's values (called in index order).
   * Throw a LauncherError('usage') for invalid combinations.
   */
  apply?(values: OptionValues, target: BrokerSessionOptions, io: CliIo): Promise<void> | void;
}

export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[];
  values: OptionValues;
  io: CliIo;
  /** `--json`: machine-readable output on stdout. */
  json: boolean;
  /** Build (not yet contact) the broker session from the options (password read/prompted here). */
  openSession(): Promise<BrokerSession>;
}

export interface CliCommand {
  name: string;
  /** `select PROFILE_ID` — shown in the usage line. */
  synopsis: string;
  summary: string;
  /** Number of positional arguments accepted. */
  args: { min: number; max: number };
  /** Options only this command takes. */
  options?: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number>;
}
