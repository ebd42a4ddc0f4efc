// Property-based tests (fast-check) of the two session-file writers, with whatever a hostile
// broker could put in a value (line breaks, `[section]`, `key=`, quotes, `%`, `@`, escapes,
// any Unicode):
//   - qt-ini.ts (x2goclient): read back with the QSettings model (test/helpers/qt-ini-reader.ts)
//     — every value comes back exactly, the sections and keys are exactly those written;
//   - python-ini.ts (pyhoca-cli): read back by the real Python configparser, the way
//     python-x2go 0.6 reads session profiles (SafeConfigParser, optionxform = str, typed
//     getboolean/getint/list reads) — one python3 process for the whole batch of generated
//     files. A value the writer accepts comes back exactly; one it refuses is dropped by the
//     caller; no value adds a section or key.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  PYTHON_BOOL_KEYS,
  PYTHON_INT_KEYS,
  PYTHON_LIST_KEYS,
  pythonIniValue,
  writePythonIni,
} from '../../../src/core/launcher/python-ini';
import { writeQtIni, type QtIniSection } from '../../../src/core/launcher/qt-ini';
import { readQtIni, type QtValue } from '../../helpers/qt-ini-reader';
import { runs } from '../../helpers/property-runs';

/** Strings a hostile broker might send, mixed with arbitrary Unicode. */
const HOSTILE_PIECES = [
  '\n[evil]\nkey=1',
  '\r\nhost=evil',
  'a;b',
  'a,b',
  'a=b',
  '"quoted"',
  '\\x41',
  '\\',
  '@Invalid()',
  '@ByteArray(x)',
  '%(user)s',
  '%',
  ' lead',
  'trail ',
  '\t',
  '\u0085',
  '\u2028',
  '[1, 2]',
  '#comment',
  ';comment',
  '\0',
  'é€😀',
];
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 8 })), {
      maxLength: 6,
    })
    .map((parts) => parts.join('')),
);
const iniName = fc.stringMatching(/^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,20}$/);
const sectionName = iniName.filter((n) => !['general', 'default'].includes(n.toLowerCase()));

// ---- Qt (x2goclient) ---------------------------------------------------------------------

const qtValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
);
const qtSections = fc.uniqueArray(
  fc.record({
    name: sectionName,
    entries: fc.uniqueArray(fc.tuple(iniName, qtValue), {
      maxLength: 10,
      selector: ([k]) => k.toLowerCase(),
    }),
  }),
  { minLength: 1, maxLength: 3, selector: (s) => s.name },
);

/** What QSettings returns for a value we wrote: lists of 0/1 items read back as strings. */
function expectedQt(value: string | readonly string[]): QtValue {
  if (typeof value === 'string') return value;
  if (value.length === 0) return '';
  if (value.length === 1) return value[0]!;
  return [...value];
}

describe('Qt INI writer (properties)', () => {
  it('every value reads back exactly; exactly the sections and keys written', () => {
    fc.assert(
      fc.property(qtSections, (sections: QtIniSection[]) => {
        const text = writeQtIni(sections);
        assert.match(text, /^[\x20-\x7e\n]*$/, 'printable ASCII and LF only');
        const read = readQtIni(text);
        assert.deepEqual(
          [...read.keys()].filter((s) => s !== 'General'),
          sections.map((s) => s.name),
        );
        assert.equal(read.get('General')?.size, 0, 'nothing outside a section');
        for (const s of sections) {
          const got = read.get(s.name)!;
          assert.deepEqual(
            [...got.keys()],
            s.entries.map(([k]) => k),
          );
          for (const [k, v] of s.entries) assert.deepEqual(got.get(k), expectedQt(v), k);
        }
      }),
      runs(2000),
    );
  });
});

// ---- Python (pyhoca-cli) -----------------------------------------------------------------

const typedKey = fc.oneof(
  fc.constantFrom(...PYTHON_BOOL_KEYS, ...PYTHON_INT_KEYS, ...PYTHON_LIST_KEYS),
  iniName,
);
const pythonValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom('1', '0', 'true', 'False', 'yes', 'on', 'off', '42', '-7', '+3'),
  },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
);
const pythonCase = fc.uniqueArray(
  fc.record({
    name: sectionName,
    entries: fc.uniqueArray(fc.tuple(typedKey, pythonValue), {
      maxLength: 10,
      selector: ([k]) => k.toLowerCase(),
    }),
  }),
  { minLength: 1, maxLength: 3, selector: (s) => s.name },
);

/** Reads each file as python-x2go does and prints {file: {section: {key: typed value}}}. */
const READER = String.raw`
import configparser, json, sys, warnings
warnings.simplefilter('ignore')
BOOL, INT, LIST = (set(json.loads(a)) for a in sys.argv[1:4])
out = {}
for path in sys.argv[4:]:
    p = configparser.SafeConfigParser()
    p.optionxform = str
    try:
        p.read(path)
        data = {}
        for s in p.sections():
            data[s] = {}
            for k in p.options(s):
                if k in BOOL: v = p.getboolean(s, k)
                elif k in INT: v = p.getint(s, k)
                elif k in LIST:
                    v = p.get(s, k).strip()
                    if v.startswith('[') and v.endswith(']'): v = {'eval': v}
                    elif ',' in v: v = [x.strip() for x in v.split(',')]
                    else: v = [v]
                else: v = p.get(s, k)
                data[s][k] = v
        out[path] = data
    except Exception as e:
        out[path] = {'__error__': type(e).__name__ + ': ' + str(e)}
print(json.dumps(out))
`;

/** What python-x2go's typed read returns for a value the writer accepted. */
function expectedPython(key: string, value: string | readonly string[]): unknown {
  const text = typeof value === 'string' ? value : value.join(',');
  if (PYTHON_BOOL_KEYS.has(key)) return /^(1|yes|true|on)$/i.test(text);
  if (PYTHON_INT_KEYS.has(key)) return Number.parseInt(text, 10);
  if (PYTHON_LIST_KEYS.has(key))
    return text.includes(',') ? text.split(',').map((s) => s.trim()) : [text];
  return text;
}

describe('Python INI writer (properties, read back by python3 configparser)', () => {
  it('accepted values read back exactly (typed as python-x2go reads them); no injection', () => {
    const python = spawnSync('python3', ['-c', 'import configparser'], { encoding: 'utf8' });
    if (python.status !== 0) {
      assert.fail(`python3 with configparser is needed for this test: ${python.stderr}`);
    }
    const cases = fc.sample(pythonCase, runs(600));
    const dir = mkdtempSync(join(tmpdir(), 'python-ini-prop-'));
    try {
      const expected = new Map<string, Record<string, Record<string, unknown>>>();
      let refused = 0;
      let written = 0;
      cases.forEach((sections, i) => {
        const exp: Record<string, Record<string, unknown>> = {};
        const ini = sections.map((s) => {
          exp[s.name] = {};
          const entries: [string, string][] = [];
          for (const [k, v] of s.entries) {
            const checked = pythonIniValue(k, v);
            if (!checked.ok) {
              refused++;
              continue;
            }
            written++;
            entries.push([k, checked.text]);
            exp[s.name]![k] = expectedPython(k, v);
          }
          return { name: s.name, entries };
        });
        const file = join(dir, `case-${i}.ini`);
        writeFileSync(file, writePythonIni(ini), 'utf8');
        expected.set(file, exp);
      });
      const r = spawnSync(
        'python3',
        [
          '-c',
          READER,
          JSON.stringify([...PYTHON_BOOL_KEYS]),
          JSON.stringify([...PYTHON_INT_KEYS]),
          JSON.stringify([...PYTHON_LIST_KEYS]),
          ...expected.keys(),
        ],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, LC_ALL: 'C.UTF-8' },
        },
      );
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as Record<string, unknown>;
      for (const [file, exp] of expected) assert.deepEqual(got[file], exp, file);
      // The generator must exercise both paths, or the property proves little.
      assert.ok(written > cases.length && refused > cases.length / 10, `${written}/${refused}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
