// electron-store 11 behind the SettingsStore seam. Files in userData: settings.json (user
// settings), profile-cache.json (last profile lists), credentials.json (safeStorage
// ciphertexts only). All 0600; an unreadable/invalid file is reset rather than crashing.
import Store from 'electron-store';
import type { SettingsStore } from './settings';

export class ElectronSettingsStore<T extends Record<string, unknown>> implements SettingsStore<T> {
  private readonly store: Store<T>;

  constructor(name: string, defaults: T, cwd?: string) {
    this.store = new Store<T>({
      name,
      defaults,
      ...(cwd ? { cwd } : {}),
      clearInvalidConfig: true,
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
    });
  }

  get path(): string {
    return this.store.path;
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.store.get(key as string) as T[K];
  }

  set<K extends keyof T>(key: K, value: T[K]): void {
    this.store.set(key as string, value);
  }
}
