// Change the broker password (x2goclient's --change-broker-pass, task setpass;
// docs/protocol.md §12.1). x2gobroker 0.0.4.3 answers setpass like any sign-in ("Access
// granted") and changes nothing, and x2goclient shows that as success. So an "Access granted"
// alone proves nothing here: the change counts only once the broker grants access to the new
// password. Over SSH there is nothing to send: x2gobroker-ssh has no --newpass (usage error,
// exit 2) and a password on the broker host's command line is readable by everyone there.
import { LauncherError, isLauncherError } from '../errors';
import type { BrokerSession } from './session';

/** The part of BrokerSession a password change needs. */
export type SetpassSession = Pick<
  BrokerSession,
  'scheme' | 'noAuth' | 'sendWithPassword' | 'isSignInPassword' | 'rememberPassword'
>;

/** How a password change ended (the error cases throw; see changeBrokerPassword). */
export interface SetpassResult {
  /** 'changed': the broker granted access to the new password after setpass. */
  outcome: 'changed';
  /** Round trips in whole milliseconds (setpass and the check). */
  ms: number;
}

/** The checks that need no broker: empty, repeated new password differs, same as current. */
export function checkNewPassword(current: string | null, next: string, repeated?: string): void {
  if (next === '')
    throw new LauncherError('broker.setpass.empty', {}, 'The new password is empty.');
  if (repeated !== undefined && repeated !== next)
    throw new LauncherError('broker.setpass.mismatch', {}, 'The two new passwords differ.');
  if (next === current)
    throw new LauncherError(
      'broker.setpass.same',
      {},
      'The new password is the same as the current one.',
    );
}

/**
 * Ask the broker to change the user's password from `current` (null: the password the session
 * signs in with) to `next` (task setpass), then prove it: a sign-in with `next` must be
 * granted and one with the old password refused. Resolves only then; the session remembers
 * `next` for later sign-ins. Costs three requests (and, on success, one refused sign-in in
 * the broker's log). Rejects with a LauncherError:
 *  - `broker.setpass.empty` / `.same` (nothing sent);
 *  - `broker.setpass.ssh-unsupported` for an ssh:// broker (nothing sent);
 *  - `broker.setpass.no-password` with --broker-noauth or no password at all (nothing sent),
 *    or when the broker still grants the old password too (it checks no password: a noauth or
 *    cookie-only broker);
 *  - `broker.setpass.wrong-password` when the broker refuses the current password (HTTP 401);
 *  - `broker.setpass.ignored` when it granted setpass but refuses `next` (x2gobroker 0.0.4.3);
 *  - any transport error kind (unreachable, timeout, tls, broker …) as it came.
 */
export async function changeBrokerPassword(
  session: SetpassSession,
  current: string | null,
  next: string,
  signal?: AbortSignal,
): Promise<SetpassResult> {
  checkNewPassword(current, next);
  if (current === null && session.isSignInPassword(next)) checkNewPassword(next, next);
  if (session.scheme === 'ssh')
    throw new LauncherError(
      'broker.setpass.ssh-unsupported',
      {},
      'An SSH broker signs you in with your account on the broker host: change that password there (for example with passwd), not through the broker.',
    );
  if (session.noAuth) throw noPassword();
  const t0 = performance.now();
  try {
    await session.sendWithPassword('setpass', current, { newpass: next }, signal);
  } catch (e) {
    if (isRefusal(e))
      throw new LauncherError(
        'broker.setpass.wrong-password',
        {},
        'The broker refused your current password. Nothing was changed.',
        { ...e.details, hint: 'Type the password you signed in with.' },
      );
    throw e;
  }
  try {
    await session.sendWithPassword('auth', next, {}, signal);
  } catch (e) {
    if (isRefusal(e))
      throw new LauncherError(
        'broker.setpass.ignored',
        {},
        'The broker accepted the request, but the new password does not work: this broker does not change passwords (x2gobroker 0.0.4.3 ignores the request). Your password is unchanged; ask your administrator.',
        {
          ...e.details,
          hint: 'The broker answered setpass with "Access granted" and then refused the new password (docs/protocol.md §12.1).',
        },
      );
    throw e;
  }
  // granted the new password: a broker that checks none grants the old one as well
  const oldStillWorks = await session.sendWithPassword('auth', current, {}, signal).then(
    () => true,
    (e: unknown) => {
      if (isRefusal(e)) return false;
      throw e;
    },
  );
  if (oldStillWorks) throw noPassword();
  session.rememberPassword(next);
  return { outcome: 'changed', ms: Math.round(performance.now() - t0) };
}

function isRefusal(e: unknown): e is LauncherError {
  return isLauncherError(e) && (e.kind === 'auth' || e.kind === 'cookie-rejected');
}

function noPassword(): LauncherError {
  return new LauncherError(
    'broker.setpass.no-password',
    {},
    'This broker signs you in without a password, so there is no broker password to change.',
  );
}
