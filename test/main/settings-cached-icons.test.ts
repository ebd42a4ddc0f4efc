// The profile cache on disk may come from a version with a laxer icon check (or be edited):
// its icons are checked again when read, so the renderer only sees sanitised data URLs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeIcon } from '../../src/core/broker/icon';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  MemorySettingsStore,
  scopeKey,
  type ProfileCacheData,
  type SettingsData,
} from '../../src/main/settings';
import type { BrokerProfile, ProfileIcon } from '../../src/shared/model';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const NS = 'xmlns="http://www.w3.org/2000/svg"';

const withIcon = (id: string, icon: ProfileIcon | null): BrokerProfile => ({
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
  icon,
  status: null,
  raw: {},
});

void test('cached icons are sanitised again on read; unsanitisable ones become null', () => {
  const store = new MemorySettingsStore<SettingsData>({ ...DEFAULT_SETTINGS });
  const cache = new MemorySettingsStore<ProfileCacheData>({ ...DEFAULT_PROFILE_CACHE });
  const settings = new LauncherSettings(store, cache, () => 1);
  const scope = scopeKey('https://a/plain/', 'alice');
  const laxSvg = `<svg ${NS}><a href="javascript:alert(1)"><rect/></a></svg>`;
  const goodSvg = `<?xml version="1.0"?><!-- c --><svg ${NS}><rect width="1"/></svg>`;
  settings.saveProfiles(scope, [
    withIcon('lax', {
      dataUrl: `data:image/svg+xml;base64,${b64(laxSvg)}`,
      mime: 'image/svg+xml',
      bytes: 1,
    }),
    withIcon('html', {
      dataUrl: `data:text/html;base64,${b64('<script>x</script>')}`,
      mime: 'image/png',
      bytes: 1,
    }),
    withIcon('good', {
      dataUrl: `data:image/svg+xml;base64,${b64(goodSvg)}`,
      mime: 'image/svg+xml',
      bytes: 1,
    }),
    withIcon('none', null),
  ]);
  const icons = Object.fromEntries(
    settings.cachedProfiles(scope)!.profiles.map((p) => [p.id, p.icon]),
  );
  assert.equal(icons.lax, null);
  assert.equal(icons.html, null);
  assert.equal(icons.none, null);
  assert.deepEqual(icons.good, decodeIcon(b64(goodSvg)));
  const shown = Buffer.from(icons.good!.dataUrl.split(',')[1]!, 'base64').toString('utf8');
  assert.equal(shown, `<svg ${NS}><rect width="1"></rect></svg>`); // re-serialised
});
