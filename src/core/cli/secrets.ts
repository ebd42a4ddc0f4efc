// Where the broker password comes from: a file, stdin, an environment variable named by the
// user, or a prompt on the terminal without echo — never the command line (it would be visible
// in process lists and shell history).
import { readFile, stat } from 'node:fs/promises';
import { LauncherError } from '../errors';
import type { CliIo } from './types';

const MAX_SECRET_BYTES = 64 * 1024;

/** First line of the file without its line terminator (blanks are part of a password). */
export async function passwordFromFile(path: string, io: CliIo): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    throw new LauncherError(
      'password-file.unreadable',
      { path, error: (e as NodeJS.ErrnoException).code ?? 'error' },
      `Cannot read the password file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  if (data.length > MAX_SECRET_BYTES)
    throw new LauncherError(
      'password-file.too-large',
      { path },
      `The password file ${path} is too large.`,
    );
  const mode = (await stat(path)).mode;
  if (mode & 0o077)
    io.stderr.write(
      `x2go-launcher: warning: the password file ${path} is readable by other users (chmod 600 it).\n`,
    );
  return firstLine(data.toString('utf8'));
}

export async function passwordFromStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_SECRET_BYTES)
      throw new LauncherError(
        'password-stdin.too-large',
        {},
        'The password on stdin is too large.',
      );
    chunks.push(b);
  }
  return firstLine(Buffer.concat(chunks).toString('utf8'));
}

export function passwordFromEnv(name: string, io: CliIo): string {
  const value = io.env[name];
  if (value === undefined)
    throw new LauncherError(
      'password-env.unset',
      { name },
      `The environment variable ${name} is not set.`,
      {
        hint: '--broker-password-env takes the NAME of a variable that holds the password.',
      },
    );
  return value;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/\r$/, '');
}

/** Ask on the terminal without echoing what is typed. */
export function promptPassword(prompt: string, io: CliIo): Promise<string> {
  const stdin = io.stdin;
  if (!stdin.isTTY || !stdin.setRawMode)
    return Promise.reject(
      new LauncherError(
        'password.no-terminal',
        {},
        'No password given and no terminal to ask for one.',
      ),
    );
  // Echo off BEFORE the prompt appears: whatever is typed after it is never shown.
  stdin.setRawMode(true);
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (err: LauncherError | null) => {
      stdin.setRawMode!(false);
      stdin.removeListener('data', onData);
      stdin.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003')
          return done(new LauncherError('password.cancelled', {}, 'Password entry cancelled.'));
        if (ch === '\u0004')
          return done(buf ? null : new LauncherError('password.none', {}, 'No password entered.'));
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else if (ch >= ' ') buf += ch;
      }
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}
