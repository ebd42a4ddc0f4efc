// The diagnostics bundle (docs/diagnostics.md): one JSON document for a support person with
// versions (launcher, Electron where present, OS, Node, each local X2Go client), the effective
// configuration with sources, the health check, the last broker exchanges, the last client
// run and the proxy variables — everything passed through mask.ts (known secrets in every
// form, secret shapes, home → ~) twice: value by value, then the serialised text as a whole.
import { arch, homedir, platform, release, type as osType, userInfo } from 'node:os';
import type { HealthReport } from '../../shared/health';
import { detectClients } from '../launcher/find-client';
import { clientVersion } from '../health/client-version';
import { lastClientRun, type ClientRunSummary } from './client-log';
import { brokerExchanges, type ExchangeSummary } from './exchange-log';
import { maskText, maskValue } from './mask';
import { maskProxyUrl } from '../transport/proxy';

/** The bundle's format name (bumped when its shape changes). */
export const DIAGNOSTICS_FORMAT = 'x2go-launcher-diagnostics/1';

export interface ClientVersionInfo {
  client: string;
  path: string;
  version: string | null;
}

/** Every X2Go client installed here (PATH and the usual places) with its version. */
export async function localClientVersions(
  env: NodeJS.ProcessEnv = process.env,
  version: (file: string) => Promise<string | null> = clientVersion,
): Promise<ClientVersionInfo[]> {
  const found = detectClients({ env });
  return Promise.all(
    found.map(async (c) => ({ client: c.client, path: c.path, version: await version(c.path) })),
  );
}

export interface DiagnosticsInput {
  /** `cli` or `app`, and the launcher's version. */
  launcher: { kind: 'cli' | 'app'; version: string };
  /** The effective configuration with sources (config --json's, or the app's). */
  configuration: unknown;
  /** The health check, or why there is none. */
  health: HealthReport | { error: unknown } | null;
  clients: ClientVersionInfo[];
  /** Default: this process's ring buffer. */
  exchanges?: ExchangeSummary[];
  /** Default: this process's last client run. */
  clientRun?: ClientRunSummary | null;
  /** Secrets known by value (password, cookies): masked in every form. */
  secrets?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Proxy variables as set, credentials masked by the proxy's own rule (maskProxyUrl: up to the
 * last `@`, so a raw password with `/` or a space goes too), then by mask.ts like the rest.
 */
function proxyEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'NO_PROXY',
    'no_proxy',
    'ALL_PROXY',
    'all_proxy',
  ])
    if (env[name] !== undefined)
      out[name] = /^no_proxy$/i.test(name) ? env[name] : maskProxyUrl(env[name]);
  return out;
}

/** The home directories to show as `~` ($HOME and the passwd entry's). */
export function homeDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const homes = new Set<string>();
  if (env.HOME) homes.add(env.HOME);
  if (env.USERPROFILE) homes.add(env.USERPROFILE);
  try {
    homes.add(homedir());
    homes.add(userInfo().homedir);
  } catch {
    /* no passwd entry */
  }
  return [...homes].filter((h) => h.length > 1);
}

/** The bundle as masked JSON text. */
export function buildDiagnostics(input: DiagnosticsInput): string {
  const env = input.env ?? process.env;
  const options = { secrets: input.secrets ?? [], homes: homeDirectories(env) };
  const health =
    input.health && 'error' in input.health
      ? { error: errorSummary(input.health.error) }
      : input.health;
  const bundle = {
    format: DIAGNOSTICS_FORMAT,
    createdAt: new Date().toISOString(),
    versions: {
      launcher: input.launcher.version,
      kind: input.launcher.kind,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      node: process.version,
      os: { type: osType(), release: release(), platform: platform(), arch: arch() },
      clients: input.clients,
    },
    configuration: input.configuration,
    proxyEnvironment: proxyEnvironment(env),
    health,
    brokerExchanges: input.exchanges ?? brokerExchanges.list(),
    lastClientRun: input.clientRun === undefined ? lastClientRun() : input.clientRun,
  };
  const text = JSON.stringify(maskValue(bundle, options), null, 2);
  // every string was masked (shapes included) above; this pass only catches known secrets in
  // their JSON-escaped form, and keeps the text valid JSON
  return `${maskText(text, { ...options, shapes: false })}\n`;
}

function errorSummary(e: unknown): unknown {
  if (e && typeof e === 'object' && 'toJSON' in e && typeof e.toJSON === 'function')
    return (e as { toJSON(): unknown }).toJSON();
  return { message: e instanceof Error ? e.message : String(e) };
}
