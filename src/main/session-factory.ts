// The controller's SessionFactory seam wired to the core BrokerSession: the transport is
// chosen by URL scheme (HTTP(S) with the admin's CA files; SSH with key/agent, known_hosts
// files and the GUI's prompter). (The client launcher seam is in ./client-launcher.ts.)
// Issue 13: broker HTTP(S) traffic goes through the proxy the policy names, else the one the
// system's resolver (Electron's session.resolveProxy, PAC included) answers for the broker URL
// (docs/proxies.md); a broker URL in the policy's brokerUrls fails over to the others
// (docs/failover.md). Both are plain options here, so the logic runs under Node in tests.
import { brokerEntryUrls } from '../core/broker/failover-urls';
import { BrokerSession, type BrokerSessionOptions } from '../core/broker/session';
import type { TransportOptions } from '../core/transport/index';
import type { SystemProxyResolver } from '../core/transport/proxy';
import type { SessionFactory, SessionRequest } from './controller';

/** Transport options for one sign-in (extra CA for https; key/agent/prompts for ssh). */
export interface SessionFactoryOptions {
  /** The user's known_hosts files (read, first one written on accept); default ~/.ssh/…. */
  userKnownHostsFiles?: string[];
  /** The policy key `proxy` ("direct", "system", a proxy URL; null: the system's). */
  proxyPolicy?: string | null;
  /** The system's proxy for a URL as a PAC answer (the app: session.resolveProxy). */
  resolveProxy?: SystemProxyResolver;
  /** The policy key brokerUrls: one broker's URLs in fail-over order (docs/failover.md §1). */
  policyBrokerUrls?: readonly string[];
  /**
   * Fail-over: called when a sign-in with fail-over URLs found its broker, with the URL the
   * user chose, the one that answered and those passed over (the app remembers and shows it).
   */
  onBrokerAnswered?: (entryUrl: string, answeredUrl: string, passedOver: string[]) => void;
}

export function transportOptionsFor(
  request: SessionRequest,
  factory: SessionFactoryOptions = {},
): TransportOptions {
  const knownHosts = {
    ...(factory.userKnownHostsFiles ? { userFiles: factory.userKnownHostsFiles } : {}),
    ...(request.knownHostsFiles?.length ? { extraFiles: request.knownHostsFiles } : {}),
  };
  return {
    ...(request.caFiles?.length ? { caFiles: request.caFiles } : {}),
    proxy: {
      policy: factory.proxyPolicy ?? null,
      ...(factory.resolveProxy ? { resolveSystem: factory.resolveProxy } : {}),
    },
    ssh: {
      ...(request.sshKeyFile ? { privateKeyFiles: [request.sshKeyFile] } : {}),
      ...(request.sshAgent ? { autologin: true } : {}),
      ...(Object.keys(knownHosts).length ? { knownHosts } : {}),
      prompter: request.prompter,
    },
  };
}

export function sessionOptionsFor(
  request: SessionRequest,
  factory: SessionFactoryOptions = {},
): BrokerSessionOptions {
  const entry = brokerEntryUrls({ url: request.url, policyList: factory.policyBrokerUrls ?? [] });
  const failover = request.noFailover ? [] : (entry?.failover ?? []);
  const onAnswered = factory.onBrokerAnswered;
  return {
    url: request.url,
    ...(failover.length ? { failoverUrls: failover } : {}),
    ...(failover.length && onAnswered
      ? {
          onBrokerAnswered: (url, passedOver) =>
            onAnswered(
              request.url,
              url.display,
              passedOver.map((a) => a.url),
            ),
        }
      : {}),
    ...(request.user ? { user: request.user } : {}),
    ...(request.password !== undefined ? { password: request.password } : {}),
    ...(request.noAuth ? { noAuth: true } : {}),
    ...(request.authIdFile ? { authIdFile: request.authIdFile } : {}),
    transportOptions: transportOptionsFor(request, factory),
  };
}

export const createSessionFactory =
  (factory: SessionFactoryOptions = {}): SessionFactory =>
  (request): BrokerSession =>
    new BrokerSession(sessionOptionsFor(request, factory));
