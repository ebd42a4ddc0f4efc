// `testcon`: the broker's connectivity test (it still needs credentials on most brokers).
import { printJson, safe } from '../format';
import type { CliCommand } from '../types';

export const testconCommand: CliCommand = {
  name: 'testcon',
  synopsis: 'testcon',
  summary: "run the broker's connectivity test",
  args: { min: 0, max: 0 },
  async run(ctx) {
    const session = await ctx.openSession();
    try {
      const r = await session.testConnection();
      if (ctx.json) printJson(ctx.io, { ok: r.ok, ms: r.ms, url: session.url.display });
      else {
        const name = typeof ctx.values['broker-name'] === 'string' ? ctx.values['broker-name'] : '';
        const where = name ? `${safe(name)} (${session.url.display})` : session.url.display;
        ctx.io.stdout.write(`OK: ${where} answered in ${r.ms} ms\n`);
      }
      return r.ok ? 0 : 5;
    } finally {
      await session.close();
    }
  },
};
