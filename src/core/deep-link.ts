// x2go-launcher:// deep links (docs/deep-links.md): a link names a broker and, optionally, one
// of its profiles; opening it selects that profile in the running launcher.
//
//   x2go-launcher://open?broker=<broker URL, percent-encoded>[&profile=<profile id>]
//
// Links come from web pages, mails and desktop shortcuts: anyone can make one, so a link is
// untrusted input. It may only name a broker the user or the admin already configured (never
// teach the launcher a new server), carries no credentials, and is bounded in size. Whether a
// link may also *start* the profile will be policy, never the link's say.
import { parseBrokerUrl } from './broker/url';
import { findBrokerUrl } from './broker/url-match';
import { LauncherError } from './errors';
import type { ReasonId } from '../shared/error-reasons';

export const DEEP_LINK_SCHEME = 'x2go-launcher';
/** Longer links are refused before parsing (a broker URL plus a profile id fit easily). */
export const MAX_DEEP_LINK_LENGTH = 2048;
/**
 * The longest profile id a link may name: the app's limit for a profile id on the IPC
 * (src/shared/validate.ts LIMITS.profileId), so every id the app can show can be linked.
 */
export const MAX_LINK_PROFILE_ID = 1024;

/**
 * Whether `id` (percent-decoded) can be a profile id in a link. A profile id is whatever the
 * broker's section header holds (`[…]`, docs/protocol.md §3.2): x2gobroker's inifile backend
 * takes any text on one line, so `,()&:#`, spaces, `;`, `/` and non-Latin letters all occur.
 * The id from a link is only looked up among the ids the broker listed (the renderer selects
 * the profile with that exact id, or says it is not offered) — never a path, a command or a
 * broker request of its own — so only what no section header can hold is refused: the empty
 * id, control characters (C0, DEL, C1, the Unicode line and paragraph separators) and ids
 * longer than MAX_LINK_PROFILE_ID.
 */
function isLinkProfileId(id: string): boolean {
  if (id.length === 0 || id.length > MAX_LINK_PROFILE_ID) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(id);
}

export interface DeepLink {
  /**
   * The configured broker the link names, as `allowedBrokers` spells it (a display URL, as
   * parseBrokerUrl gives it): the key of the configured broker.
   */
  broker: string;
  /** The profile to select, or null to open the broker's list. */
  profileId: string | null;
}

/**
 * Parse and check a deep link.
 * @param allowedBrokers display URLs of the brokers the user or the policy configured.
 * @returns the broker and profile named by the link.
 * @throws LauncherError('usage') naming what is wrong: not our scheme, too long, unknown action
 *   or parameter, a parameter twice, credentials anywhere, a broker URL that does not parse or is
 *   not configured, a malformed profile id.
 */
export function parseDeepLink(link: string, allowedBrokers: readonly string[]): DeepLink {
  if (link.length > MAX_DEEP_LINK_LENGTH)
    throw refused(
      `it is longer than ${MAX_DEEP_LINK_LENGTH} characters`,
      'too-long',
      String(MAX_DEEP_LINK_LENGTH),
    );
  // Before the URL parser: WHATWG URL silently drops tabs and newlines and trims C0 controls,
  // so `profile=a%0Ab` stays encoded but a raw `a<LF>b` would become `ab` — refuse instead.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(link))
    throw refused('it contains control characters', 'control-characters');
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw refused('it is not a URL', 'not-a-url');
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`)
    throw refused(`it is not an ${DEEP_LINK_SCHEME}:// link`, 'wrong-scheme');
  if (url.username || url.password) throw refused('it carries credentials', 'credentials');
  // WHATWG URL keeps a non-special scheme's "host" as given: x2go-launcher://open?… → host "open".
  if (url.host !== 'open' || (url.pathname !== '' && url.pathname !== '/'))
    throw refused(
      `"${url.host}${url.pathname}" is not a known action (only "open")`,
      'unknown-action',
      `${url.host}${url.pathname}`,
    );
  if (url.hash) throw refused('it has a #fragment', 'fragment');

  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    if (key !== 'broker' && key !== 'profile')
      throw refused(`unknown parameter "${key}"`, 'unknown-parameter', key);
    if (seen.has(key)) throw refused(`"${key}" is given twice`, 'repeated-parameter', key);
    seen.add(key);
  }
  const brokerText = url.searchParams.get('broker');
  if (!brokerText) throw refused('it names no broker', 'no-broker');
  let display: string;
  try {
    const broker = parseBrokerUrl(brokerText);
    if (broker.user !== null) throw refused('the broker URL carries a user name', 'broker-user');
    display = broker.display;
  } catch (err) {
    if (err instanceof LauncherError && err.code === 'deep-link.refused') throw err;
    throw refused('its broker URL is not valid', 'broker-invalid');
  }
  // matched in the normalised form (url-match.ts); the configured spelling is what the app knows
  const configured = findBrokerUrl(allowedBrokers, display);
  if (configured === undefined)
    throw refused(
      `the broker ${display} is not one of the configured brokers`,
      'broker-not-configured',
      display,
    );

  const profile = url.searchParams.get('profile');
  if (profile !== null && !isLinkProfileId(profile))
    throw refused('its profile id is malformed', 'profile-malformed');
  return { broker: configured, profileId: profile };
}

/**
 * The link that opens `profileId` (or the broker's list) on `brokerDisplayUrl`.
 * @throws LauncherError('usage') for a broker URL with a user name or a malformed profile id.
 */
export function makeDeepLink(brokerDisplayUrl: string, profileId: string | null): string {
  const broker = parseBrokerUrl(brokerDisplayUrl);
  if (broker.user !== null) throw refused('the broker URL carries a user name', 'broker-user');
  if (profileId !== null && !isLinkProfileId(profileId))
    throw refused('the profile id is malformed', 'profile-malformed');
  const query = new URLSearchParams({ broker: broker.display });
  if (profileId !== null) query.set('profile', profileId);
  return `${DEEP_LINK_SCHEME}://open?${query.toString()}`;
}

/** `why` for the English message; `reason` (and `value`) for the UI's (error-reasons.ts). */
function refused(
  why: string,
  reason: ReasonId<'deep-link.refused', 'reason'>,
  value = '',
): LauncherError {
  return new LauncherError(
    'deep-link.refused',
    { reason, value },
    `Refused this ${DEEP_LINK_SCHEME}:// link: ${why}.`,
  );
}
