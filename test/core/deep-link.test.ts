// x2go-launcher:// deep links (src/core/deep-link.ts): what a link may name, and hostile links
// refused with the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeDeepLink, parseDeepLink } from '../../src/core/deep-link';

const ALLOWED = [
  'https://broker.example.org/plain/',
  'ssh://broker.example.org:2222/usr/bin/x2gobroker-ssh',
];
const link = (query: string) => `x2go-launcher://open?${query}`;
const enc = encodeURIComponent;

describe('deep links', () => {
  it('round-trips a broker and a profile; the profile is optional', () => {
    const made = makeDeepLink('https://broker.example.org/plain/', 'xfce-desktop');
    assert.equal(made, 'x2go-launcher://open?broker=https%3A%2F%2Fbroker.example.org%2Fplain%2F&profile=xfce-desktop');
    assert.deepEqual(parseDeepLink(made, ALLOWED), { broker: 'https://broker.example.org/plain/', profileId: 'xfce-desktop' });
    assert.deepEqual(parseDeepLink(link(`broker=${enc(ALLOWED[1]!)}`), ALLOWED), { broker: ALLOWED[1], profileId: null });
    assert.deepEqual(parseDeepLink(makeDeepLink(ALLOWED[0]!, 'Büro Desktop'), ALLOWED).profileId, 'Büro Desktop');
  });

  const hostile: [string, string, RegExp][] = [
    ['another scheme', `https://open?broker=${enc(ALLOWED[0]!)}`, /not an x2go-launcher:\/\/ link/],
    ['javascript: scheme', 'javascript:alert(1)', /not an x2go-launcher/],
    ['not a URL', 'x2go-launcher', /not a URL/],
    ['credentials in the link', `x2go-launcher://u:p@open?broker=${enc(ALLOWED[0]!)}`, /credentials/],
    ['credentials in the broker URL', link(`broker=${enc('https://alice:secret@broker.example.org/plain/')}`), /not valid/],
    ['a user name in the broker URL', link(`broker=${enc('ssh://root@broker.example.org:2222/usr/bin/x2gobroker-ssh')}`), /user name/],
    ['an unconfigured broker', link(`broker=${enc('https://evil.example/plain/')}`), /not one of the configured brokers/],
    ['a look-alike broker', link(`broker=${enc('https://broker.example.org.evil.example/plain/')}`), /not one of the configured/],
    ['another path on the broker', link(`broker=${enc('https://broker.example.org/json/')}`), /not one of the configured/],
    ['a file: broker', link(`broker=${enc('file:///etc/passwd')}`), /not valid/],
    ['no broker', link('profile=x'), /names no broker/],
    ['an unknown action', `x2go-launcher://launch?broker=${enc(ALLOWED[0]!)}`, /not a known action/],
    ['a path after the action', `x2go-launcher://open/../../x?broker=${enc(ALLOWED[0]!)}`, /not a known action/],
    ['an unknown parameter', link(`broker=${enc(ALLOWED[0]!)}&autostart=1`), /unknown parameter "autostart"/],
    ['a password parameter', link(`broker=${enc(ALLOWED[0]!)}&password=x`), /unknown parameter "password"/],
    ['a parameter twice', link(`broker=${enc(ALLOWED[0]!)}&broker=${enc('https://evil.example/plain/')}`), /given twice/],
    ['a fragment', `${link(`broker=${enc(ALLOWED[0]!)}`)}#x`, /fragment/],
    ['a profile id with a newline', link(`broker=${enc(ALLOWED[0]!)}&profile=a%0Ab`), /profile id is malformed/],
    ['a percent-encoded C1 control in a profile id', link(`broker=${enc(ALLOWED[0]!)}&profile=a%C2%85b`), /malformed/],
    ['a percent-encoded line separator in a profile id', link(`broker=${enc(ALLOWED[0]!)}&profile=a%E2%80%A8b`), /malformed/],
    ['an empty profile id', link(`broker=${enc(ALLOWED[0]!)}&profile=`), /malformed/],
    ['an over-long profile id', link(`broker=${enc(ALLOWED[0]!)}&profile=${'a'.repeat(1025)}`), /malformed/],
    ['a raw newline (the URL parser would drop it)', `${link(`broker=${enc(ALLOWED[0]!)}&profile=a`)}\nb`, /control characters/],
    ['a raw tab', link(`broker=${enc(ALLOWED[0]!)}&profile=a\tb`), /control characters/],
    ['a leading control character', `\u0001${link(`broker=${enc(ALLOWED[0]!)}`)}`, /control characters/],
    ['a C1 control character', link(`broker=${enc(ALLOWED[0]!)}&profile=a\u0085b`), /control characters/],
    ['a huge link', link(`broker=${enc(ALLOWED[0]!)}&profile=${'a'.repeat(3000)}`), /longer than 2048/],
  ];
  for (const [what, input, why] of hostile)
    it(`refuses ${what}`, () => assert.throws(() => parseDeepLink(input, ALLOWED), (err: Error) => why.test(err.message) && /^Refused this x2go-launcher:\/\/ link: /.test(err.message)));

  it('accepts every profile id a broker section header can hold (percent-decoded), up to 1024', () => {
    // x2gobroker's inifile backend: any text on one line between [ and ]; the link's id is only
    // looked up among the listed ids, never a path or a command (src/core/deep-link.ts)
    for (const id of ['Büro, 2. OG (Linux) & Co: #1', 'x;rm -rf ~', '../../etc', 'a]b[c', '日本語 デスクトップ', '100%', 'a+b=c?d', 'a'.repeat(1024)]) {
      const made = makeDeepLink(ALLOWED[0]!, id);
      assert.equal(parseDeepLink(made, ALLOWED).profileId, id, id);
      assert.equal(parseDeepLink(link(`broker=${enc(ALLOWED[0]!)}&profile=${enc(id)}`), ALLOWED).profileId, id);
    }
  });

  it('refuses to make a link with a user name or a malformed profile id', () => {
    assert.throws(() => makeDeepLink('ssh://alice@broker.example.org/usr/bin/x2gobroker-ssh', null), /user name/);
    assert.throws(() => makeDeepLink(ALLOWED[0]!, 'a\nb'), /malformed/);
  });
}); // prettier-ignore
