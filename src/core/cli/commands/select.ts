// `select PROFILE_ID`: ask the broker which server to use. The private key a broker may push
// is a secret: only `hasKey` is ever printed.
import type { SelectedSession } from '../../../shared/model';
import { printJson, printWarnings, safe } from '../format';
import type { CliCommand } from '../types';
import { commandOptions } from '../options/table';

export const selectCommand: CliCommand = {
  name: 'select',
  synopsis: 'select PROFILE_ID',
  summary: 'ask the broker for the server of a profile (selectsession)',
  args: { min: 1, max: 1 },
  options: commandOptions('select'),
  async run(ctx) {
    const id = ctx.args[0]!;
    const session = await ctx.openSession();
    try {
      // Listing first gives the profile's user and SSH port, as x2goclient has them too.
      await session.listProfiles();
      const login = typeof ctx.values.login === 'string' ? ctx.values.login : undefined;
      const sel = await session.selectSession(id, login ? { login } : {});
      printWarnings(ctx.io, session.warnings);
      if (ctx.json) printJson(ctx.io, selectionJson(sel));
      else {
        const lines = [
          `profile: ${safe(sel.profileId)}`,
          `server:  ${safe(sel.server)}`,
          `port:    ${sel.port}`,
          `user:    ${safe(sel.user)}`,
          `key:     ${sel.privateKey ? 'yes (broker autologin key, not shown)' : 'no'}`,
        ];
        for (const s of sel.sessionInfo)
          lines.push(
            `session: ${safe(s.name)} (${s.status === 'S' ? 'suspended' : 'running'} on ${safe(s.host)})`,
          );
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
      }
      return 0;
    } finally {
      await session.close();
    }
  },
};

export function selectionJson(sel: SelectedSession) {
  return {
    profileId: sel.profileId,
    server: sel.server,
    port: sel.port,
    user: sel.user,
    hasKey: sel.privateKey !== null,
    pubkeyAccepted: sel.pubkeyAccepted,
    sessionInfo: sel.sessionInfo,
  };
}
