// No English inside a translated error message (issue 13 §8): every error code's German and
// French line, filled with sample parameters — each reason id of src/shared/error-reasons.ts
// in turn, neutral values for the other parameters — renders with no English word in it. The
// throw sites that used to put English phrases into parameters (deep links, the command line,
// pyhoca-cli's limits and values, JSON limits, proxies) are run and must put reason ids there,
// while the English message (the CLI's) stays the sentence it was.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { jsonShapeExcess, jsonShapeLimits } from '../../src/core/broker/json-limits';
import { parseDeepLink } from '../../src/core/deep-link';
import { LauncherError } from '../../src/core/errors';
import { assertPyhocaCan, clientFor } from '../../src/core/launcher/client-limits';
import { pythonIniValue } from '../../src/core/launcher/python-ini';
import { proxyRoute } from '../../src/core/transport/proxy';
import { main } from '../../src/core/cli/main';
import { errorMessage, setLocale, type Locale } from '../../src/renderer/i18n';
import { ERROR_REASONS, reasonParams } from '../../src/shared/error-reasons';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/shared/errors';
import type { BrokerProfile } from '../../src/shared/model';
import { PassThrough } from 'node:stream';
import { ENGLISH } from '../helpers/english-words';

const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** Every parameter set to try for `code`: each combination of reason ids, neutral values. */
function sampleParams(code: ErrorCode): Array<Record<string, string | number>> {
  const spec = ERROR_CATALOGUE[code].params as Readonly<Record<string, 'string' | 'number'>>;
  const reasons = reasonParams(code);
  let sets: Array<Record<string, string | number>> = [{}];
  for (const [name, type] of Object.entries(spec)) {
    const values: ReadonlyArray<string | number> =
      type === 'number' ? [42] : (reasons[name] ?? ['srv.example:22']);
    sets = sets.flatMap((set) => values.map((v) => ({ ...set, [name]: v })));
  }
  return sets;
}

function render(locale: Locale, code: ErrorCode, params: Record<string, string | number>): string {
  setLocale(locale);
  return errorMessage({ code, params, message: 'ENGLISH FALLBACK' });
}

before(() => {
  // setLocale sets <html lang>; node has no document
  (globalThis as { document?: unknown }).document = { documentElement: {} };
});

void test('every code’s German and French text, with every reason id, holds no English word', () => {
  const found: string[] = [];
  let rendered = 0;
  for (const code of CODES)
    for (const params of sampleParams(code))
      for (const locale of ['de', 'fr'] as const) {
        const text = render(locale, code, params);
        rendered++;
        assert.notEqual(text, 'ENGLISH FALLBACK', `${locale} ${code} fell back to English`);
        assert.doesNotMatch(text, /\{\w+\}/, `${locale} ${code}: unfilled placeholder`);
        const m = ENGLISH.exec(text);
        if (m) found.push(`${locale} ${code} ${JSON.stringify(params)}: "${m[1]}" in ${text}`);
      }
  assert.deepEqual(found, []);
  assert.ok(rendered > 2 * CODES.length, `${rendered} texts`);
});

void test('the check can fail: an English phrase in a parameter is seen', () => {
  const text = render('de', 'deep-link.refused', {
    reason: 'its profile id is malformed',
    value: '',
  });
  assert.match(text, ENGLISH, 'a value that is not a reason id is shown as sent');
  assert.doesNotMatch(
    render('de', 'deep-link.refused', { reason: 'profile-malformed', value: '' }),
    ENGLISH,
  );
  assert.equal(
    render('en', 'deep-link.refused', { reason: 'profile-malformed', value: '' }),
    'This x2go-launcher:// link was refused: its profile id is malformed.',
  );
});

/** The error `fn` throws (a LauncherError). */
function thrown(fn: () => unknown): LauncherError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LauncherError, String(e));
    return e;
  }
  assert.fail('nothing thrown');
}

const idOf = (e: LauncherError, name: string): string =>
  String((e.params as Record<string, unknown>)[name]);

void test('the throw sites put reason ids in the parameters; the English message stays', async () => {
  const broker = 'https://broker.example/plain/';
  for (const [link, id] of [
    ['x2go-launcher://open?profile=a', 'no-broker'],
    ['x2go-launcher://open?broker=x&broker=y', 'repeated-parameter'],
    ['x2go-launcher://close?broker=x', 'unknown-action'],
    ['https://open?broker=x', 'wrong-scheme'],
    [
      `x2go-launcher://open?broker=${encodeURIComponent('https://other.example/plain/')}`,
      'broker-not-configured',
    ],
  ] as const) {
    const e = thrown(() => parseDeepLink(link, [broker]));
    assert.equal(e.code, 'deep-link.refused');
    assert.equal(idOf(e, 'reason'), id, link);
    assert.ok(ERROR_REASONS['deep-link.refused'].reason.includes(id));
  }
  const twice = thrown(() => parseDeepLink('x2go-launcher://open?broker=x&broker=y', [broker]));
  assert.equal(twice.message, 'Refused this x2go-launcher:// link: "broker" is given twice.');
  assert.equal(idOf(twice, 'value'), 'broker');

  const proxy = thrown(() => proxyRoute('ftp://p.example:1080', 'environment'));
  assert.deepEqual(proxy.params, {
    source: 'environment',
    value: 'ftp://p.example:1080',
    reason: 'unsupported-scheme',
  });
  assert.match(proxy.message, /ftp proxies are not supported \(only http, https, socks4/);
  const socks4 = thrown(() => proxyRoute('socks4://u:pw@p.example:1080', 'policy'));
  assert.equal(idOf(socks4, 'reason'), 'socks4-password');
  assert.equal(
    idOf(
      thrown(() => proxyRoute('socks://p.example:1080', 'policy')),
      'reason',
    ),
    'socks-version',
  );

  const shadow = { command: 'SHADOW', raw: { command: 'SHADOW' } } as unknown as BrokerProfile;
  const limit = thrown(() => assertPyhocaCan(shadow, { method: 'broker-key' } as never));
  assert.equal(idOf(limit, 'reason'), 'shadow');
  assert.equal(
    limit.message,
    'pyhoca-cli cannot start this profile: it cannot start desktop-sharing (SHADOW) sessions.',
  );

  // the app's refusal when the one installed client cannot (client-launcher.ts)
  assert.deepEqual(clientFor(shadow, 'broker-key', ['pyhoca-cli']).limits, ['shadow']);

  const value = pythonIniValue('name', ' x');
  assert.equal(value.ok, false);
  assert.equal(!value.ok && value.id, 'edge-whitespace');

  assert.deepEqual(jsonShapeExcess('[[[]]]', { ...jsonShapeLimits(1024), maxDepth: 2 }), {
    reason: 'too-deep',
    limit: 2,
  });

  // the CLI: the English message exactly as before, the kind of issue as the parameter
  const stderr = new PassThrough();
  const err: string[] = [];
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  const code = await main(['list', '--no-such-switch', '--json'], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {},
  });
  assert.equal(code, 2);
  const text = out.join('') + err.join('');
  assert.match(text, /Unknown option '--no-such-switch'\./);
  assert.match(text, /"issue":"unknown"/, text);
});
