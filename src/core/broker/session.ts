// A signed-in conversation with one broker: the lifecycle of python-x2go's
// X2GoSessionProfilesHTTPBROKER (authenticate, check, list, select, log out), over any
// transport and either dialect. Cookie rules (docs/protocol.md §6.2, §6.3):
//  * dynamic cookies are single-use, so requests run strictly one after another (a queue);
//  * the cookie of the latest successful reply replaces the current one;
//  * while we hold a broker-issued cookie we send only it (not the password);
//  * a 401 on a broker-issued cookie (expired, IP change) → drop it and retry once with the
//    initial credentials (pre-shared cookie and/or password);
//  * a reply without any cookie means the broker needs no authentication (noauth).
import { stat } from 'node:fs/promises';
import { LauncherError, isLauncherError } from '../errors';
import { createTransport, type TransportOptions } from '../transport/index';
import { isSshLoginRefusal } from '../transport/ssh-auth';
import type { BrokerRequest, BrokerTask, BrokerTransport } from '../transport/types';
import { isAuthIdToken, readAuthIdFile, writeAuthIdFile } from './auth-id-file';
import { jsonDialect } from './json';
import type { BrokerProfile, SelectedSession } from '../../shared/model';
import { plainDialect } from './plain';
import { normaliseProfiles } from './profile';
import type { DialectParser, ParsedReply } from './reply';
import { parseBrokerUrl, type BrokerScheme, type BrokerUrl, type Dialect } from './url';

export interface BrokerSessionOptions {
  url: string | BrokerUrl;
  dialect?: Dialect;
  user?: string;
  /** Memory only, never logged. */
  password?: string;
  noAuth?: boolean;
  authId?: string;
  authIdFile?: string;
  persistAuthId?: boolean;
  transport?: BrokerTransport;
  transportOptions?: TransportOptions;
}

/** Server values x2gobroker uses to say "nothing to connect to" (docs/protocol.md §8.1). */
const NO_SERVER = new Set(['no-server-available', 'no-x2go-server-available']);

export class BrokerSession {
  readonly url: BrokerUrl;
  private readonly options: BrokerSessionOptions;
  private readonly dialect: DialectParser;
  private transport: BrokerTransport | null;
  private password: string | undefined;
  /** Cookie given by the user (--auth-id / authId): sent on first contact and after a reset. */
  private initialCookie: string | null = null;
  /** Cookie the broker issued last (replaces the initial one while valid). */
  private issuedCookie: string | null = null;
  private cookieIsStatic = false;
  private initialised = false;
  private detectedNoAuth = false;
  private signedOut = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastProfiles = new Map<string, BrokerProfile>();
  /** Non-fatal reply oddities of the last request (for logs / --verbose). */
  warnings: string[] = [];

  constructor(options: BrokerSessionOptions) {
    this.options = options;
    this.url =
      typeof options.url === 'string'
        ? parseBrokerUrl(options.url, options.dialect ? { dialect: options.dialect } : {})
        : options.dialect && options.dialect !== options.url.dialect
          ? { ...options.url, dialect: options.dialect }
          : options.url;
    this.dialect = this.url.dialect === 'json' ? jsonDialect : plainDialect;
    this.password = options.password;
    this.transport = options.transport ?? null;
    if (options.persistAuthId && !options.authIdFile)
      throw new LauncherError(
        'options.auth-id-persist',
        {},
        '--auth-id-persist needs --auth-id FILE.',
      );
  }

  get user(): string | null {
    return this.options.user ?? this.url.user ?? null;
  }
  get scheme(): BrokerScheme {
    return this.url.scheme;
  }
  /** Configured (--broker-noauth) or detected (the broker issued no cookie). */
  get noAuth(): boolean {
    return !!this.options.noAuth || this.detectedNoAuth;
  }
  /** The cookie that the next request would send (for tests and diagnostics; a secret). */
  get currentCookie(): string | null {
    return this.issuedCookie ?? this.initialCookie;
  }

  async authenticate(signal?: AbortSignal): Promise<void> {
    await this.request('auth', {}, signal);
  }

  async checkAuthenticated(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.request('auth', {}, signal);
      return true;
    } catch (e) {
      if (isLauncherError(e) && (e.kind === 'auth' || e.kind === 'cookie-rejected')) return false;
      throw e;
    }
  }

  async listProfiles(signal?: AbortSignal): Promise<BrokerProfile[]> {
    const reply = await this.request('listsessions', {}, signal);
    const profiles = normaliseProfiles(reply.profiles ?? []);
    this.lastProfiles = new Map(profiles.map((p) => [p.id, p]));
    return profiles;
  }

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
   * The broker's connectivity test (task testcon, which still needs credentials). testcon
   * consumes a one-time cookie without returning the next one, so when a cookie is all we
   * hold (no password) an authentication-only request stands in for it: it proves the same
   * (broker reachable and answering) and keeps the cookie chain alive.
   */
  async testConnection(signal?: AbortSignal): Promise<{ ok: boolean; ms: number }> {
    const t0 = performance.now();
    await this.init();
    const cookieOnly =
      !this.options.noAuth &&
      this.password === undefined &&
      !this.cookieIsStatic &&
      this.currentCookie !== null;
    const reply = await this.request(cookieOnly ? 'auth' : 'testcon', {}, signal);
    return { ok: cookieOnly || reply.testcon, ms: Math.round(performance.now() - t0) };
  }

  /** Forget the password and every cookie and close the transport: a new sign-in is needed. */
  async logout(): Promise<void> {
    this.signedOut = true;
    this.password = undefined;
    this.initialCookie = null;
    this.issuedCookie = null;
    this.lastProfiles.clear();
    await this.close();
  }

  async close(): Promise<void> {
    const t = this.transport;
    this.transport = null;
    await t?.close();
  }

  // ---- request machinery ------------------------------------------------------------------

  private request(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login'>,
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    const run = this.queue.then(() => this.exchange(task, extra, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async exchange(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login'>,
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    if (this.signedOut)
      throw new LauncherError(
        'broker.signed-out',
        {},
        'Signed out from the broker: sign in again.',
      );
    if (signal?.aborted)
      throw new LauncherError('broker.cancelled', {}, 'The broker request was cancelled.');
    await this.init();
    const usedIssued = this.issuedCookie !== null;
    try {
      return await this.attempt(task, extra, signal);
    } catch (e) {
      // docs/protocol.md §6.3: a broker-issued cookie expired or was consumed → back to the
      // initial credentials.
      if (
        usedIssued &&
        isLauncherError(e) &&
        (e.kind === 'auth' || e.kind === 'cookie-rejected') &&
        !isSshLoginRefusal(e)
      ) {
        this.issuedCookie = null;
        this.cookieIsStatic = false;
        if (this.password !== undefined || this.initialCookie)
          return await this.attempt(task, extra, signal);
        throw new LauncherError(
          'broker.cookie.expired',
          {},
          'The broker no longer accepts the auth-id cookie.',
          {
            ...e.details,
            hint: 'Sign in again with your password, or give a fresh --auth-id file.',
          },
        );
      }
      throw e;
    }
  }

  private async attempt(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login'>,
    signal?: AbortSignal,
  ): Promise<ParsedReply> {
    const request = this.buildRequest(task, extra);
    const transport = this.getTransport();
    let reply;
    try {
      reply = await transport.send(request, signal ? { signal } : {});
    } catch (e) {
      if (
        isLauncherError(e) &&
        e.kind === 'auth' &&
        request.authid &&
        request.password === undefined &&
        !isSshLoginRefusal(e) // SSH server refused the login: not about the cookie
      )
        throw new LauncherError(
          'broker.cookie.refused',
          {},
          'The broker refused the auth-id cookie.',
          {
            ...e.details,
            hint: 'The cookie is unknown, expired, already used or bound to another address; give a valid --auth-id or sign in with a password.',
          },
        );
      if (
        isLauncherError(e) &&
        e.kind === 'auth' &&
        !request.authid &&
        request.password === undefined &&
        !this.options.noAuth &&
        !isSshLoginRefusal(e) // the SSH login itself failed: keep its specific message
      )
        throw new LauncherError(
          'broker.auth.required',
          {},
          'The broker requires authentication, and no password or auth-id was given.',
          {
            ...e.details,
            hint: 'Give a password (--broker-password-file, --broker-password-stdin, --broker-password-env NAME, or run on a terminal to be asked), an --auth-id file, or --broker-noauth if the broker needs none.',
          },
        );
      throw e;
    }
    const parsed = this.dialect.parse(task, reply);
    this.warnings = parsed.warnings;
    await this.afterSuccess(task, request, parsed);
    return parsed;
  }

  private buildRequest(
    task: BrokerTask,
    extra: Pick<BrokerRequest, 'sid' | 'login'>,
  ): BrokerRequest {
    const req: BrokerRequest = { task, ...extra };
    const user = this.user;
    if (user !== null) req.user = user;
    else if (this.options.noAuth) req.user = '';
    if (this.options.noAuth) return req;
    // testcon never returns the next cookie but consumes a one-time one: while the password is
    // known it authenticates with the initial credentials and leaves the cookie chain intact.
    const useIssued =
      this.issuedCookie !== null &&
      !(task === 'testcon' && this.password !== undefined && !this.cookieIsStatic);
    if (useIssued) {
      req.authid = this.issuedCookie!;
    } else {
      if (this.initialCookie) req.authid = this.initialCookie;
      if (this.password !== undefined) req.password = this.password;
    }
    return req;
  }

  private async afterSuccess(
    task: BrokerTask,
    sent: BrokerRequest,
    parsed: ParsedReply,
  ): Promise<void> {
    if (parsed.authId && !isAuthIdToken(parsed.authId)) {
      // A rotated cookie with control characters, blanks or non-ASCII is hostile or broken:
      // never stored, sent back or written to the cookie file. The one we sent may be used
      // up, so only the initial credentials remain for the next request.
      this.issuedCookie = null;
      this.cookieIsStatic = false;
      throw new LauncherError(
        'broker.cookie.malformed',
        {},
        'The broker issued an auth-id cookie that is not one token of printable characters; it was refused.',
        { hint: 'This is a broker fault (or not an X2Go broker): ask the administrator.' },
      );
    }
    if (parsed.authId) {
      this.cookieIsStatic = parsed.authId === sent.authid;
      // A cookie-only request answered with a different cookie: ours was one-time and is used up.
      if (sent.authid === this.initialCookie && sent.password === undefined && !this.cookieIsStatic)
        this.initialCookie = null;
      if (parsed.authId !== this.initialCookie) this.issuedCookie = parsed.authId;
      else this.issuedCookie = null; // the broker echoes the pre-shared cookie (cookie-only mode)
      await this.persist(parsed.authId);
    } else if (task !== 'testcon') {
      // Granted without any cookie: the broker requires neither password nor cookie.
      this.detectedNoAuth = true;
      this.issuedCookie = null;
    } else if (sent.authid && sent.authid === this.issuedCookie && !this.cookieIsStatic) {
      // testcon consumed our one-time cookie without returning the next one.
      this.issuedCookie = null;
    }
  }

  private async persist(cookie: string): Promise<void> {
    if (!this.options.persistAuthId || !this.options.authIdFile) return;
    await writeAuthIdFile(this.options.authIdFile, cookie);
  }

  private async init(): Promise<void> {
    if (this.initialised) return;
    if (this.options.authId) this.initialCookie = this.options.authId.trim() || null;
    else if (this.options.authIdFile) {
      // With --auth-id-persist a missing file is fine: the first sign-in creates it.
      const missing =
        this.options.persistAuthId && !(await stat(this.options.authIdFile).catch(() => null));
      if (!missing) this.initialCookie = await readAuthIdFile(this.options.authIdFile);
    }
    this.initialised = true;
  }

  private getTransport(): BrokerTransport {
    this.transport ??= createTransport(this.url, this.options.transportOptions ?? {});
    return this.transport;
  }
}
