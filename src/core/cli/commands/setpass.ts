// `setpass`: change the broker password (x2goclient's --change-broker-pass; task setpass,
// docs/protocol.md §12.1). The current password is the sign-in password from the usual
// sources (the terminal prompt, --broker-password-file, --broker-password-env,
// --broker-password-stdin); the new one is asked twice on the terminal (no echo) or read from
// stdin's first line when stdin is piped — never from the command line.
import { LauncherError } from '../../errors';
import { changeBrokerPassword, checkNewPassword } from '../../broker/setpass';
import { printJson } from '../format';
import { passwordFromStdin, promptPassword } from '../secrets';
import type { CliCommand, CommandContext } from '../types';

/** The new password: asked twice on a terminal, else stdin's first line. */
async function newPassword(ctx: CommandContext): Promise<string> {
  if (ctx.io.stdin.isTTY) {
    const next = await promptPassword('New broker password: ', ctx.io);
    const again = await promptPassword('New broker password again: ', ctx.io);
    checkNewPassword(null, next, again);
    return next;
  }
  if (ctx.values['broker-password-stdin'] === true)
    throw new LauncherError(
      'options.password-sources',
      { sources: '--broker-password-stdin, setpass' },
      'stdin can carry only one password: give the current one with --broker-password-file or --broker-password-env when the new one comes on stdin.',
    );
  return passwordFromStdin(ctx.io);
}

/** `x2go-launcher setpass`: exit 0 when changed; the setpass error codes otherwise. */
export const setpassCommand: CliCommand = {
  name: 'setpass',
  synopsis: 'setpass',
  summary: 'change the broker password (new one asked twice, or read from stdin)',
  args: { min: 0, max: 0 },
  async run(ctx) {
    const session = await ctx.openSession();
    try {
      const next = await newPassword(ctx);
      const r = await changeBrokerPassword(session, null, next);
      if (ctx.json) printJson(ctx.io, { changed: true, ms: r.ms, url: session.url.display });
      else
        ctx.io.stdout.write(
          `OK: the broker password was changed (${session.url.display}; the broker now grants the new one and refuses the old one).\n`,
        );
      return 0;
    } finally {
      await session.close();
    }
  },
};
