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

/** Why pyhoca-cli cannot run this profile with this login, null when it can. */
export function pyhocaCannot(profile: BrokerProfile, login: SessionLogin['method']): string | null {
  const command = (field(profile, 'command') ?? '').trim().toUpperCase();
  if (command === 'SHADOW') return 'it cannot start desktop-sharing (SHADOW) sessions';
  if (command === 'RDP' && truthy(field(profile, 'directrdp')))
    return 'it cannot start direct RDP sessions';
  if (command === 'XDMCP' && truthy(field(profile, 'directxdmcp')))
    return 'it cannot start direct XDMCP sessions';
  if (login === 'password')
    return 'it would have to ask for the X2Go server password, and pyhoca-cli crashes when it prompts without a terminal; it logs in only with a key the broker pushes, --ssh-key FILE or the SSH agent (--autologin)';
  return null;
}

/** Throws LauncherError('client') naming the reason when pyhoca-cli cannot run the profile. */
export function assertPyhocaCan(profile: BrokerProfile, login: SessionLogin): void {
  const reason = pyhocaCannot(profile, login.method);
  if (reason)
    throw new LauncherError(
      'client.pyhoca-limit',
      { reason },
      `pyhoca-cli cannot start this profile: ${reason}.`,
      {
        hint: 'Use x2goclient (--client x2goclient).',
      },
    );
}

/**
 * The first client of `available` (in preference order) that can run the profile with this
 * login; null with the reasons when none can.
 */
export function clientFor(
  profile: BrokerProfile,
  login: SessionLogin['method'],
  available: readonly ClientKind[],
): { client: ClientKind | null; reasons: string[] } {
  const reasons: string[] = [];
  for (const client of available) {
    const reason = client === 'pyhoca-cli' ? pyhocaCannot(profile, login) : null;
    if (!reason) return { client, reasons };
    reasons.push(`${client}: ${reason}`);
  }
  return { client: null, reasons };
}
