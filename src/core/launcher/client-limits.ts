// What pyhoca-cli (0.6.1.x) cannot do, found by running it (docs/handoff.md §5): it has no
// direct RDP/XDMCP (Python X2Go would start a server-side session instead) and no desktop
// sharing (`SHADOW` needs x2goclient's desktop chooser), and when it has to ask for the X2Go
// server's password it calls getpass() — without a terminal (we start it with none) that
// ends in a traceback on Debian 12. Such a profile goes to x2goclient, or is refused with
// the reason: never a client that does the wrong thing.

import type { BrokerProfile } from '../../shared/model';
import { LauncherError } from '../errors';
import { truthy } from './handoff-keys';
import { field } from './local-resources';
import type { ClientKind, SessionLogin } from './types';
import type { ReasonId } from '../../shared/error-reasons';

/** A reason pyhoca-cli cannot run a profile: its id (error-reasons.ts) and English text. */
export type PyhocaLimit = ReasonId<'client.pyhoca-limit', 'reason'>;

const PYHOCA_LIMITS: Record<PyhocaLimit, string> = {
  shadow: 'it cannot start desktop-sharing (SHADOW) sessions',
  'direct-rdp': 'it cannot start direct RDP sessions',
  'direct-xdmcp': 'it cannot start direct XDMCP sessions',
  'password-prompt':
    'it would have to ask for the X2Go server password, and pyhoca-cli crashes when it prompts without a terminal; it logs in only with a key the broker pushes, --ssh-key FILE or the SSH agent (--autologin)',
};

/** Why pyhoca-cli cannot run this profile with this login (the reason's id), null when it can. */
export function pyhocaLimit(
  profile: BrokerProfile,
  login: SessionLogin['method'],
): PyhocaLimit | null {
  const command = (field(profile, 'command') ?? '').trim().toUpperCase();
  if (command === 'SHADOW') return 'shadow';
  if (command === 'RDP' && truthy(field(profile, 'directrdp'))) return 'direct-rdp';
  if (command === 'XDMCP' && truthy(field(profile, 'directxdmcp'))) return 'direct-xdmcp';
  if (login === 'password') return 'password-prompt';
  return null;
}

/** Why pyhoca-cli cannot run this profile with this login (English), null when it can. */
export function pyhocaCannot(profile: BrokerProfile, login: SessionLogin['method']): string | null {
  const limit = pyhocaLimit(profile, login);
  return limit ? PYHOCA_LIMITS[limit] : null;
}

/** The pyhoca-limit error for `limit`: English message, the reason id for the UI. */
export function pyhocaLimitError(limit: PyhocaLimit): LauncherError {
  const reason = PYHOCA_LIMITS[limit];
  return new LauncherError(
    'client.pyhoca-limit',
    { reason: limit },
    `pyhoca-cli cannot start this profile: ${reason}.`,
    { hint: 'Use x2goclient (--client x2goclient).' },
  );
}

/** Throws LauncherError('client') naming the reason when pyhoca-cli cannot run the profile. */
export function assertPyhocaCan(profile: BrokerProfile, login: SessionLogin): void {
  const limit = pyhocaLimit(profile, login.method);
  if (limit) throw pyhocaLimitError(limit);
}

/**
 * The first client of `available` (in preference order) that can run the profile with this
 * login; null with the reasons when none can.
 */
export function clientFor(
  profile: BrokerProfile,
  login: SessionLogin['method'],
  available: readonly ClientKind[],
): { client: ClientKind | null; reasons: string[]; limits: PyhocaLimit[] } {
  const reasons: string[] = [];
  const limits: PyhocaLimit[] = []; // the same as ids (error-reasons.ts), for the UI
  for (const client of available) {
    const limit = client === 'pyhoca-cli' ? pyhocaLimit(profile, login) : null;
    if (!limit) return { client, reasons, limits };
    reasons.push(`${client}: ${PYHOCA_LIMITS[limit]}`);
    limits.push(limit);
  }
  return { client: null, reasons, limits };
}
