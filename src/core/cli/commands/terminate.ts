// `terminate PROFILE_ID SESSION_NAME`: end an X2Go session (as x2goclient's session chooser
// and `pyhoca-cli -T` do). The broker names the server (selectsession); the session is ended
// there over SSH by ../../launcher/terminate.ts. The name is checked before anything is
// contacted. Login to the X2Go server: broker-pushed key, else --ssh-key, else --autologin
// (agent); a password only at the terminal prompt, never from the command line.
// --add-to-known-hosts / --known-hosts (SSH option group) also apply to the X2Go server key.
import { LauncherError } from '../../errors';
import { checkSessionName, terminateSession } from '../../launcher/terminate';
import { printJson, printWarnings, safe } from '../format';
import { knownHostsFiles } from '../ssh-options';
import { createTtyPrompter } from '../tty-prompter';
import type { CliCommand } from '../types';
import { commandOptions } from '../options/table';

export const terminateCommand: CliCommand = {
  name: 'terminate',
  synopsis: 'terminate PROFILE_ID SESSION_NAME',
  summary: 'end an X2Go session on the server the broker names for the profile',
  args: { min: 2, max: 2 },
  options: commandOptions('terminate'),
  async run(ctx) {
    const [profileId, sessionName] = ctx.args as [string, string];
    checkSessionName(sessionName); // refuse a bad name before contacting anybody
    const sshKey = ctx.values['ssh-key'];
    if (sshKey === '')
      throw new LauncherError(
        'options.empty-value',
        { option: 'ssh-key' },
        '--ssh-key was given an empty value.',
      );
    const session = await ctx.openSession();
    try {
      const profiles = await session.listProfiles();
      if (!profiles.some((p) => p.id === profileId))
        throw new LauncherError(
          'cli.no-such-profile',
          { profile: profileId },
          `The broker offers no profile "${profileId}".`,
          {
            hint: `Available: ${profiles.map((p) => p.id).join(', ') || '(none)'}`,
          },
        );
      const selected = await session.selectSession(profileId);
      printWarnings(ctx.io, session.warnings);
      const prompter = ctx.io.stdin.isTTY
        ? createTtyPrompter({ input: ctx.io.stdin, output: ctx.io.stderr })
        : undefined;
      const done = await terminateSession(selected, sessionName, {
        ...(typeof sshKey === 'string' ? { sshKeyFile: sshKey } : {}),
        autologin: ctx.values.autologin === true,
        addToKnownHosts: ctx.values['add-to-known-hosts'] === true,
        // --known-hosts files vouch for the X2Go server's host key too (as for launch)
        knownHosts: { extraFiles: knownHostsFiles(ctx.values) },
        ...(prompter ? { prompter } : {}),
      });
      if (ctx.json)
        printJson(ctx.io, {
          event: 'terminated',
          session: done.session,
          server: done.server,
          port: done.port,
          user: done.user,
          login: done.login,
          ms: done.ms,
        });
      else
        ctx.io.stdout.write(
          `terminated ${safe(done.session)} on ${safe(done.user)}@${safe(done.server)}:${done.port} (${(done.ms / 1000).toFixed(1)} s)\n`,
        );
      return 0;
    } finally {
      await session.close();
    }
  },
};
