// Several brokers in one catalogue (issue 13 point 1; docs/brokers.md): which brokers the
// catalogue shows (entries), what each one's sign-in needs again, and the policy's limits on
// adding more. Plain functions over settings, the password vault and the policy, so the
// controller only keeps the live broker sessions (one per entry).
import { LauncherError } from '../core/errors';
import { parseBrokerUrl } from '../core/broker/url';
import { allowedBrokerUrls } from '../core/config/broker-lock';
import type { EffectivePolicy } from '../core/config/managed';
import type { BrokerEntry, SignInRequest } from '../shared/api';
import type { AppArgs } from './args';
import type { PasswordVault } from './passwords';
import {
  MAX_BROKER_ENTRIES,
  scopeKey,
  type LauncherSettings,
  type StoredBrokerEntry,
} from './settings';

/** A stored entry with its key and whether the policy put it there. */
export interface CatalogueEntry extends StoredBrokerEntry {
  key: string;
  managed: boolean;
}

/**
 * The user may add brokers (docs/brokers.md §1): not on a kiosk, not with a locked broker URL
 * (both mean "this launcher is for one broker").
 */
export function canAddBrokers(policy: Pick<EffectivePolicy, 'kiosk' | 'lockBrokerUrl'>): boolean {
  return !policy.kiosk && !policy.lockBrokerUrl;
}

/**
 * What signing in to this entry again takes (BrokerEntry.auth, docs/brokers.md §2): a password
 * when one was typed, else the key file, the agent, or nothing (no-auth broker, an auth-id
 * cookie file alone).
 */
export function entryAuth(
  request: SignInRequest,
  password: string | undefined,
): BrokerEntry['auth'] {
  if (password) return 'password';
  if (request.sshKeyFile) return 'ssh-key';
  if (request.sshAgent) return 'ssh-agent';
  return 'noauth';
}

/** The entry a successful sign-in records: URL (display form), user, auth kind, file paths. */
export function storedEntryFor(
  brokerUrl: string,
  user: string | null,
  request: SignInRequest,
  password: string | undefined,
): StoredBrokerEntry {
  return {
    brokerUrl,
    user,
    auth: entryAuth(request, password),
    ...(request.sshKeyFile ? { sshKeyFile: request.sshKeyFile } : {}),
    ...(request.authIdFile ? { authIdFile: request.authIdFile } : {}),
  };
}

/** `entry` first in `list` (by key), the rest after it, at most MAX_BROKER_ENTRIES. */
export function withEntryFirst(
  list: readonly StoredBrokerEntry[],
  entry: StoredBrokerEntry,
): StoredBrokerEntry[] {
  const key = scopeKey(entry.brokerUrl, entry.user);
  return [entry, ...list.filter((e) => scopeKey(e.brokerUrl, e.user) !== key)].slice(
    0,
    MAX_BROKER_ENTRIES,
  );
}

/** Display forms of the policy's broker (its URL and its fail-over list); [] without one. */
export function policyBrokerUrls(policy: EffectivePolicy): string[] {
  const urls = allowedBrokerUrls({ ...policy, lockBrokerUrl: true }) ?? [];
  return policy.brokerUrl ? urls : [];
}

/** What catalogueEntries reads: the stored entries, the policy's broker, this run's. */
export interface EntrySources {
  settings: LauncherSettings;
  policy: EffectivePolicy;
  args: AppArgs;
  /** Entries of this run only (policy allowRememberUser false), most recent first. */
  memory: readonly StoredBrokerEntry[];
  /** The entry the sign-in form preselects: it comes first. */
  preselectedKey?: string | null;
}

/**
 * The catalogue's entries (docs/brokers.md §2): the preselected one first, then the most
 * recent. Every entry of the policy's broker is managed; when none was signed in to yet, the
 * policy's broker stands as one managed entry (user from its URL or the last one used). With
 * one broker only (kiosk, locked URL: canAddBrokers false) the list has at most one entry.
 */
export function catalogueEntries(sources: EntrySources): CatalogueEntry[] {
  const { settings, policy, args } = sources;
  const recorded = policy.allowRememberUser
    ? [...sources.memory, ...settings.brokerEntries()]
    : [...sources.memory];
  const managedUrls = policyBrokerUrls(policy);
  const byKey = new Map<string, CatalogueEntry>();
  for (const e of recorded) {
    const key = scopeKey(e.brokerUrl, e.user);
    if (!byKey.has(key)) byKey.set(key, { ...e, key, managed: managedUrls.includes(e.brokerUrl) });
  }
  let list = [...byKey.values()];
  const policyUrl = policy.brokerUrl ? safeParse(policy.brokerUrl) : null;
  if (policyUrl && !list.some((e) => e.managed)) {
    const user = policyUrl.user ?? settings.lastUsers()[policyUrl.display] ?? null;
    list.unshift({
      key: scopeKey(policyUrl.display, user),
      brokerUrl: policyUrl.display,
      user,
      auth: args.sshKeyFile
        ? 'ssh-key'
        : args.sshAgent
          ? 'ssh-agent'
          : args.noAuth || args.authIdFile
            ? 'noauth'
            : 'password',
      ...(args.sshKeyFile ? { sshKeyFile: args.sshKeyFile } : {}),
      ...(args.authIdFile ? { authIdFile: args.authIdFile } : {}),
      managed: true,
    });
  }
  const first = sources.preselectedKey
    ? list.findIndex((e) => e.key === sources.preselectedKey)
    : -1;
  if (first > 0) list = [list[first]!, ...list.filter((_, i) => i !== first)];
  if (!canAddBrokers(policy)) {
    // one broker only: the policy's (managed) one, else the most recent
    const managed = list.find((e) => e.managed);
    list = managed ? [managed] : list.slice(0, 1);
  }
  return list.slice(0, MAX_BROKER_ENTRIES);
}

/** The renderer's view of an entry: its cached list with its age, prefs, saved password. */
export function toBrokerEntry(
  entry: CatalogueEntry,
  settings: LauncherSettings,
  passwords: PasswordVault,
): BrokerEntry {
  const cached = settings.cachedProfiles(entry.key);
  const answered = settings.answeredUrl(entry.brokerUrl);
  return {
    key: entry.key,
    brokerUrl: entry.brokerUrl,
    user: entry.user,
    auth: entry.auth,
    savedPassword: passwords.has(entry.key),
    managed: entry.managed,
    cached: cached ? { profiles: cached.profiles, fetchedAt: cached.savedAt } : null,
    prefs: { favourites: settings.favourites(entry.key), recents: settings.recents(entry.key) },
    ...(answered && answered !== entry.brokerUrl ? { answeredUrl: answered } : {}),
  };
}

/**
 * The sign-in that refreshes an entry without asking (docs/brokers.md §3): the saved password,
 * no-auth, the agent, the key file, the auth-id file.
 * @throws LauncherError 'broker.needs-password' when a password must be typed and none is saved.
 */
export function refreshRequest(entry: CatalogueEntry, passwords: PasswordVault): SignInRequest {
  const base: SignInRequest = {
    url: entry.brokerUrl,
    ...(entry.user ? { user: entry.user } : {}),
    ...(entry.authIdFile ? { authIdFile: entry.authIdFile } : {}),
  };
  switch (entry.auth) {
    case 'password':
      if (!passwords.has(entry.key)) throw needsPassword(entry.brokerUrl);
      return { ...base, useSavedPassword: true };
    case 'ssh-key':
      return entry.sshKeyFile ? { ...base, sshKeyFile: entry.sshKeyFile } : base;
    case 'ssh-agent':
      return { ...base, sshAgent: true };
    case 'noauth':
      // an auth-id cookie file signs in by itself; without one, the broker takes no credentials
      return entry.authIdFile ? base : { ...base, noAuth: true };
  }
}

/** LauncherError 'broker.needs-password' for `brokerUrl` (display form). */
export function needsPassword(brokerUrl: string): LauncherError {
  return new LauncherError(
    'broker.needs-password',
    { broker: brokerUrl },
    `Type the password for ${brokerUrl}: none is saved for it.`,
    { hint: 'Sign in to this broker with its password.' },
  );
}

function safeParse(url: string): ReturnType<typeof parseBrokerUrl> | null {
  try {
    return parseBrokerUrl(url);
  } catch {
    return null;
  }
}
