// "Remember password": only with a real keychain, never on Linux basic_text, never in clear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_CREDENTIALS,
  PasswordVault,
  type CredentialsData,
  type SafeStorageLike,
} from '../../src/main/passwords';
import { MemorySettingsStore } from '../../src/main/settings';

function fakeSafe(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (t) => Buffer.from(`enc:${Buffer.from(t).toString('hex')}`),
    decryptString: (b) => {
      const s = b.toString();
      if (!s.startsWith('enc:')) throw new Error('bad ciphertext');
      return Buffer.from(s.slice(4), 'hex').toString();
    },
  };
}

const store = () => new MemorySettingsStore<CredentialsData>({ ...DEFAULT_CREDENTIALS });

void test('Linux basic_text: refused with a plain reason, nothing written', () => {
  const s = store();
  const vault = new PasswordVault(fakeSafe('basic_text'), s, 'linux', true);
  assert.deepEqual(vault.status(), {
    available: false,
    backend: 'basic_text',
    reason: 'no-keyring',
  });
  assert.equal(vault.save('k', 'hunter2'), false);
  assert.deepEqual(s.get('passwords'), {});
  assert.equal(vault.load('k'), null);
});

void test('policy off or no encryption: unavailable with the right reason', () => {
  assert.equal(
    new PasswordVault(fakeSafe('gnome_libsecret'), store(), 'linux', false).status().reason,
    'policy',
  );
  assert.deepEqual(new PasswordVault(fakeSafe('', false), store(), 'win32', true).status(), {
    available: false,
    backend: 'win32',
    reason: 'unsupported',
  });
});

void test('real keychain: ciphertext stored, clear text never; round-trip; forget', () => {
  const s = store();
  const vault = new PasswordVault(fakeSafe('gnome_libsecret'), s, 'linux', true);
  assert.equal(vault.status().available, true);
  assert.equal(vault.save('https://a/\nalice', 'hunter2'), true);
  assert.doesNotMatch(JSON.stringify(s.get('passwords')), /hunter2/);
  assert.equal(vault.has('https://a/\nalice'), true);
  assert.equal(vault.load('https://a/\nalice'), 'hunter2');
  vault.forget('https://a/\nalice');
  assert.equal(vault.has('https://a/\nalice'), false);
  assert.equal(vault.save('x', ''), false, 'empty passwords are not stored');
});

void test('an undecryptable entry (keychain reset) is forgotten, not an error', () => {
  const s = store();
  s.set('passwords', { k: Buffer.from('garbage').toString('base64') });
  const vault = new PasswordVault(fakeSafe('kwallet5'), s, 'linux', true);
  assert.equal(vault.load('k'), null);
  assert.deepEqual(s.get('passwords'), {});
});
