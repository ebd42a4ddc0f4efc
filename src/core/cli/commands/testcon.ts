// `testcon`: the broker's connectivity test (it still needs credentials on most brokers).
import { printJson } from '../format';
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
      else ctx.io.stdout.write(`OK: ${session.url.display} answered in ${r.ms} ms\n`);
      return r.ok ? 0 : 5;
    } finally {
      await session.close();
    }
  },
};
