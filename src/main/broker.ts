// Wires the controller's SessionFactory and ClientLauncherLike to the core.
// BrokerSession (src/core/broker/session.ts) and the launchers (src/core/launcher) land
// from other branches; until then sign-in and launch fail with a clear error, not a crash.
import { LauncherError } from '../core/errors';
import type { ClientLauncherLike, SessionFactory } from './controller';
import { detectClient } from './client-detect';

export const createSessionFactory = (): SessionFactory => () => {
  throw new LauncherError('usage', 'Broker support is not built into this version yet.');
};

export const createClientLauncher = (): ClientLauncherLike => ({
  detect: () => detectClient(),
  start: () =>
    Promise.reject(
      new LauncherError('client', 'Starting the X2Go client is not built into this version yet.'),
    ),
});
