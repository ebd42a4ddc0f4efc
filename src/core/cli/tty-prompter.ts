// SshPrompter on the terminal, worded like OpenSSH's prompts. Secrets are read with echo off
// (raw mode, nothing printed while typing). Without a terminal (CI, kiosk, pipes) there is no
// prompter at all: the SSH transport then fails with a clear error instead of hanging.
// Unknown host keys are NOT asked about here: the CLI fails closed with the fingerprint unless
// --add-to-known-hosts is given (the GUI asks through its own dialog).
import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { terminalSafe } from '../terminal-text';
import type { KeyboardInteractivePrompt, SshPrompter } from '../transport/ssh-prompter';

export interface TtyStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  output: NodeJS.WritableStream;
}

/** The controlling terminal (/dev/tty, as ssh uses), else stdin/stderr when they are TTYs. */
export function openTerminal(): TtyStreams | null {
  try {
    const fd = openSync('/dev/tty', 'r+');
    return { input: new ReadStream(fd), output: new WriteStream(fd) };
  } catch {
    if (process.stdin.isTTY && process.stderr.isTTY)
      return { input: process.stdin, output: process.stderr };
    return null;
  }
}

export function createTtyPrompter(tty: TtyStreams): SshPrompter {
  return {
    password: ({ user, host, port }) =>
      readLine(
        tty,
        terminalSafe(`${user}@${host}${port === 22 ? '' : `:${port}`}'s password: `),
        false,
      ),
    passphrase: (keyFile) =>
      readLine(tty, terminalSafe(`Enter passphrase for key '${keyFile}': `), false),
    // name, instructions and prompts come from the SSH server (the broker host): untrusted
    keyboardInteractive: async (name, instructions, prompts: KeyboardInteractivePrompt[]) => {
      if (name) tty.output.write(`${terminalSafe(name)}\n`);
      if (instructions) tty.output.write(`${terminalSafe(instructions, { keepNewlines: true })}\n`);
      const answers: string[] = [];
      for (const p of prompts) {
        const a = await readLine(tty, terminalSafe(p.prompt), p.echo);
        if (a === null) return null;
        answers.push(a);
      }
      return answers;
    },
  };
}

/**
 * Read one line. With `echo` false the terminal is put in raw mode and nothing is shown.
 * Ctrl-C / Ctrl-D on an empty line → null (cancelled).
 */
export function readLine(tty: TtyStreams, prompt: string, echo: boolean): Promise<string | null> {
  const { input, output } = tty;
  return new Promise((resolve) => {
    let text = '';
    const raw = !echo && typeof input.setRawMode === 'function' && input.isTTY;
    // Echo off BEFORE the prompt appears: what is typed right after it must never show.
    if (raw) input.setRawMode?.(true);
    output.write(prompt);
    input.setEncoding('utf8');
    input.resume();
    const done = (value: string | null): void => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
      if (!echo || value === null) output.write('\n');
      resolve(value);
    };
    const onEnd = (): void => done(text.length ? text : null);
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(text);
        if (ch === '\u0003') return done(null); // Ctrl-C
        if (ch === '\u0004' && text === '') return done(null); // Ctrl-D
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else if (ch === '\u0015')
          text = ''; // Ctrl-U
        else if (ch >= ' ') text += ch;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
  });
}
