// The SSH broker's command line and output (docs/protocol.md §5.2–5.4): what we run on the
// broker host for a BrokerRequest, and how its stdout/stderr/exit status become a reply or a
// LauncherError. Pure functions, so every quirk is unit-tested without a network.
import { LauncherError, excerpt } from '../errors';
import type { BrokerRequest } from './types';

/**
 * POSIX single-quote escaping for a POSIX shell (sh, bash, dash, zsh): the argument reaches
 * the program verbatim whatever it holds. Not enough for an SSH exec request, which the login
 * shell parses (fish, tcsh quote differently): remoteCommand does not use it.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0'))
    throw new LauncherError(
      'broker.argument-nul',
      {},
      'A broker argument contains a NUL character.',
    );
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The broker's argv for one request (x2goclient 4.1.2.2's order):
 * `<cmd> [--user U] [--authid C] --task T [--sid S] [--login L]`.
 * `--user` only when acting for another user than the SSH login (the magic-user form: the
 * broker ignores it for everyone else). `--authid` only when non-empty (an empty value is an
 * argparse error, exit 2). The password never goes on a command line: SSH authenticated us.
 */
export function brokerArgv(command: string, request: BrokerRequest, loginUser: string): string[] {
  const argv = [command];
  if (request.user && request.user !== loginUser) argv.push('--user', request.user);
  if (request.authid) argv.push('--authid', request.authid);
  argv.push('--task', request.task);
  if (request.task === 'selectsession') {
    if (request.sid === undefined)
      throw new LauncherError(
        'internal.ssh-no-profile-id',
        {},
        'selectsession needs a profile ID.',
      );
    argv.push('--sid', request.sid);
    if (request.login) argv.push('--login', request.login);
  }
  // client events (docs/protocol.md §12.3): x2goclient 4.1.2's options, each its own argv word
  if (request.task === 'clientevent' && request.clientEvent) {
    const e = request.clientEvent;
    argv.push('--sid', request.sid ?? '', '--event', e.event, '--server', e.server);
    argv.push('--client', e.client, '--login', request.login ?? '', '--cmd', e.cmd);
    argv.push('--display', e.display, '--start', e.start, '--elapsed', String(e.elapsed));
  }
  // setpass never comes here: its new password would sit on the broker host's command line
  // (x2goclient's --newpass; setpass.ts refuses SSH brokers before sending anything)
  if (request.newpass !== undefined)
    throw new LauncherError(
      'internal.ssh-no-newpass',
      {},
      'A new broker password is never put on an SSH command line.',
    );
  return argv;
}

/**
 * The string for the SSH exec request. sshd runs it as `<login shell> -c <string>`, and the
 * broker account's login shell may be sh, bash, dash, zsh, fish or tcsh. They disagree on
 * quoting: fish processes `\\` and `\'` inside single quotes, csh/tcsh allow no newline in
 * quotes and expand `!` (history) even there — no single quoting of arbitrary text is read
 * the same by all six. So the argv never meets the login shell as text:
 *
 *   echo <marker>; exec /bin/sh -c '<script>'
 *
 * is all the login shell parses — words and one single-quoted string made only of characters
 * every one of the six reads literally inside single quotes (letters, digits, `_@+=:,./`,
 * space, `"`, `$`, `(`, `)`, `{`, `}`, `%`, `;` and backslash followed by a digit: no `'`, no
 * `!`, no newline, no `\\`). The script, run by the POSIX /bin/sh of the broker host, rebuilds
 * each argument byte for byte with printf from octal escapes (`a0="$(printf "\101x")"`, the
 * trailing `x` protects trailing newlines from `$(…)`, then `\${a0%x}` drops it) and execs
 * `"$a0" "$a1" …`: each argument arrives as exactly one argv word, whatever it holds. The
 * marker line goes first so that whatever the login shell's startup files print is cut off;
 * `exec` keeps the program's own exit status.
 */
export function remoteCommand(argv: readonly string[], marker: string): string {
  if (argv.length === 0)
    throw new LauncherError('internal.ssh-no-command', {}, 'No remote command given.');
  const assign = argv.map(
    (arg, i) => `a${i}="$(printf "${printfOctal(arg)}x")";a${i}="\${a${i}%x}"`,
  );
  const words = argv.map((_, i) => `"$a${i}"`).join(' ');
  return `echo ${marker}; exec /bin/sh -c '${assign.join(';')};exec ${words}'`;
}

/** printf format text that prints `arg` exactly: safe ASCII as is, every other byte as \ooo. */
function printfOctal(arg: string): string {
  if (arg.includes('\0'))
    throw new LauncherError(
      'broker.argument-nul',
      {},
      'A broker argument contains a NUL character.',
    );
  let out = '';
  for (const byte of Buffer.from(arg, 'utf8')) {
    const c = String.fromCharCode(byte);
    // `-` is encoded too, so a format never starts with one (bash's printf takes `-v`).
    out += /^[A-Za-z0-9_@+=:,./]$/.test(c) ? c : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

export interface CommandResult {
  stdout: Buffer;
  stderr: Buffer;
  /** Exit status, null when the command died from a signal or the server sent none. */
  code: number | null;
  signal: string | null;
}

const decoder = new TextDecoder('utf-8'); // non-fatal: invalid bytes become U+FFFD

/** The reply text: stdout after the marker line (all of it if the marker is missing). */
export function extractReply(stdout: Buffer, marker: string): string {
  let text = decoder.decode(stdout);
  const at = text.indexOf(`${marker}\n`);
  if (at >= 0) text = text.slice(at + marker.length + 1);
  // The broker prints the plain body with Python's print(): one extra LF at the end
  // (docs/protocol.md §5.3).
  if (text.endsWith('\n\n')) text = text.slice(0, -1);
  return text;
}

/** Turn a finished broker command into the reply body, or the LauncherError it means. */
export function interpretResult(result: CommandResult, marker: string, where: string): string {
  const stderr = decoder.decode(result.stderr);
  const body = extractReply(result.stdout, marker);
  const brokerMessage = lastLines(stderr, 6);
  const withStderr = brokerMessage ? { brokerMessage } : {};

  if (result.code === 0) {
    if (body.trim() === '') {
      throw new LauncherError(
        'ssh-broker.refused',
        { where },
        `The SSH broker at ${where} refused the cookie/credentials (empty reply).`,
        {
          ...withStderr,
          hint: 'The auth-id cookie is unknown, already used or expired, or the broker needs one: sign in again or give the right --auth-id.',
        },
      );
    }
    return body;
  }
  if (result.code === null) {
    throw new LauncherError(
      'ssh-broker.no-exit-status',
      { where },
      `The SSH broker command at ${where} ended without an exit status${result.signal ? ` (signal ${result.signal})` : ''}.`,
      withStderr,
    );
  }
  if (/^Traceback \(most recent call last\):/m.test(stderr)) {
    const last = lastLines(stderr, 1);
    throw new LauncherError(
      'ssh-broker.crashed',
      { where },
      `The SSH broker at ${where} crashed (Python exception${last ? `: ${excerpt(last)}` : ''}).`,
      {
        ...withStderr,
        hint: mentionsCookieDirCrash(stderr)
          ? 'x2gobroker 0.0.4.3 crashes when the pre-shared cookie is sent to a broker that also checks passwords: remove --auth-id, or ask the admin to set require-password = false.'
          : 'This is a broker-side error: the broker administrator can see the details in its log.',
      },
    );
  }
  if (result.code === 2 && /usage:|: error: /i.test(stderr)) {
    throw new LauncherError(
      'ssh-broker.command-line-rejected',
      { where },
      `The SSH broker at ${where} rejected the command line: ${excerpt(lastLines(stderr, 1))}`,
      {
        ...withStderr,
        hint: 'The broker command in the ssh:// URL path may not be an X2Go broker, or it is a version that does not know these options.',
      },
    );
  }
  if (result.code === 254) {
    throw new LauncherError(
      'ssh-broker.no-task',
      { where },
      `The SSH broker at ${where} did not receive a task.`,
      {
        ...withStderr,
      },
    );
  }
  if (result.code === 126 || result.code === 127) {
    throw new LauncherError(
      result.code === 127 ? 'ssh-broker.command-not-found' : 'ssh-broker.command-not-permitted',
      { where },
      `The broker command at ${where} ${result.code === 127 ? 'was not found' : 'cannot be run by this user'} (exit ${result.code}).`,
      {
        ...withStderr,
        hint: 'Check the command path in the ssh:// URL (default /usr/bin/x2gobroker-ssh) and that the SSH user is in the group x2gobroker-users.',
      },
    );
  }
  throw new LauncherError(
    'ssh-broker.failed',
    { where, status: result.code },
    `The SSH broker command at ${where} failed with exit status ${result.code}.`,
    withStderr,
  );
}

/**
 * x2gobroker 0.0.4.3's crash on a pre-shared cookie: a `FileNotFoundError: …broker-cookies…`
 * line. Checked line by line with indexOf: the unanchored /FileNotFoundError: .*broker-cookies/
 * rescans the rest of the line from every occurrence (quadratic on hostile stderr).
 */
export function mentionsCookieDirCrash(stderr: string): boolean {
  for (const line of stderr.split('\n')) {
    const at = line.indexOf('FileNotFoundError: ');
    if (at >= 0 && line.indexOf('broker-cookies', at) >= 0) return true;
  }
  return false;
}

function lastLines(text: string, n: number): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.slice(-n).join('\n').slice(-2000);
}
