// The profile cache with a list per broker (docs/brokers.md §2): read from the store once, written
// in one go, and held under a byte budget (the file is read at every start, rewritten at every list).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  MAX_PROFILE_CACHE_BYTES,
  MemorySettingsStore,
  type ProfileCacheData,
} from '../../src/main/settings';
import type { BrokerProfile, ProfileIcon } from '../../src/shared/model';

/** A memory store that counts reads and writes. */
class CountingStore extends MemorySettingsStore<ProfileCacheData> {
  gets = 0;
  writes = 0;
  override get<K extends keyof ProfileCacheData>(key: K): ProfileCacheData[K] {
    this.gets++;
    return super.get(key);
  }
  override set<K extends keyof ProfileCacheData>(key: K, value: ProfileCacheData[K]): void {
    this.writes++;
    super.set(key, value);
  }
  override setMany(patch: Partial<ProfileCacheData>): void {
    this.writes++;
    super.setMany(patch);
  }
}

function profiles(n: number, iconBytes: number): BrokerProfile[] {
  const icon = `data:image/png;base64,${'A'.repeat(iconBytes)}`;
  return Array.from({ length: n }, (_, i) => ({ id: `p${i}`, icon }) as unknown as BrokerProfile);
}

void test('twenty cached lists are read from the store once, each save is one write', () => {
  const cache = new CountingStore(DEFAULT_PROFILE_CACHE);
  const settings = new LauncherSettings(new MemorySettingsStore(DEFAULT_SETTINGS), cache);
  for (let i = 0; i < 20; i++) settings.saveProfiles(`https://b${i}/plain/\nu`, profiles(3, 10));
  assert.equal(cache.writes, 20);
  // the next start: a new LauncherSettings over the same data
  const reloaded = new CountingStore({
    version: cache.get('version'),
    lists: cache.get('lists'),
    order: cache.get('order'),
  });
  const again = new LauncherSettings(new MemorySettingsStore(DEFAULT_SETTINGS), reloaded);
  for (let i = 0; i < 20; i++)
    assert.equal(again.cachedProfiles(`https://b${i}/plain/\nu`)?.profiles.length, 3);
  assert.ok(reloaded.gets <= 3, `store read ${reloaded.gets} times for 20 lists`);
});

void test('the lists stay under the byte budget, oldest dropped first, the newest always kept', () => {
  const settings = new LauncherSettings(
    new MemorySettingsStore(DEFAULT_SETTINGS),
    new MemorySettingsStore(DEFAULT_PROFILE_CACHE),
  );
  // each list about 40 % of the budget
  const big = profiles(100, Math.floor((MAX_PROFILE_CACHE_BYTES * 0.4) / 100));
  settings.saveProfiles('a\n', big);
  settings.saveProfiles('b\n', big);
  settings.saveProfiles('c\n', big);
  assert.equal(settings.cachedProfiles('a\n'), null, 'the oldest list went');
  assert.equal(settings.cachedProfiles('b\n')?.profiles.length, 100);
  assert.equal(settings.cachedProfiles('c\n')?.profiles.length, 100);
  // one list over the whole budget still stays (it is the one the catalogue shows next start)
  const huge = profiles(10, Math.ceil(MAX_PROFILE_CACHE_BYTES / 10));
  settings.saveProfiles('d\n', huge);
  assert.equal(settings.cachedProfiles('d\n')?.profiles.length, 10);
  assert.equal(settings.cachedProfiles('c\n'), null);
});

/** Profiles with real ProfileIcon objects (what the broker code makes). */
function realProfiles(n: number, iconBytes: number): BrokerProfile[] {
  const dataUrl = `data:image/png;base64,${'A'.repeat(iconBytes)}`;
  const icon: ProfileIcon = { dataUrl, mime: 'image/png', bytes: iconBytes };
  return Array.from({ length: n }, (_, i) => ({ id: `p${i}`, icon }) as unknown as BrokerProfile);
}

void test('byte budget counts real ProfileIcon objects (dataUrl), not only string icons', () => {
  const settings = new LauncherSettings(
    new MemorySettingsStore(DEFAULT_SETTINGS),
    new MemorySettingsStore(DEFAULT_PROFILE_CACHE),
  );
  const big = realProfiles(100, Math.floor((MAX_PROFILE_CACHE_BYTES * 0.4) / 100));
  settings.saveProfiles('a\n', big);
  settings.saveProfiles('b\n', big);
  settings.saveProfiles('c\n', big);
  assert.equal(settings.cachedProfiles('a\n'), null, '3 × 40 % of the budget kept: 120 %');
});

void test('byte budget counts long names/hosts (broker-chosen text), not 512 per profile', () => {
  const settings = new LauncherSettings(
    new MemorySettingsStore(DEFAULT_SETTINGS),
    new MemorySettingsStore(DEFAULT_PROFILE_CACHE),
  );
  const name = 'N'.repeat(Math.floor((MAX_PROFILE_CACHE_BYTES * 0.4) / 100));
  const big = Array.from(
    { length: 100 },
    (_, i) => ({ id: `p${i}`, name, label: name, icon: null }) as unknown as BrokerProfile,
  );
  for (const s of ['a\n', 'b\n', 'c\n']) settings.saveProfiles(s, big);
  assert.equal(settings.cachedProfiles('a\n'), null, '3 × 80 % of the budget kept');
});

void test('a cache write that throws leaves the memo as the file is', () => {
  class Failing extends MemorySettingsStore<typeof DEFAULT_PROFILE_CACHE> {
    fail = false;
    override setMany(patch: Partial<typeof DEFAULT_PROFILE_CACHE>): void {
      if (this.fail) throw new Error('EACCES / schema violation');
      super.setMany(patch);
    }
  }
  const store = new Failing(DEFAULT_PROFILE_CACHE);
  const settings = new LauncherSettings(new MemorySettingsStore(DEFAULT_SETTINGS), store);
  settings.saveProfiles('a\n', realProfiles(1, 10));
  store.fail = true;
  assert.throws(() => settings.saveProfiles('b\n', realProfiles(1, 10)));
  assert.equal(settings.cachedProfiles('b\n'), null, 'memo shows a list the file does not hold');
});
