// Which URLs make up the broker entry a command line or the app signs in to, in fail-over
// order (docs/failover.md §1). Pure: the CLI (src/core/cli/options/broker.ts) and the app's
// session factory decide with the same rules.

import { parseBrokerUrl } from './url';
import { brokerUrlKey } from './url-match';

/** Where the URLs come from; every field optional. */
export interface BrokerEntrySources {
  /** The broker URL chosen (--broker-url, the app's sign-in field, or the policy's brokerUrl). */
  url?: string | null;
  /** --broker-failover-url values, in order: they replace the policy's list for this run. */
  failoverGiven?: readonly string[];
  /**
   * The policy key brokerUrls: the URLs of one broker, in fail-over order. It applies when
   * `url` is one of them (the others follow, in their order) or when no `url` is given (its
   * first one becomes the URL).
   */
  policyList?: readonly string[];
}

/**
 * The entry's URL and its fail-over URLs (without `url` itself or repeats; compared in the
 * normalised form of url-match.ts, so a list that spells `url` differently still applies), and
 * the candidates `refused` because they would carry the
 * password in clear text where `url` does not: an http:// fail-over URL behind an https:// or
 * ssh:// one. Anyone on the path can make the first URL "fail" (a forged reset), so such a
 * list would be a downgrade on demand (docs/failover.md §1). Null when no URL is given.
 */
export function brokerEntryUrls(
  sources: BrokerEntrySources,
): { url: string; failover: string[]; refused: string[] } | null {
  const policyList = (sources.policyList ?? []).map((u) => u.trim()).filter(Boolean);
  const url = sources.url?.trim() || policyList[0];
  if (!url) return null;
  const given = (sources.failoverGiven ?? []).map((u) => u.trim()).filter(Boolean);
  // text that does not parse is its own key: it fails later with its own error
  const key = (u: string): string => brokerUrlKey(u) ?? u;
  const urlKey = key(url);
  const candidates = given.length
    ? given
    : policyList.some((u) => key(u) === urlKey)
      ? policyList
      : [];
  const seen = new Set([urlKey]);
  const others = candidates.filter((u) => !seen.has(key(u)) && seen.add(key(u)));
  // decided on the parsed scheme, as the transport will see it (the URL parser drops control
  // characters: "ht\ttp://" is http://); a URL that does not parse fails later on its own
  const clearText = (u: string): boolean => {
    try {
      return parseBrokerUrl(u).scheme === 'http';
    } catch {
      return false;
    }
  };
  const refused = clearText(url) ? [] : others.filter(clearText);
  return { url, failover: others.filter((u) => !refused.includes(u)), refused };
}
