// Wires the controller's seams to the core: SessionFactory → core BrokerSession (transport
// chosen by URL scheme), ClientLauncherLike → the core launchers (until src/core/launcher
// lands, starting a client fails with a clear error; detection is a PATH lookup).
import { BrokerSession, type BrokerSessionOptions } from '../core/broker/session';
import { LauncherError } from '../core/errors';
import type { TransportOptions } from '../core/transport/index';
import { detectClient } from './client-detect';
import type { ClientLauncherLike, SessionFactory, SessionRequest } from './controller';

/** Transport options for one sign-in (extra CA for https; SSH key/agent/prompter for ssh). */
export function transportOptionsFor(request: SessionRequest): TransportOptions {
  return {
    ...(request.caFiles?.length ? { caFiles: request.caFiles } : {}),
  };
}

export function sessionOptionsFor(request: SessionRequest): BrokerSessionOptions {
  return {
    url: request.url,
    ...(request.user ? { user: request.user } : {}),
    ...(request.password !== undefined ? { password: request.password } : {}),
    ...(request.noAuth ? { noAuth: true } : {}),
    ...(request.authIdFile ? { authIdFile: request.authIdFile } : {}),
    transportOptions: transportOptionsFor(request),
  };
}

export const createSessionFactory =
  (): SessionFactory =>
  (request): BrokerSession =>
    new BrokerSession(sessionOptionsFor(request));

export const createClientLauncher = (): ClientLauncherLike => ({
  detect: () => detectClient(),
  start: () =>
    Promise.reject(
      new LauncherError('client', 'Starting the X2Go client is not built into this version yet.'),
    ),
});
