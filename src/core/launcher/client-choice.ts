// Which local X2Go client to use and where its program is, from the administrator's policy
// (`preferredClient`, `clientPath`: docs/policy.md) and what the command line names. ONE rule
// for both front ends: the CLI's `launch` (--client / --client-path) and the app (which has no
// such switches, so the policy decides there).
import type { PreferredClient } from '../config/keys';
import { CLIENT_KINDS, type ClientKind } from './types';

export interface ClientChoice {
  /** The client named by the command line or the policy; null: the front end's own default. */
  client: ClientKind | null;
  /**
   * The program of that client (of CLIENT_KINDS[0], x2goclient, when `client` is null);
   * null: searched in PATH and the default install paths (find-client.ts).
   */
  clientPath: string | null;
}

/**
 * The command line's client wins, else the policy's. The policy's `clientPath` belongs to the
 * policy's client, or to any client when the policy prefers none; a command-line path always
 * counts. (A locked key has already refused a different command-line value: resolve.ts.)
 */
export function chooseClient(
  policy: { preferredClient?: PreferredClient | null; clientPath?: string | null },
  commandLine: { client?: ClientKind; clientPath?: string } = {},
): ClientChoice {
  const client = commandLine.client ?? policy.preferredClient ?? null;
  const policyPathApplies =
    !!policy.clientPath && (!policy.preferredClient || client === policy.preferredClient);
  return {
    client,
    clientPath: commandLine.clientPath ?? (policyPathApplies ? policy.clientPath! : null),
  };
}

/**
 * The app's order of clients to try (the chosen one first, then the others as a fallback
 * for profiles it cannot start) and the program path per client. Pure.
 */
export function clientOrder(choice: ClientChoice): {
  clients: ClientKind[];
  clientPaths: Partial<Record<ClientKind, string>>;
} {
  const first = choice.client ?? CLIENT_KINDS[0]!;
  return {
    clients: [first, ...CLIENT_KINDS.filter((c) => c !== first)],
    clientPaths: choice.clientPath ? { [first]: choice.clientPath } : {},
  };
}
