// A scripted broker session for the UI-only cases the real broker cannot be made to serve
// (10,000 profiles, hostile names, oversized icons). It implements main's BrokerSessionLike,
// so everything from the IPC layer up is the real code.
import type { BrokerProfile, SelectedSession } from '../../../src/shared/model';
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
  /** Ask through main's real prompter, as the SSH transport does, before authenticating. */
  askHostKey?: { host: string; port: number; keyType: string; fingerprint: string };
  askOtp?: boolean;
  /** What the prompts were answered with. */
  answers?: unknown[];
}

export function scriptedSessions(options: ScriptedOptions): SessionFactory {
  return (request) => {
    const wait = (signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, options.delayMs ?? 0);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new LauncherError('operation.cancelled', {}, 'Cancelled.'));
        });
      });
    const session: BrokerSessionLike = {
      url: { display: request.url, scheme: request.url.split(':')[0]! },
      user: request.user ?? null,
      async authenticate(signal) {
        await wait(signal);
        const k = options.askHostKey;
        if (k) {
          const ok = await request.prompter.confirmUnknownHostKey(
            k.host,
            k.port,
            k.keyType,
            k.fingerprint,
          );
          options.answers?.push(ok);
          if (!ok)
            throw new LauncherError(
              'host-key.unknown',
              { host: `${k.host}:${k.port}`, keyType: k.keyType, fingerprint: k.fingerprint },
              `The host key of ${k.host} was not accepted.`,
              {
                hostKeyFingerprint: k.fingerprint,
              },
            );
        }
        if (options.askOtp) {
          const codes = await request.prompter.keyboardInteractive(
            'One-time code',
            'Enter the code from your token.',
            [{ prompt: 'Code:', echo: true }],
          );
          options.answers?.push(codes);
          if (!codes) throw new LauncherError('operation.cancelled', {}, 'Cancelled.');
        }
        if (options.password !== undefined && request.password !== options.password)
          throw new LauncherError(
            'broker.http.unauthorized',
            {},
            'The broker refused the user name or password.',
            {
              httpStatus: 401,
            },
          );
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
