// The error catalogue and its translations: every code of src/shared/errors.ts has a line in
// every UI language, no language keeps a line for a code that is gone, and a translation uses
// only its own code's parameters (a `{name}` the error does not carry would show raw).
// errorMessage's fallbacks (unknown code, parameters that do not fit) are checked here in
// English; test/renderer/errors-chromium.test.ts shows the German text in the real renderer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT_CODES, LauncherError } from '../../src/core/errors';
import { MESSAGES, errorMessage } from '../../src/renderer/i18n';
import { ERROR_CATALOGUE, ERROR_KINDS, isErrorParams } from '../../src/shared/errors';
import type { ErrorCode } from '../../src/shared/errors';

const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));

void test('every code has a line in every language, and only codes do', () => {
  assert.ok(CODES.length > 100, `only ${CODES.length} codes`);
  for (const [locale, messages] of Object.entries(MESSAGES)) {
    const table = messages as Readonly<Record<string, string>>;
    for (const code of CODES) {
      const line = table[`err.${code}`];
      assert.equal(typeof line, 'string', `${locale}: no err.${code}`);
      assert.ok(line!.trim(), `${locale}: err.${code} is empty`);
    }
    const stale = Object.keys(table).filter(
      (key) => key.startsWith('err.') && !Object.hasOwn(ERROR_CATALOGUE, key.slice(4)),
    );
    assert.deepEqual(stale, [], `${locale}: lines for codes that do not exist`);
  }
});

void test('a translation uses only the parameters of its own code', () => {
  for (const [locale, messages] of Object.entries(MESSAGES)) {
    const table = messages as Readonly<Record<string, string>>;
    for (const code of CODES) {
      const allowed = Object.keys(ERROR_CATALOGUE[code].params);
      for (const name of placeholders(table[`err.${code}`]!))
        assert.ok(allowed.includes(name), `${locale}: err.${code} uses {${name}}`);
    }
  }
});

void test('the check above can fail: a stray placeholder is seen', () => {
  const allowed = Object.keys(ERROR_CATALOGUE['broker.http.status'].params);
  assert.deepEqual(
    [...placeholders('HTTP {status} from {host}')].filter((n) => !allowed.includes(n)),
    ['host'],
  );
});

void test('every kind has an exit code, and every code a known kind', () => {
  assert.deepEqual(Object.keys(EXIT_CODES).sort(), [...ERROR_KINDS].sort());
  for (const code of CODES) assert.ok(ERROR_KINDS.includes(ERROR_CATALOGUE[code].kind), code);
  assert.equal(EXIT_CODES.internal, 70);
});

void test('LauncherError takes its kind from the code and carries code + params over IPC', () => {
  const e = new LauncherError(
    'broker.http.status',
    { where: 'https://broker.example/plain/', status: 502 },
    'The broker answered HTTP 502.',
    { httpStatus: 502 },
  );
  assert.equal(e.kind, 'broker');
  assert.equal(e.exitCode, 5);
  assert.deepEqual(JSON.parse(JSON.stringify(e)), {
    kind: 'broker',
    code: 'broker.http.status',
    params: { where: 'https://broker.example/plain/', status: 502 },
    message: 'The broker answered HTTP 502.',
    details: { httpStatus: 502 },
  });
  assert.ok(isErrorParams(e.code, e.params));
});

void test('errorMessage: translated when known, main’s English text otherwise', () => {
  const base = { message: 'English text from main.' };
  assert.equal(
    errorMessage({ ...base, code: 'broker.http.status', params: { where: 'b:443', status: 502 } }),
    'The broker at b:443 answered HTTP 502.',
  );
  // A newer main's code, a forged code, parameters that do not fit: never a raw key or `{x}`.
  const bads: { code: unknown; params: unknown }[] = [
    { code: 'broker.http.teapot', params: {} },
    { code: '__proto__', params: {} },
    { code: 'broker.http.status', params: { where: 'b' } },
    { code: 'broker.http.status', params: { where: 'b', status: '502' } },
    { code: 'broker.http.status', params: null },
  ];
  for (const bad of bads)
    assert.equal(
      errorMessage({ ...base, ...bad } as Parameters<typeof errorMessage>[0]),
      base.message,
      JSON.stringify(bad),
    );
});
