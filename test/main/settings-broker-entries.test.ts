// Several brokers (docs/brokers.md §2): the catalogue's entries in the real electron-store file
// (under the recording electron stub) — a round trip, a settings.json without the key (an
// older file) reads as no entries, and the schema refuses any field beyond the paths.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  scopeKey,
} from '../../src/main/settings';

register('../stubs/electron-esm-hooks.mjs', import.meta.url);
const { ElectronSettingsStore } = await import('../../src/main/settings-electron');

function open(dir: string) {
  const store = new ElectronSettingsStore('settings', { ...DEFAULT_SETTINGS }, dir);
  const cache = new ElectronSettingsStore('profile-cache', { ...DEFAULT_PROFILE_CACHE }, dir);
  return { store, settings: new LauncherSettings(store, cache, () => 42) };
}

void test('broker entries: stored across starts, older files read as none, no extra field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entries-'));
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({
      ...DEFAULT_SETTINGS,
      brokerEntries: undefined,
      brokerUrls: ['https://a/plain/'],
    }),
  );
  const first = open(dir);
  assert.deepEqual(first.settings.brokerEntries(), []);
  assert.deepEqual(first.settings.brokerUrls(), ['https://a/plain/'], 'the rest is kept');
  first.settings.rememberBrokerEntry({
    brokerUrl: 'https://a/plain/',
    user: 'alice',
    auth: 'password',
  });
  first.settings.rememberBrokerEntry({
    brokerUrl: 'ssh://b:22/usr/bin/x2gobroker-ssh',
    user: 'bob',
    auth: 'ssh-key',
    sshKeyFile: '/home/bob/.ssh/id_ed25519',
  });
  const again = open(dir).settings;
  assert.deepEqual(
    again.brokerEntries().map((e) => [scopeKey(e.brokerUrl, e.user), e.auth, e.sshKeyFile]),
    [
      ['ssh://b:22/usr/bin/x2gobroker-ssh\nbob', 'ssh-key', '/home/bob/.ssh/id_ed25519'],
      ['https://a/plain/\nalice', 'password', undefined],
    ],
  );
  assert.throws(
    () =>
      first.store.set('brokerEntries', [
        { brokerUrl: 'https://a/plain/', user: 'alice', auth: 'password', password: 'x' },
      ] as never),
    /Config schema violation/,
  );
});
