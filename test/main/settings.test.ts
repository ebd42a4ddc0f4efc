// LauncherSettings over the in-memory store: the same logic the electron-store adapter runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  MAX_BROKER_URLS,
  MAX_CACHED_SCOPES,
  MAX_RECENTS,
  MemorySettingsStore,
  scopeKey,
  type ProfileCacheData,
  type SettingsData,
} from '../../src/main/settings';
import type { BrokerProfile } from '../../src/shared/model';

function make(now = () => 1000) {
  const store = new MemorySettingsStore<SettingsData>({ ...DEFAULT_SETTINGS });
  const cache = new MemorySettingsStore<ProfileCacheData>({ ...DEFAULT_PROFILE_CACHE });
  return { store, cache, settings: new LauncherSettings(store, cache, now) };
}

const profile = (id: string): BrokerProfile => ({
  id,
  name: id,
  label: id,
  folder: '',
  command: 'KDE',
  kind: 'desktop',
  hosts: ['h'],
  sshPort: 22,
  user: '',
  rootless: false,
  published: false,
  icon: null,
  status: null,
  raw: { name: id, password: 'should-not-be-cached' },
});

void test('sign-in memory: brokers most recent first, capped; users only when allowed', () => {
  const { settings } = make();
  settings.rememberSignIn('https://a/plain/', 'alice', true);
  settings.rememberSignIn('https://b/plain/', 'bob', false);
  settings.rememberSignIn('https://a/plain/', 'carol', true);
  assert.deepEqual(settings.brokerUrls(), ['https://a/plain/', 'https://b/plain/']);
  assert.equal(settings.lastBrokerUrl(), 'https://a/plain/');
  assert.deepEqual(settings.usersFor('https://a/plain/'), ['carol', 'alice']);
  assert.deepEqual(settings.usersFor('https://b/plain/'), []);
  assert.deepEqual(settings.lastUsers(), { 'https://a/plain/': 'carol' });
  for (let i = 0; i < 30; i++) settings.rememberSignIn(`https://h${i}/plain/`, null, true);
  assert.equal(settings.brokerUrls().length, MAX_BROKER_URLS);
  settings.forgetBroker('https://h29/plain/');
  assert.equal(settings.lastBrokerUrl(), null);
  assert.ok(!settings.brokerUrls().includes('https://h29/plain/'));
});

void test('favourites keep pin order; recents are most recent first with time, capped', () => {
  let t = 0;
  const { settings } = make(() => ++t);
  const s = scopeKey('https://a/plain/', 'alice');
  settings.setFavourite(s, 'p2', true);
  settings.setFavourite(s, 'p1', true);
  settings.setFavourite(s, 'p2', true);
  assert.deepEqual(settings.favourites(s), ['p1', 'p2']);
  settings.setFavourite(s, 'p1', false);
  assert.deepEqual(settings.favourites(s), ['p2']);
  assert.deepEqual(settings.favourites(scopeKey('https://a/plain/', 'bob')), []);
  for (let i = 0; i < 15; i++) settings.addRecent(s, `r${i % 12}`);
  const recents = settings.recents(s);
  assert.equal(recents.length, MAX_RECENTS);
  assert.deepEqual(recents[0], { id: 'r2', at: 15 });
  assert.equal(new Set(recents.map((r) => r.id)).size, recents.length, 'no duplicates');
});

void test('profile cache: saved without raw fields, timestamped, only the last scopes kept', () => {
  let t = 100;
  const { settings, cache } = make(() => t);
  const s = scopeKey('https://a/plain/', 'alice');
  settings.saveProfiles(s, [profile('x'), profile('y')]);
  const got = settings.cachedProfiles(s)!;
  assert.equal(got.savedAt, 100);
  assert.deepEqual(
    got.profiles.map((p) => [p.id, p.raw]),
    [
      ['x', {}],
      ['y', {}],
    ],
  );
  assert.doesNotMatch(JSON.stringify(cache.get('lists')), /should-not-be-cached/);
  for (let i = 0; i < MAX_CACHED_SCOPES + 2; i++) {
    t++;
    settings.saveProfiles(scopeKey(`https://h${i}/`, null), [profile('z')]);
  }
  assert.equal(settings.cachedProfiles(s), null, 'oldest scope evicted');
  assert.equal(Object.keys(cache.get('lists')).length, MAX_CACHED_SCOPES);
  settings.clearProfiles(scopeKey('https://h6/', null));
  assert.equal(settings.cachedProfiles(scopeKey('https://h6/', null)), null);
});

void test('a hand-edited or corrupted store is read defensively', () => {
  const { store, cache, settings } = make();
  store.set('brokerUrls', ['https://ok/', 42, null] as never);
  store.set('users', { __proto__: ['x'], 'https://ok/': 'not-a-list' } as never);
  store.set('recents', { s: [{ id: 'a', at: 1 }, { id: 5 }, 'junk'] } as never);
  store.set('favourites', 'nonsense' as never);
  store.set('windowBounds', { width: -1, height: 1e12, x: 'a' } as never);
  store.set('view', 'table' as never);
  store.set('locale', 'it' as never);
  cache.set('lists', { s: { savedAt: 'yesterday', profiles: [] } } as never);
  assert.deepEqual(settings.brokerUrls(), ['https://ok/']);
  assert.deepEqual(settings.usersFor('https://ok/'), []);
  assert.deepEqual(settings.recents('s'), [{ id: 'a', at: 1 }]);
  assert.deepEqual(settings.favourites('s'), []);
  assert.deepEqual(settings.windowBounds(), { width: 480, height: 10_000 });
  assert.equal(settings.view(), 'grid');
  assert.equal(settings.locale(), null);
  assert.equal(settings.cachedProfiles('s'), null);
  assert.equal(({} as Record<string, unknown>).x, undefined, 'no prototype pollution');
});

void test('UI preferences and window bounds round-trip', () => {
  const { settings } = make();
  settings.setUiPreferences({ view: 'list' });
  settings.setUiPreferences({ locale: 'de' });
  assert.equal(settings.view(), 'list');
  assert.equal(settings.locale(), 'de');
  settings.setUiPreferences({ locale: null });
  assert.equal(settings.locale(), null);
  settings.saveWindowBounds({ x: 1, y: 2, width: 900, height: 700, maximized: true });
  assert.deepEqual(settings.windowBounds(), {
    x: 1,
    y: 2,
    width: 900,
    height: 700,
    maximized: true,
  });
});
