// `check PROFILE_ID`: the pre-launch health check (../../health/check.ts, docs/health-check.md)
// with the options of `launch` — every step up to the hand-off, nothing handed off: no client
// started, no SSH login, known_hosts never written. One line per check (PASS / FAIL / SKIP)
// with what to do next; existing sessions with the exact commands that resume, end, or replace
// them. Exit 0 when nothing failed, else the exit code of the first failure's kind (4 host
// key / unreachable / TLS, 6 client …; 1 when a failure has no launcher error).
import type { HealthReport } from '../../../shared/health';
import { EXIT_CODES } from '../../errors';
import { runHealthCheck } from '../../health/check';
import { rescueCommands, shellQuote } from '../../health/rescue';
import { printJson, printWarnings, safe } from '../format';
import { cliPolicy } from '../policy';
import type { CliCommand, CommandContext } from '../types';
import { commandOptions } from '../options/table';
import { launchArgs } from './launch';

/** The exit code for a report: 0, or the first failed line's error kind's code (else 1). */
export function healthExitCode(report: HealthReport): number {
  const first = report.lines.find((l) => l.status === 'fail');
  if (!first) return 0;
  return first.error ? EXIT_CODES[first.error.kind] : 1;
}

/** Run the check the way `check` does (also used by `diagnose`). */
export async function cliHealthCheck(
  ctx: CommandContext,
  profileId: string,
): Promise<HealthReport> {
  const args = launchArgs(profileId, ctx.values, ctx.json);
  const managed = await cliPolicy();
  for (const warning of managed.warnings)
    ctx.io.stderr.write(`x2go-launcher: warning: ${warning}\n`);
  const { preferredClient, clientPath, sshKnownHostsFile } = managed.config?.values ?? {};
  if (ctx.values.client === undefined && preferredClient) args.client = preferredClient;
  if (
    ctx.values['client-path'] === undefined &&
    clientPath &&
    (!preferredClient || args.client === preferredClient)
  )
    args.clientPath = clientPath;
  const knownHostsFiles = [
    ...(args.knownHostsFiles ?? []),
    ...(sshKnownHostsFile ? [sshKnownHostsFile] : []),
  ];
  const session = await ctx.openSession();
  try {
    const report = await runHealthCheck(session, {
      profileId,
      client: args.client,
      ...(args.clientPath ? { clientPath: args.clientPath } : {}),
      knownHostsFiles,
      noAutoresume: args.noAutoresume === true,
      env: ctx.io.env,
    });
    printWarnings(ctx.io, session.warnings);
    return report;
  } finally {
    await session.close();
  }
}

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** The report for a terminal (broker text made safe), with the rescue commands. */
export function formatHealthReport(report: HealthReport, values: CommandContext['values']): string {
  const out = [`Health check of "${report.profileId}" at ${report.broker}:`];
  for (const l of report.lines) {
    out.push(`  ${MARK[l.status]}  ${l.id.padEnd(13)} ${l.summary}`);
    if (l.next && l.status !== 'pass') out.push(`        ${''.padEnd(13)} next: ${l.next}`);
  }
  for (const s of report.sessions) {
    const cmds = rescueCommands(report.profileId, s, values);
    out.push(
      '',
      `Session ${s.info.name} (${s.info.status === 'R' ? 'running' : 'suspended'} on ${s.info.host || report.server?.host || '?'}, started ${s.info.createdAt || '?'}):`,
    );
    if (cmds.resume) out.push(`  resume:    ${cmds.resume.map(shellQuote).join(' ')}`);
    out.push(`  terminate: ${cmds.terminate.map(shellQuote).join(' ')}`);
    out.push(`  new:       ${cmds.new.map(shellQuote).join(' ')}`);
  }
  const failed = report.lines.filter((l) => l.status === 'fail').length;
  out.push(
    '',
    failed
      ? `${failed} check(s) failed (${(report.ms / 1000).toFixed(1)} s).`
      : `All checks passed (${(report.ms / 1000).toFixed(1)} s).`,
  );
  return `${out.map((l) => l.split('\n').map(safe).join('\n')).join('\n')}\n`;
}

/** The report as `--json`: the report plus each session's rescue commands (argv arrays). */
export function healthJson(report: HealthReport, values: CommandContext['values']): unknown {
  return {
    ...report,
    // the app's translation codes (text / nextText) stay out: the CLI's output is English
    lines: report.lines.map(({ text: _text, nextText: _next, ...rest }) => rest),
    exitCode: healthExitCode(report),
    sessions: report.sessions.map((s) => ({
      ...s,
      actions: rescueCommands(report.profileId, s, values),
    })),
  };
}

export const checkCommand: CliCommand = {
  name: 'check',
  synopsis: 'check PROFILE_ID',
  summary:
    'check everything a launch needs (broker, TLS, server, host key, client) without launching',
  args: { min: 1, max: 1 },
  options: commandOptions('check'),
  async run(ctx) {
    const report = await cliHealthCheck(ctx, ctx.args[0]!);
    if (ctx.json) printJson(ctx.io, healthJson(report, ctx.values));
    else ctx.io.stdout.write(formatHealthReport(report, ctx.values));
    return healthExitCode(report);
  },
};
