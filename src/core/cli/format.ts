// Output helpers. Everything printed for humans passes through `safe`: profile names and other
// broker-supplied text must not be able to send terminal escape sequences.
import type { LauncherError } from '../errors';
import { terminalSafe } from '../terminal-text';
import type { CliIo } from './types';

/** Broker text for one terminal line: control and bidi characters made visible (`\x1b`). */
export function safe(text: string): string {
  return terminalSafe(text);
}

/** Plain text table: a header row, columns padded, long cells cut with `…`. */
export function table(header: string[], rows: string[][], maxWidth = 48): string {
  const cells = [header, ...rows].map((r) =>
    r.map((c) => {
      const s = safe(c);
      return [...s].length > maxWidth ? `${[...s].slice(0, maxWidth - 1).join('')}…` : s;
    }),
  );
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return (
    cells
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The reason on stderr: message, hint, certificate facts; JSON (one line) with --json. */
export function printError(io: CliIo, e: LauncherError, json: boolean): void {
  if (json) {
    io.stderr.write(`${JSON.stringify({ error: e.toJSON() })}\n`);
    return;
  }
  const d = e.details;
  const lines = [`x2go-launcher: ${safe(e.message)}`];
  if (d.line !== undefined) lines.push(`  offending reply line: ${safe(d.line)}`);
  if (d.brokerMessage) lines.push(`  broker says: ${safe(d.brokerMessage)}`);
  if (d.certificate && !e.message.includes(d.certificate.fingerprint256)) {
    const c = d.certificate;
    lines.push(
      `  certificate subject: ${safe(c.subject)}`,
      `  issuer: ${safe(c.issuer)}`,
      `  valid: ${c.validFrom} to ${c.validTo}`,
      `  SHA-256 fingerprint: ${c.fingerprint256}`,
    );
  }
  if (d.hint) lines.push(`  hint: ${safe(d.hint)}`);
  io.stderr.write(`${lines.join('\n')}\n`);
}

/** Non-fatal reply oddities (missing END marker, duplicate sections …) go to stderr. */
export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const w of warnings) io.stderr.write(`x2go-launcher: warning: ${safe(w)}\n`);
}
