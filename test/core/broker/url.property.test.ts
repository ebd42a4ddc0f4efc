// Property-based tests (fast-check) of the broker URL parser (url.ts): any text ends in a
// BrokerUrl or a usage LauncherError (found this way: a malformed %-escape in the user name or
// SSH command threw a bare URIError, and port 0 was accepted); URLs built from generated parts
// come back as those parts; a password is always refused; what is shown and requested never
// carries the user name; the display form parses to the same broker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseBrokerUrl, type BrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { runs } from '../../helpers/property-runs';

function parseOrUsage(input: string, dialect?: 'plain' | 'json'): BrokerUrl | LauncherError {
  try {
    return parseBrokerUrl(input, dialect ? { dialect } : {});
  } catch (e) {
    if (!(e instanceof LauncherError)) throw e;
    assert.equal(e.kind, 'usage');
    return e;
  }
}

const dnsName = fc
  .array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 4 })
  .map((l) => l.join('.'))
  // a name ending in a numeric label is an (invalid) IPv4 address to a URL parser
  .filter((h) => !/(^|\.)(0x[0-9a-f]*|[0-9]+)$/.test(h));
const host = fc.oneof(
  dnsName.map((h) => ({ written: h, host: h })),
  fc.ipV4().map((h) => ({ written: h, host: h })),
  fc.constantFrom('::1', '2001:db8::7', 'fe80::1').map((h) => ({ written: `[${h}]`, host: h })),
);
const user = fc.option(
  fc.oneof(
    fc.stringMatching(/^[a-z_][a-z0-9._-]{0,15}$/),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  ),
  { nil: null },
);
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null });
const DEFAULT_PORTS = { http: 80, https: 443, ssh: 22 } as const;

describe('broker URL parser (properties)', () => {
  it('any text: a BrokerUrl or a usage error, nothing else', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .tuple(
          fc.constantFrom('http://', 'https://', 'ssh://', 'HTTP://', 'ftp://', 'http:', ''),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.constantFrom('', '/plain/', '/json/', '/plain', '/json/x/', '/%E0', '?a#b'),
        )
        .map(([a, b, c]) => a + b + c),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(undefined, 'plain', 'json'), (input, dialect) => {
        const r = parseOrUsage(input, dialect);
        if (r instanceof LauncherError) return;
        assert.ok(r.port >= 1 && r.port <= 65535, `port ${r.port}`);
        assert.ok(r.host.length > 0);
        assert.ok(['http', 'https', 'ssh'].includes(r.scheme));
      }),
      runs(4000),
    );
  });

  it('http(s) URLs from generated parts come back as those parts', () => {
    const path = fc.tuple(
      fc.constantFrom('plain', 'json'),
      fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), { nil: null }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        user,
        host,
        port,
        path,
        (scheme: 'http' | 'https', u, h, p, [dialect, backend]) => {
          const pathText = `/${dialect}/${backend === null ? '' : `${backend}/`}`;
          const input = `${scheme}://${u === null ? '' : `${encodeURIComponent(u)}@`}${h.written}${p === null ? '' : `:${p}`}${pathText}`;
          const r = parseBrokerUrl(input);
          assert.equal(r.scheme, scheme);
          assert.equal(r.host, h.host.toLowerCase());
          assert.equal(r.port, p ?? DEFAULT_PORTS[scheme]);
          assert.equal(r.user, u);
          assert.equal(r.path, pathText);
          assert.equal(r.dialect, dialect);
          assert.equal(r.backend, backend);
          assert.ok(!r.display.includes('@') && !r.requestUrl.includes('@'), r.display);
          const again = parseBrokerUrl(r.display);
          for (const k of ['scheme', 'host', 'port', 'path', 'dialect', 'backend'] as const)
            assert.deepEqual(again[k], r[k], k);
          assert.equal(again.display, r.display);
        },
      ),
      runs(2000),
    );
  });

  it('ssh URLs from generated parts: user, host, port and broker command', () => {
    const command = fc.option(
      fc
        .array(
          // `.` and `..` segments are resolved away by the URL parser
          fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter((s) => s !== '.' && s !== '..'),
          { minLength: 1, maxLength: 4 },
        )
        .map((s) => `/${s.join('/')}`),
      { nil: null },
    );
    fc.assert(
      fc.property(user, host, port, command, (u, h, p, c) => {
        const input = `ssh://${u === null ? '' : `${encodeURIComponent(u)}@`}${h.written}${p === null ? '' : `:${p}`}${c ?? ''}`;
        const r = parseBrokerUrl(input);
        assert.equal(r.scheme, 'ssh');
        assert.equal(r.host, h.host.toLowerCase());
        assert.equal(r.port, p ?? 22);
        assert.equal(r.user, u);
        assert.equal(r.path, c ?? '/usr/bin/x2gobroker-ssh');
        assert.equal(r.dialect, 'plain');
        assert.ok(!r.display.includes('@'), r.display);
        assert.throws(() => parseBrokerUrl(input, { dialect: 'json' }), LauncherError);
      }),
      runs(1500),
    );
  });

  it('a password in the URL is always refused, and never echoed (valid host or not)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'ssh'),
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((p) => `S3cr3t${p}`),
        fc.oneof(
          host,
          fc.constantFrom('bad host', 'a.0', '[::1', '').map((h) => ({ written: h, host: h })),
        ),
        (scheme, u, password, h) => {
          const secret = encodeURIComponent(password);
          const input = `${scheme}://${u}:${secret}@${h.written}/plain/`;
          const r = parseOrUsage(input);
          assert.ok(r instanceof LauncherError, `accepted ${input}`);
          assert.ok(!r.message.includes(secret) && !(r.details.hint ?? '').includes(secret));
        },
      ),
      runs(1000),
    );
  });
});
