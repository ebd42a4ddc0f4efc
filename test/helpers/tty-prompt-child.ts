// Child process for tty-prompter.test.ts: runs under `script` (a real pseudo-terminal), asks
// through the TTY prompter and prints what it got as JSON on the last line.
import { createTtyPrompter, openTerminal } from '../../src/core/cli/tty-prompter';

const tty = openTerminal();
if (!tty) {
  console.log('RESULT:null-terminal');
  process.exit(0);
}
const p = createTtyPrompter(tty);
const password = await p.password!({
  user: 'x2gotest',
  host: '127.0.0.1',
  port: 12222,
  attempt: 1,
});
const answers = await p.keyboardInteractive!('PAM', 'Answer both', [
  { prompt: 'Code: ', echo: true },
  { prompt: 'Password: ', echo: false },
]);
const cancelled = await p.passphrase!('/k/id_ed25519', 1);
tty.output.write(`RESULT:${JSON.stringify({ password, answers, cancelled })}\n`);
// no process.exit: the prompter must not keep the process alive
