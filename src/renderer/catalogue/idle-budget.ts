// How long idle-time work (the search index, bench B3) may run in one idle callback.
//
// An idle callback that fires because its timeout passed (the page never went idle: a loaded
// machine, frames back to back) gets a deadline with `timeRemaining()` 0. Work that asks the
// deadline for more time then does one slice per timeout, and the search index of 10,000
// profiles took over a second to build, so the first keystroke built the rest itself (100+ ms).
// Such a callback gets a fixed budget instead: a few milliseconds, short enough for the next
// input event or frame to wait at most that long.

/** Time (ms) one timed-out idle callback may work (half a 60 Hz frame). */
const FORCED_SLICE_MS = 8;

/**
 * Timeout (ms) for the idle callback of each further slice once the work has begun: about a
 * frame, so a busy page still gets the index within a few frames (input and frames go first).
 */
export const NEXT_SLICE_TIMEOUT_MS = 16;

/**
 * A `more()` predicate for sliced work in an idle callback: true while the deadline leaves
 * more than 2 ms, or, in a callback run because its timeout passed, for FORCED_SLICE_MS from
 * this call (performance.now() time).
 */
export function idleBudget(deadline: IdleDeadline): () => boolean {
  if (!deadline.didTimeout) return () => deadline.timeRemaining() > 2;
  const until = performance.now() + FORCED_SLICE_MS;
  return () => performance.now() < until;
}
