// electron-store 11 behind the SettingsStore seam. Files in userData: settings.json (user
// settings), profile-cache.json (last profile lists), credentials.json (safeStorage
// ciphertexts only). All 0600.
//
// settings.json and profile-cache.json carry a JSON schema (checked by electron-store on every
// read and write) and versioned migrations. The version is the *file format's*
// (STORE_FORMAT_VERSION), not the app's, so a release that does not change a format runs no
// migration. A file that fails its schema or is not JSON is moved aside to
// `<name>.json.invalid-<time>` (kept for the user, reported through `onReset`) and the store
// starts from its defaults: nothing is silently deleted, and the app never fails to start.
import Store, { type Options, type Schema } from 'electron-store';
import { existsSync, renameSync } from 'node:fs';
import {
  MAX_BROKER_ENTRIES,
  MAX_BROKER_URLS,
  PROFILE_CACHE_VERSION,
  type SettingsStore,
} from './settings';

/** Format version of the stores below (semver, as electron-store's migrations need). */
export const STORE_FORMAT_VERSION = '2.0.0';

type AnyStore = Store<Record<string, unknown>>;

interface StoreFormat {
  schema: Schema<Record<string, unknown>>;
  /** electron-store migrations: format version → step; each runs once, in order. */
  migrations: Record<string, (store: AnyStore) => void>;
}

const stringList = (maxItems: number) =>
  ({ type: 'array', items: { type: 'string', maxLength: 4096 }, maxItems }) as const;
const perKey = (value: object) => ({ type: 'object', additionalProperties: value }) as const;

/** Schemas and migrations by store name; stores not named here have neither. */
const STORE_FORMATS: Readonly<Record<string, StoreFormat>> = {
  settings: {
    schema: {
      brokerUrls: stringList(MAX_BROKER_URLS * 5),
      lastBrokerUrl: { type: ['string', 'null'], maxLength: 4096 },
      users: perKey(stringList(100)),
      favourites: perKey(stringList(5000)),
      recents: perKey({
        type: 'array',
        items: {
          type: 'object',
          properties: { id: { type: 'string' }, at: { type: 'number' } },
          required: ['id', 'at'],
        },
      }),
      windowBounds: {
        type: ['object', 'null'],
        properties: {
          x: { type: 'number' },
          y: { type: 'number' },
          width: { type: 'number' },
          height: { type: 'number' },
          maximized: { type: 'boolean' },
        },
      },
      view: { enum: ['grid', 'list'] },
      // 'fr' added with French (a wider enum: every stored value stays valid, no migration)
      locale: { enum: ['en', 'de', 'fr', null] },
      localResources: perKey(perKey({ type: 'boolean' })),
      answeredUrls: perKey({ type: 'string', maxLength: 4096 }),
      // several brokers (docs/brokers.md §2): a new key with a default, no migration needed
      brokerEntries: {
        type: 'array',
        maxItems: MAX_BROKER_ENTRIES,
        items: {
          type: 'object',
          properties: {
            brokerUrl: { type: 'string', maxLength: 4096 },
            user: { type: ['string', 'null'], maxLength: 4096 },
            auth: { enum: ['password', 'noauth', 'ssh-agent', 'ssh-key'] },
            sshKeyFile: { type: 'string', maxLength: 4096 },
            authIdFile: { type: 'string', maxLength: 4096 },
          },
          required: ['brokerUrl', 'user', 'auth'],
          // nothing else: a secret added by mistake fails the write instead of reaching disk
          additionalProperties: false,
        },
      },
    },
    // 2.0.0: the first versioned format; 0.1.0's files are already of its shape.
    migrations: { '2.0.0': () => undefined },
  },
  'profile-cache': {
    schema: {
      version: { type: 'integer' },
      lists: perKey({
        type: 'object',
        properties: { savedAt: { type: 'number' }, profiles: { type: 'array' } },
        required: ['savedAt', 'profiles'],
      }),
      order: stringList(100),
    },
    migrations: {
      // 0.1.0 kept unversioned lists: drop them (they are a cache; the broker lists again).
      '2.0.0': (store) => {
        store.set('lists', {});
        store.set('order', []);
        store.set('version', PROFILE_CACHE_VERSION);
      },
    },
  },
};

export class ElectronSettingsStore<T extends Record<string, unknown>> implements SettingsStore<T> {
  private readonly store: Store<T>;

  /**
   * `onReset(invalidFile, reason)`: the file failed its schema or JSON and was moved aside.
   * Throws only what electron-store throws for an unwritable profile directory.
   */
  constructor(
    name: string,
    defaults: T,
    cwd?: string,
    onReset: (movedTo: string, reason: string) => void = (movedTo, reason) =>
      console.warn(`[main] settings file moved aside to ${movedTo}: ${reason}`),
  ) {
    const format = STORE_FORMATS[name];
    const options: Options<T> = {
      name,
      defaults,
      ...(cwd ? { cwd } : {}),
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      ...(format
        ? {
            schema: format.schema as Schema<T>,
            migrations: format.migrations as unknown as Options<T>['migrations'],
            projectVersion: STORE_FORMAT_VERSION,
          }
        : {}),
    };
    try {
      // Strict first: an invalid file throws here instead of being emptied in place.
      new Store<T>({ ...options, clearInvalidConfig: false });
    } catch (error) {
      // its path from a store without schema or migrations (which reads, never rewrites, it)
      const file = new Store({ name, ...(cwd ? { cwd } : {}), clearInvalidConfig: true }).path;
      if (existsSync(file)) {
        const movedTo = `${file}.invalid-${Date.now()}`;
        renameSync(file, movedTo);
        onReset(movedTo, (error as Error).message.slice(0, 500));
      }
    }
    // clearInvalidConfig: a file broken while the app runs reads as defaults, never throws.
    this.store = new Store<T>({ ...options, clearInvalidConfig: true });
  }

  get path(): string {
    return this.store.path;
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.store.get(key as string) as T[K];
  }

  /** Throws electron-store's "Config schema violation: …" for a value outside the schema. */
  set<K extends keyof T>(key: K, value: T[K]): void {
    this.store.set(key as string, value);
  }

  /** Several keys, one file write and one schema check (electron-store's object overload). */
  setMany(patch: Partial<T>): void {
    this.store.set(patch as Parameters<Store<T>['set']>[0] & object);
  }
}
