// "Lock broker URL" as one rule for every place that enforces it: the app's sign-in, the
// kiosk, deep links (docs/policy.md). The lock names the broker, not one spelling of it: the
// policy's brokerUrl and every URL of its fail-over list (brokerUrls) are that broker.
import { parseBrokerUrl } from '../broker/url';
import { findBrokerUrl } from '../broker/url-match';
import type { EffectivePolicy } from './managed';

/**
 * The broker URLs (display form, docs/protocol.md §1) a locked policy allows, in policy
 * order; null when the broker URL is not locked. URLs that do not parse are left out (the
 * policy check reported them).
 */
export function allowedBrokerUrls(
  policy: Pick<EffectivePolicy, 'lockBrokerUrl' | 'brokerUrl'> & { brokerUrls: readonly string[] },
): string[] | null {
  if (!policy.lockBrokerUrl) return null;
  const out: string[] = [];
  for (const url of [...(policy.brokerUrl ? [policy.brokerUrl] : []), ...policy.brokerUrls]) {
    try {
      const display = parseBrokerUrl(url).display;
      if (!findBrokerUrl(out, display)) out.push(display);
    } catch {
      // reported when the policy was read
    }
  }
  return out;
}

/**
 * Whether `url` (any spelling: case of scheme and host, default port, trailing slash) is one of
 * the `allowed` broker URLs (allowedBrokerUrls); always true when nothing is locked (null).
 * The one test the app's sign-in, the kiosk, deep links and the CLI apply.
 */
export function isAllowedBrokerUrl(allowed: readonly string[] | null, url: string): boolean {
  return allowed === null || findBrokerUrl(allowed, url) !== undefined;
}
