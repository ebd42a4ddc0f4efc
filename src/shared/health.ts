// The pre-launch health check's report (docs/health-check.md): plain data shared by the core
// check (src/core/health), the CLI (`x2go-launcher check`), IPC and the app's "Check
// connection" panel. Imports nothing (this folder is bundled into the preload and renderer).
import type { ApiError } from './errors';
import type { SessionInfo } from './model';
import type { HealthText } from './health-texts';

/** The checks, in the order they run and are shown. */
export const HEALTH_CHECK_IDS = [
  'broker',
  'tls',
  'profile',
  'selectsession',
  'dns',
  'ssh-port',
  'host-key',
  'client',
  'sessions',
] as const;
export type HealthCheckId = (typeof HEALTH_CHECK_IDS)[number];

/** pass: fine; fail: a launch would fail here; skip: not applicable or an earlier check failed. */
export type HealthStatus = 'pass' | 'fail' | 'skip';

/** One line of the report. Texts are English (the CLI's); the app translates `error` where set. */
export interface HealthLine {
  id: HealthCheckId;
  status: HealthStatus;
  /** What was found, one sentence (names the host, port or file concerned). */
  summary: string;
  /** What to do next (failures, and skips that need an action). */
  next?: string;
  /** The host (`host:port`), URL or file the line is about. */
  subject?: string;
  /** The failure as the launcher reports it elsewhere (code, params, details). */
  error?: ApiError;
  /** Milliseconds this check took (network checks). */
  ms?: number;
  // translated lines (issue 13 §8; health-texts.ts): `summary` / `next` as code + params
  /** `summary` for the UI (absent: the error's translated message, else `summary`). */
  text?: HealthText;
  /** `next` for the UI. */
  nextText?: HealthText;
}

/** An existing session of the user for the profile and what can be done about it. */
export interface HealthSession {
  info: SessionInfo;
  /** A launch now resumes this one (launch picks the suspended session: docs/protocol.md §8.4). */
  resumedByLaunch: boolean;
}

export interface HealthReport {
  profileId: string;
  /** The broker URL as shown (no credentials). */
  broker: string;
  /** The X2Go server the broker named (null when selectsession did not answer). */
  server: { host: string; port: number } | null;
  /** The local client checked (x2goclient / pyhoca-cli). */
  client: string;
  lines: HealthLine[];
  /** The user's running or suspended sessions for the profile (from the broker's SESSION_INFO). */
  sessions: HealthSession[];
  /** No line failed. */
  ok: boolean;
  /** ISO time the check started. */
  checkedAt: string;
  /** Total milliseconds. */
  ms: number;
}
