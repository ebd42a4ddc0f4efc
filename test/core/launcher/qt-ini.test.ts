import assert from 'node:assert/strict';
import { it } from 'node:test';
import { pythonIniValue, writePythonIni } from '../../../src/core/launcher/python-ini';
import { isSafeIniName, qtIniValue, writeQtIni } from '../../../src/core/launcher/qt-ini';
import { qtUnescape, readQtIni } from '../../helpers/qt-ini-reader';

void it('G1: a name with comma, semicolon and ü is quoted and \\x-escaped', () => {
  assert.equal(qtIniValue('Smith, John; Büro'), '"Smith, John; B\\xfcro"');
});

void it('G2: a hex digit after an escaped character is escaped too (\\x consumes all hex digits)', () => {
  assert.equal(qtIniValue('Ü0 end'), '\\xdc\\x30 end');
  assert.equal(qtIniValue('ÄBC'), '\\xc4\\x42\\x43');
  assert.equal(qtIniValue('Äg'), '\\xc4g'); // g is no hex digit
  assert.equal(qtIniValue('\u00000'), '\\0\\x30'); // \0 is an octal escape: 0 must not follow raw
});

void it('G3: a Windows key path keeps its backslashes', () => {
  assert.equal(qtIniValue('C:\\Users\\a\\k'), 'C:\\\\Users\\\\a\\\\k');
  assert.equal(qtUnescape(qtIniValue('C:\\Users\\a\\k')), 'C:\\Users\\a\\k');
});

void it('quotes, backslashes, control characters, edge spaces, @', () => {
  assert.equal(qtIniValue('a"b\\c'), 'a\\"b\\\\c');
  assert.equal(qtIniValue('tab\there\nx\ry'), 'tab\\there\\nx\\ry');
  assert.equal(qtIniValue('\u0001\u001f\u007f'), '\\x1\\x1f\\x7f');
  assert.equal(qtIniValue(' edge '), '" edge "');
  assert.equal(qtIniValue('a=b'), '"a=b"');
  assert.equal(qtIniValue('@Invalid()'), '@@Invalid()');
  assert.equal(qtIniValue('plain-value_1.2 x'), 'plain-value_1.2 x');
  assert.equal(qtIniValue(''), '');
});

void it('characters beyond U+FFFF are written as two UTF-16 units', () => {
  assert.equal(qtIniValue('🖥'), '\\xd83d\\xdda5');
  assert.equal(qtIniValue('日本'), '\\x65e5\\x672c');
});

void it('a list is written item by item, read back as a list', () => {
  const text = qtIniValue(['TERMINAL', 'WWW,BROWSER', 'ÄB']);
  assert.equal(text, 'TERMINAL, "WWW,BROWSER", \\xc4\\x42');
  assert.deepEqual(qtUnescape(text), ['TERMINAL', 'WWW,BROWSER', 'ÄB']);
  assert.equal(qtIniValue(['one']), 'one');
  assert.equal(qtIniValue([]), '');
});

void it('every written value is one line of printable ASCII', () => {
  const hostile = [
    'x\n[evil]\nhost=evil.example',
    'x\r\nkey=/tmp/k',
    '\u2028\u2029\u0085',
    'é\u0000',
  ];
  for (const v of hostile) assert.match(qtIniValue(v), /^[\x20-\x7e]*$/);
});

// Deterministic pseudo-random strings over the characters that matter to Qt's reader.
function* randomStrings(count: number): Generator<string> {
  const alphabet = [
    'a', 'Z', '0', '9', 'f', 'F', 'x', ' ', '\t', '\n', '\r', '\u0000', '\u0001', '\u007f', '"', '\\',
    ';', ',', '=', '@', '#', '[', ']', '%', 'ü', 'Ü', '\u00a0', '€', '日', '🖥', '\ud800',
  ]; // prettier-ignore
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  for (let n = 0; n < count; n++) {
    let s = '';
    const len = Math.floor(next() * 24);
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    yield s;
  }
}

void it('round trip: 5000 generated values read back unchanged through the Qt reader model', () => {
  for (const value of randomStrings(5000)) {
    const file = writeQtIni([
      {
        name: 'p',
        entries: [
          ['v', value],
          ['after', 'ok'],
        ],
      },
    ]);
    const parsed = readQtIni(file);
    assert.equal(parsed.size, 2, `extra section for ${JSON.stringify(value)}`); // General + p
    const section = parsed.get('p');
    assert.deepEqual([...(section?.keys() ?? [])], ['v', 'after'], JSON.stringify(value));
    assert.equal(section?.get('v'), value, JSON.stringify(value));
    assert.equal(section?.get('after'), 'ok');
  }
});

void it('section names and keys outside [A-Za-z0-9_.-] are refused, as is [General]', () => {
  assert.ok(isSafeIniName('loopback-xterm'));
  assert.ok(!isSafeIniName('-oProxy'));
  for (const bad of ['a b', 'a/b', 'a%41', 'a]', 'ü', '', 'a=b', 'a;b']) {
    assert.ok(!isSafeIniName(bad), bad);
    assert.throws(() => writeQtIni([{ name: bad, entries: [] }]), /unsafe INI section/);
    assert.throws(() => writeQtIni([{ name: 'ok', entries: [[bad, 'x']] }]), /unsafe INI key/);
  }
  assert.throws(() => writeQtIni([{ name: 'General', entries: [] }]), /unsafe/);
  assert.throws(
    () =>
      writeQtIni([
        {
          name: 'ok',
          entries: [
            ['k', '1'],
            ['k', '2'],
          ],
        },
      ]),
    /duplicate/,
  );
});

void it('both writers refuse a key repeated in another letter case (readers fold case)', () => {
  const entries: Array<[string, string]> = [
    ['host', 'good.example'],
    ['Host', 'evil.example'],
  ];
  assert.throws(() => writeQtIni([{ name: 'ok', entries }]), /duplicate INI key: Host/);
  assert.throws(() => writePythonIni([{ name: 'ok', entries }]), /duplicate INI key: Host/);
  // configparser reads `Sound` as sound (getboolean) and `Applications` with eval()
  assert.equal(pythonIniValue('Sound', 'maybe').ok, false);
  assert.equal(pythonIniValue('SSHPort', '22x').ok, false);
  assert.equal(pythonIniValue('Applications', '[__import__("os")]').ok, false);
});
