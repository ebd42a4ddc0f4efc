// Direct unit tests of the broker URL parser (src/core/broker/url.ts; docs/protocol.md §1,
// ssh-brokers.md): schemes, ports, IPv6, user info, paths and backends, and hostile input.
// The property tests (url.property.test.ts) cover generated URLs; these pin named cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SSH_BROKER_COMMAND, parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';

function usage(input: string, pattern: RegExp, dialect?: 'plain' | 'json'): LauncherError {
  try {
    parseBrokerUrl(input, dialect ? { dialect } : {});
  } catch (e) {
    assert.ok(e instanceof LauncherError, `not a LauncherError: ${String(e)}`);
    assert.equal(e.kind, 'usage');
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail(`accepted ${JSON.stringify(input)}`);
}

describe('parseBrokerUrl: schemes and default ports', () => {
  const cases: Array<[string, string, number]> = [
    ['http://broker.example.org/plain/', 'http', 80],
    ['https://broker.example.org/plain/', 'https', 443],
    ['ssh://broker.example.org', 'ssh', 22],
    ['HTTPS://Broker.Example.ORG/json/', 'https', 443],
  ];
  for (const [input, scheme, port] of cases)
    it(`${input} → ${scheme}, port ${port}`, () => {
      const u = parseBrokerUrl(input);
      assert.equal(u.scheme, scheme);
      assert.equal(u.port, port);
      assert.equal(u.host, 'broker.example.org');
    });

  it('explicit ports, including 1 and 65535; the default port written out is dropped', () => {
    assert.equal(parseBrokerUrl('http://b:8080/plain/').port, 8080);
    assert.equal(parseBrokerUrl('ssh://b:1').port, 1);
    assert.equal(parseBrokerUrl('https://b:65535/plain/').port, 65535);
    const u = parseBrokerUrl('https://b:443/plain/');
    assert.equal(u.port, 443);
    assert.equal(u.display, 'https://b/plain/');
  });

  it('bad ports are usage errors: 0, 65536, negative, not a number', () => {
    usage('http://b:0/plain/', /port 0/);
    usage('http://b:65536/plain/', /not a valid broker URL/);
    usage('http://b:-1/plain/', /not a valid broker URL/);
    usage('http://b:eighty/plain/', /not a valid broker URL/);
  });

  it('other schemes and scheme-less text are refused with the supported list', () => {
    const e = usage('ftp://b/plain/', /Unsupported broker URL scheme "ftp:"/);
    assert.match(e.details.hint ?? '', /http:\/\/, https:\/\/ or ssh:\/\//);
    usage('file:///etc/passwd', /Unsupported/);
    usage('javascript:alert(1)', /Unsupported/);
    usage('broker.example.org/plain/', /not a valid broker URL/);
    usage('', /empty/);
    usage('   \t ', /empty/);
  });
});

describe('parseBrokerUrl: hosts', () => {
  it('IPv6 literals lose their brackets in host, keep them in display', () => {
    const u = parseBrokerUrl('https://[2001:db8::7]:8443/json/');
    assert.equal(u.host, '2001:db8::7');
    assert.equal(u.port, 8443);
    assert.equal(u.display, 'https://[2001:db8::7]:8443/json/');
    assert.equal(parseBrokerUrl('ssh://alice@[::1]').host, '::1');
    assert.equal(
      parseBrokerUrl('ssh://alice@[::1]').display,
      `ssh://[::1]${DEFAULT_SSH_BROKER_COMMAND}`,
    );
  });

  it('IPv4 and names; surrounding blanks are trimmed', () => {
    assert.equal(parseBrokerUrl('  http://127.0.0.1:8080/plain/\n').host, '127.0.0.1');
    assert.equal(parseBrokerUrl('http://localhost/plain/').host, 'localhost');
  });

  it('no host, an unclosed bracket, blanks in the host: usage errors', () => {
    usage('ssh://', /not a valid broker URL|no host/);
    usage('http://[::1/plain/', /not a valid broker URL/);
    usage('http://bad host/plain/', /not a valid broker URL/);
  });
});

describe('parseBrokerUrl: user info', () => {
  it('user@ is the broker user, %-decoded, and never in display or requestUrl', () => {
    const u = parseBrokerUrl('https://j%C3%A9r%C3%B4me@b/plain/');
    assert.equal(u.user, 'jérôme');
    assert.ok(!u.display.includes('@') && !u.requestUrl.includes('@'));
    assert.equal(parseBrokerUrl('ssh://x2gobroker@b:2222').user, 'x2gobroker');
    assert.equal(parseBrokerUrl('http://b/plain/').user, null);
  });

  it('a password is refused, and the error never repeats it', () => {
    for (const input of [
      'https://alice:S3cret@b/plain/',
      'ssh://alice:S3cret@b',
      'http://:S3cret@b/plain/',
    ]) {
      const e = usage(input, /contains a password/);
      assert.ok(!JSON.stringify(e).includes('S3cret'), input);
    }
    // an invalid URL with user info: the message hides it too
    const e = usage('http://alice:S3cret@bad host/plain/', /not a valid broker URL/);
    assert.ok(!e.message.includes('S3cret'), e.message);
  });

  it('a malformed %-escape in the user name is a usage error, not a URIError', () => {
    usage('http://%E0@b/plain/', /malformed %-escape/);
  });
});

describe('parseBrokerUrl: paths, dialects and backends', () => {
  it('/plain/ and /json/ name the dialect; a backend segment is kept', () => {
    assert.deepEqual(
      (({ dialect, backend, path }) => ({ dialect, backend, path }))(
        parseBrokerUrl('http://b/plain/'),
      ),
      { dialect: 'plain', backend: null, path: '/plain/' },
    );
    const j = parseBrokerUrl('https://b/json/zeroconf/');
    assert.equal(j.dialect, 'json');
    assert.equal(j.backend, 'zeroconf');
    assert.equal(j.requestUrl, 'https://b/json/zeroconf/');
  });

  it('/plain and /json without the trailing slash: usage error that suggests the fix', () => {
    const e = usage('http://b:8080/plain', /must end with a slash/);
    assert.match(e.details.hint ?? '', /http:\/\/b:8080\/plain\//);
    usage('https://b/json', /must end with a slash/);
  });

  it('a custom path keeps the plain default unless a dialect is forced', () => {
    const u = parseBrokerUrl('https://b/x2go/broker/');
    assert.equal(u.dialect, 'plain');
    assert.equal(u.backend, null);
    assert.equal(parseBrokerUrl('https://b/x2go/broker/', { dialect: 'json' }).dialect, 'json');
    assert.equal(parseBrokerUrl('https://b/', {}).path, '/');
    assert.equal(parseBrokerUrl('https://b').path, '/');
  });

  it('the query is kept in the request URL; the fragment is dropped', () => {
    const u = parseBrokerUrl('https://b/plain/?site=2#frag');
    assert.equal(u.requestUrl, 'https://b/plain/?site=2');
    assert.ok(!u.display.includes('#'));
  });

  it('ssh://: the path is the broker command (decoded), default x2gobroker-ssh, dialect plain', () => {
    assert.equal(parseBrokerUrl('ssh://b').path, DEFAULT_SSH_BROKER_COMMAND);
    assert.equal(parseBrokerUrl('ssh://b/').path, DEFAULT_SSH_BROKER_COMMAND);
    const u = parseBrokerUrl('ssh://b:2222/opt/x2go/bin/broker%20ssh');
    assert.equal(u.path, '/opt/x2go/bin/broker ssh');
    assert.equal(u.dialect, 'plain');
    assert.equal(u.backend, null);
    usage('ssh://b/usr/bin/x2gobroker-ssh', /plain dialect/, 'json');
    usage('ssh://b/cmd?x=1', /no query or fragment/);
    usage('ssh://b/cmd#f', /no query or fragment/);
    usage('ssh://b/%E0', /malformed %-escape/);
  });
});

describe('parseBrokerUrl: hostile input', () => {
  it('control characters, NUL and huge input end in a BrokerUrl or a usage error', () => {
    const inputs = [
      'http://b/plain/\u0000',
      'http://b\u0000c/plain/',
      'http://b/plain/\u001b[2J',
      `http://${'a'.repeat(300)}.example/plain/`,
      `http://b/${'x/'.repeat(5000)}`,
      'http://b/plain/%00',
      'ssh://b/;rm -rf ~',
      'http://b/plain/\r\nX-Injected: 1',
    ];
    for (const input of inputs) {
      try {
        const u = parseBrokerUrl(input);
        // whatever is accepted carries no raw control characters into the request URL
        assert.ok(!/\p{Cc}/u.test(u.requestUrl), JSON.stringify(u.requestUrl));
      } catch (e) {
        assert.ok(e instanceof LauncherError && e.kind === 'usage', String(e));
      }
    }
  });

  it('an ssh:// command with shell metacharacters is kept verbatim (the transport quotes it)', () => {
    assert.equal(parseBrokerUrl("ssh://b/bin/broker';id;'").path, "/bin/broker';id;'");
  });
});

describe('parseBrokerUrl: each fault has its own error code (the UI translates it)', () => {
  // One code per fault: a German or French UI can say what is wrong without an English
  // fragment, and a script can tell the faults apart.
  const cases: Array<[string, string, Record<string, unknown>, ('plain' | 'json')?]> = [
    ['   ', 'broker-url.empty', {}],
    ['not a url', 'broker-url.unparsable', { url: 'not a url' }],
    ['http://user:secret@[broken', 'broker-url.unparsable', { url: 'http://…@[broken' }],
    ['ftp://broker.example.org/', 'broker-url.scheme', {}],
    ['ssh://', 'broker-url.no-host', {}],
    ['https://u:pw@broker.example.org/plain/', 'broker-url.password', {}],
    ['http://:0/plain/', 'broker-url.unparsable', { url: 'http://:0/plain/' }],
    ['https://broker.example.org:0/plain/', 'broker-url.port', { port: 0 }],
    [
      'https://broker.example.org/plain',
      'broker-url.trailing-slash',
      { path: '/plain', suggestion: 'https://broker.example.org/plain/' },
    ],
    ['ssh://%E0@broker.example.org', 'broker-url.escape', {}],
    ['ssh://broker.example.org/x?y', 'broker-url.ssh-query', {}],
    ['ssh://broker.example.org', 'broker-url.ssh-json', {}, 'json'],
  ];
  for (const [input, code, params, dialect] of cases)
    it(`${JSON.stringify(input)} → ${code}`, () => {
      const e = usage(input, /./, dialect);
      assert.equal(e.code, code);
      assert.deepEqual(e.params, params);
      assert.ok(!JSON.stringify(e.params).includes('secret'), 'no password in the parameters');
    });
});
