// Command lines for the local clients. They are spawned without a shell, so no quoting
// issue exists; what remains is that a value must never turn into an option of its own
// (a broker-chosen session name "-oProxyCommand=…" as a separate argv element would be
// parsed as a flag). Hence: every argument after the program is `--name` or `--name=value`,
// values stay glued to their option, and no control character gets through.

import { isAbsolute } from 'node:path';

// eslint-disable-next-line no-control-regex
const OPTION = /^--[a-z][a-z0-9-]*(=[^\u0000-\u001f\u007f]*)?$/;

/** Throws when argv breaks the rules above (a programming error, not user input). */
export function assertSafeArgv(argv: readonly string[]): void {
  const [program, ...args] = argv;
  if (!program || !isAbsolute(program))
    throw new Error(`client program must be an absolute path: ${program}`);
  for (const arg of args) {
    if (!OPTION.test(arg)) throw new Error(`unsafe client argument: ${JSON.stringify(arg)}`);
  }
}

/** An option with a value, checked: the value cannot contain control characters. */
export function option(name: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`control character in --${name} value`);
  return `--${name}=${value}`;
}

/** Session names as X2Go makes them (`user-50-1414759661_stDMATE_dp24`): safe for argv. */
export const SESSION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
