// "Lock broker URL" as one rule for every place that enforces it: the app's sign-in, the
// kiosk, deep links (docs/policy.md). The lock names the broker, not one spelling of it: the
// policy's brokerUrl and every URL of its fail-over list (brokerUrls) are that broker.
import { parseBrokerUrl } from '../broker/url';
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
  const out = new Set<string>();
  for (const url of [...(policy.brokerUrl ? [policy.brokerUrl] : []), ...policy.brokerUrls]) {
    try {
      out.add(parseBrokerUrl(url).display);
    } catch {
      // reported when the policy was read
    }
  }
  return [...out];
}
