// `diagnose [PROFILE_ID] --output FILE`: the diagnostics bundle (../../diagnostics/bundle.ts,
// docs/diagnostics.md) for a support request — versions, the effective configuration (the
// function `config` uses), the health check of PROFILE_ID (without one: of the first profile
// the broker lists), the broker exchanges of this run and the proxy variables, every secret
// masked. The file is written 0600 and an existing one is replaced only with --force. A
// broker that cannot be reached is part of the diagnosis, not a reason to write nothing.
import { readAuthIdFile } from '../../broker/auth-id-file';
import { BrokerSession, type BrokerSessionOptions } from '../../broker/session';
import { LauncherError } from '../../errors';
import { runHealthCheck } from '../../health/check';
import { buildDiagnostics, localClientVersions } from '../../diagnostics/bundle';
import { writeDiagnosticsFile } from '../../diagnostics/write-file';
import { OPTION_GROUPS } from '../options/index';
import { cliPolicy } from '../policy';
import type { CliCommand, CommandContext } from '../types';
import { commandOptions } from '../options/table';
import { effectiveConfiguration } from './config';
import { launchArgs } from './launch';
import type { HealthReport } from '../../../shared/health';

/** Declared by scripts/build.mjs in the bundle; absent from sources run through tsx. */
declare const __X2GO_LAUNCHER_VERSION__: string | undefined;

async function launcherVersion(): Promise<string> {
  if (typeof __X2GO_LAUNCHER_VERSION__ === 'string') return __X2GO_LAUNCHER_VERSION__;
  try {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(
      await readFile(new URL('../../../../package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The broker session as `openSession` builds it, keeping the options: the password and
 * cookie are needed to mask them (they never enter the bundle unmasked).
 */
async function openKeepingSecrets(
  ctx: CommandContext,
): Promise<{ session: BrokerSession; secrets: string[] }> {
  const target = { url: '' } as BrokerSessionOptions;
  for (const group of OPTION_GROUPS) await group.apply?.(ctx.values, target, ctx.io);
  const secrets = [target.password ?? '', target.authId ?? ''];
  if (target.authIdFile) secrets.push(await readAuthIdFile(target.authIdFile).catch(() => ''));
  return { session: new BrokerSession(target), secrets };
}

async function diagnosticHealth(
  ctx: CommandContext,
  secrets: string[],
): Promise<HealthReport | { error: unknown }> {
  let opened: Awaited<ReturnType<typeof openKeepingSecrets>>;
  try {
    opened = await openKeepingSecrets(ctx);
  } catch (e) {
    if (e instanceof LauncherError && e.code === 'options.missing-broker-url') return { error: e };
    throw e; // a usage error of the command line itself
  }
  secrets.push(...opened.secrets);
  const { session } = opened;
  try {
    let profileId = ctx.args[0];
    if (!profileId) {
      try {
        profileId = (await session.listProfiles())[0]?.id;
      } catch (e) {
        return { error: e };
      }
      if (!profileId) return { error: new Error('The broker lists no profile to check.') };
    }
    const args = launchArgs(profileId, ctx.values, false);
    const managed = await cliPolicy();
    const admin = managed.config?.values.sshKnownHostsFile;
    return await runHealthCheck(session, {
      profileId,
      client: args.client,
      ...(args.clientPath ? { clientPath: args.clientPath } : {}),
      knownHostsFiles: [...(args.knownHostsFiles ?? []), ...(admin ? [admin] : [])],
      env: ctx.io.env,
    });
  } finally {
    if (session.currentCookie) secrets.push(session.currentCookie);
    await session.close();
  }
}

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  synopsis: 'diagnose [PROFILE_ID]',
  summary: 'write a diagnostics bundle for support (secrets masked) to --output FILE',
  args: { min: 0, max: 1 },
  options: commandOptions('diagnose'),
  async run(ctx) {
    const output = ctx.values.output;
    if (typeof output !== 'string' || !output)
      throw new LauncherError(
        'diagnostics.output-missing',
        {},
        'Say where to write the diagnostics (--output FILE).',
      );
    const secrets: string[] = [];
    const health = await diagnosticHealth(ctx, secrets);
    const [version, configuration, clients] = await Promise.all([
      launcherVersion(),
      effectiveConfiguration(ctx.values),
      localClientVersions(ctx.io.env),
    ]);
    const text = buildDiagnostics({
      launcher: { kind: 'cli', version },
      configuration,
      health,
      clients,
      secrets,
      env: ctx.io.env,
    });
    const path = await writeDiagnosticsFile(output, text, ctx.values.force === true);
    if (ctx.json)
      ctx.io.stdout.write(
        `${JSON.stringify({ event: 'written', file: path, bytes: Buffer.byteLength(text) })}\n`,
      );
    else ctx.io.stderr.write(`x2go-launcher: diagnostics written to ${path} (mode 0600)\n`);
    return 0;
  },
};
