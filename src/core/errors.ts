// Typed, specific errors for everything the launcher does. Every failure a user can meet
// (wrong password, dead broker, bad certificate, malformed reply, missing X2Go client …)
// carries a stable code from the catalogue in src/shared/errors.ts (which also fixes its kind
// and parameters), so the CLI maps it to an exit code and prints the English message, and the
// GUI shows a translated message with "what to do next" — never a generic "failed", never a crash.
import type { ApiError, ErrorCode, ErrorDetails, ErrorKind, ErrorParams } from '../shared/errors';
import { kindOfCode } from '../shared/errors';

export type { CertificateDetails, ErrorCode, ErrorDetails, ErrorKind } from '../shared/errors';

/** CLI exit codes (stable: scripts depend on them). `internal` is sysexits' EX_SOFTWARE. */
export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  usage: 2,
  auth: 3,
  'cookie-rejected': 3,
  unreachable: 4,
  timeout: 4,
  tls: 4,
  'host-key': 4,
  protocol: 5,
  broker: 5,
  'no-server': 6,
  client: 6,
  cancelled: 130,
  internal: 70,
};

/** The constructor's arguments: a code, then exactly that code's parameters. */
export type LauncherErrorArgs = {
  [C in ErrorCode]: [
    code: C,
    params: ErrorParams<C>,
    message: string,
    details?: ErrorDetails,
    options?: { cause?: unknown },
  ];
}[ErrorCode];

/** A code and exactly its parameters, for a helper that builds the error for several sites. */
export type CodedReason = { [C in ErrorCode]: { code: C; params: ErrorParams<C> } }[ErrorCode];

export class LauncherError extends Error {
  readonly kind: ErrorKind;
  /** Stable catalogue code (`broker.http.status` …): what the GUI translates. */
  readonly code: ErrorCode;
  /** The code's parameters (`{ where, status }` …), plain strings and numbers. */
  readonly params: ErrorParams;
  readonly details: ErrorDetails;

  /**
   * @param code catalogue code; it fixes the kind (src/shared/errors.ts).
   * @param params exactly the code's parameters (checked by the compiler).
   * @param message the English sentence the CLI prints (and the GUI's fallback).
   */
  constructor(...[code, params, message, details = {}, options]: LauncherErrorArgs) {
    super(message, options);
    this.name = 'LauncherError';
    this.kind = kindOfCode(code);
    this.code = code;
    this.params = params;
    this.details = details;
  }

  /** An error from a CodedReason (the pair is already matched, so no check is lost). */
  static from(
    reason: CodedReason,
    message: string,
    details?: ErrorDetails,
    options?: { cause?: unknown },
  ): LauncherError {
    const args = [reason.code, reason.params, message, details, options] as LauncherErrorArgs;
    return new LauncherError(...args);
  }

  /**
   * The same error (kind, code, params) in other words: for a caller that adds where it
   * happened to the message and details. The original becomes the cause when given.
   */
  retold(message: string, details: ErrorDetails, options?: { cause?: unknown }): LauncherError {
    // The pair (code, params) comes from a LauncherError, so it already matches.
    const args = [this.code, this.params, message, details, options] as LauncherErrorArgs;
    return new LauncherError(...args);
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  /** Plain-data form for IPC and `--json` output (no stack, no cause chain). */
  toJSON(): ApiError {
    return {
      kind: this.kind,
      code: this.code,
      params: this.params,
      message: this.message,
      details: this.details,
    };
  }
}

export function isLauncherError(e: unknown): e is LauncherError {
  return e instanceof LauncherError;
}

/** Cut a line taken from untrusted input for an error message. */
export function excerpt(text: string, max = 120): string {
  const clean = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
