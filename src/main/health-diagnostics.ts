// The app's "Check connection" and "Copy diagnostics" (docs/health-check.md,
// docs/diagnostics.md): the core health check (src/core/health) on the signed-in broker
// session, and the core diagnostics bundle (src/core/diagnostics) with the app's effective
// configuration, put on the clipboard by main (the renderer never sees more than its size).
import type { ConfigurationReport } from '../shared/configuration';
import type { EffectivePolicy } from '../core/config/managed';
import { buildDiagnostics, localClientVersions } from '../core/diagnostics/bundle';
import { runHealthCheck, type HealthBroker, type HealthCheckOptions } from '../core/health/check';
import type { ClientKind } from '../core/launcher/types';
import type { HealthReport } from '../shared/health';

/** What the controller lends the health check (host-key files, client; tests set them). */
export type AppHealthOptions = Partial<
  Pick<HealthCheckOptions, 'hostKey' | 'knownHostsFiles' | 'clientPath' | 'clientVersion' | 'env'>
>;

/** Run the health check for `profileId` with the app's client and the admin's known_hosts. */
export function appHealthCheck(
  session: HealthBroker,
  profileId: string,
  client: ClientKind,
  policy: EffectivePolicy,
  options: AppHealthOptions,
  signal?: AbortSignal,
): Promise<HealthReport> {
  const knownHostsFiles = [
    ...(options.knownHostsFiles ?? []),
    ...(policy.sshKnownHostsFile ? [policy.sshKnownHostsFile] : []),
  ];
  const clientPath = options.clientPath ?? policy.clientPath ?? undefined;
  return runHealthCheck(session, {
    ...options,
    profileId,
    client,
    knownHostsFiles,
    ...(clientPath ? { clientPath } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** The masked bundle text for the clipboard. */
export async function appDiagnostics(input: {
  version: string;
  /** The app's "About this configuration" report (the CLI's `config --json`), null if none. */
  configuration: ConfigurationReport | null;
  health: HealthReport | null;
  secrets: string[];
}): Promise<string> {
  return buildDiagnostics({
    launcher: { kind: 'app', version: input.version },
    configuration: input.configuration,
    health: input.health,
    clients: await localClientVersions(),
    secrets: input.secrets,
  });
}
