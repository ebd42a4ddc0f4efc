// Several brokers in one catalogue (docs/brokers.md): the renderer's pure rules over the broker
// entries main reports (StartupState.brokerEntries) — no DOM, unit-tested under Node
// (test/renderer/brokers.test.ts). The App keeps the groups; views/broker-groups.ts draws them.
import type { BrokerEntry } from '../shared/api';
import type { BrokerGroup } from './views/broker-groups';

/**
 * Whether main can sign in to an entry again without the user typing (refreshBroker): no-auth,
 * the SSH agent, a key file, or a password saved in the keychain. A password entry without a
 * saved one needs the sign-in form ("Sign in…" in its header).
 */
export function canRefreshQuietly(entry: Pick<BrokerEntry, 'auth' | 'savedPassword'>): boolean {
  return entry.auth !== 'password' || entry.savedPassword;
}

/**
 * The catalogue's groups for main's entries, in main's order (the preselected one first): each
 * entry's last-known list, stale (or needing a password); a group this run already knows as
 * live or refreshing (`known`, by key) keeps its list, state and preferences.
 */
export function groupsFromEntries(
  entries: readonly BrokerEntry[],
  known: ReadonlyMap<string, BrokerGroup> = new Map(),
): BrokerGroup[] {
  return entries.map((e) => {
    const k = known.get(e.key);
    if (k && (k.state === 'live' || k.state === 'refreshing'))
      return {
        ...k,
        managed: e.managed,
        ...(e.answeredUrl && !k.answeredUrl ? { answeredUrl: e.answeredUrl } : {}),
      };
    return {
      key: e.key,
      brokerUrl: e.brokerUrl,
      user: e.user,
      ...(e.answeredUrl ? { answeredUrl: e.answeredUrl } : {}),
      profiles: e.cached?.profiles ?? [],
      fetchedAt: e.cached?.fetchedAt ?? null,
      prefs: e.prefs,
      state: canRefreshQuietly(e) ? 'stale' : 'needs-password',
      error: null,
      managed: e.managed,
    };
  });
}

/** The entry main made for a sign-in: by the key it answered with, else by URL and user. */
export function entryFor(
  entries: readonly BrokerEntry[],
  signedIn: { broker?: string; brokerUrl: string; user: string | null },
): BrokerEntry | undefined {
  return (
    (signedIn.broker ? entries.find((e) => e.key === signedIn.broker) : undefined) ??
    entries.find((e) => e.brokerUrl === signedIn.brokerUrl && e.user === signedIn.user)
  );
}

/**
 * The trailing `broker` argument of a per-profile call: [] with one broker, so the call goes
 * over IPC exactly as before (an `undefined` argument would arrive as `null`).
 */
export function brokerArg(broker: string | undefined): [] | [string] {
  return broker === undefined ? [] : [broker];
}
