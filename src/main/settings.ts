// User settings (never secrets) behind a small key/value interface, Bitwarden style: the
// app logic (remembered brokers and users, favourites, recents, the cached profile list,
// window bounds) lives in LauncherSettings and is tested against MemorySettingsStore; the
// electron-store adapter (settings-electron.ts) is a thin shell around the same interface.
import { revalidateIcon } from '../core/broker/icon';
import { RESOURCE_NAMES as LOCAL_RESOURCE_NAMES } from '../core/config/local-resources';
import type { BrokerEntry, LocalResourceName } from '../shared/api';
import type { BrokerProfile } from '../shared/model';
import { sanitizeBounds, type WindowBounds } from './security';

export interface SettingsData {
  /** Broker URLs used successfully, most recent first (display form, never a password). */
  brokerUrls: string[];
  lastBrokerUrl: string | null;
  /** Remembered user names per broker URL, most recent first. */
  users: Record<string, string[]>;
  /** Favourite profile ids per scope (broker URL + user). */
  favourites: Record<string, string[]>;
  /** Recently launched profiles per scope, most recent first. */
  recents: Record<string, RecentEntry[]>;
  windowBounds: WindowBounds | null;
  view: 'grid' | 'list';
  /** null = follow the system language. */
  locale: 'en' | 'de' | 'fr' | null;
  /**
   * The user's "Always for this broker" / "Don't allow" answers to a session's local-resource
   * question, per broker URL: resource name → allowed (docs/handoff.md §3).
   */
  localResources: Record<string, Record<string, boolean>>;
  /** Fail-over (docs/failover.md): per broker URL signed in to, the URL that last answered. */
  answeredUrls: Record<string, string>;
  /**
   * Several brokers (docs/brokers.md §2): the catalogue's entries, most recent sign-in first,
   * at most MAX_BROKER_ENTRIES. What signing in again takes — never a secret.
   */
  brokerEntries: StoredBrokerEntry[];
}

/** One broker of the catalogue as stored (docs/brokers.md §2): no password, no cookie. */
export interface StoredBrokerEntry {
  /** Display form of the broker URL (BrokerUrl.display: no user, no secrets). */
  brokerUrl: string;
  user: string | null;
  auth: BrokerEntry['auth'];
  /** ssh-key: the private key file's path. */
  sshKeyFile?: string;
  /** The auth-id cookie file's path (x2goclient's --auth-id). */
  authIdFile?: string;
}

export interface RecentEntry {
  id: string;
  at: number;
}

export interface CachedProfiles {
  /** `Date.now()` when the list was fetched. */
  savedAt: number;
  profiles: BrokerProfile[];
}

export interface ProfileCacheData {
  /**
   * Format of `lists` (PROFILE_CACHE_VERSION). A cache of another or no version is dropped,
   * never read: a profile shape from another release must not reach the catalogue.
   */
  version: number;
  /** The last profile list per scope; only the most recent MAX_CACHED_SCOPES are kept. */
  lists: Record<string, CachedProfiles>;
  /** Scopes, most recently written first. */
  order: string[];
}

/** The storage seam: electron-store in the app, a Map in tests. */
export interface SettingsStore<T extends object> {
  get<K extends keyof T>(key: K): T[K];
  set<K extends keyof T>(key: K, value: T[K]): void;
  /** Several keys in one write (electron-store rewrites its whole file on every set). */
  setMany?(patch: Partial<T>): void;
}

export class MemorySettingsStore<T extends object> implements SettingsStore<T> {
  private readonly data: T;
  constructor(defaults: T) {
    this.data = structuredClone(defaults);
  }
  get<K extends keyof T>(key: K): T[K] {
    return structuredClone(this.data[key]);
  }
  set<K extends keyof T>(key: K, value: T[K]): void {
    this.data[key] = structuredClone(value);
  }
  setMany(patch: Partial<T>): void {
    Object.assign(this.data, structuredClone(patch));
  }
}

export const DEFAULT_SETTINGS: Readonly<SettingsData> = Object.freeze({
  brokerUrls: [],
  lastBrokerUrl: null,
  users: {},
  favourites: {},
  recents: {},
  windowBounds: null,
  view: 'grid',
  locale: null,
  localResources: {},
  answeredUrls: {},
  brokerEntries: [],
});

/** 1: the unversioned lists of 0.1.0; 2: the same entries, versioned. Bump on any change. */
export const PROFILE_CACHE_VERSION = 2;

export const DEFAULT_PROFILE_CACHE: Readonly<ProfileCacheData> = Object.freeze({
  version: PROFILE_CACHE_VERSION,
  lists: {},
  order: [],
});

export const MAX_BROKER_URLS = 20;
export const MAX_USERS_PER_BROKER = 10;
export const MAX_RECENTS = 10;
export const MAX_FAVOURITES = 500;
/** Several brokers (docs/brokers.md §2): the catalogue keeps at most this many entries. */
export const MAX_BROKER_ENTRIES = 20;
/** One cached list per entry the catalogue may show (≥ MAX_BROKER_ENTRIES: brokers.test.ts). */
export const MAX_CACHED_SCOPES = 20;
/**
 * The cached lists together stay under this many bytes (icons are most of them, ~4 KB each):
 * the file is read at every start and rewritten at every list. Older lists go first; the list
 * just saved always stays (docs/brokers.md §2).
 */
export const MAX_PROFILE_CACHE_BYTES = 48 * 1024 * 1024;

/** The key favourites, recents and the profile cache are stored under. */
export function scopeKey(brokerUrl: string, user: string | null): string {
  return `${brokerUrl}\n${user ?? ''}`;
}

/** Move `item` to the front of `list`, dropping duplicates, keeping at most `max`. */
export function pushFront(list: readonly string[], item: string, max: number): string[] {
  return [item, ...list.filter((x) => x !== item)].slice(0, max);
}

const ENTRY_AUTH: readonly string[] = [
  'password',
  'noauth',
  'ssh-agent',
  'ssh-key',
] satisfies BrokerEntry['auth'][];

/** A stored entry read back from the user-editable file, or null when it is malformed. */
function storedEntry(raw: unknown): StoredBrokerEntry | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const e = raw as Record<string, unknown>;
  if (typeof e.brokerUrl !== 'string' || !e.brokerUrl) return null;
  if (e.user !== null && typeof e.user !== 'string') return null;
  if (typeof e.auth !== 'string' || !ENTRY_AUTH.includes(e.auth)) return null;
  return {
    brokerUrl: e.brokerUrl,
    user: e.user || null,
    auth: e.auth as BrokerEntry['auth'],
    ...(typeof e.sshKeyFile === 'string' && e.sshKeyFile ? { sshKeyFile: e.sshKeyFile } : {}),
    ...(typeof e.authIdFile === 'string' && e.authIdFile ? { authIdFile: e.authIdFile } : {}),
  };
}

/** Records in the store come from a user-editable file: own keys only, strings only. */
function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
function record(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) out[k] = v;
  }
  return out;
}

export class LauncherSettings {
  /**
   * The profile cache as read once (lists and order), then kept in step with every write:
   * electron-store parses its whole file on each get, and with a list per broker that file
   * is megabytes (20 entries: one parse per entry per start, quadratic in the brokers).
   */
  private cacheMemo: { lists: Record<string, unknown>; order: string[] } | null = null;
  /** The JSON size (UTF-8 bytes) of each cached list, worked out once per list. */
  private readonly listBytes = new Map<string, number>();

  constructor(
    private readonly store: SettingsStore<SettingsData>,
    private readonly cache: SettingsStore<ProfileCacheData>,
    private readonly now: () => number = Date.now,
  ) {}

  brokerUrls(): string[] {
    return stringList(this.store.get('brokerUrls'));
  }

  lastBrokerUrl(): string | null {
    const last = this.store.get('lastBrokerUrl');
    return typeof last === 'string' ? last : null;
  }

  /** After a successful sign-in: remember the broker (and the user, when allowed). */
  rememberSignIn(brokerUrl: string, user: string | null, rememberUser: boolean): void {
    this.store.set('brokerUrls', pushFront(this.brokerUrls(), brokerUrl, MAX_BROKER_URLS));
    this.store.set('lastBrokerUrl', brokerUrl);
    if (user && rememberUser) {
      const users = record(this.store.get('users'));
      users[brokerUrl] = pushFront(stringList(users[brokerUrl]), user, MAX_USERS_PER_BROKER);
      this.store.set('users', users as Record<string, string[]>);
    }
  }

  /** Fail-over: the URL of `brokerUrl`'s entry that last answered (docs/failover.md §4). */
  answeredUrl(brokerUrl: string): string | null {
    const value = record(this.store.get('answeredUrls'))[brokerUrl];
    return typeof value === 'string' ? value : null;
  }

  /** Fail-over: remember the URL that answered for `brokerUrl` (kept for the last 20 brokers). */
  rememberAnsweredUrl(brokerUrl: string, answeredUrl: string): void {
    const all = Object.entries(record(this.store.get('answeredUrls'))).filter(
      ([k, v]) => k !== brokerUrl && typeof v === 'string',
    );
    this.store.set(
      'answeredUrls',
      Object.fromEntries([[brokerUrl, answeredUrl], ...all].slice(0, 20)) as Record<string, string>,
    );
  }

  usersFor(brokerUrl: string): string[] {
    return stringList(record(this.store.get('users'))[brokerUrl]);
  }

  forgetBroker(brokerUrl: string): void {
    this.store.set(
      'brokerUrls',
      this.brokerUrls().filter((u) => u !== brokerUrl),
    );
    if (this.lastBrokerUrl() === brokerUrl) this.store.set('lastBrokerUrl', null);
    const users = record(this.store.get('users'));
    delete users[brokerUrl];
    this.store.set('users', users as Record<string, string[]>);
    const answers = record(this.store.get('localResources'));
    delete answers[brokerUrl];
    this.store.set('localResources', answers as Record<string, Record<string, boolean>>);
  }

  /** Remembered local-resource answers for a broker (only boolean entries of known names). */
  resourceAnswers(brokerUrl: string): Partial<Record<LocalResourceName, boolean>> {
    const out: Partial<Record<LocalResourceName, boolean>> = {};
    const entry = record(record(this.store.get('localResources'))[brokerUrl]);
    for (const name of LOCAL_RESOURCE_NAMES) {
      const v = entry[name];
      if (typeof v === 'boolean') out[name] = v;
    }
    return out;
  }

  /** Remember answers for a broker (merged with earlier ones). */
  rememberResourceAnswers(
    brokerUrl: string,
    answers: Partial<Record<LocalResourceName, boolean>>,
  ): void {
    const all = record(this.store.get('localResources'));
    all[brokerUrl] = { ...this.resourceAnswers(brokerUrl), ...answers };
    this.store.set('localResources', all as Record<string, Record<string, boolean>>);
  }

  favourites(scope: string): string[] {
    return stringList(record(this.store.get('favourites'))[scope]);
  }

  setFavourite(scope: string, profileId: string, favourite: boolean): string[] {
    const all = record(this.store.get('favourites'));
    const current = stringList(all[scope]).filter((id) => id !== profileId);
    const next = favourite ? [...current, profileId].slice(-MAX_FAVOURITES) : current;
    all[scope] = next;
    this.store.set('favourites', all as Record<string, string[]>);
    return next;
  }

  recents(scope: string): RecentEntry[] {
    const list = record(this.store.get('recents'))[scope];
    if (!Array.isArray(list)) return [];
    return list.filter(
      (e): e is RecentEntry =>
        !!e &&
        typeof e === 'object' &&
        typeof (e as RecentEntry).id === 'string' &&
        typeof (e as RecentEntry).at === 'number',
    );
  }

  addRecent(scope: string, profileId: string): RecentEntry[] {
    const all = record(this.store.get('recents'));
    const next = [
      { id: profileId, at: this.now() },
      ...this.recents(scope).filter((e) => e.id !== profileId),
    ].slice(0, MAX_RECENTS);
    all[scope] = next;
    this.store.set('recents', all as Record<string, RecentEntry[]>);
    return next;
  }

  /** The last user name per broker (what the sign-in form preselects). */
  lastUsers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [url, list] of Object.entries(record(this.store.get('users')))) {
      const first = stringList(list)[0];
      if (first) out[url] = first;
    }
    return out;
  }

  view(): 'grid' | 'list' {
    return this.store.get('view') === 'list' ? 'list' : 'grid';
  }

  locale(): 'en' | 'de' | 'fr' | null {
    const l = this.store.get('locale');
    return l === 'en' || l === 'de' || l === 'fr' ? l : null;
  }

  setUiPreferences(patch: { view?: 'grid' | 'list'; locale?: 'en' | 'de' | 'fr' | null }): void {
    if (patch.view !== undefined) this.store.set('view', patch.view);
    if (patch.locale !== undefined) this.store.set('locale', patch.locale);
  }

  /** The cached lists and their order, read from the store once (empty: another version). */
  private cacheData(): { lists: Record<string, unknown>; order: string[] } {
    if (!this.cacheMemo) {
      const current = this.cache.get('version') === PROFILE_CACHE_VERSION;
      this.cacheMemo = current
        ? { lists: record(this.cache.get('lists')), order: stringList(this.cache.get('order')) }
        : { lists: record(null), order: [] };
    }
    return this.cacheMemo;
  }

  /**
   * Write the cache in one go (version, lists, order), then keep it as the memo. A write that
   * throws (schema violation, EACCES) drops the memo: the next read is the file's again.
   */
  private writeCache(lists: Record<string, unknown>, order: string[]): void {
    const patch: ProfileCacheData = {
      version: PROFILE_CACHE_VERSION,
      lists: lists as Record<string, CachedProfiles>,
      order,
    };
    try {
      if (this.cache.setMany) this.cache.setMany(patch);
      else
        for (const key of ['version', 'lists', 'order'] as const) this.cache.set(key, patch[key]);
    } catch (error) {
      this.cacheMemo = null;
      this.listBytes.clear();
      throw error;
    }
    this.cacheMemo = { lists, order };
  }

  /** A cached list's size as written (its JSON in UTF-8), measured once per list. */
  private bytesOf(scope: string, list: unknown): number {
    let bytes = this.listBytes.get(scope);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(JSON.stringify(list ?? null) ?? '', 'utf8');
      this.listBytes.set(scope, bytes);
    }
    return bytes;
  }

  cachedProfiles(scope: string): CachedProfiles | null {
    const entry = this.cacheData().lists[scope] as Partial<CachedProfiles> | undefined;
    if (!entry || typeof entry.savedAt !== 'number' || !Array.isArray(entry.profiles)) return null;
    // Icons are checked again: the file may come from a version with a laxer SVG check.
    const profiles = entry.profiles
      .filter((p) => typeof p === 'object' && p !== null)
      .map((p) => ({ ...p, icon: revalidateIcon(p.icon) }));
    return { savedAt: entry.savedAt, profiles };
  }

  saveProfiles(scope: string, profiles: readonly BrokerProfile[]): void {
    const data = this.cacheData();
    const lists = { ...data.lists };
    let order = pushFront(data.order, scope, MAX_CACHED_SCOPES);
    // `raw` holds every field the broker sent; the catalogue does not need it on disk.
    lists[scope] = { savedAt: this.now(), profiles: profiles.map((p) => ({ ...p, raw: {} })) };
    this.listBytes.delete(scope);
    // the byte budget, newest first: the list just saved always stays
    let bytes = 0;
    order = order.filter((key, i) => {
      bytes += this.bytesOf(key, lists[key]);
      return i === 0 || bytes <= MAX_PROFILE_CACHE_BYTES;
    });
    for (const key of this.listBytes.keys()) if (!order.includes(key)) this.listBytes.delete(key);
    for (const key of Object.keys(lists)) if (!order.includes(key)) delete lists[key];
    this.writeCache(lists, order);
  }

  clearProfiles(scope: string): void {
    const data = this.cacheData();
    if (!(scope in data.lists) && !data.order.includes(scope)) return;
    const lists = { ...data.lists };
    delete lists[scope];
    this.writeCache(
      lists,
      data.order.filter((s) => s !== scope),
    );
  }

  // ---- several brokers in one catalogue (docs/brokers.md §2) -------------------------------

  /** The stored entries, most recent first; malformed ones (a hand-edited file) are dropped. */
  brokerEntries(): StoredBrokerEntry[] {
    const list = this.store.get('brokerEntries');
    if (!Array.isArray(list)) return [];
    return list.flatMap((raw: unknown) => {
      const entry = storedEntry(raw);
      return entry ? [entry] : [];
    });
  }

  /** After a sign-in: put its entry first (replacing the one of the same key). */
  rememberBrokerEntry(entry: StoredBrokerEntry): void {
    const key = scopeKey(entry.brokerUrl, entry.user);
    const rest = this.brokerEntries().filter((e) => scopeKey(e.brokerUrl, e.user) !== key);
    this.store.set('brokerEntries', [entry, ...rest].slice(0, MAX_BROKER_ENTRIES));
  }

  /** Forget an entry with its cached list, favourites and recents (removeBroker). */
  forgetBrokerEntry(key: string): void {
    this.store.set(
      'brokerEntries',
      this.brokerEntries().filter((e) => scopeKey(e.brokerUrl, e.user) !== key),
    );
    for (const name of ['favourites', 'recents'] as const) {
      const all = record(this.store.get(name));
      delete all[key];
      this.store.set(name, all as never);
    }
    this.clearProfiles(key);
  }

  windowBounds(): WindowBounds | null {
    const b = this.store.get('windowBounds');
    return b ? sanitizeBounds(b) : null;
  }

  saveWindowBounds(bounds: WindowBounds): void {
    this.store.set('windowBounds', sanitizeBounds(bounds));
  }
}
