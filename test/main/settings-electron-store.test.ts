// The electron-store adapter itself (under the recording electron stub): files 0600, the JSON
// schema on write, versioned migrations (an unversioned profile cache is dropped, not
// misread), and an invalid file moved aside instead of crashing the app or vanishing.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  PROFILE_CACHE_VERSION,
  scopeKey,
} from '../../src/main/settings';

register('../stubs/electron-esm-hooks.mjs', import.meta.url);
const { ElectronSettingsStore, STORE_FORMAT_VERSION } =
  await import('../../src/main/settings-electron');

const profile = {
  id: 'p1',
  name: 'p1',
  label: 'p1',
  folder: '',
  command: 'KDE',
  kind: 'desktop' as const,
  hosts: ['h'],
  sshPort: 22,
  user: '',
  rootless: false,
  published: false,
  icon: null,
  status: null,
  raw: {},
};

function open(dir: string, resets: string[] = []) {
  const onReset = (movedTo: string, reason: string) => resets.push(`${movedTo}: ${reason}`);
  const store = new ElectronSettingsStore('settings', { ...DEFAULT_SETTINGS }, dir, onReset); // prettier-ignore
  const cache = new ElectronSettingsStore('profile-cache', { ...DEFAULT_PROFILE_CACHE }, dir, onReset); // prettier-ignore
  return { store, cache, settings: new LauncherSettings(store, cache, () => 42) };
}

void test('round trip in 0600 files; the schema refuses a wrong value on write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const { store, settings } = open(dir);
  settings.rememberSignIn('https://a/plain/', 'alice', true);
  settings.setUiPreferences({ view: 'list', locale: 'de' });
  settings.saveProfiles(scopeKey('https://a/plain/', 'alice'), [profile]);
  assert.equal(statSync(store.path).mode & 0o777, 0o600);
  const again = open(dir).settings;
  assert.deepEqual(again.usersFor('https://a/plain/'), ['alice']);
  assert.equal(again.view(), 'list');
  assert.equal(again.cachedProfiles(scopeKey('https://a/plain/', 'alice'))?.savedAt, 42);
  assert.throws(() => store.set('view', 'table' as never), /Config schema violation: `view`/);
  assert.throws(() => store.set('brokerUrls', [42] as never), /Config schema violation/);
  const file = JSON.parse(readFileSync(store.path, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(file.__internal__, { migrations: { version: STORE_FORMAT_VERSION } });
});

void test('migration: an unversioned profile cache (0.1.0) is dropped, settings kept as they were', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const scope = scopeKey('https://a/plain/', 'alice');
  // the files 0.1.0 wrote: no version, no migration record
  writeFileSync(
    join(dir, 'profile-cache.json'),
    JSON.stringify({ lists: { [scope]: { savedAt: 1, profiles: [profile] } }, order: [scope] }),
  );
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, brokerUrls: ['https://a/plain/'], view: 'list' }),
  );
  const { cache, settings } = open(dir);
  assert.equal(settings.cachedProfiles(scope), null);
  assert.equal(cache.get('version'), PROFILE_CACHE_VERSION);
  assert.deepEqual(settings.brokerUrls(), ['https://a/plain/']);
  assert.equal(settings.view(), 'list');
  // a later version's cache (or an edited one) is not read either, and is replaced on save
  cache.set('version', PROFILE_CACHE_VERSION + 1);
  cache.set('lists', { [scope]: { savedAt: 7, profiles: [profile] } });
  assert.equal(settings.cachedProfiles(scope), null);
  settings.saveProfiles(scope, [profile]);
  assert.equal(cache.get('version'), PROFILE_CACHE_VERSION);
  assert.equal(settings.cachedProfiles(scope)?.savedAt, 42);
});

void test('an invalid file is moved aside (kept, reported) and the store starts from defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const bad = JSON.stringify({ ...DEFAULT_SETTINGS, view: 'table', brokerUrls: ['https://a/'] });
  writeFileSync(join(dir, 'settings.json'), bad);
  writeFileSync(join(dir, 'profile-cache.json'), '{not json');
  const resets: string[] = [];
  const { settings } = open(dir, resets);
  assert.equal(resets.length, 2, resets.join('\n'));
  assert.match(resets[0]!, /settings\.json\.invalid-\d+: .*view/);
  assert.match(resets[1]!, /profile-cache\.json\.invalid-\d+: /);
  assert.deepEqual(settings.brokerUrls(), []);
  assert.equal(settings.view(), 'grid');
  const kept = readdirSync(dir).find((f) => f.startsWith('settings.json.invalid-'))!;
  // kept with every user value (electron-store may have added its migration record)
  const { __internal__: _record, ...keptValues } = JSON.parse(
    readFileSync(join(dir, kept), 'utf8'),
  ) as Record<string, unknown>;
  assert.deepEqual(keptValues, JSON.parse(bad));
});
