// The last local client run, for the diagnostics bundle (docs/diagnostics.md): which client,
// its exit code or signal and its last stderr/stdout lines (already bounded by the launcher,
// process.ts). Kept as given and masked when the bundle is built (mask.ts): the lines may
// name paths under the user's home.
export interface ClientRunSummary {
  client: string;
  /** ISO time it ended. */
  endedAt: string;
  code: number | null;
  signal: string | null;
  runMs: number;
  lastLines: string[];
}

let last: ClientRunSummary | null = null;

/** Remember the client run that just ended (the launcher's 'exited' event). */
export function recordClientExit(
  client: string,
  exit: { code: number | null; signal: string | null; lastLines: readonly string[]; runMs: number },
): void {
  last = {
    client,
    endedAt: new Date().toISOString(),
    code: exit.code,
    signal: exit.signal,
    runMs: exit.runMs,
    lastLines: exit.lastLines.slice(-40),
  };
}

/** The last client run of this process, or null. */
export function lastClientRun(): ClientRunSummary | null {
  return last ? { ...last, lastLines: [...last.lastLines] } : null;
}
