// `launch PROFILE_ID`: select the profile on the broker and start it with the local X2Go
// client at once (a broker-pushed key is valid ~20 s). The work is in ../launch-command.ts;
// this file declares the command's options for the CLI framework.
import { LauncherError } from '../../errors';
import {
  RESOURCE_NAMES,
  localResourcePolicy,
  type ResourceName,
} from '../../config/local-resources';
import { CLIENT_KINDS, type ClientKind } from '../../launcher/types';
import { chooseClient } from '../../launcher/client-choice';
import { runLaunchCommand, type LaunchCliArgs } from '../launch-command';
import { knownHostsFiles } from '../ssh-options';
import { cliPolicy } from '../policy';
import type { CliCommand, OptionValues } from '../types';
import { commandOptions } from '../options/table';

/** The command's options as LaunchCliArgs. Throws LauncherError('usage'). */
export function launchArgs(profileId: string, values: OptionValues, json: boolean): LaunchCliArgs {
  const str = (name: string) => {
    const v = values[name];
    if (v === '')
      throw new LauncherError(
        'options.empty-value',
        { option: name },
        `--${name} was given an empty value.`,
      );
    return typeof v === 'string' ? v : undefined;
  };
  const client = (str('client') ?? 'x2goclient') as ClientKind;
  if (!CLIENT_KINDS.includes(client))
    throw new LauncherError(
      'options.client',
      { value: client },
      `--client must be x2goclient or pyhoca-cli, not "${client}".`,
    );
  const args: LaunchCliArgs = {
    profileId,
    client,
    autologin: values.autologin === true,
    addToKnownHosts: values['add-to-known-hosts'] === true,
    noAutoresume: values['no-autoresume'] === true,
    dryRun: values['dry-run'] === true,
    json,
  };
  const clientPath = str('client-path');
  const sshKey = str('ssh-key');
  if (clientPath) args.clientPath = clientPath;
  if (sshKey) args.sshKeyFile = sshKey;
  // --known-hosts files vouch for the X2Go server's host key too (pyhoca-cli's private copy).
  const known = knownHostsFiles(values);
  if (known.length) args.knownHostsFiles = known;
  // the broker password's variable stays out of the client's environment
  const passwordEnv = values['broker-password-env'];
  if (typeof passwordEnv === 'string' && passwordEnv) args.secretEnvNames = [passwordEnv];
  const allow = allowLocal(values['allow-local']);
  if (allow.length) args.allowLocal = allow;
  return args;
}

/** `--allow-local folders,printing` (repeatable) → resource names. Throws LauncherError('usage'). */
export function allowLocal(value: string | boolean | string[] | undefined): ResourceName[] {
  const items = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase());
  const out: ResourceName[] = [];
  for (const item of items) {
    if (!(RESOURCE_NAMES as readonly string[]).includes(item))
      throw new LauncherError(
        'options.allow-local',
        { value: item, allowed: RESOURCE_NAMES.join(', ') },
        `--allow-local takes ${RESOURCE_NAMES.join(', ')}, not "${item}".`,
      );
    if (!out.includes(item as ResourceName)) out.push(item as ResourceName);
  }
  return out;
}

export const launchCommand: CliCommand = {
  name: 'launch',
  synopsis: 'launch PROFILE_ID',
  summary: 'select a profile and start it with the local X2Go client',
  args: { min: 1, max: 1 },
  options: commandOptions('launch'),
  async run(ctx) {
    const args = launchArgs(ctx.args[0]!, ctx.values, ctx.json);
    // the administrator's local-resource policy for this broker (managed settings)
    const managed = await cliPolicy();
    for (const warning of managed.warnings)
      ctx.io.stderr.write(`x2go-launcher: warning: ${warning}\n`);
    // the admin's known_hosts vouches for X2Go servers here as in the app (docs/host-keys.md)
    const adminKnownHosts = managed.config?.values.sshKnownHostsFile;
    if (adminKnownHosts) args.knownHostsFiles = [...(args.knownHostsFiles ?? []), adminKnownHosts];
    // the administrator's client choice where the command line makes none (a locked one has
    // already refused a different --client / --client-path: docs/policy.md); the policy's
    // client path belongs to the policy's client, or to any client when none is preferred
    // (one rule with the app: core/launcher/client-choice.ts)
    const choice = chooseClient(managed.config?.values ?? {}, {
      ...(ctx.values.client !== undefined ? { client: args.client } : {}),
      ...(args.clientPath ? { clientPath: args.clientPath } : {}),
    });
    if (choice.client) args.client = choice.client;
    if (choice.clientPath) args.clientPath = choice.clientPath;
    const session = await ctx.openSession();
    try {
      // the per-broker rule for the broker actually used (from --broker-url or from policy)
      args.localPolicy = localResourcePolicy(
        managed.config?.values.localResources,
        session.url.display,
      );
      return await runLaunchCommand(args, session, {
        out: (text) => ctx.io.stdout.write(text),
        err: (text) => ctx.io.stderr.write(text),
      });
    } finally {
      await session.close();
    }
  },
};
