// The one resolver: defaults < policy < user < command line, a policy lock beating the last two.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTINGS, SETTING_KEYS, validateSetting } from '../../../src/core/config/keys';
import { parseManagedConfig } from '../../../src/core/config/managed';
import { refuseLockedOverrides, resolveSettings } from '../../../src/core/config/resolve';
import { isLauncherError } from '../../../src/core/errors';

void test('each layer beats the one below it; every key has a value and a source', () => {
  const policy = parseManagedConfig(
    JSON.stringify({ language: 'de', proxy: 'system', brokerName: 'Corp', idleMinutes: 5 }),
    '/etc/x2go-launcher/config.json',
  );
  const r = resolveSettings({
    packaged: { brokerName: 'Packaged', allowDevTools: true },
    policy,
    user: { language: 'en', proxy: 'direct' },
    commandLine: { proxy: 'http://proxy.example:3128' },
  });
  assert.deepEqual(Object.keys(r.settings), SETTING_KEYS);
  assert.deepEqual(r.settings.allowDevTools, { value: true, source: 'default', locked: false });
  assert.deepEqual(r.settings.brokerName, { value: 'Corp', source: 'policy', locked: false });
  assert.deepEqual(r.settings.idleMinutes, { value: 5, source: 'policy', locked: false });
  assert.deepEqual(r.settings.language, { value: 'en', source: 'user', locked: false });
  assert.deepEqual(r.settings.proxy, {
    value: 'http://proxy.example:3128',
    source: 'command line',
    locked: false,
  });
  assert.deepEqual(r.settings.kiosk, { value: false, source: 'default', locked: false });
  assert.deepEqual(r.overridden, []);
  assert.equal(r.policyOrigin, '/etc/x2go-launcher/config.json');
});

void test('a locked key keeps the policy value (or the default it locks) against user and command line', () => {
  const policy = parseManagedConfig(
    JSON.stringify({ language: 'de', locked: ['language', 'allowRememberPassword'] }),
    'HKLM\\Software\\Policies\\X2Go Launcher',
  );
  const commandLine = { language: 'en' as const, allowRememberPassword: false, kiosk: true };
  const r = resolveSettings({ policy, user: { language: 'en' }, commandLine });
  assert.deepEqual(r.settings.language, { value: 'de', source: 'policy', locked: true });
  assert.deepEqual(r.settings.allowRememberPassword, {
    value: true,
    source: 'default',
    locked: true,
  });
  assert.deepEqual(r.settings.kiosk, { value: true, source: 'command line', locked: false });
  assert.deepEqual(r.overridden, [
    { key: 'allowRememberPassword', layer: 'command line' },
    { key: 'language', layer: 'user' },
    { key: 'language', layer: 'command line' },
  ]);
  assert.throws(
    () => refuseLockedOverrides(r, commandLine),
    (e: unknown) =>
      isLauncherError(e) &&
      e.exitCode === 2 &&
      e.message ===
        'setting "allowRememberPassword", setting "language" are locked by the administrator\'s policy (HKLM\\Software\\Policies\\X2Go Launcher).',
  );
  refuseLockedOverrides(r, { language: 'de', kiosk: true }); // equal or unlocked: accepted
});

void test('every key: its default passes its own check, a wrong type is refused by name', () => {
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    if (spec.default !== null) assert.equal(validateSetting(key, spec.default).ok, true, key);
    const wrong = validateSetting(key, spec.type === 'object' ? 'x' : { nested: true });
    if (spec.type === 'object') {
      assert.ok(wrong.ok && wrong.warnings.length > 0, key);
    } else {
      assert.equal(wrong.ok, false, key);
      assert.match((wrong as { error: string }).error, new RegExp(`^"${key}" `));
    }
  }
  assert.equal(validateSetting('idleMinutes', 0).ok, false);
  assert.equal(validateSetting('idleMinutes', 1441).ok, false);
  assert.equal(
    // the format the kiosk's PIN gate reads (src/core/kiosk/admin-pin.ts), as kiosk-pin-hash prints it
    validateSetting(
      'adminPinHash',
      'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==',
    ).ok,
    true,
  );
  assert.equal(validateSetting('adminPinHash', '1234').ok, false);
  assert.equal(validateSetting('clientPath', 'x2goclient').ok, false);
  assert.equal(
    validateSetting('clientPath', 'C:\\Program Files\\x2goclient\\x2goclient.exe').ok,
    true,
  );
  const urls = validateSetting('brokerUrls', ['https://a/plain/', 'ftp://b/', 'https://c/json/']);
  assert.ok(urls.ok);
  assert.deepEqual(urls.value, ['https://a/plain/', 'https://c/json/']);
  assert.match(
    urls.warnings[0]!,
    /"brokerUrls" entry "ftp:\/\/b\/" ignored: it is not a broker URL/,
  );
});
