// Benchmarks report their figures through recordResult: `npm run bench` (bench/run.ts) gives
// every benchmark process a directory in BENCH_RESULTS_DIR, then merges the sections into
// bench/results.json and bench/RESULTS.md. Run alone (node --import tsx bench/x.ts) a
// benchmark only prints.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Figures of one benchmark section (B1…B4): numbers (ms, bytes, ratios) and short notes. */
export type Section = Record<string, unknown>;

/** Stores one section for run.ts to merge (no-op outside `npm run bench`). */
export function recordResult(name: string, section: Section): void {
  const dir = process.env.BENCH_RESULTS_DIR;
  if (!dir) return;
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(section, null, 2)}\n`);
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Nearest-rank percentile (p in 0…100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Rounded for the results file (0.1 ms is below every benchmark's noise). */
export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
