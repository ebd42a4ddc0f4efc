// "Remember password", only through Electron safeStorage (OS keychain: Keychain, DPAPI,
// libsecret/KWallet). On Linux safeStorage falls back to `basic_text` (a hard-coded key:
// obfuscation, not protection) when no keyring runs — then nothing is stored and the UI
// says so plainly. Ciphertexts live in their own file (credentials.json, 0600), never in
// the settings file; the clear text exists only in memory during a sign-in.
import type { PasswordStorage } from '../shared/api';
import type { SettingsStore } from './settings';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export interface CredentialsData {
  /** scopeKey(broker, user) → base64 ciphertext from safeStorage. */
  passwords: Record<string, string>;
}

export const DEFAULT_CREDENTIALS: Readonly<CredentialsData> = Object.freeze({ passwords: {} });

export class PasswordVault {
  constructor(
    private readonly safe: SafeStorageLike,
    private readonly store: SettingsStore<CredentialsData>,
    private readonly platform: NodeJS.Platform,
    private readonly allowedByPolicy: boolean,
  ) {}

  status(): PasswordStorage {
    const backend =
      this.platform === 'linux'
        ? (this.safe.getSelectedStorageBackend?.() ?? 'unknown')
        : this.platform;
    if (!this.allowedByPolicy) return { available: false, backend, reason: 'policy' };
    let available: boolean;
    try {
      available = this.safe.isEncryptionAvailable();
    } catch {
      available = false;
    }
    if (this.platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
      return { available: false, backend, reason: 'no-keyring' };
    }
    if (!available) return { available: false, backend, reason: 'unsupported' };
    return { available: true, backend, reason: null };
  }

  has(scope: string): boolean {
    return this.status().available && typeof this.all()[scope] === 'string';
  }

  /** Store a password; false (and nothing written) when no real keychain is available. */
  save(scope: string, password: string): boolean {
    if (!this.status().available || !password) return false;
    const all = this.all();
    all[scope] = this.safe.encryptString(password).toString('base64');
    this.store.set('passwords', all);
    return true;
  }

  /** The stored password, or null (none, keychain gone, or undecryptable: then forgotten). */
  load(scope: string): string | null {
    if (!this.status().available) return null;
    const cipher = this.all()[scope];
    if (typeof cipher !== 'string') return null;
    try {
      return this.safe.decryptString(Buffer.from(cipher, 'base64'));
    } catch {
      this.forget(scope);
      return null;
    }
  }

  forget(scope: string): void {
    const all = this.all();
    if (!(scope in all)) return;
    delete all[scope];
    this.store.set('passwords', all);
  }

  private all(): Record<string, string> {
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    const stored = this.store.get('passwords');
    if (stored && typeof stored === 'object') {
      for (const [k, v] of Object.entries(stored)) if (typeof v === 'string') out[k] = v;
    }
    return out;
  }
}
