// One normalised form for matching broker URLs (src/core/broker/url-match.ts) and its use by
// the fail-over list (failover-urls.ts) and the lock (config/broker-lock.ts): a URL spelled
// differently is the same broker everywhere (docs/failover.md §1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brokerEntryUrls } from '../../../src/core/broker/failover-urls';
import { brokerUrlKey, findBrokerUrl, sameBrokerUrl } from '../../../src/core/broker/url-match';
import { allowedBrokerUrls, isAllowedBrokerUrl } from '../../../src/core/config/broker-lock';

describe('brokerUrlKey / sameBrokerUrl', () => {
  it('ignores the case of scheme and host, the default port, one trailing slash, the user', () => {
    const same: [string, string][] = [
      ['HTTPS://Broker.Example:443/plain/', 'https://broker.example/plain/'],
      ['https://broker.example/plain/backend/', 'https://broker.example/plain/backend'],
      ['http://b.example:80/json/', 'http://B.EXAMPLE/json/'],
      ['https://b.example', 'https://b.example/'],
      ['SSH://Admin@Host.Example:22/usr/bin/x2gobroker-ssh', 'ssh://host.example'],
      ['ssh://[::1]:22/', 'ssh://[0:0:0:0:0:0:0:1]/usr/bin/x2gobroker-ssh'],
    ];
    for (const [a, b] of same) assert.ok(sameBrokerUrl(a, b), `${a} = ${b}`);
  });

  it('keeps what names another broker: scheme, port, path, query; text that does not parse matches nothing', () => {
    const different: [string, string][] = [
      ['http://b.example/plain/', 'https://b.example/plain/'],
      ['https://b.example:8443/plain/', 'https://b.example/plain/'],
      ['https://b.example/plain/', 'https://b.example/json/'],
      ['https://b.example/plain/a/', 'https://b.example/plain/b/'],
      ['https://b.example/plain/?x=1', 'https://b.example/plain/'],
      ['ssh://h:2222', 'ssh://h'],
    ];
    for (const [a, b] of different) assert.ok(!sameBrokerUrl(a, b), `${a} ≠ ${b}`);
    assert.equal(brokerUrlKey('http://b/plain'), null);
    assert.ok(!sameBrokerUrl('not a url', 'not a url'));
    assert.equal(findBrokerUrl(['https://a/plain/', 'https://B/plain/'], 'HTTPS://b:443/plain/'), 'https://B/plain/');
  }); // prettier-ignore
});

describe('fail-over list and lock match normalised URLs', () => {
  it("brokerEntryUrls: a URL spelled differently still takes the policy's list, without itself", () => {
    const policyList = ['https://a.example/plain/', 'https://b.example/plain/', 'HTTPS://A.example:443/plain/'];
    const entry = brokerEntryUrls({ url: 'https://B.Example:443/plain/', policyList });
    assert.deepEqual(entry, { url: 'https://B.Example:443/plain/', failover: ['https://a.example/plain/'], refused: [] });
  }); // prettier-ignore

  it('allowedBrokerUrls/isAllowedBrokerUrl: any spelling of a listed URL, nothing else', () => {
    const allowed = allowedBrokerUrls({
      lockBrokerUrl: true,
      brokerUrl: 'https://a.example/plain/',
      brokerUrls: ['https://A.example:443/plain/', 'https://b.example/plain/'],
    });
    assert.deepEqual(allowed, ['https://a.example/plain/', 'https://b.example/plain/']);
    assert.ok(isAllowedBrokerUrl(allowed, 'HTTPS://B.EXAMPLE:443/plain/'));
    assert.ok(!isAllowedBrokerUrl(allowed, 'https://c.example/plain/'));
    assert.ok(!isAllowedBrokerUrl(allowed, 'http://b.example/plain/'));
    assert.ok(isAllowedBrokerUrl(null, 'https://anything.example/plain/'));
  });
});
