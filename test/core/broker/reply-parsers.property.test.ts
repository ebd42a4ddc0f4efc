// Property-based tests (fast-check) of the two broker reply parsers, plain (plain.ts) and JSON
// (json.ts), over generated replies: whatever a broker sends they end in a result or a
// LauncherError (never a TypeError, RangeError, stack overflow …); well-formed replies with
// simple values come back exactly; profile IDs and keys such as `__proto__` stay inert data.
// Written against behaviour that stays while plain.ts gains Qt INI quoting: values here are
// unquoted and free of `; , " \ =` and of edge spaces, so Qt's rules and the literal reading
// agree on them. Case counts: test/helpers/property-runs.ts, docs/testing-properties.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonDialect } from '../../../src/core/broker/json';
import type { RawFields, RawValue } from '../../../src/shared/model';
import { plainDialect } from '../../../src/core/broker/plain';
import { LauncherError } from '../../../src/core/errors';
import type { BrokerTask } from '../../../src/core/transport/types';
import { runs } from '../../helpers/property-runs';

const TASKS: BrokerTask[] = ['listsessions', 'selectsession', 'testcon', 'auth'];
const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  'valueOf',
];
const OBJECT_PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Nothing a reply contains may add to or change Object.prototype. */
function assertPrototypeIntact(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), OBJECT_PROTO_NAMES);
  const probe = {} as Record<string, unknown>;
  for (const name of ['polluted', 'x', 'host', 'command', 'user', 'icon'])
    assert.equal(probe[name], undefined, name);
}

/** Call a parser; a throw must be a LauncherError of a kind a parser may raise. */
function parseOrTypedError(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof LauncherError)) throw e;
    assert.ok(['auth', 'protocol'].includes(e.kind), `unexpected kind ${e.kind}`);
    assert.equal(typeof e.message, 'string');
    return e;
  }
}

// ---- generators ------------------------------------------------------------------------

const profileId = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
);
const fieldKey = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
);
/** A value Qt INI and the literal reading agree on: no quoting, escapes, lists or comments. */
const simpleValue = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9._:/@+-]([A-Za-z0-9 ._:/@+-]{0,40}[A-Za-z0-9._:/@+-])?$/),
);
const fieldsOf = <V>(value: fc.Arbitrary<V>) =>
  fc.uniqueArray(fc.tuple(fieldKey, value), { maxLength: 12, selector: ([k]) => k });
const profilesOf = <V>(value: fc.Arbitrary<V>) =>
  fc.uniqueArray(fc.tuple(profileId, fieldsOf(value)), { maxLength: 8, selector: ([id]) => id });
const cookie = fc.stringMatching(/^[A-Za-z0-9-]{8,40}$/);
const eol = fc.constantFrom('\n', '\r\n');

/** Lines that look like parts of a plain reply, to get past the first checks often. */
const plainLine = fc.oneof(
  fc.constantFrom(
    'Access granted',
    'Access granted  ',
    'START_USER_SESSIONS',
    'END_USER_SESSIONS',
    'OK',
    '',
    '[',
    '[]',
    '[__proto__]',
    'Access denied',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----END RSA PRIVATE KEY-----',
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    '<br>',
    '<html><body>500</body></html>',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fieldKey, fc.string({ unit: 'binary', maxLength: 30 })).map(([k, v]) => `${k}=${v}`),
  fc.tuple(profileId).map(([id]) => `[${id}]`),
  fc.string({ maxLength: 20 }).map((s) => `AUTHID:${s}`),
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `SERVER:${s}`),
  fc.string({ maxLength: 80 }).map((s) => `SESSION_INFO:${s}`),
);
const plainBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .tuple(fc.array(plainLine, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '<br>', '<br/>'))
    .map(([lines, sep]) => lines.join(sep)),
);

// ---- plain dialect -----------------------------------------------------------------------

function plainListReply(
  auth: string | null,
  profiles: [string, [string, string][]][],
  nl: string,
): string {
  const lines = [...(auth === null ? [] : [`AUTHID:${auth}`]), 'Access granted'];
  lines.push('START_USER_SESSIONS', '');
  for (const [id, fields] of profiles) {
    lines.push(`[${id}]`);
    for (const [k, v] of fields) lines.push(`${k}=${v}`);
    lines.push('');
  }
  lines.push('END_USER_SESSIONS', '');
  return lines.join(nl);
}

describe('plain reply parser (properties)', () => {
  it('any body, any task: a result or a LauncherError (auth/protocol), nothing else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TASKS),
        plainBody,
        fc.option(fc.constantFrom('text/plain', 'text/html; charset=utf-8'), { nil: null }),
        (task, body, contentType) => {
          parseOrTypedError(() => plainDialect.parse(task, { body, contentType }));
          assertPrototypeIntact();
        },
      ),
      runs(3000),
    );
  });

  it('round trip: generated well-formed listsessions replies come back exactly', () => {
    fc.assert(
      fc.property(
        fc.option(cookie, { nil: null }),
        profilesOf(simpleValue),
        eol,
        (auth, profiles, nl) => {
          const body = plainListReply(auth, profiles, nl);
          const out = plainDialect.parse('listsessions', { body, contentType: 'text/plain' });
          assert.equal(out.authId ?? null, auth);
          assert.deepEqual(
            out.profiles?.map((p) => p.id),
            profiles.map(([id]) => id),
          );
          const list = out.profiles ?? [];
          for (let i = 0; i < profiles.length; i++) {
            const fields: [string, string][] = profiles[i]![1];
            const got: RawFields = list[i]?.fields ?? {};
            assert.equal(Object.getPrototypeOf(got), null, 'fields must be prototype-free');
            assert.deepEqual(Object.keys(got), [...new Set(fields.map(([k]) => k))]);
            for (const [k, v] of fields) assert.equal(got[k], v, k);
          }
          assertPrototypeIntact();
        },
      ),
      runs(1500),
    );
  });

  it('the cookie comes only from the header: profile lines cannot set or replace it', () => {
    fc.assert(
      fc.property(fc.option(cookie, { nil: null }), cookie, (auth, injected) => {
        const profiles: [string, [string, string][]][] = [['p', [['name', `AUTHID:${injected}`]]]];
        const body = plainListReply(auth, profiles, '\n').replace(
          '[p]',
          `[p]\nAUTHID:${injected}\nAccess granted`,
        );
        const out = plainDialect.parse('listsessions', { body, contentType: null });
        assert.equal(out.authId ?? null, auth);
      }),
      runs(300),
    );
  });

  it('selectsession: SERVER host:port and a pushed key come back as sent', () => {
    const host = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9]{1,10}){0,3}$/);
    fc.assert(
      fc.property(host, fc.integer({ min: 1, max: 65535 }), eol, (h, port, nl) => {
        const key = [
          '-----BEGIN OPENSSH PRIVATE KEY-----',
          'b3BlbnNzaA==',
          '-----END OPENSSH PRIVATE KEY-----',
        ];
        const body = ['Access granted', `SERVER:${h}:${port}`, ...key, ''].join(nl);
        const out = plainDialect.parse('selectsession', { body, contentType: null });
        assert.equal(out.selection?.server, h);
        assert.equal(out.selection?.port, port);
        assert.equal(out.selection?.privateKey, `${key.join('\n')}\n`);
      }),
      runs(500),
    );
  });
});

// ---- JSON dialect ------------------------------------------------------------------------

/** A JSON object text from entries, so that keys like `__proto__` really are sent. */
function objectText(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

const jsonScalar = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const jsonFieldValue: fc.Arbitrary<RawValue> = fc.oneof(
  { weight: 4, arbitrary: jsonScalar },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer()), { maxLength: 5 }),
  },
);

function jsonListReply(
  auth: string | null,
  profiles: [string, [string, RawValue][]][],
  extraTop: string,
): string {
  const profilesText = objectText(
    profiles.map(
      ([id, fields]) => [id, objectText(fields.map(([k, v]) => [k, JSON.stringify(v)]))] as const,
    ),
  );
  const top: [string, string][] = [
    ['auth-status', JSON.stringify('Access granted')],
    ['profiles', profilesText],
    ['task', JSON.stringify('listprofiles')],
  ];
  if (auth !== null) top.push(['next-authid', JSON.stringify(auth)]);
  return objectText(top).replace(/}$/, `${extraTop}}`);
}

describe('JSON reply parser (properties)', () => {
  const jsonBody = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 12 }).map((v) => JSON.stringify(v)),
    fc
      .tuple(
        fc.jsonValue({ maxDepth: 6 }),
        fc.jsonValue({ maxDepth: 6 }),
        fc.jsonValue({ maxDepth: 3 }),
      )
      .map(([profiles, sel, status]) =>
        JSON.stringify({
          'auth-status': status ?? 'Access granted',
          profiles,
          selected_session: sel,
          'next-authid': status,
        }),
      ),
    fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 30 })).map(([sel, server]) =>
      JSON.stringify({
        'auth-status': 'Access granted',
        selected_session: { server, port: sel, key: sel, session_info: sel },
      }),
    ),
  );

  it('any body, any task, any content type: a result or a LauncherError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TASKS),
        jsonBody,
        fc.option(fc.constantFrom('text/json', 'application/json', 'text/html', ''), {
          nil: null,
        }),
        (task, body, contentType) => {
          parseOrTypedError(() => jsonDialect.parse(task, { body, contentType }));
          assertPrototypeIntact();
        },
      ),
      runs(3000),
    );
  });

  it('round trip: generated listsessions replies come back exactly, __proto__ included', () => {
    fc.assert(
      fc.property(
        fc.option(cookie, { nil: null }),
        profilesOf(jsonFieldValue),
        (auth, profiles) => {
          const body = jsonListReply(auth, profiles, '');
          const out = jsonDialect.parse('listsessions', { body, contentType: 'text/json' });
          assert.equal(out.authId ?? null, auth);
          assert.deepEqual(
            out.profiles?.map((p) => p.id),
            profiles.map(([id]) => id).sort(byJsonKeyOrder(profiles.map(([id]) => id))),
          );
          const byId = new Map((out.profiles ?? []).map((p) => [p.id, p.fields]));
          for (const [id, fields] of profiles) {
            const got = byId.get(id) as RawFields;
            assert.equal(Object.getPrototypeOf(got), null, 'fields must be prototype-free');
            assert.equal(Object.keys(got).length, fields.length);
            for (const [k, v] of fields) assert.deepEqual(got[k], v, k);
          }
          assertPrototypeIntact();
        },
      ),
      runs(1500),
    );
  });
});

/**
 * JavaScript objects list integer-like keys first, ascending, then the rest in insertion
 * order: the order the parser sees `Object.keys` of the profiles object in.
 */
function byJsonKeyOrder(ids: string[]): (a: string, b: string) => number {
  const isIndex = (k: string) => /^(0|[1-9][0-9]{0,8})$/.test(k) && Number(k) < 2 ** 32 - 1;
  return (a, b) => {
    const ia = isIndex(a);
    const ib = isIndex(b);
    if (ia && ib) return Number(a) - Number(b);
    if (ia !== ib) return ia ? -1 : 1;
    return ids.indexOf(a) - ids.indexOf(b);
  };
}
