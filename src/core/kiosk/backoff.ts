// Retry schedule of the kiosk's "Waiting for the network…" screen.
//
// Hand-written rather than a retry library: the kiosk needs only the *schedule* (the screen
// shows "retrying in N s" and the driver owns the timer), and the libraries (p-retry,
// exponential-backoff) wrap the call itself, which would hide the countdown from the UI.

/** Bounds of the schedule, in milliseconds. */
export interface BackoffOptions {
  /** Delay before the first retry (default 2,000 ms). */
  initialMs: number;
  /** The delay never grows past this (default 60,000 ms: a kiosk back within a minute). */
  maxMs: number;
  /** Random spread, as a fraction of the delay (default 0.2: ±20 %), so a fleet booting after a
   * power cut does not hit the broker in lock-step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 2_000,
  maxMs: 60_000,
  jitter: 0.2,
});

/**
 * The delay before retry number `attempt` (1 = the first retry): `initialMs · 2^(attempt−1)`,
 * capped at `maxMs`, spread by ±`jitter` using `random` (0 ≤ random() < 1; injectable for tests).
 * Returns whole milliseconds, never less than `initialMs / 2` and never more than `maxMs`.
 * @throws RangeError when `attempt` is not a positive integer.
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`backoff attempt must be a positive integer, got ${attempt}`);
  }
  // 2^30 already exceeds any sane maxMs; the cap keeps Math.pow finite for huge attempts.
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt - 1, 30));
  const spread = base * options.jitter * (2 * random() - 1);
  const floor = Math.min(options.initialMs / 2, options.maxMs);
  return Math.round(Math.min(options.maxMs, Math.max(floor, base + spread)));
}
