// bench/RESULTS.md from bench/results.json: each section's figures against its target.
export type Results = Record<string, unknown> & {
  run?: {
    date: string;
    commit: string;
    machine: string;
    node: string;
    chromium: string;
    loadAverage: { before: number[]; after: number[] };
    sectionsThisRun: string[];
  };
};

interface Target {
  key: string;
  /** a text, or made from the section (to name what was actually measured) */
  label: string | ((s: Record<string, unknown>) => string);
  /** true when met; undefined when the figure is missing */
  met: (s: Record<string, number>) => boolean | undefined;
  limit: string;
}

const num = (s: Record<string, number>, k: string) => (typeof s[k] === 'number' ? s[k] : undefined);
const atMost = (key: string, limit: number) => (s: Record<string, number>) => {
  const v = num(s, key);
  return v === undefined ? undefined : v <= limit;
};

const SECTIONS: Record<string, { title: string; targets: Target[] }> = {
  B1: {
    title:
      'B1 — list 1,000 / 10,000 profiles (~4 KB icons) from the real x2gobroker: fetch + parse + normalise ÷ raw HTTP fetch',
    targets: [
      // one row per size actually measured (`ratio`, the headline, is the largest: ratioOf)
      {
        key: 'ratio1000',
        label: 'ratio (plain, 1,000)',
        met: atMost('ratio1000', 1.1),
        limit: '≤ 1.1',
      },
      {
        key: 'ratio10000',
        label: 'ratio (plain, 10,000)',
        met: atMost('ratio10000', 1.1),
        limit: '≤ 1.1',
      },
    ],
  },
  B2: {
    title: 'B2 — whole-process `x2go-launcher list --json` vs python-x2go (same broker, same user)',
    targets: [
      { key: 'ratio', label: 'cli ÷ python', met: atMost('ratio', 0.25), limit: '≤ 0.25' },
      {
        key: 'cliMinusNodeMs',
        label: 'cli − bare node (ms)',
        met: atMost('cliMinusNodeMs', 100),
        limit: '≤ 100',
      },
      {
        key: 'cliPeakRssMb',
        label: 'cli peak RSS (MB)',
        met: (s) =>
          num(s, 'cliPeakRssMb') === undefined ? undefined : s.cliPeakRssMb! <= s.pythonPeakRssMb!,
        limit: '≤ python-x2go',
      },
    ],
  },
  mainLoad: {
    title: 'Main bundle — out/main/index.cjs loaded under Node with the stub electron',
    targets: [
      { key: 'loadMs', label: 'require time (ms)', met: atMost('loadMs', 150), limit: '≤ 150' },
    ],
  },
  B3: {
    title: 'B3 — renderer with 10,000 profiles in Chromium',
    targets: [
      {
        key: 'firstTilesMs',
        label: 'first tiles (ms)',
        met: atMost('firstTilesMs', 100),
        limit: '≤ 100',
      },
      {
        key: 'filterKeystrokeMs',
        label: 'filter keystroke p95 (ms)',
        met: atMost('filterKeystrokeMs', 16),
        limit: '≤ 16',
      },
    ],
  },
  B4: {
    title: 'B4 — click on a tile → client process spawned, minus the selectsession round trip',
    targets: [
      { key: 'overheadMs', label: 'overhead (ms)', met: atMost('overheadMs', 50), limit: '≤ 50' },
      {
        key: 'overheadWithoutHostKeyMs',
        label: 'overhead without the X2Go server host key round trip (ms)',
        met: atMost('overheadWithoutHostKeyMs', 50),
        limit: '≤ 50',
      },
    ],
  },
};

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, Array.isArray(value) ? value.join(', ') : String(value)]];
}

export function renderResults(results: Results): string {
  const run = results.run;
  const out = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts) from bench/results.json. Every figure is a',
    'median of interleaved runs in one session, against a baseline measured in the same run.',
    '',
  ];
  if (run)
    out.push(
      `- date: ${run.date}`,
      `- commit: ${run.commit}`,
      `- machine: ${run.machine}`,
      `- Node ${run.node}; ${run.chromium}`,
      `- load average (1/5/15 min) before ${run.loadAverage.before.join(' / ')}, after ${run.loadAverage.after.join(' / ')}`,
      `- sections measured in this run: ${run.sectionsThisRun.join(', ')}`,
      '',
    );
  for (const [name, meta] of Object.entries(SECTIONS)) {
    const section = results[name] as Record<string, number> | undefined;
    out.push(`## ${meta.title}`, '');
    if (!section) {
      out.push('not measured yet', '');
      continue;
    }
    if ('skipped' in section) {
      out.push(`skipped: ${String(section.skipped)}`, '');
      continue;
    }
    out.push('| target | value | limit | met |', '|---|---|---|---|');
    for (const t of meta.targets) {
      const met = t.met(section);
      out.push(
        `| ${typeof t.label === 'string' ? t.label : t.label(section)} | ${section[t.key] ?? '—'} | ${t.limit} | ${met === undefined ? '—' : met ? 'yes' : '**no**'} |`,
      );
    }
    out.push('', '<details><summary>all figures</summary>', '', '| figure | value |', '|---|---|');
    for (const [k, v] of flatten(section)) out.push(`| ${k} | ${v} |`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}
