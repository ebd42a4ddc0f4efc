// Typed, specific errors for everything the launcher does. Every failure a user can meet
// (wrong password, dead broker, bad certificate, malformed reply, missing X2Go client …)
// is one of these kinds, so the CLI maps it to an exit code and the GUI to a message with
// "what to do next" — never a generic "failed", never a crash.

export type ErrorKind =
  /** Bad command line / configuration given by the user or admin. */
  | 'usage'
  /** The broker refused the credentials (HTTP 401, SSH login refused, empty SSH reply). */
  | 'auth'
  /** The auth-id cookie we sent was refused (expired, already used, other IP). */
  | 'cookie-rejected'
  /** No TCP connection / DNS failure / connection reset. */
  | 'unreachable'
  /** Connect, request or command took longer than allowed. */
  | 'timeout'
  /** TLS verification failed (unknown CA, self-signed, expired, wrong host name). */
  | 'tls'
  /** SSH host key unknown (and not accepted) or changed. */
  | 'host-key'
  /** The broker's reply does not follow the protocol (malformed, too large, wrong type). */
  | 'protocol'
  /** The broker itself failed (HTTP 5xx, Python traceback over SSH, 404 backend …). */
  | 'broker'
  /** selectsession answered but named no usable server. */
  | 'no-server'
  /** The local X2Go client is missing or could not be started. */
  | 'client'
  /** The operation was cancelled by the user. */
  | 'cancelled';

/** CLI exit codes (stable: scripts depend on them). */
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
};

/** Certificate facts shown with a TLS failure, so a user or admin can decide what is wrong. */
export interface CertificateDetails {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint as `AA:BB:…` (Node's fingerprint256 / openssl -fingerprint format). */
  fingerprint256: string;
}

export interface ErrorDetails {
  /** The HTTP status, when the broker answered with one. */
  httpStatus?: number;
  /** Node / OpenSSL error code (ECONNREFUSED, CERT_HAS_EXPIRED …). */
  code?: string;
  /** The offending reply line for protocol errors (truncated, never a secret). */
  line?: string;
  /** The peer certificate for TLS errors. */
  certificate?: CertificateDetails;
  /** SSH host key fingerprint (`SHA256:…` as ssh prints it) for host-key errors. */
  hostKeyFingerprint?: string;
  /** Broker error text (HTTP 500 body stripped of HTML, or stderr of the SSH command). */
  brokerMessage?: string;
  /** A short hint telling the user what to do next. */
  hint?: string;
}

export class LauncherError extends Error {
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(
    kind: ErrorKind,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LauncherError';
    this.kind = kind;
    this.details = details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  /** Plain-data form for IPC and `--json` output (no stack, no cause chain). */
  toJSON(): { kind: ErrorKind; message: string; details: ErrorDetails } {
    return { kind: this.kind, message: this.message, details: this.details };
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
