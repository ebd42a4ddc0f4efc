// Broker-supplied text reaching a terminal has control and bidi characters made visible
// (issue 8 point 5): the shared helper, and the keyboard-interactive prompter that prints the
// SSH server's name, instructions and prompts.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createTtyPrompter } from '../../../src/core/cli/tty-prompter';
import { terminalSafe } from '../../../src/core/terminal-text';

describe('terminalSafe', () => {
  it('shows C0, DEL, C1, separators and bidi controls as escapes', () => {
    assert.equal(
      terminalSafe(
        '\u001b]0;title\u0007\u001b[2J\u009b31m\u007f\r\t\u2028\u202e\u2067\u200f\ufeff',
      ),
      '\\x1b]0;title\\x07\\x1b[2J\\x9b31m\\x7f\\x0d\\x09\\u2028\\u202e\\u2067\\u200f\\ufeff',
    );
  });
  it('keeps ordinary text and, on request, line breaks (never CR)', () => {
    assert.equal(terminalSafe('Büro 日本語 🖥 a\\b'), 'Büro 日本語 🖥 a\\b');
    assert.equal(terminalSafe('a\nb'), 'a\\x0ab');
    assert.equal(terminalSafe('a\nb\r\nc', { keepNewlines: true }), 'a\nb\\x0d\nc');
  });
});

describe('keyboard-interactive prompts from the SSH server', () => {
  it('name, instructions and prompts are printed with escapes made visible', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    const prompter = createTtyPrompter({ input, output });
    const answer = prompter.keyboardInteractive!(
      'Evil\u001b[2J',
      'line one\nline\u001b]0;pwned\u0007 two',
      [{ prompt: 'Code\u001b[8m: ', echo: true }],
    );
    setTimeout(() => input.write('42\n'), 20);
    assert.deepEqual(await answer, ['42']);
    assert.ok(!shown.includes('\u001b'), JSON.stringify(shown));
    assert.ok(!shown.includes('\u0007'), JSON.stringify(shown));
    assert.equal(shown, 'Evil\\x1b[2J\nline one\nline\\x1b]0;pwned\\x07 two\nCode\\x1b[8m: ');
  });
});
