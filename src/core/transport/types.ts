// The one interface every broker transport implements (one module per URL scheme:
// http.ts for http/https, ssh.ts for ssh). BrokerSession speaks only to this, so the CLI,
// the GUI and the tests use any transport unchanged.
import type { BrokerUrl } from '../broker/url';

/** `auth` = authenticate only (x2goclient's empty task); the broker answers "Access granted". */
export type BrokerTask =
  | 'listsessions'
  | 'selectsession'
  | 'testcon'
  | 'auth'
  // broker password change and client events (setpass.ts, broker-events.ts)
  | 'setpass'
  | 'clientevent';

/** One broker request. Transports map it to form fields (HTTP) or command options (SSH). */
export interface BrokerRequest {
  task: BrokerTask;
  /** Broker user name (HTTP `user`; SSH `--user`, honoured only for the magic user). */
  user?: string;
  /** Broker password (HTTP only; never on a command line). */
  password?: string;
  /** Auth-id cookie (HTTP `authid`, SSH `--authid`); omitted when empty. */
  authid?: string;
  /** Profile ID for selectsession (HTTP `sid`, SSH `--sid`). */
  sid?: string;
  /** User name on the X2Go server for selectsession (HTTP `login`, SSH `--login`). */
  login?: string;
  // ---- broker password change and client events (setpass.ts, broker-events.ts) ----
  /** setpass: the new broker password (HTTP `newpass` only; never on a command line). */
  newpass?: string;
  /** clientevent: x2goclient 4.1.2's event fields (docs/protocol.md §12.3). */
  clientEvent?: ClientEventFields;
}

/**
 * The fields of one client event (task clientevent, docs/protocol.md §12.3): HTTP form fields
 * of the same names, SSH `--event` plus the others as options. `elapsed` in whole seconds.
 */
export interface ClientEventFields {
  event: string;
  server: string;
  client: string;
  cmd: string;
  display: string;
  start: string;
  elapsed: number;
}

export interface BrokerReply {
  /** The reply text (UTF-8 decoded; invalid bytes become U+FFFD). */
  body: string;
  /** HTTP Content-Type, null over SSH. */
  contentType: string | null;
}

export interface SendOptions {
  signal?: AbortSignal;
}

export interface BrokerTransport {
  readonly url: BrokerUrl;
  /**
   * Send one request. Resolves with the body of a successful exchange (HTTP 200, SSH exit 0
   * with output); rejects with a LauncherError for everything else: `auth` for HTTP 401 /
   * SSH empty output, `broker` for 5xx / tracebacks, `unreachable`, `timeout`, `tls`,
   * `host-key`, `protocol` (reply too large, …).
   */
  send(request: BrokerRequest, options?: SendOptions): Promise<BrokerReply>;
  /** Release connections (SSH: close the one connection of this broker session). */
  close(): Promise<void>;
}

/** Shared limits; each transport may add its own options. */
export interface TransportLimits {
  /** Connect timeout (ms). */
  connectTimeoutMs: number;
  /** Whole-request timeout (ms), from sending to the last byte. */
  requestTimeoutMs: number;
  /** Largest reply body accepted (bytes). */
  maxReplyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<TransportLimits> = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxReplyBytes: 8 * 1024 * 1024,
};
