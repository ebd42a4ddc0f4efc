// What the test bridge (page-bridge.ts, run in the page) adds to `window`. Declared apart so
// the Node side that drives the page (harness.ts, the renderer benchmarks) sees the same
// names: the two are type-checked in different projects (tsconfig.web.json and
// tsconfig.browser-driver.json).

interface Window {
  /** Arguments and reply as JSON text: Playwright's binding serialises large objects value
   * by value (seconds for 10,000 profiles), JSON text crosses in milliseconds — closer to
   * Electron's structured clone, so the renderer, not the harness, is what gets measured. */
  __x2goInvoke(channel: string, argsJson: string): Promise<string>;
  __x2goEmit(channel: string, payload: unknown): void;
  /** performance.now() when the last reply was decoded (for bench/renderer-catalogue.ts). */
  __x2goLastReplyAt?: number;
}
