// A monotonic clock in milliseconds for timing figures (diagnostics, health checks).
// process.hrtime is part of Node's start-up; the `performance` global is not: its first use
// loads perf_hooks and seven internal modules (1.5–5 ms of CPU on the 2-core bench machine,
// bench B2), a cost `x2go-launcher list` would pay only to time its one broker request.

/** Milliseconds since an arbitrary fixed point (fractional; only differences are meaningful). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
