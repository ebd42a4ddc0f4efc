// JSON-dialect parser on byte fixtures (real reply shapes and quirks: docs/protocol.md §4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import { jsonDialect, MAX_JSON_DEPTH } from '../../../src/core/broker/json';
import {
  MAX_JSON_STRING_CHARS,
  jsonShapeLimits,
  jsonShapeViolation,
} from '../../../src/core/broker/json-limits';
import type { BrokerTask } from '../../../src/core/transport/types';

const parse = (
  task: BrokerTask,
  body: string,
  contentType: string | null = 'text/json; charset=utf-8',
) => jsonDialect.parse(task, { body, contentType });

function rejects(fn: () => unknown, kind: string, pattern?: RegExp): LauncherError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LauncherError, `expected LauncherError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (pattern) assert.match(e.message, pattern);
    return e;
  }
  assert.fail('expected a LauncherError');
}

// docs/protocol.md §4.2 (indent=4, sort_keys, \u-escaped non-ASCII like the real broker)
const LIST = JSON.stringify(
  {
    'auth-status': 'Access granted',
    'next-authid': '399ea3cb-530e-4247-bac1-0a3a78310005',
    profiles: {
      'büro-desktop': {
        command: 'LXDE',
        host: ['buero.example.test'],
        name: 'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥',
        rootless: false,
        setdpi: 0,
        sshport: 22,
        usebrokerpass: 'true',
        user: 'test',
      },
    },
    task: 'listprofiles',
  },
  null,
  4,
).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('json listprofiles', () => {
  it('J1 typed values, host array, cookie', () => {
    const r = parse('listsessions', LIST);
    assert.equal(r.authId, '399ea3cb-530e-4247-bac1-0a3a78310005');
    const p = r.profiles![0]!;
    assert.equal(p.id, 'büro-desktop');
    assert.deepEqual(p.fields.host, ['buero.example.test']);
    assert.equal(p.fields.setdpi, 0);
    assert.equal(p.fields.rootless, false);
    assert.equal(p.fields.usebrokerpass, 'true');
    assert.equal(p.fields.name, 'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥');
  });

  it('J6 text/json and application/json are accepted; text/html is not', () => {
    parse('listsessions', LIST, 'application/json');
    parse('listsessions', LIST, 'text/json');
    const e = rejects(
      () => parse('listsessions', LIST, 'text/html; charset=UTF-8'),
      'protocol',
      /text\/html/,
    );
    assert.match(e.details.hint ?? '', /json/);
  });

  it('J7 next-authid absent → no cookie; present → cookie', () => {
    assert.equal(
      parse('listsessions', '{"auth-status":"Access granted","profiles":{}}').authId,
      null,
    );
  });

  it('an empty profiles object and a missing one are both an empty list', () => {
    assert.deepEqual(
      parse('listsessions', '{"auth-status":"Access granted","profiles":{}}').profiles,
      [],
    );
    assert.deepEqual(parse('listsessions', '{"auth-status":"Access granted"}').profiles, []);
  });

  it('J8 __proto__ and constructor as profile IDs and keys are inert data', () => {
    const body =
      '{"auth-status":"Access granted","profiles":{"__proto__":{"__proto__":{"polluted":1},"name":"P"},"constructor":{"prototype":"x"}}}';
    const r = parse('listsessions', body);
    assert.deepEqual(
      r.profiles!.map((p) => p.id),
      ['__proto__', 'constructor'],
    );
    const f = r.profiles![0]!.fields;
    assert.equal(Object.getPrototypeOf(f), null);
    assert.equal(f['__proto__'], '{"polluted":1}');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('J8 deeply nested values are refused', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 5) + ']'.repeat(MAX_JSON_DEPTH + 5);
    rejects(
      () =>
        parse('listsessions', `{"auth-status":"Access granted","profiles":{"a":{"x":${deep}}}}`),
      'protocol',
      /nested/,
    );
    // 100 000 levels: no stack overflow, same clean error
    const huge = '['.repeat(100_000) + ']'.repeat(100_000);
    rejects(() => parse('listsessions', huge), 'protocol');
  });

  it('too many values are refused before JSON.parse builds the tree', () => {
    const limits = jsonShapeLimits(8 * 1024 * 1024);
    const wrap = (items: string) =>
      `{"auth-status":"Access granted","profiles":{"a":{"x":[${items}0]}}}`;
    for (const unit of ['0,', '"",']) {
      const body = wrap(unit.repeat(limits.maxValues + 10));
      rejects(() => parse('listsessions', body), 'protocol', /has more than \d+ values/);
    }
    for (const unit of ['{},', '[],']) {
      const body = wrap(unit.repeat(limits.maxContainers + 10));
      rejects(() => parse('listsessions', body), 'protocol', /more than \d+ objects and arrays/);
    }
    // the same shapes with fewer values parse
    assert.equal(parse('listsessions', wrap('0,'.repeat(1000))).profiles!.length, 1);
    assert.equal(parse('listsessions', wrap('{},'.repeat(500))).profiles!.length, 1);
  });

  it('a too long string is refused; escapes and quotes inside strings are not structure', () => {
    const long = 'a'.repeat(MAX_JSON_STRING_CHARS + 1);
    rejects(
      () =>
        parse('listsessions', `{"auth-status":"Access granted","profiles":{"a":{"x":"${long}"}}}`),
      'protocol',
      /string longer than/,
    );
    rejects(() => parse('listsessions', `{"${long}`), 'protocol', /string longer than/);
    const tricky = '"[[[[[[[[[[\\"{{{{{{{{{{\\\\"';
    const r = parse(
      'listsessions',
      `{"auth-status":"Access granted","profiles":{"a":{"x":${tricky}}}}`,
    );
    assert.equal(r.profiles![0]!.fields['x'], '[[[[[[[[[["{{{{{{{{{{\\');
  });

  it('jsonShapeViolation counts exactly (unit)', () => {
    const l = { maxDepth: 2, maxValues: 5, maxContainers: 3, maxStringChars: 3 };
    assert.equal(jsonShapeViolation('{"a":[1,2]}', l), null); // {, "a", [, 1, 2
    assert.match(jsonShapeViolation('{"a":[1,2,3]}', l)!, /more than 5 values/);
    assert.match(jsonShapeViolation('[[[]]]', l)!, /deeper than 2/);
    assert.equal(jsonShapeViolation('"abc"', l), null);
    assert.match(jsonShapeViolation('"abcd"', l)!, /longer than 3/);
    assert.equal(jsonShapeViolation('[-1.5e+3, null]', l), null); // 3 values
    assert.match(jsonShapeViolation('[{},{},{}]', l)!, /more than 3 objects and arrays/);
  });

  it('error lines never reveal the cookie (plain body on a JSON URL)', () => {
    const e = rejects(
      () => parse('listsessions', 'AUTHID:secret-2\nAccess granted\n', 'text/plain'),
      'protocol',
    );
    assert.doesNotMatch(JSON.stringify(e.details), /secret-2/);
    const e2 = rejects(
      () => parse('listsessions', '{"next-authid": "secret-3", "x": ', 'text/json'),
      'protocol',
    );
    assert.doesNotMatch(JSON.stringify(e2.details), /secret-3/);
  });

  it('malformed JSON and a non-object root are protocol errors', () => {
    rejects(() => parse('listsessions', '{"auth-status": '), 'protocol', /not valid JSON/);
    rejects(() => parse('listsessions', '[1,2]'), 'protocol', /not a JSON object/);
  });

  it('missing "Access granted" is an authentication failure', () => {
    rejects(() => parse('listsessions', '{"auth-status":"Access denied"}'), 'auth');
  });

  it('a non-object profile is skipped with a warning', () => {
    const r = parse(
      'listsessions',
      '{"auth-status":"Access granted","profiles":{"a":1,"b":{"name":"B"}}}',
    );
    assert.deepEqual(
      r.profiles!.map((p) => p.id),
      ['b'],
    );
    assert.equal(r.warnings.length, 1);
  });
});

describe('json selectsession', () => {
  const sel = (s: unknown) =>
    parse(
      'selectsession',
      JSON.stringify({
        'auth-status': 'Access granted',
        'next-authid': 'n1',
        selected_session: s,
        task: 'selectsession',
      }),
    );

  it('J2 port as a string → number', () => {
    const r = sel({ port: '2022', server: 'app.example.org' });
    assert.deepEqual(
      [r.selection!.server, r.selection!.port, r.authId],
      ['app.example.org', 2022, 'n1'],
    );
  });

  it('J9 port as a number is fine too', () => {
    assert.equal(sel({ port: 22, server: 'a' }).selection!.port, 22);
  });

  it('J3 empty selected_session → protocol error "no server"', () => {
    rejects(() => sel({}), 'protocol', /no server/);
  });

  it('an error about a selection never shows the private key it carries', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    for (const bad of [
      { server: '', port: '22', key },
      { port: '22', key },
      { server: 'a', port: 'x', key },
    ]) {
      let line = '';
      try {
        sel(bad);
      } catch (e) {
        line = (e as LauncherError).details.line ?? '';
      }
      assert.ok(line, 'a protocol error with the offending line');
      assert.doesNotMatch(line, /PRIVATE KEY|b3BlbnNzaC1rZXkt/);
      assert.match(line, /<hidden>/);
    }
  });

  it('J4 pubkey accepted, key and session_info read', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----';
    const r = sel({
      authentication_pubkey: 'ACCEPTED',
      key,
      port: '22',
      server: 'ts02',
      session_info:
        '30342|alice-50-1414759661_stDMATE_dp24|50|ts02|S|2014-10-31T13:47:41|c02c7bbe58677a2726f7e456cb398ae4|10.1.2.3|30001|30002|2014-10-31T13:47:43|alice|34|30003|-1|-1',
    }).selection!;
    assert.equal(r.pubkeyAccepted, true);
    assert.equal(r.privateKey, `${key}\n`);
    assert.equal(r.sessionInfo[0]!.name, 'alice-50-1414759661_stDMATE_dp24');
  });

  it('a pushed key must be exactly one key block of key data (issue 8)', () => {
    const block = (body: string) =>
      `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    for (const key of [
      block('root:x:0:0:root:/root:/bin/bash'),
      `${block('AAAA')}${block('BBBB')}`,
      `text before\n${block('AAAA')}`,
      '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----',
    ])
      rejects(() => sel({ port: '22', server: 'a', key }), 'protocol');
  });

  it('bad ports and hostile servers are refused', () => {
    rejects(() => sel({ port: '0', server: 'a' }), 'protocol');
    rejects(() => sel({ port: 'x', server: 'a' }), 'protocol');
    rejects(() => sel({ port: '22', server: '-oProxyCommand=x' }), 'protocol');
    rejects(() => sel({ port: '22', server: 7 }), 'protocol');
  });
});

describe('json testcon', () => {
  it('J5 empty 200 body is success (not JSON-parsed)', () => {
    assert.equal(parse('testcon', '').testcon, true);
  });
});
