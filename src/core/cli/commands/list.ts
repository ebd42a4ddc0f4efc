// `list`: the profiles the broker offers this user, as a table or a JSON array.
import type { BrokerProfile } from '../../../shared/model';
import { printJson, printWarnings, table } from '../format';
import type { CliCommand } from '../types';

export const listCommand: CliCommand = {
  name: 'list',
  synopsis: 'list',
  summary: 'list the session profiles the broker offers',
  args: { min: 0, max: 0 },
  async run(ctx) {
    const session = await ctx.openSession();
    try {
      const profiles = await session.listProfiles();
      printWarnings(ctx.io, session.warnings);
      if (ctx.json) printJson(ctx.io, profiles.map(profileJson));
      else if (!profiles.length) ctx.io.stdout.write('The broker offers no session profiles.\n');
      else {
        // STATUS only means something with a broker agent; show it only when there is any.
        const withStatus = profiles.some((p) => p.status);
        const header = [
          'ID',
          'FOLDER',
          'NAME',
          'COMMAND',
          'HOSTS',
          ...(withStatus ? ['STATUS'] : []),
        ];
        const rows = profiles.map((p) => [
          p.id,
          p.folder,
          p.label,
          p.command,
          p.hosts.join(','),
          ...(withStatus ? [p.status ?? ''] : []),
        ]);
        ctx.io.stdout.write(table(header, rows, 40));
      }
      return 0;
    } finally {
      await session.close();
    }
  },
};

/** Stable JSON shape for scripts: the model with `icon` as its data URL (or null). */
export function profileJson(p: BrokerProfile) {
  return {
    id: p.id,
    name: p.name,
    label: p.label,
    folder: p.folder,
    command: p.command,
    kind: p.kind,
    hosts: p.hosts,
    sshPort: p.sshPort,
    user: p.user,
    rootless: p.rootless,
    published: p.published,
    icon: p.icon?.dataUrl ?? null,
    iconMime: p.icon?.mime ?? null,
    status: p.status,
    raw: withSanitisedIcon(p),
  };
}

/**
 * `raw` with its `icon` field(s) replaced by the sanitised data URL (or null): the broker's
 * own value may be any data URL (text/html …) or an unsanitised SVG, and every data URL this
 * command prints must be safe to open in a browser.
 */
function withSanitisedIcon(p: BrokerProfile): BrokerProfile['raw'] {
  const raw = Object.create(null) as BrokerProfile['raw'];
  for (const key of Object.keys(p.raw))
    raw[key] = key.toLowerCase() === 'icon' ? (p.icon?.dataUrl ?? null) : p.raw[key]!;
  return raw;
}
