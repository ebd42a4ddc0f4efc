// The one rule for a test that cannot run here (test/README.md, "How to add a test"): it is
// skipped with the reason, which node --test prints next to the test; under CI=true, where
// every test must run, it fails instead with the same reason. Every guard goes through here:
// brokerOrSkip(t, …parts) and sshOrSkip(t) (broker-env.ts), toolsOrSkip(t, programs)
// (x2go-env.ts), daemonOrSkip(t) (daemon-env.ts), hostileBrokerOrSkip(t) (hostile-env.ts),
// browserOrSkip(t) (test/renderer/helpers/harness.ts), and a test's own checks
// (`if (!x) return skipOrFail(t, 'why')`). This module needs no peer: unit tests may use it.
import type { TestContext } from 'node:test';

/** Whatever can be skipped: a test's context, or a stand-in that records the reason. */
export type Skippable = Pick<TestContext, 'skip'>;

/**
 * Skips `t` with `reason`; under CI=true throws an Error carrying the reason instead.
 * Returns null, so a guard can end with `return skipOrFail(t, reason)`.
 */
export function skipOrFail(t: Skippable, reason: string): null {
  if (process.env.CI === 'true')
    throw new Error(`cannot run under CI=true (every test must run): ${reason}`);
  t.skip(reason);
  return null;
}
