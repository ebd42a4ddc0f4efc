// The error vocabulary every layer shares: the kinds (what went wrong, for exit codes and the
// GUI's heading and "what next"), a catalogue of stable codes with typed parameters (what
// exactly, for translation), and the plain error payload that crosses IPC. Core throws
// LauncherError (src/core/errors.ts) with a code from here; the CLI prints the English message
// given at the throw site; the renderer translates code + params (src/renderer/i18n/<lang>.ts,
// keys `err.<code>`) and shows the English message only for a code it does not know.
//
// Plain data only: this folder is bundled into the sandboxed preload and the renderer and must
// import nothing (eslint.config.js enforces it).

export const ERROR_KINDS = [
  /** Bad command line / configuration given by the user or admin. */
  'usage',
  /** The broker refused the credentials (HTTP 401, SSH login refused, empty SSH reply). */
  'auth',
  /** The auth-id cookie we sent was refused (expired, already used, other IP). */
  'cookie-rejected',
  /** No TCP connection / DNS failure / connection reset. */
  'unreachable',
  /** Connect, request or command took longer than allowed. */
  'timeout',
  /** TLS verification failed (unknown CA, self-signed, expired, wrong host name). */
  'tls',
  /** SSH host key unknown (and not accepted) or changed. */
  'host-key',
  /** The broker's reply does not follow the protocol (malformed, too large, wrong type). */
  'protocol',
  /** The broker itself failed (HTTP 5xx, Python traceback over SSH, 404 backend …). */
  'broker',
  /** selectsession answered but named no usable server. */
  'no-server',
  /** The local X2Go client is missing or could not be started. */
  'client',
  /** The operation was cancelled by the user. */
  'cancelled',
  /** A bug in the launcher itself (a broken invariant), never the user's or the broker's fault. */
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Type of one error parameter: the value a translation's `{name}` placeholder is filled with. */
export type ErrorParamType = 'string' | 'number';

/**
 * Every error code: its kind and the names and types of its parameters. A code is stable once
 * released (scripts and translations depend on it): change a message, never a code's meaning.
 * Add a code here, then its `err.<code>` line in every src/renderer/i18n/<lang>.ts (the type
 * checker and test/renderer/i18n-errors.test.ts refuse a missing one).
 */
export const ERROR_CATALOGUE = {
  'internal.unexpected': { kind: 'internal', params: {} },
  'internal.ipc': { kind: 'internal', params: { method: 'string', reason: 'string' } },
  'internal.transport-scheme': { kind: 'internal', params: { scheme: 'string' } },
  'internal.auth-id-malformed': { kind: 'internal', params: {} },
  'internal.ssh-no-profile-id': { kind: 'internal', params: {} },
  'internal.ssh-no-command': { kind: 'internal', params: {} },
  'ipc.unknown-sender': { kind: 'usage', params: {} },
  'ipc.invalid-arguments': { kind: 'usage', params: { reason: 'string' } },
  'broker.timeout.request': { kind: 'timeout', params: { where: 'string', seconds: 'number' } },
  'broker.timeout.connect': { kind: 'timeout', params: { where: 'string', seconds: 'number' } },
  'broker.http.redirect': {
    kind: 'broker',
    params: { where: 'string', status: 'number', location: 'string' },
  },
  'broker.http.unauthorized': { kind: 'auth', params: {} },
  'broker.http.not-found': { kind: 'broker', params: { where: 'string' } },
  'broker.http.method-not-allowed': { kind: 'broker', params: { where: 'string' } },
  'broker.http.bad-request': { kind: 'protocol', params: {} },
  'broker.http.server-error': { kind: 'broker', params: { where: 'string', status: 'number' } },
  'broker.http.status': { kind: 'broker', params: { where: 'string', status: 'number' } },
  'broker.http.reply-too-large': { kind: 'protocol', params: { limit: 'number' } },
  'broker.http.reply-encoding': { kind: 'protocol', params: { reason: 'string' } },
  'broker.tls': { kind: 'tls', params: { error: 'string' } },
  'broker.unreachable': { kind: 'unreachable', params: { where: 'string', error: 'string' } },
  'broker.request-failed': { kind: 'unreachable', params: { where: 'string', reason: 'string' } },
  'broker.cancelled': { kind: 'cancelled', params: {} },
  'config.ca-file.unreadable': { kind: 'usage', params: { file: 'string', error: 'string' } },
  'config.ca-file.no-certificate': { kind: 'usage', params: { file: 'string' } },
  'broker.no-profile-id': { kind: 'usage', params: {} },
  'broker.no-server': { kind: 'no-server', params: { profile: 'string', server: 'string' } },
  'broker.signed-out': { kind: 'auth', params: {} },
  'broker.not-signed-in': { kind: 'usage', params: {} },
  'broker.cookie.expired': { kind: 'cookie-rejected', params: {} },
  'broker.cookie.refused': { kind: 'cookie-rejected', params: {} },
  'broker.cookie.malformed': { kind: 'protocol', params: {} },
  'broker.auth.required': { kind: 'auth', params: {} },
  'broker.access-denied': { kind: 'auth', params: {} },
  'broker.reply.too-large': { kind: 'protocol', params: { size: 'number', limit: 'number' } },
  'broker.reply.no-server': { kind: 'protocol', params: {} },
  'broker.reply.not-json': { kind: 'protocol', params: { contentType: 'string' } },
  'broker.plain.testcon-not-ok': { kind: 'protocol', params: {} },
  'broker.plain.no-access-line': { kind: 'protocol', params: {} },
  'broker.json.not-object': { kind: 'protocol', params: {} },
  // reason: an id of ERROR_REASONS (error-reasons.ts), limit: the bound exceeded (issue 13)
  'broker.json.too-complex': { kind: 'protocol', params: { reason: 'string', limit: 'number' } },
  'broker.json.invalid': { kind: 'protocol', params: { reason: 'string' } },
  'broker.json.profiles-not-object': { kind: 'protocol', params: {} },
  'broker.json.server-not-string': { kind: 'protocol', params: {} },
  'broker.server.empty': { kind: 'protocol', params: {} },
  'broker.server.invalid': { kind: 'protocol', params: { server: 'string' } },
  'broker.server.bad-port': { kind: 'protocol', params: { port: 'string' } },
  'broker.server.port-range': { kind: 'protocol', params: { port: 'number' } },
  'broker.server.ipv6-unterminated': { kind: 'protocol', params: {} },
  'broker.key.not-one-block': { kind: 'protocol', params: {} },
  'broker.key.label-mismatch': { kind: 'protocol', params: {} },
  'broker.key.too-many-lines': { kind: 'protocol', params: { limit: 'number' } },
  'broker.key.no-blank-line': { kind: 'protocol', params: { line: 'number' } },
  'broker.key.bad-line': { kind: 'protocol', params: { line: 'number' } },
  'broker.key.no-data': { kind: 'protocol', params: {} },
  'broker.key.no-end': { kind: 'protocol', params: {} },
  'broker.key.several': { kind: 'protocol', params: {} },
  'broker.argument-nul': { kind: 'usage', params: {} },
  'broker-url.empty': { kind: 'usage', params: {} },
  'broker-url.unparsable': { kind: 'usage', params: { url: 'string' } },
  'broker-url.password': { kind: 'usage', params: {} },
  'broker-url.no-host': { kind: 'usage', params: {} },
  'broker-url.port': { kind: 'usage', params: { port: 'number' } },
  'broker-url.trailing-slash': { kind: 'usage', params: { path: 'string', suggestion: 'string' } },
  'broker-url.escape': { kind: 'usage', params: {} },
  'broker-url.ssh-query': { kind: 'usage', params: {} },
  'broker-url.ssh-json': { kind: 'usage', params: {} },
  'broker-url.scheme': { kind: 'usage', params: {} },
  'auth-id.unreadable': { kind: 'usage', params: { path: 'string', error: 'string' } },
  'auth-id.too-large': { kind: 'usage', params: { path: 'string' } },
  'auth-id.empty': { kind: 'usage', params: { path: 'string' } },
  'auth-id.malformed': { kind: 'usage', params: { path: 'string' } },
  'auth-id.write-failed': { kind: 'usage', params: { path: 'string', error: 'string' } },
  'ssh-broker.refused': { kind: 'auth', params: { where: 'string' } },
  'ssh-broker.no-exit-status': { kind: 'broker', params: { where: 'string' } },
  'ssh-broker.crashed': { kind: 'broker', params: { where: 'string' } },
  'ssh-broker.command-line-rejected': { kind: 'broker', params: { where: 'string' } },
  'ssh-broker.no-task': { kind: 'broker', params: { where: 'string' } },
  'ssh-broker.command-not-found': { kind: 'broker', params: { where: 'string' } },
  'ssh-broker.command-not-permitted': { kind: 'broker', params: { where: 'string' } },
  'ssh-broker.failed': { kind: 'broker', params: { where: 'string', status: 'number' } },
  'ssh-broker.timeout': { kind: 'timeout', params: { where: 'string', ms: 'number' } },
  'ssh-broker.exec-refused': { kind: 'broker', params: { where: 'string', reason: 'string' } },
  'ssh-broker.reply-too-large': { kind: 'protocol', params: { limit: 'number' } },
  'ssh.timeout.handshake': { kind: 'timeout', params: { where: 'string', ms: 'number' } },
  'ssh.timeout.login': { kind: 'timeout', params: { where: 'string', ms: 'number' } },
  'ssh.timeout.connect': { kind: 'timeout', params: { where: 'string' } },
  'ssh.login-abandoned': { kind: 'cancelled', params: { where: 'string' } },
  'ssh.host-key-check-failed': { kind: 'host-key', params: { reason: 'string' } },
  'ssh.closed.handshake': { kind: 'unreachable', params: { where: 'string' } },
  'ssh.closed.login': { kind: 'unreachable', params: { where: 'string' } },
  'ssh.closed.request': { kind: 'unreachable', params: { where: 'string' } },
  'ssh.start-failed': { kind: 'usage', params: { reason: 'string' } },
  'ssh.unreachable': { kind: 'unreachable', params: { where: 'string', error: 'string' } },
  'ssh.unresolved': { kind: 'unreachable', params: { host: 'string', error: 'string' } },
  'ssh.handshake-failed': { kind: 'protocol', params: { where: 'string', reason: 'string' } },
  'ssh.connect-failed': { kind: 'unreachable', params: { where: 'string', reason: 'string' } },
  'ssh.login-ended': {
    kind: 'auth',
    params: { where: 'string', user: 'string', reason: 'string' },
  },
  'ssh.login-cancelled': { kind: 'cancelled', params: { where: 'string' } },
  'ssh.password-refused': { kind: 'auth', params: { where: 'string' } },
  'ssh.keys-refused': { kind: 'auth', params: { where: 'string', user: 'string', keys: 'string' } },
  'ssh.key-encrypted': { kind: 'auth', params: { file: 'string' } },
  'ssh.key-bad-passphrase': { kind: 'auth', params: { file: 'string' } },
  'ssh.key-unreadable': { kind: 'usage', params: { file: 'string', reason: 'string' } },
  'ssh.no-method-left': { kind: 'auth', params: { where: 'string' } },
  'ssh-key.unusable': { kind: 'usage', params: { path: 'string', reason: 'string' } },
  'host-key.revoked': {
    kind: 'host-key',
    params: { keyType: 'string', host: 'string', fingerprint: 'string' },
  },
  'host-key.changed': {
    kind: 'host-key',
    params: { host: 'string', keyType: 'string', fingerprint: 'string', known: 'string' },
  },
  'host-key.unknown': {
    kind: 'host-key',
    params: { host: 'string', keyType: 'string', fingerprint: 'string' },
  },
  'host-key.save-failed': {
    kind: 'host-key',
    params: { host: 'string', file: 'string', reason: 'string' },
  },
  // fleet-config (issue 11): policy allowAddHostKeys false, an unknown key
  'host-key.add-not-allowed': {
    kind: 'host-key',
    params: { host: 'string', keyType: 'string', fingerprint: 'string', files: 'string' },
  },
  'server-key.cancelled': { kind: 'cancelled', params: { where: 'string' } },
  'server-key.timeout': { kind: 'timeout', params: { where: 'string', ms: 'number' } },
  'server-key.no-exchange': { kind: 'protocol', params: { where: 'string' } },
  'server-key.closed': { kind: 'unreachable', params: { where: 'string' } },
  'server-key.start-failed': { kind: 'usage', params: { where: 'string', reason: 'string' } },
  'server-key.handshake-failed': {
    kind: 'protocol',
    params: { where: 'string', reason: 'string' },
  },
  'server.timeout.connect': { kind: 'timeout', params: { where: 'string' } },
  'server.unreachable': { kind: 'unreachable', params: { where: 'string', error: 'string' } },
  'session-name.invalid': { kind: 'usage', params: { name: 'string' } },
  'terminate.no-server': { kind: 'no-server', params: {} },
  'terminate.no-such-session': { kind: 'usage', params: { where: 'string', name: 'string' } },
  'terminate.failed': {
    kind: 'broker',
    params: { where: 'string', name: 'string', exit: 'string' },
  },
  'terminate.still-listed': { kind: 'broker', params: { where: 'string', name: 'string' } },
  'terminate.no-listsessions': { kind: 'broker', params: { where: 'string' } },
  'terminate.listsessions-failed': { kind: 'broker', params: { where: 'string', exit: 'string' } },
  'terminate.unexpected': { kind: 'unreachable', params: { reason: 'string' } },
  'terminate.cancelled': { kind: 'cancelled', params: {} },
  'terminate.unavailable': { kind: 'usage', params: {} },
  'client.none': { kind: 'client', params: {} },
  'client.cannot-start-profile': { kind: 'client', params: { reasons: 'string' } },
  'client.direct-unset': { kind: 'client', params: { client: 'string' } },
  'client.not-executable': { kind: 'client', params: { file: 'string' } },
  'client.not-installed': { kind: 'client', params: { client: 'string' } },
  'client.key-expired': { kind: 'timeout', params: { age: 'number', budget: 'number' } },
  'client.start-failed': { kind: 'client', params: { client: 'string', reason: 'string' } },
  'client.pyhoca-limit': { kind: 'client', params: { reason: 'string' } },
  'client.pyhoca-value': { kind: 'protocol', params: { key: 'string', reason: 'string' } },
  'client.host-key-refused': { kind: 'host-key', params: { server: 'string', reason: 'string' } },
  'policy.one-broker': { kind: 'usage', params: { broker: 'string' } },
  'password.not-saved': { kind: 'auth', params: {} },
  'profile.gone': { kind: 'usage', params: {} },
  'launch.cancelled': { kind: 'cancelled', params: {} },
  'operation.cancelled': { kind: 'cancelled', params: {} },
  'prompt.expired': { kind: 'usage', params: {} },
  'cli.unknown-command': { kind: 'usage', params: { command: 'string' } },
  'cli.usage': { kind: 'usage', params: { synopsis: 'string' } },
  // issue: a command-line parse issue kind (error-reasons.ts), option: the switch (issue 13)
  'cli.bad-arguments': { kind: 'usage', params: { issue: 'string', option: 'string' } },
  'cli.option-of-other-command': {
    kind: 'usage',
    params: { option: 'string', command: 'string', other: 'string' },
  },
  'cli.password-on-command-line': { kind: 'usage', params: {} },
  'cli.no-such-profile': { kind: 'usage', params: { profile: 'string' } },
  // diagnostics bundle (docs/diagnostics.md)
  'diagnostics.output-missing': { kind: 'usage', params: {} },
  'diagnostics.output-exists': { kind: 'usage', params: { file: 'string' } },
  'diagnostics.output-failed': { kind: 'usage', params: { file: 'string', reason: 'string' } },
  'kiosk.pin-mismatch': { kind: 'usage', params: {} },
  'kiosk.pin-too-short': { kind: 'usage', params: { min: 'number' } },
  'kiosk.no-browser': { kind: 'usage', params: {} },
  'kiosk.off': { kind: 'usage', params: {} },
  // kiosk reasons shown in the UI language (issue 13 §8; main/kiosk-app.ts, core/kiosk/machine.ts);
  // 'client': a local program (the X2Go client, the power command) did not do its part
  'kiosk.client-signal': { kind: 'client', params: {} },
  'kiosk.client-status': { kind: 'client', params: { status: 'number' } },
  'kiosk.start-failed': { kind: 'client', params: {} },
  // action: an id of error-reasons.ts (poweroff, reboot, power)
  'kiosk.power-still-running': { kind: 'client', params: { action: 'string' } },
  'config.locked': { kind: 'usage', params: { switches: 'string', origin: 'string' } },
  // reason: an id of ERROR_REASONS (error-reasons.ts), value: what it names (issue 13)
  'deep-link.refused': { kind: 'usage', params: { reason: 'string', value: 'string' } },
  'shortcut.unavailable': { kind: 'usage', params: {} },
  'shortcut.no-desktop': { kind: 'usage', params: { dir: 'string' } },
  'shortcut.exists': { kind: 'usage', params: { file: 'string' } },
  'shortcut.write-failed': { kind: 'usage', params: { file: 'string', reason: 'string' } },
  'options.ssh-only': { kind: 'usage', params: {} },
  'options.missing-broker-url': { kind: 'usage', params: {} },
  'options.dialect': { kind: 'usage', params: { value: 'string' } },
  'options.auth-id-persist': { kind: 'usage', params: {} },
  'options.password-sources': { kind: 'usage', params: { sources: 'string' } },
  'options.noauth-password': { kind: 'usage', params: {} },
  'options.timeout': { kind: 'usage', params: { value: 'string' } },
  'options.empty-file': { kind: 'usage', params: { option: 'string' } },
  'options.empty-value': { kind: 'usage', params: { option: 'string' } },
  'options.client': { kind: 'usage', params: { value: 'string' } },
  'options.allow-local': { kind: 'usage', params: { value: 'string', allowed: 'string' } },
  'password-file.unreadable': { kind: 'usage', params: { path: 'string', error: 'string' } },
  'password-file.too-large': { kind: 'usage', params: { path: 'string' } },
  'password-stdin.too-large': { kind: 'usage', params: {} },
  'password-env.unset': { kind: 'usage', params: { name: 'string' } },
  'password.no-terminal': { kind: 'usage', params: {} },
  'password.cancelled': { kind: 'cancelled', params: {} },
  'password.none': { kind: 'cancelled', params: {} },
  // broker password change (src/core/broker/setpass.ts, docs/protocol.md §12.1)
  'internal.ssh-no-newpass': { kind: 'internal', params: {} },
  'broker.setpass.wrong-password': { kind: 'auth', params: {} },
  'broker.setpass.ignored': { kind: 'broker', params: {} },
  'broker.setpass.ssh-unsupported': { kind: 'broker', params: {} },
  'broker.setpass.no-password': { kind: 'broker', params: {} },
  'broker.setpass.same': { kind: 'usage', params: {} },
  'broker.setpass.empty': { kind: 'usage', params: {} },
  'broker.setpass.mismatch': { kind: 'usage', params: {} },
  // ---- fail-over and proxies (issue 13; docs/failover.md, docs/proxies.md) ----
  'broker.failover.exhausted': {
    kind: 'unreachable',
    params: { count: 'number', attempts: 'string' },
  },
  'options.failover-url': { kind: 'usage', params: { url: 'string', reason: 'string' } },
  'proxy.invalid': {
    kind: 'usage',
    params: { source: 'string', value: 'string', reason: 'string' },
  },
  'proxy.unsupported': { kind: 'usage', params: { proxy: 'string' } },
  'proxy.resolve-failed': { kind: 'unreachable', params: { reason: 'string' } },
  'proxy.unreachable': { kind: 'unreachable', params: { proxy: 'string', error: 'string' } },
  'proxy.auth-required': { kind: 'unreachable', params: { proxy: 'string' } },
  // SOCKS proxies and Negotiate challenges (issue 13, docs/proxies.md)
  'proxy.socks-refused': {
    kind: 'unreachable',
    params: { proxy: 'string', reply: 'string', where: 'string' },
  },
  'proxy.auth-unsupported': { kind: 'unreachable', params: { proxy: 'string', scheme: 'string' } },
  'proxy.refused': {
    kind: 'unreachable',
    params: { proxy: 'string', status: 'number', where: 'string' },
  },
  // ---- several brokers in one catalogue (issue 13 point 1; docs/brokers.md) ----
  'broker.needs-password': { kind: 'auth', params: { broker: 'string' } },
  'broker.unknown-entry': { kind: 'usage', params: {} },
  'broker.entry-managed': { kind: 'usage', params: { broker: 'string' } },
} as const satisfies Record<
  string,
  { kind: ErrorKind; params: Readonly<Record<string, ErrorParamType>> }
>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

type ParamValue<T> = T extends 'number' ? number : string;

/** The parameter object of one code, e.g. `{ where: string; status: number }`. */
export type ErrorParams<C extends ErrorCode = ErrorCode> = C extends ErrorCode
  ? {
      -readonly [P in keyof (typeof ERROR_CATALOGUE)[C]['params']]: ParamValue<
        (typeof ERROR_CATALOGUE)[C]['params'][P]
      >;
    }
  : never;

/** The kind a code belongs to. */
export function kindOfCode(code: ErrorCode): ErrorKind {
  return ERROR_CATALOGUE[code].kind;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

/**
 * Whether `params` is exactly the parameter object of `code` (same names, right types, nothing
 * more): main and the renderer use it on payloads from the other side of IPC.
 */
export function isErrorParams(code: ErrorCode, params: unknown): params is ErrorParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  if (Object.getPrototypeOf(params) !== Object.prototype) return false;
  const spec: Readonly<Record<string, ErrorParamType>> = ERROR_CATALOGUE[code].params;
  const names = Object.keys(params);
  if (names.length !== Object.keys(spec).length) return false;
  return names.every((name) => {
    if (!Object.hasOwn(spec, name)) return false;
    const value = (params as Record<string, unknown>)[name];
    return spec[name] === 'number'
      ? typeof value === 'number' && Number.isFinite(value)
      : typeof value === 'string';
  });
}

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
  /** Node / OpenSSL / ssh error code (ECONNREFUSED, CERT_HAS_EXPIRED …), not an ErrorCode. */
  code?: string;
  /** The offending reply line for protocol errors (truncated, never a secret). */
  line?: string;
  /** The peer certificate for TLS errors. */
  certificate?: CertificateDetails;
  /** SSH host key fingerprint (`SHA256:…` as ssh prints it) for host-key errors. */
  hostKeyFingerprint?: string;
  /** Broker error text (HTTP 500 body stripped of HTML, or stderr of the SSH command). */
  brokerMessage?: string;
  /** A short hint telling the user what to do next (English, for the command line). */
  hint?: string;
}

/** A LauncherError as plain data (LauncherError#toJSON()): what IPC and `--json` carry. */
export interface ApiError {
  kind: ErrorKind;
  /** The catalogue code; the renderer translates it with `params`. */
  code: ErrorCode;
  params: ErrorParams;
  /** The English message the CLI prints: the fallback for a code the renderer does not know. */
  message: string;
  details: ErrorDetails;
}

/** Every request that can fail resolves (never rejects) with one of these. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** A failed Result for `code`; the kind comes from the catalogue. */
export function fail<C extends ErrorCode, T = never>(
  code: C,
  params: ErrorParams<C>,
  message: string,
  details: ErrorDetails = {},
): Result<T> {
  return { ok: false, error: { kind: kindOfCode(code), code, params, message, details } };
}
