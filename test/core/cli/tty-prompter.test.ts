// The CLI's SSH prompts on a REAL pseudo-terminal (util-linux `script`): prompts worded like
// OpenSSH, secrets never echoed, echo prompts shown, Ctrl-C = cancelled (null).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';

const child = join(import.meta.dirname, '..', '..', 'helpers', 'tty-prompt-child.ts');

it('asks on the terminal without echoing secrets; Ctrl-C cancels', async (t) => {
  if (spawnSync('script', ['--version']).error) return t.skip('util-linux script is not installed');
  const p = spawn('script', ['-qec', `node --import tsx ${child}`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TERM: 'dumb' },
  });
  let out = '';
  const waitFor = async (re: RegExp): Promise<void> => {
    for (let i = 0; i < 6000 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(out, re);
  };
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(/x2gotest@127\.0\.0\.1:12222's password: $/);
  p.stdin.write('s3cr\u007fret pw\r'); // with a backspace
  await waitFor(/PAM\r?\nAnswer both\r?\nCode: $/);
  p.stdin.write('123456\r');
  await waitFor(/Password: $/);
  p.stdin.write('other-secret\r');
  await waitFor(/Enter passphrase for key '\/k\/id_ed25519': $/);
  p.stdin.write('\u0003');
  await waitFor(/RESULT:[^\n]*\n/);
  p.stdin.end();
  await new Promise((r) => p.on('close', r));
  const [screen, resultLine] = out.split('RESULT:') as [string, string];
  assert.deepEqual(JSON.parse(resultLine.trim()), {
    password: 's3cret pw',
    answers: ['123456', 'other-secret'],
    cancelled: null,
  });
  // what the terminal showed before the result: prompts and the echo answer only
  assert.ok(!screen.includes('ret pw'), `the password was echoed: ${JSON.stringify(screen)}`);
  assert.ok(
    !screen.includes('other-secret'),
    `a hidden answer was echoed: ${JSON.stringify(screen)}`,
  );
  assert.ok(screen.includes('123456'), 'an echo prompt shows what is typed');
});
