// Plain data that crosses the IPC boundary. These types DUPLICATE the shapes of
// src/core/errors.ts and src/core/broker/model.ts on purpose: src/shared is bundled into the
// sandboxed preload and the renderer, which must never import the core. A compile-time test
// (test/renderer/contract.test.ts) proves the core types stay assignable to these.

/** The kinds of src/core/errors.ts, as a string union (same spelling, same meaning). */
export const ERROR_KINDS = [
  'usage',
  'auth',
  'cookie-rejected',
  'unreachable',
  'timeout',
  'tls',
  'host-key',
  'protocol',
  'broker',
  'no-server',
  'client',
  'cancelled',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface CertificateDetails {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint as `AA:BB:…`. */
  fingerprint256: string;
}

export interface ErrorDetails {
  httpStatus?: number;
  code?: string;
  line?: string;
  certificate?: CertificateDetails;
  /** `SHA256:…` as ssh prints it. */
  hostKeyFingerprint?: string;
  brokerMessage?: string;
  /** What to do next, already phrased for a person. */
  hint?: string;
}

/** A LauncherError as plain data (LauncherError#toJSON()). */
export interface ApiError {
  kind: ErrorKind;
  message: string;
  details: ErrorDetails;
}

/** Every request that can fail resolves (never rejects) with one of these. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function fail<T = never>(
  kind: ErrorKind,
  message: string,
  details: ErrorDetails = {},
): Result<T> {
  return { ok: false, error: { kind, message, details } };
}

// --- Profiles (src/core/broker/model.ts) -------------------------------------------------

export type RawValue = string | number | boolean | null | RawValue[];
export type RawFields = Record<string, RawValue>;

export const SESSION_KINDS = [
  'desktop',
  'application',
  'published',
  'shadow',
  'rdp',
  'xdmcp',
  'kdrive',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export type SessionStatus = 'running' | 'suspended';

export interface ProfileIcon {
  /** `data:<mime>;base64,…` — sniffed and size-capped by main; the renderer shows nothing else. */
  dataUrl: string;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/svg+xml';
  bytes: number;
}

export interface BrokerProfile {
  id: string;
  name: string;
  label: string;
  folder: string;
  command: string;
  kind: SessionKind;
  hosts: string[];
  sshPort: number;
  user: string;
  rootless: boolean;
  published: boolean;
  icon: ProfileIcon | null;
  status: SessionStatus | null;
  /** Every field as received. Main may send `{}` to keep the payload small. */
  raw: RawFields;
}

export interface SessionInfo {
  agentPid: number;
  name: string;
  display: number;
  host: string;
  status: 'R' | 'S';
  createdAt: string;
  clientIp: string;
  typeLetter: string;
  command: string;
  depth: number | null;
  line: string;
}
