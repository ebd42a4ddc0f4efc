// The masking module of the diagnostics bundle (docs/diagnostics.md "What is masked"), the
// exchange ring buffer's bound, and the client version parser: byte-level unit tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MASK, maskText, maskValue } from '../../../src/core/diagnostics/mask';
import { ExchangeLog, recordBrokerExchange } from '../../../src/core/diagnostics/exchange-log';
import { monotonicMs } from '../../../src/core/monotonic-clock';
import { parseClientVersion } from '../../../src/core/health/client-version';

describe('maskText', () => {
  it('masks a known secret raw, URL-encoded, form-encoded, JSON-escaped and base64', () => {
    const secret = 'thé rèse"/+=';
    const text = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, '+'),
      JSON.stringify(secret),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ].join(' | ');
    const out = maskText(text, { secrets: [secret] });
    assert.ok(!out.includes('rèse') && !out.includes('r%C3%A8se'), out);
    assert.ok(!out.includes(Buffer.from(secret).toString('base64').slice(0, 12)), out);
  });

  it('finds a secret inside any longer base64 text (each byte alignment)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 40 }),
        fc.uint8Array({ maxLength: 9 }),
        fc.uint8Array({ maxLength: 9 }),
        (secret, before, after) => {
          const blob = Buffer.concat([
            Buffer.from(before),
            Buffer.from(secret, 'utf8'),
            Buffer.from(after),
          ]).toString('base64');
          const out = maskText(blob, { secrets: [secret] });
          // the characters that encode the secret's bytes alone are gone
          const start = before.length;
          const inner = Buffer.concat([Buffer.alloc(start % 3), Buffer.from(secret, 'utf8')])
            .toString('base64')
            .slice(
              Math.ceil(((start % 3) * 8) / 6),
              Math.floor((((start % 3) + Buffer.byteLength(secret)) * 8) / 6),
            );
          return inner.length < 4 || !out.includes(inner);
        },
      ),
    );
  });

  it('masks secret shapes whatever their value', () => {
    const cases: Array<[string, RegExp]> = [
      [
        'AUTHID:3f2c9a6e-5b1d-4e8f-9a70-2c4b6d8e0f13\nAccess granted',
        /^AUTHID:\*\*\*\nAccess granted$/,
      ],
      ['{"next-authid": "756f9c07-ead6"}', /"next-authid": "\*\*\*"/],
      ['user=a&password=s3cret&authid=xyz&task=auth', /password=\*\*\*&authid=\*\*\*&task=auth/],
      ['Proxy-Authorization: Basic dXNlcjpwdw==', /Proxy-Authorization: \*\*\*/],
      ['Set-Cookie: AUTHID=abc; Path=/', /Set-Cookie: \*\*\*/],
      ['http://alice:pa55@proxy.example:3128/', /http:\/\/alice:\*\*\*@proxy\.example:3128\//],
      [
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
        /^-----BEGIN RSA PRIVATE KEY----- \*\*\* -----END RSA PRIVATE KEY-----$/,
      ],
      [
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk',
        /^-----BEGIN OPENSSH PRIVATE KEY----- \*\*\*/,
      ],
      [
        'SESSION_INFO:4242|u-50-1764440000_stDxterm_dp24|50|srv|S|2026-11-29T10:00:00|0123456789abcdef0123456789abcdef|127.0.0.1|30001',
        /\|S\|2026-11-29T10:00:00\|\*\*\*\|127\.0\.0\.1/,
      ],
    ];
    for (const [input, expected] of cases) assert.match(maskText(input), expected, input);
  });

  it('shows the home directory as ~ (not a longer name that starts with it)', () => {
    assert.equal(
      maskText('/home/ann/.ssh/known_hosts and /home/anna/x and "/home/ann"', {
        homes: ['/home/ann'],
      }),
      '~/.ssh/known_hosts and /home/anna/x and "~"',
    );
  });
});

describe('maskValue', () => {
  it('masks values under secret-looking keys, keeps booleans and null', () => {
    const out = maskValue({
      password: 'x',
      hasPassword: true,
      adminPinHash: 'scrypt$…',
      nested: { authId: 'c', cookie: null, note: 'password=y' },
      list: ['AUTHID:z'],
    });
    assert.deepEqual(out, {
      password: MASK,
      hasPassword: true,
      adminPinHash: MASK,
      nested: { authId: MASK, cookie: null, note: `password=${MASK}` },
      list: [`AUTHID:${MASK}`],
    });
  });
});

describe('ExchangeLog', () => {
  it('keeps only the last `capacity` summaries, masked when recorded, values of fields never', () => {
    const log = new ExchangeLog(3);
    for (let i = 0; i < 5; i++)
      recordBrokerExchange(
        { display: 'https://broker.example/plain/' },
        { task: 'listsessions', user: 'u', password: `pw-${i}-secret`, authid: `cookie-${i}` },
        monotonicMs(),
        {
          reply: {
            body: `AUTHID:next-${i}\nAccess granted\npw-${i}-secret`,
            contentType: 'text/plain',
          },
        },
        log,
      );
    const items = log.list();
    assert.equal(items.length, 3);
    assert.deepEqual(items[0]!.sent, ['task', 'user', 'password', 'authid']);
    const text = JSON.stringify(items);
    assert.ok(!/pw-\d-secret|cookie-\d|next-\d/.test(text), text);
    assert.ok(items.every((s) => s.outcome === 'ok' && s.replyBytes > 0));
  });
});

describe('parseClientVersion', () => {
  it('reads x2goclient and pyhoca-cli output', () => {
    assert.equal(
      parseClientVersion('x2go-INFO-1> "Starting X2Go Client 4.1.2.2..."\nwarn\n4.1.2.2\n'),
      '4.1.2.2',
    );
    assert.equal(parseClientVersion('pyhoca-cli[1] - …\nVERSION: 0.6.1.2\n'), '0.6.1.2');
    assert.equal(parseClientVersion('no version here'), null);
  });
});
