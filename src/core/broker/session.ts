// A signed-in conversation with one broker: the lifecycle of python-x2go's
// X2GoSessionProfilesHTTPBROKER (authenticate, check, list, select, log out), over any
// transport and either dialect. The cookie rules (docs/protocol.md §6.2, §6.3) are the state
// machine of session-state.ts; this class does the I/O around it:
//  * dynamic cookies are single-use, so requests run strictly one after another (a queue);
//  * each outcome (reply with or without a cookie, refusal, logout) becomes one event, and the
//    effect of the matching table row says what to do next (persist, retry once, fail …);
//  * the auth-id file is read once before the first request and, with --auth-id-persist,
//    rewritten with each rotated cookie (auth-id-file.ts).
import { stat } from 'node:fs/promises';
import { LauncherError, isLauncherError } from '../errors';
import { createTransport, type TransportOptions } from '../transport/index';
import { FAILOVER_CONNECT_TIMEOUT_MS, FailoverTransport, type FailoverAttempt } from './failover';
import { isSshLoginRefusal } from '../transport/ssh-auth';
import type {
  BrokerRequest,
  BrokerTask,
  BrokerTransport,
  ClientEventFields,
} from '../transport/types';
import type { BrokerClientConfig, BrokerCommand } from './broker-events-reply';
import { DEFAULT_LIMITS } from '../transport/types';
import { recordBrokerExchange } from '../diagnostics/exchange-log';
import { monotonicMs } from '../monotonic-clock';
import { isAuthIdToken, readAuthIdFile, writeAuthIdFile } from './auth-id-file';
import { jsonDialect } from './json';
import type { BrokerProfile, SelectedSession } from '../../shared/model';
import { plainDialect } from './plain';
import { normaliseProfiles } from './profile';
import type { DialectParser, ParsedReply } from './reply';
import {
  connectivityTask,
  credentialsFor,
  initialSessionState,
  replyEvent,
  transition,
  type Effect,
  type Phase,
  type SignInEvent,
  type SessionState,
  type Transition,
} from './session-state';
import { parseBrokerUrl, type BrokerScheme, type BrokerUrl, type Dialect } from './url';

/** How to reach and sign in to one broker (the CLI's --broker-* options, the app's sign-in). */
export interface BrokerSessionOptions {
  /** Broker URL (text is parsed with parseBrokerUrl, which throws `usage` when invalid). */
  url: string | BrokerUrl;
  /** Reply dialect; overrides the one the URL path names (docs/protocol.md §1). */
  dialect?: Dialect;
  /** Broker user name; defaults to the URL's `user@`. */
  user?: string;
  /** Broker password. Memory only, never logged; forgotten by logout(). */
  password?: string;
  /** --broker-noauth: send neither password nor cookie (docs/protocol.md §6.2). */
  noAuth?: boolean;
  /** The auth-id cookie itself (wins over authIdFile; docs/protocol.md §6.4). */
  authId?: string;
  /** --auth-id FILE: its first line is the cookie (docs/protocol.md §6.4). */
  authIdFile?: string;
  /** --auth-id-persist: write each rotated cookie back to authIdFile (0600, atomic). */
  persistAuthId?: boolean;
  /** A ready transport (tests, a shared SSH connection); else one is made from the URL. */
  transport?: BrokerTransport;
  /** Limits, CA, known_hosts … for the transport made from the URL. */
  transportOptions?: TransportOptions;
  /** Called after each state-machine step (diagnostics, tests); never gets cookies. */
  onTransition?: (step: { row: string; from: Phase; to: Phase; effect: Effect }) => void;
  /**
   * Largest broker reply accepted, in bytes, by the transport this session creates and by the
   * dialect parser (default DEFAULT_LIMITS.maxReplyBytes, 8 MiB: the bound on what a hostile
   * broker can make us read and hold). A real listing of 10,000 profiles with ~4 KB icons is
   * about 45 MB (bench/b1-list-real-broker.ts): raise it for such brokers. An explicit
   * `transportOptions.limits.maxReplyBytes` wins for the transport.
   */
  maxReplyBytes?: number;
  /**
   * Fail-over (docs/failover.md): more URLs of the same broker, tried in order after `url`
   * when it does not answer (failover.ts `failsOver`), each with a short connect timeout.
   * Each must give the same reply dialect as `url` (`usage` error otherwise). Ignored with
   * a ready `transport`.
   */
  failoverUrls?: (string | BrokerUrl)[];
  /** Fail-over: called once with the URL that answered and the URLs passed over before it. */
  onBrokerAnswered?: (url: BrokerUrl, passedOver: FailoverAttempt[]) => void;
}

/** Server values x2gobroker uses to say "nothing to connect to" (docs/protocol.md §8.1). */
const NO_SERVER = new Set(['no-server-available', 'no-x2go-server-available']);

/**
 * One conversation with one broker: sign-in, profile list, session selection, logout. Requests
 * run one after another (dynamic cookies are single-use, docs/protocol.md §6.2); the cookie
 * rules are the state machine of session-state.ts. Every method rejects only with a
 * LauncherError (kinds `auth`, `cookie-rejected`, `protocol`, `broker`, `unreachable`,
 * `timeout`, `tls`, `host-key`, `no-server`, `cancelled`, `usage`).
 */
export class BrokerSession {
  /** The parsed broker URL (no password in it; `display` is safe to show). */
  readonly url: BrokerUrl;
  private readonly options: BrokerSessionOptions;
  private readonly dialect: DialectParser;
  /** Fail-over URLs after `url` (docs/failover.md); empty: one URL, one plain transport. */
  private readonly failoverUrls: BrokerUrl[];
  private transport: BrokerTransport | null;
  private password: string | undefined;
  private state: SessionState;
  /** The auth-id cookie load in progress or done (once per session). */
  private loading: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lastProfiles = new Map<string, BrokerProfile>();
  private brokerClientConfig: BrokerClientConfig | null = null;
  /** Non-fatal reply oddities of the last request (for logs / --verbose). */
  warnings: string[] = [];

  /** Throws `usage` for an invalid URL, or --auth-id-persist without an auth-id file. */
  constructor(options: BrokerSessionOptions) {
    this.options = options;
    this.url =
      typeof options.url === 'string'
        ? parseBrokerUrl(options.url, options.dialect ? { dialect: options.dialect } : {})
        : options.dialect && options.dialect !== options.url.dialect
          ? { ...options.url, dialect: options.dialect }
          : options.url;
    this.dialect = this.url.dialect === 'json' ? jsonDialect : plainDialect;
    this.failoverUrls = (options.failoverUrls ?? []).map((u) => failoverUrl(u, this.url, options));
    this.password = options.password;
    this.transport = options.transport ?? null;
    this.state = initialSessionState({
      hasPassword: options.password !== undefined,
      noAuthConfigured: !!options.noAuth,
    });
    if (options.persistAuthId && !options.authIdFile)
      throw new LauncherError(
        'options.auth-id-persist',
        {},
        '--auth-id-persist needs --auth-id FILE.',
      );
  }

  /** The broker user name: the `user` option, else the URL's `user@`, else null. */
  get user(): string | null {
    return this.options.user ?? this.url.user ?? null;
  }
  /**
   * The URL requests go to: with fail-over, the one that answered (the first before any did);
   * otherwise `url`. Its `display` is safe to show.
   */
  get activeUrl(): BrokerUrl {
    return this.transport?.url ?? this.url;
  }
  /** The URL scheme: `http`, `https` or `ssh`. */
  get scheme(): BrokerScheme {
    return this.url.scheme;
  }
  /** Configured (--broker-noauth) or detected (the broker issued no cookie). */
  get noAuth(): boolean {
    return this.state.noAuthConfigured || this.state.noAuthDetected;
  }
  /** The cookie that the next request would send (for tests and diagnostics; a secret). */
  get currentCookie(): string | null {
    return this.state.issuedCookie ?? this.state.initialCookie;
  }
  /** The phase of the sign-in state machine (session-state.ts). */
  get phase(): Phase {
    return this.state.phase;
  }

  /**
   * Sign in (the broker's empty task: "Access granted" only). Rejects with `auth` (credentials
   * refused), `cookie-rejected`, or a transport error kind.
   */
  async authenticate(signal?: AbortSignal): Promise<void> {
    await this.request('auth', {}, signal);
  }

  /**
   * Whether the session is (still) signed in: sends one authentication request. Resolves false
   * when the broker refuses the credentials or cookie; other failures reject.
   */
  async checkAuthenticated(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.request('auth', {}, signal);
      return true;
    } catch (e) {
      if (isLauncherError(e) && (e.kind === 'auth' || e.kind === 'cookie-rejected')) return false;
      throw e;
    }
  }

  /**
   * The user's session profiles in reply order, normalised (profile.ts; docs/protocol.md §7).
   * They are remembered so selectSession can default the login user and SSH port.
   */
  async listProfiles(signal?: AbortSignal): Promise<BrokerProfile[]> {
    const reply = await this.request('listsessions', {}, signal);
    const profiles = normaliseProfiles(reply.profiles ?? []);
    this.lastProfiles = new Map(profiles.map((p) => [p.id, p]));
    this.brokerClientConfig = reply.clientConfig ?? null; // client events (broker-events.ts)
    return profiles;
  }

  /**
   * Ask the broker for the X2Go server of profile `profileId` (task selectsession,
   * docs/protocol.md §8). The port defaults to the profile's sshport, then 22; the login user
   * to `opts.login`, the profile's user, then the broker user. Rejects with `usage` for an
   * empty ID and `no-server` when the broker names no server (§8.1).
   */
  async selectSession(
    profileId: string,
    opts: { login?: string } = {},
    signal?: AbortSignal,
  ): Promise<SelectedSession> {
    if (!profileId) throw new LauncherError('broker.no-profile-id', {}, 'No profile ID given.');
    const profile = this.lastProfiles.get(profileId);
    const login = opts.login ?? (profile?.user || undefined);
    const reply = await this.request(
      'selectsession',
      { sid: profileId, ...(login ? { login } : {}) },
      signal,
    );
    const sel = reply.selection!;
    if (NO_SERVER.has(sel.server.toLowerCase())) {
      throw new LauncherError(
        'broker.no-server',
        { profile: profileId, server: sel.server },
        `The broker has no X2Go server available for profile "${profileId}" (${sel.server}).`,
        {
          brokerMessage: sel.server,
          hint:
            sel.server.toLowerCase() === 'no-server-available'
              ? 'The profile may not exist on the broker, or it lists no hosts.'
              : 'All servers of the profile are down; try again later.',
        },
      );
    }
    return {
      profileId,
      server: sel.server,
      port: sel.port ?? profile?.sshPort ?? 22,
      user: login ?? this.user ?? '',
      privateKey: sel.privateKey,
      pubkeyAccepted: sel.pubkeyAccepted,
      sessionInfo: sel.sessionInfo,
      receivedAt: Date.now(),
    };
  }

  /**
   * The broker's connectivity test (task testcon, which still needs credentials; docs/protocol.md §6.6).
   * testcon consumes a one-time cookie without returning the next one, so when a cookie is all
   * we hold (no password) an authentication-only request stands in for it: it proves the same
   * (broker reachable and answering) and keeps the cookie chain alive. `ms` is the round trip
   * in whole milliseconds.
   */
  async testConnection(signal?: AbortSignal): Promise<{ ok: boolean; ms: number }> {
    const t0 = performance.now();
    await this.init();
    const task = connectivityTask(this.state);
    const reply = await this.request(task, {}, signal);
    return { ok: task === 'auth' || reply.testcon, ms: Math.round(performance.now() - t0) };
  }

  // ---- client events (broker-events.ts) -------------------------------------------------

  /** The client config of the last listsessions reply (null: none; no events asked for). */
  get clientConfig(): BrokerClientConfig | null {
    return this.brokerClientConfig;
  }

  /**
   * Send one client event (task clientevent, docs/protocol.md §12.3) in the session's cookie
   * chain, like every request; `sid` is the session the event is about, `login` the user on
   * the X2Go server. Resolves with the broker's SUSPEND / TERMINATE orders (empty when none).
   * Rejects like any request (LauncherError).
   */
  async sendClientEvent(
    fields: ClientEventFields,
    sid: string,
    login: string,
    signal?: AbortSignal,
  ): Promise<BrokerCommand[]> {
    const reply = await this.request('clientevent', { sid, login, clientEvent: fields }, signal);
    return reply.commands ?? [];
  }

  // ---- broker password change (setpass.ts) ---------------------------------------------

  /**
   * One request outside the cookie chain (setpass.ts, docs/protocol.md §12.1): the user name,
   * the pre-shared cookie if one was given, and `password` (null: the session's sign-in
   * password; `broker.setpass.no-password` when it has none) — never a broker-issued one-time
   * cookie, because x2gobroker checks no password at all when a valid one-time cookie comes
   * with the request. The reply's cookie is not adopted (x2gobroker keeps one file per issued
   * cookie, so the session's own cookie stays valid). Queued like every request. Rejects with
   * the transport's LauncherError (`auth` when the broker refuses the password).
   */
  async sendWithPassword(
    task: 'setpass' | 'auth',
    password: string | null,
    extra: Pick<BrokerRequest, 'newpass'> = {},
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    const run = this.queue.then(async () => {
      await this.init();
      const sent = password ?? this.password;
      if (sent === undefined)
        throw new LauncherError(
          'broker.setpass.no-password',
          {},
          'This broker signs you in without a password, so there is no broker password to change.',
        );
      const req: BrokerRequest = { task, ...extra, password: sent };
      const user = this.user;
      if (user !== null) req.user = user;
      if (this.state.initialCookie) req.authid = this.state.initialCookie;
      const reply = await this.getTransport().send(req, signal ? { signal } : {});
      return this.dialect.parse(task, reply, this.maxReplyBytes);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After a verified password change: later sign-ins (cookie expired) use the new one. */
  rememberPassword(password: string): void {
    if (this.password !== undefined) this.password = password;
  }

  /** Whether `candidate` is the password this session signs in with (false without one). */
  isSignInPassword(candidate: string): boolean {
    return this.password !== undefined && this.password === candidate;
  }

  /** Forget the password and every cookie and close the transport: a new sign-in is needed. */
  async logout(): Promise<void> {
    this.step({ type: 'logout' });
    this.password = undefined;
    this.lastProfiles.clear();
    await this.close();
  }

  /** Close the transport (SSH: its one connection); the next request opens a new one. */
  async close(): Promise<void> {
    const t = this.transport;
    this.transport = null;
    await t?.close();
  }

  // ---- state machine ----------------------------------------------------------------------

  /** Apply one event; report the step; return the row's effect. */
  private step(event: SignInEvent): Effect {
    const from = this.state.phase;
    const { state, effect, row } = transition(this.state, event);
    this.state = state;
    this.report(row, from, effect);
    return effect;
  }

  private report(row: Transition, from: Phase, effect: Effect): void {
    this.options.onTransition?.({ row: row.id, from, to: this.state.phase, effect });
  }

  // ---- request machinery ------------------------------------------------------------------

  private request(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login' | 'clientEvent'>,
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    const run = this.queue.then(() => this.exchange(task, extra, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async exchange(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login' | 'clientEvent'>,
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    if (this.state.phase === 'signed-out')
      throw new LauncherError(
        'broker.signed-out',
        {},
        'Signed out from the broker: sign in again.',
      );
    if (signal?.aborted)
      throw new LauncherError('broker.cancelled', {}, 'The broker request was cancelled.');
    await this.init();
    for (;;) {
      try {
        return await this.attempt(task, extra, signal);
      } catch (e) {
        if (
          !isLauncherError(e) ||
          (e.kind !== 'auth' && e.kind !== 'cookie-rejected') ||
          isSshLoginRefusal(e) // the SSH login failed: not about the cookie
        )
          throw e;
        // docs/protocol.md §6.3: a broker-issued cookie expired or was consumed → back to the
        // initial credentials, once (the table has no retry from `initial`).
        const effect = this.step({ type: 'refused' });
        if (effect === 'retry') continue;
        if (effect === 'cookie-rejected')
          throw new LauncherError(
            'broker.cookie.expired',
            {},
            'The broker no longer accepts the auth-id cookie.',
            {
              ...e.details,
              hint: 'Sign in again with your password, or give a fresh --auth-id file.',
            },
          );
        throw e;
      }
    }
  }

  private async attempt(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login' | 'clientEvent'>,
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    const request = this.buildRequest(task, extra);
    const transport = this.getTransport();
    let reply;
    const sentAt = monotonicMs(); // diagnostics: the exchange ring buffer (docs/diagnostics.md)
    try {
      reply = await transport.send(request, signal ? { signal } : {});
    } catch (e) {
      recordBrokerExchange(this.url, request, sentAt, { error: e });
      throw this.refusalError(e, request);
    }
    recordBrokerExchange(this.url, request, sentAt, { reply });
    const parsed = this.dialect.parse(task, reply, this.maxReplyBytes);
    this.warnings = parsed.warnings;
    await this.afterSuccess(task, request, parsed);
    return parsed;
  }

  /** A transport's `auth` error, said more precisely from what the request carried. */
  private refusalError(e: unknown, request: BrokerRequest): unknown {
    if (!isLauncherError(e) || e.kind !== 'auth' || isSshLoginRefusal(e)) return e; // SSH login refused: keep its specific message
    if (request.authid && request.password === undefined)
      return new LauncherError(
        'broker.cookie.refused',
        {},
        'The broker refused the auth-id cookie.',
        {
          ...e.details,
          hint: 'The cookie is unknown, expired, already used or bound to another address; give a valid --auth-id or sign in with a password.',
        },
      );
    if (!request.authid && request.password === undefined && !this.options.noAuth)
      return new LauncherError(
        'broker.auth.required',
        {},
        'The broker requires authentication, and no password or auth-id was given.',
        {
          ...e.details,
          hint: 'Give a password (--broker-password-file, --broker-password-stdin, --broker-password-env NAME, or run on a terminal to be asked), an --auth-id file, or --broker-noauth if the broker needs none.',
        },
      );
    return e;
  }

  private buildRequest(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login' | 'clientEvent'>,
  ): BrokerRequest {
    const req: BrokerRequest = { task, ...extra };
    const user = this.user;
    if (user !== null) req.user = user;
    else if (this.options.noAuth) req.user = '';
    const credentials = credentialsFor(this.state, task);
    if (credentials.authid !== undefined) req.authid = credentials.authid;
    if (credentials.password && this.password !== undefined) req.password = this.password;
    return req;
  }

  private async afterSuccess(
    task: BrokerTask,
    sent: BrokerRequest,
    parsed: ParsedReply,
  ): Promise<void> {
    const event = replyEvent(
      task,
      {
        ...(sent.authid !== undefined ? { authid: sent.authid } : {}),
        password: sent.password !== undefined,
      },
      parsed.authId,
      isAuthIdToken,
    );
    const effect = this.step(event);
    if (effect === 'refuse-cookie')
      // A rotated cookie with control characters, blanks or non-ASCII is hostile or broken:
      // never stored, sent back or written to the cookie file (docs/protocol.md §6.1).
      throw new LauncherError(
        'broker.cookie.malformed',
        {},
        'The broker issued an auth-id cookie that is not one token of printable characters; it was refused.',
        { hint: 'This is a broker fault (or not an X2Go broker): ask the administrator.' },
      );
    if (effect === 'persist' && event.type === 'cookie-issued') await this.persist(event.cookie);
  }

  private async persist(cookie: string): Promise<void> {
    if (!this.options.persistAuthId || !this.options.authIdFile) return;
    await writeAuthIdFile(this.options.authIdFile, cookie);
  }

  /** Load the auth-id cookie once (option, else file), then step `loaded`. */
  private init(): Promise<void> {
    if (this.state.phase !== 'unread') return Promise.resolve();
    // A failed read (missing or bad file) is not remembered: the next request reads again.
    this.loading ??= this.loadCookie().then(
      (cookie) => {
        this.step({ type: 'loaded', cookie });
      },
      (e: unknown) => {
        this.loading = null;
        throw e;
      },
    );
    return this.loading;
  }

  private async loadCookie(): Promise<string | null> {
    if (this.options.authId) return this.options.authId.trim() || null;
    if (!this.options.authIdFile) return null;
    // With --auth-id-persist a missing file is fine: the first sign-in creates it.
    const missing =
      this.options.persistAuthId && !(await stat(this.options.authIdFile).catch(() => null));
    return missing ? null : await readAuthIdFile(this.options.authIdFile);
  }

  private get maxReplyBytes(): number {
    return (
      this.options.maxReplyBytes ??
      this.options.transportOptions?.limits?.maxReplyBytes ??
      DEFAULT_LIMITS.maxReplyBytes
    );
  }

  private getTransport(): BrokerTransport {
    const options = this.options.transportOptions ?? {};
    const limits = {
      ...options.limits,
      maxReplyBytes: options.limits?.maxReplyBytes ?? this.maxReplyBytes,
    };
    if (this.transport) return this.transport;
    if (!this.failoverUrls.length) {
      this.transport = createTransport(this.url, { ...options, limits });
      return this.transport;
    }
    // Fail-over: a dead first URL must cost seconds, not the default 10 s connect timeout.
    const connectTimeoutMs = Math.min(
      limits.connectTimeoutMs ?? DEFAULT_LIMITS.connectTimeoutMs,
      FAILOVER_CONNECT_TIMEOUT_MS,
    );
    this.transport = new FailoverTransport(
      [this.url, ...this.failoverUrls],
      (url) => createTransport(url, { ...options, limits: { ...limits, connectTimeoutMs } }),
      this.options.onBrokerAnswered,
    );
    return this.transport;
  }
}

/**
 * One fail-over URL, parsed like the main one (the `dialect` option applies to all), refused
 * with `options.failover-url` when its dialect differs from the main URL's: the session reads
 * every reply with one dialect parser.
 */
function failoverUrl(
  text: string | BrokerUrl,
  main: BrokerUrl,
  options: BrokerSessionOptions,
): BrokerUrl {
  const url =
    typeof text === 'string'
      ? parseBrokerUrl(text, options.dialect ? { dialect: options.dialect } : {})
      : options.dialect
        ? { ...text, dialect: options.dialect }
        : text;
  if (url.dialect !== main.dialect)
    throw new LauncherError(
      'options.failover-url',
      {
        url: url.display,
        reason: `it gives ${url.dialect} replies, the broker URL ${main.dialect}`,
      },
      `The fail-over URL ${url.display} gives ${url.dialect} replies and the broker URL ${main.display} ${main.dialect}: all URLs of one broker must use the same dialect.`,
      { hint: 'Use …/plain/ or …/json/ in every URL, or give --dialect.' },
    );
  return url;
}
