// How many cases each fast-check property runs. The CI default keeps every
// `*.property.test.ts` together under 60 s on the 2-core CI machine; PROPERTY_RUNS=<factor>
// multiplies every count for a longer run, FC_SEED=<n> replays a reported failure
// (docs/testing-properties.md lists the counts and the times measured).
import type { Parameters } from 'fast-check';

const factor = Number(process.env.PROPERTY_RUNS ?? '1');
if (!Number.isFinite(factor) || factor <= 0)
  throw new Error(`PROPERTY_RUNS must be a positive number, not ${process.env.PROPERTY_RUNS}`);

/** fast-check parameters: `ciRuns` cases (× PROPERTY_RUNS), the seed from FC_SEED if set. */
export function runs<T>(ciRuns: number): Parameters<T> {
  const seed = process.env.FC_SEED;
  return {
    numRuns: Math.max(1, Math.round(ciRuns * factor)),
    ...(seed ? { seed: Number(seed) } : {}),
  };
}
