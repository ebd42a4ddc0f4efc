// For tests that run Debian's x2gobroker-daemon themselves (npm run demo-broker): it must be
// installed, and the test must be root (the daemon drops its privileges to the package's user).
// Importing this module marks a test file as needing that peer (test/peers/plan.mjs): without
// root, npm test leaves the file out and says so once; as root it installs the package first.
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { skipOrFail } from './skip';

export const X2GOBROKER_DAEMON = '/usr/bin/x2gobroker-daemon';

/** Why the daemon cannot run here, or null when it can. */
export function daemonUnavailable(): string | null {
  if (!existsSync(X2GOBROKER_DAEMON)) return 'x2gobroker-daemon is not installed';
  if (process.getuid?.() !== 0)
    return 'the demo broker test runs the daemon with --drop-privileges (needs root)';
  return null;
}

/**
 * True when the daemon can run; otherwise skips `t` with the reason (a failure under CI=true,
 * where every test must run) and returns false.
 */
export function daemonOrSkip(t: TestContext): boolean {
  const reason = daemonUnavailable();
  if (!reason) return true;
  skipOrFail(t, `demo broker test needs the daemon: ${reason}`);
  return false;
}
