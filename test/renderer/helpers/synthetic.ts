// A scripted broker session for the UI-only cases the real broker cannot be made to serve
// (10,000 profiles, hostile names, oversized icons). It implements main's BrokerSessionLike,
// so everything from the IPC layer up is the real code.
import type { BrokerProfile, SelectedSession } from '../../../src/core/broker/model';
import { LauncherError } from '../../../src/core/errors';
import type { BrokerSessionLike, SessionFactory } from '../../../src/main/controller';

export function profile(
  id: string,
  name: string,
  extra: Partial<BrokerProfile> = {},
): BrokerProfile {
  const parts = name.split('/').filter(Boolean);
  return {
    id,
    name,
    label: parts.at(-1) ?? id,
    folder: parts.slice(0, -1).join('/'),
    command: 'XFCE',
    kind: 'desktop',
    hosts: ['host.example'],
    sshPort: 22,
    user: '',
    rootless: false,
    published: false,
    icon: null,
    status: null,
    raw: {},
    ...extra,
  };
}

export interface ScriptedOptions {
  profiles: BrokerProfile[];
  password?: string;
  sessionInfo?: SelectedSession['sessionInfo'];
  /** Delay before each reply (to see progress states). */
  delayMs?: number;
}

export function scriptedSessions(options: ScriptedOptions): SessionFactory {
  return (request) => {
    const wait = (signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, options.delayMs ?? 0);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new LauncherError('cancelled', 'Cancelled.'));
        });
      });
    const session: BrokerSessionLike = {
      url: { display: request.url, scheme: request.url.split(':')[0]! },
      user: request.user ?? null,
      async authenticate(signal) {
        await wait(signal);
        if (options.password !== undefined && request.password !== options.password)
          throw new LauncherError('auth', 'The broker refused the user name or password.', {
            httpStatus: 401,
          });
      },
      async listProfiles(signal) {
        await wait(signal);
        return options.profiles;
      },
      async selectSession(profileId, _opts, signal) {
        await wait(signal);
        return {
          profileId,
          server: '127.0.0.1',
          port: 22,
          user: request.user ?? '',
          privateKey: null,
          pubkeyAccepted: false,
          sessionInfo: options.sessionInfo ?? [],
          receivedAt: Date.now(),
        };
      },
      logout: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    return session;
  };
}
