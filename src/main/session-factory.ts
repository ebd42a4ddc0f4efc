// The controller's SessionFactory seam wired to the core BrokerSession: the transport is
// chosen by URL scheme (HTTP(S) with the admin's CA files; SSH with key/agent, known_hosts
// files and the GUI's prompter). (The client launcher seam is in ./client-launcher.ts.)
import { BrokerSession, type BrokerSessionOptions } from '../core/broker/session';
import type { TransportOptions } from '../core/transport/index';
import type { SessionFactory, SessionRequest } from './controller';

/** Transport options for one sign-in (extra CA for https; key/agent/prompts for ssh). */
export interface SessionFactoryOptions {
  /** The user's known_hosts files (read, first one written on accept); default ~/.ssh/…. */
  userKnownHostsFiles?: string[];
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
  return {
    url: request.url,
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
