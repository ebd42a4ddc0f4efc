// Several brokers in one catalogue (docs/brokers.md): the renderer's rules over main's broker
// entries (src/renderer/brokers.ts) — which entries refresh without typing, the groups shown
// at start, what a run already knows surviving a reload of the entries, and the IPC argument.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrokerEntry, BrokerProfile } from '../../src/shared/api';
import {
  brokerArg,
  canRefreshQuietly,
  entryFor,
  groupsFromEntries,
} from '../../src/renderer/brokers';
import type { BrokerGroup } from '../../src/renderer/views/broker-groups';

const profile = (id: string): BrokerProfile => ({
  id,
  name: id,
  label: id,
  folder: '',
  command: 'XFCE',
  kind: 'desktop',
  hosts: ['h'],
  sshPort: 22,
  user: '',
  rootless: false,
  published: false,
  icon: null,
  status: null,
  raw: {},
});

function entry(over: Partial<BrokerEntry> & Pick<BrokerEntry, 'key'>): BrokerEntry {
  return {
    brokerUrl: `http://${over.key}.example/plain/`,
    user: 'test',
    auth: 'password',
    savedPassword: false,
    managed: false,
    cached: null,
    prefs: { favourites: [], recents: [] },
    ...over,
  };
}

void test('an entry refreshes without typing unless it needs a password none is saved for', () => {
  assert.equal(canRefreshQuietly({ auth: 'password', savedPassword: false }), false);
  assert.equal(canRefreshQuietly({ auth: 'password', savedPassword: true }), true);
  for (const auth of ['noauth', 'ssh-agent', 'ssh-key'] as const)
    assert.equal(canRefreshQuietly({ auth, savedPassword: false }), true, auth);
});

void test('at start every entry shows its last list, stale, or needing a password', () => {
  const a = entry({
    key: 'a',
    auth: 'noauth',
    cached: { profiles: [profile('x')], fetchedAt: 1000 },
    answeredUrl: 'http://a2.example/plain/',
  });
  const b = entry({ key: 'b', managed: true });
  const [ga, gb] = groupsFromEntries([a, b]);
  assert.equal(ga!.state, 'stale');
  assert.equal(ga!.fetchedAt, 1000);
  assert.deepEqual(
    ga!.profiles.map((p) => p.id),
    ['x'],
  );
  assert.equal(ga!.answeredUrl, 'http://a2.example/plain/');
  assert.equal(gb!.state, 'needs-password');
  assert.equal(gb!.fetchedAt, null);
  assert.deepEqual(gb!.profiles, []);
  assert.equal(gb!.managed, true);
});

void test('a reload of the entries keeps what this run knows of a live broker, drops the rest', () => {
  const a = entry({ key: 'a', cached: { profiles: [profile('old')], fetchedAt: 1 } });
  const live: BrokerGroup = {
    ...groupsFromEntries([a])[0]!,
    state: 'live',
    profiles: [profile('new')],
    fetchedAt: 2,
  };
  const failed: BrokerGroup = { ...live, key: 'b', state: 'failed' };
  const groups = groupsFromEntries(
    [a, entry({ key: 'b', auth: 'noauth', cached: { profiles: [], fetchedAt: 5 } })],
    new Map([
      ['a', live],
      ['b', failed],
      ['gone', { ...live, key: 'gone' }],
    ]),
  );
  assert.deepEqual(
    groups.map((g) => [g.key, g.state, g.fetchedAt]),
    [
      ['a', 'live', 2],
      ['b', 'stale', 5],
    ],
  );
});

void test('the entry of a sign-in: by its key, else by URL and user', () => {
  const entries = [entry({ key: 'a' }), entry({ key: 'b', user: null })];
  assert.equal(entryFor(entries, { broker: 'b', brokerUrl: 'x', user: 'y' })?.key, 'b');
  assert.equal(entryFor(entries, { brokerUrl: 'http://b.example/plain/', user: null })?.key, 'b');
  assert.equal(
    entryFor(entries, { brokerUrl: 'http://b.example/plain/', user: 'test' }),
    undefined,
  );
});

void test('one broker: per-profile calls carry no broker argument at all', () => {
  assert.deepEqual(brokerArg(undefined), []);
  assert.deepEqual(brokerArg('k'), ['k']);
});
