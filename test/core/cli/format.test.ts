import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safe, table } from '../../../src/core/cli/format';

describe('CLI output sanitising', () => {
  it('broker text cannot send terminal escapes or bidi overrides', () => {
    // made visible, not replaced by '?' (issue 8 point 5: the user sees what was sent)
    assert.equal(
      safe('a\u001b[31mred\u0007\u009b2J\u202eevil'),
      'a\\x1b[31mred\\x07\\x9b2J\\u202eevil',
    );
    assert.equal(safe('Büro 日本語 🖥'), 'Büro 日本語 🖥');
  });
  it('table pads columns and cuts long cells', () => {
    assert.equal(
      table(
        ['ID', 'NAME'],
        [
          ['a', 'x'.repeat(10)],
          ['bbb', 'y'],
        ],
        5,
      ),
      'ID   NAME\na    xxxx…\nbbb  y\n',
    );
  });
});
