// Qt 5 QSettings INI value unescaping (qsettings.cpp iniUnescapedStringList), as x2goclient
// reads the plain broker reply (docs/protocol.md §3.4). Each case is Qt's documented or source
// behaviour; the last ones are hostile inputs (outputs asserted; timings in
// bench/hostile-inputs.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_QT_LIST_ITEMS, decodeQtIniValue } from '../../../src/core/broker/qt-ini-value';

describe('decodeQtIniValue (Qt INI value rules)', () => {
  const cases: Array<[string, string | string[]]> = [
    ['plain text', 'plain text'],
    ['  padded  ', 'padded'],
    ['"  kept  "', '  kept  '],
    ['"quoted;semi"', 'quoted;semi'],
    ['"a,b"', 'a,b'],
    ['a,b', ['a', 'b']],
    ['a , b ,c', ['a', 'b', 'c']],
    ['a,', ['a', '']],
    [',', ['', '']],
    ['"x" , "y"', ['x', 'y']],
    ['"ab"cd', 'abcd'],
    ['"ab"  cd', 'abcd'],
    ['ab"cd"ef', 'abcdef'],
    ['"unterminated, still one', 'unterminated, still one'],
    ['C:\\\\Users\\\\alice', 'C:\\Users\\alice'],
    ['a\\tb\\nc\\rd\\ae\\bf\\fg\\vh', 'a\tb\nc\rd\u0007e\bf\fg\vh'],
    ['\\"q\\" \\? \\\'', '"q" ? \''],
    ['\\x41\\x4a\\x20', 'AJ '],
    ['\\x263A', '\u263a'],
    ['\\x1F600', '\uf600'], // one UTF-16 code unit: the value is cut to 16 bits like QChar
    ['\\101\\60', 'A0'],
    ['\\xZ', 'Z'], // \x without a hex digit: both dropped
    ['\\q', ''], // unknown escape: both dropped
    ['trailing\\', 'trailing'],
    ['esc kept \\t  ', 'esc kept \t'], // blanks after an escape are not trimmed... up to it
    ['/home/alice/Documents:1;/media/usb0:1;', '/home/alice/Documents:1;/media/usb0:1;'],
    ['Café 日本 🖥', 'Café 日本 🖥'],
    ['', ''],
  ];
  for (const [raw, expected] of cases)
    it(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(decodeQtIniValue(raw), expected));

  it('hostile inputs: long runs decode in one pass with the right result', () => {
    assert.equal(decodeQtIniValue('"'.repeat(1_000_001)), '');
    assert.equal(decodeQtIniValue(','.repeat(100_000)), null); // more than MAX_QT_LIST_ITEMS
    assert.equal(
      (decodeQtIniValue(','.repeat(MAX_QT_LIST_ITEMS - 2)) as string[]).length,
      MAX_QT_LIST_ITEMS - 1,
    );
    assert.equal(decodeQtIniValue('a,b,c,d', 3), null);
    assert.deepEqual(decodeQtIniValue('a,b,c', 3), ['a', 'b', 'c']);
    assert.equal(decodeQtIniValue(','.repeat(MAX_QT_LIST_ITEMS)), null);
    assert.deepEqual(decodeQtIniValue('a,b', 3), ['a', 'b']);
    assert.equal(decodeQtIniValue('\\\\'.repeat(100_000)), '\\'.repeat(100_000));
    assert.equal(decodeQtIniValue(`\\x${'f'.repeat(100_000)}`), '\uffff');
    assert.equal(decodeQtIniValue(`a${' '.repeat(100_000)}b`), `a${' '.repeat(100_000)}b`);
    assert.equal(decodeQtIniValue(`a${' '.repeat(100_000)}`), 'a');
  });
});
