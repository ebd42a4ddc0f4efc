// What each IPC call does, with every dependency injected: the broker session factory (core
// BrokerSession), the client launcher (core launcher), settings, password vault, dialogs.
// No Electron import: tests drive it with the real core and in-memory stores; index.ts wires
// it to ipcMain through registerHandler. Failures are thrown as LauncherError and become
// Result data in ipc.ts; the broker connection and all credentials stay in this process.
import { randomUUID } from 'node:crypto';
import type { BrokerProfile as CoreProfile, SelectedSession } from '../shared/model';
import { parseBrokerUrl } from '../core/broker/url';
import { LauncherError } from '../core/errors';
import type { EffectivePolicy } from '../core/config/managed';
import { localResourcePolicy, type ResourceName } from '../core/config/local-resources';
// perf (bench B4): a type only, so the main bundle still loads ssh2 lazily
import type { HostKeyPrefetch } from '../core/launcher/server-host-key';
import {
  directClient,
  openQuestions,
  requestedResources,
  type ResourceConsent,
  type ResourceRequest,
} from '../core/launcher/local-resources';
import type {
  CachedCatalogue,
  CancelTarget,
  CataloguePrefs,
  KioskReply,
  KioskRequest,
  LaunchNotice,
  LaunchOptions,
  LaunchOutcome,
  LocalClientInfo,
  LockableField,
  ProfileList,
  PromptResponse,
  SessionEvent,
  SignInRequest,
  SignedIn,
  StartupState,
  UiSettings,
} from '../shared/api';
import type { BrokerProfile } from '../shared/model';
import type { AppArgs } from './args';
import type { DeepLinkNotice, ShortcutCreated } from '../shared/api';
import type { ShortcutTarget } from './shortcuts';
import { toApiError } from './ipc';
import type { PasswordVault } from './passwords';
import { createSshPrompter, type PromptHub } from './prompts';
// fleet-config (issue 11)
import type { ConfigurationReport } from '../shared/configuration';
import { hostKeyRulesFor, withHostKeyRules } from './host-key-policy';
import { MAX_BROKER_ENTRIES, scopeKey, type LauncherSettings } from './settings';
import { changeBrokerPassword, type SetpassSession } from '../core/broker/setpass';
// health check and diagnostics (docs/health-check.md, docs/diagnostics.md)
import type { HealthReport } from '../shared/health';
import { brokerExchanges } from '../core/diagnostics/exchange-log';
import { allowedBrokerUrls, isAllowedBrokerUrl } from '../core/config/broker-lock';
import { appDiagnostics, appHealthCheck, type AppHealthOptions } from './health-diagnostics';
import { DiagnosticSecrets } from './diagnostic-secrets';
import type { HealthBroker } from '../core/health/check';
// several brokers in one catalogue (docs/brokers.md)
import {
  canAddBrokers,
  catalogueEntries,
  needsPassword,
  refreshRequest,
  storedEntryFor,
  toBrokerEntry,
  withEntryFirst,
  type CatalogueEntry,
} from './broker-entries';
import type { StoredBrokerEntry } from './settings';
import type { EventsBroker } from '../core/broker/broker-events';

/** The BrokerSession surface main uses (src/core/broker/session.ts). */
export interface BrokerSessionLike {
  readonly url: { display: string; scheme: string };
  /** Fail-over: the URL requests went to (docs/failover.md); absent: always `url`. */
  readonly activeUrl?: { display: string };
  readonly user: string | null;
  authenticate(signal?: AbortSignal): Promise<void>;
  listProfiles(signal?: AbortSignal): Promise<CoreProfile[]>;
  selectSession(
    profileId: string,
    opts?: { login?: string },
    signal?: AbortSignal,
  ): Promise<SelectedSession>;
  logout(): Promise<void>;
  close(): Promise<void>;
  // broker password change and connectivity test (BrokerSession has them; test doubles may not)
  testConnection?(signal?: AbortSignal): Promise<{ ok: boolean; ms: number }>;
  sendWithPassword?: SetpassSession['sendWithPassword'];
}

/** Everything a sign-in needs; the wiring maps it onto BrokerSessionOptions. */
export interface SessionRequest {
  url: string;
  user?: string;
  password?: string;
  noAuth?: boolean;
  authIdFile?: string;
  sshKeyFile?: string;
  sshAgent?: boolean;
  caFiles?: string[];
  /** Admin's known_hosts for SSH brokers (read, never written). */
  knownHostsFiles?: string[];
  prompter: ReturnType<typeof createSshPrompter>;
  /** Issue 13: this URL only, without the policy's fail-over URLs (the kiosk's probe). */
  noFailover?: boolean;
}

export type SessionFactory = (request: SessionRequest) => BrokerSessionLike;

export interface LaunchRequest {
  selected: SelectedSession;
  profile: CoreProfile;
  /** Session name to resume; undefined/'new' starts a new session. */
  resume?: string;
  brokerUrl: string;
  brokerUser: string | null;
  /** The admin's known_hosts files: they vouch for the X2Go server's host key too. */
  knownHostsFiles?: string[];
  /** The admin's local-resource policy for this broker and the user's answers. */
  localResources?: ResourceConsent;
  /** perf (bench B4): the X2Go server key exchange begun at the click (prefetchHostKey). */
  hostKeyAhead?: HostKeyPrefetch;
  // broker events (issue 13 §7): the signed-in session, when it can send client events; the
  // launcher reports to it only if its listsessions reply asked (core/broker/broker-events.ts)
  brokerEvents?: Partial<EventsBroker>;
}

/**
 * The controller's handle on one started client (what ClientLauncherLike.start returns). The
 * client process itself is the core's RunningClient (src/core/launcher/process.ts).
 */
export interface LaunchHandle {
  client: 'x2goclient' | 'pyhoca-cli';
  /** Settles when the client process exits (never rejects for a non-zero exit). */
  exited: Promise<{ exitCode: number | null }>;
  /** Settles after the cleanup (helpers ended, private dir removed); never rejects. */
  done?: Promise<void>;
  /** Ask the client to end; `now`: even while its session is still coming up. */
  stop?(now?: boolean): void;
  /** Remove the launch's private files (key, session file) now, synchronously. */
  removeFiles?(): void;
  /** What the user should know about this launch (shown while it runs). */
  notices?: LaunchNotice[];
}

/**
 * The kiosk's hooks into the controller (issue 12; src/main/kiosk-app.ts attaches them): the
 * kiosk IPC call, sign-in changes, and every event the controller emits.
 */
export interface KioskPort {
  request(request: KioskRequest): Promise<KioskReply>;
  /** Signed in with these profiles (ids), or signed out (null). */
  signInChanged(profileIds: string[] | null): void;
  sessionEvent(event: SessionEvent): void;
}

/** How long quitting waits for running clients to end before it removes their files. */
export const QUIT_GRACE_MS = 10_000;

/** The local client launcher (src/core/launcher), wired in index.ts. */
export interface ClientLauncherLike {
  detect(): Promise<LocalClientInfo>;
  start(request: LaunchRequest): Promise<LaunchHandle>;
  /** Load what `start` needs ahead of time (called once the catalogue is shown). */
  warm?(): void;
  /**
   * perf (bench B4): start the key exchange with the profile's server before selectsession
   * (null: no single valid server, no client). Nothing is judged: `start` does that.
   */
  prefetchHostKey?(profile: CoreProfile, knownHostsFiles?: string[]): HostKeyPrefetch | null;
  terminate?(request: LaunchRequest & { sessionName: string }): Promise<void>;
}

export interface ControllerDeps {
  settings: LauncherSettings;
  passwords: PasswordVault;
  policy: EffectivePolicy;
  args: AppArgs;
  createSession: SessionFactory;
  launcher: ClientLauncherLike;
  prompts: PromptHub;
  emit(event: SessionEvent): void;
  pickFile(purpose: 'ssh-key' | 'auth-id'): Promise<string | null>;
  openExternal(url: string): Promise<void>;
  platform: NodeJS.Platform;
  version: string;
  now?: () => number;
  log?: { info(m: string): void; warn(m: string): void };
  // deep links and shortcuts (docs/deep-links.md)
  /** Links waiting for the renderer (DeepLinkRouter.takePending, src/main/deep-links.ts). */
  takeDeepLinks?: () => DeepLinkNotice[];
  /** Write a desktop shortcut (src/main/shortcuts.ts); absent: 'shortcut.unavailable'. */
  writeShortcut?: (target: ShortcutTarget) => Promise<ShortcutCreated>;
  // fleet-config (issue 11)
  /** "About this configuration" (core/config/report.ts), made once at start by index.ts. */
  configuration?: ConfigurationReport;
  /** Quit the app (`--close-disconnect` after the session's client exits). */
  quit?: () => void;
  // health check and diagnostics (docs/health-check.md, docs/diagnostics.md)
  /** Options of "Check connection" (known_hosts files, client path; tests). */
  health?: AppHealthOptions;
  /** Put text on the system clipboard ("Copy diagnostics"). */
  writeClipboard?(text: string): void | Promise<void>;
}

/** One signed-in broker entry (docs/brokers.md §1): its own session, list and operation. */
interface Active {
  /** The entry's key (BrokerEntry.key): scopeKey(brokerUrl, user). */
  key: string;
  session: BrokerSessionLike;
  brokerUrl: string;
  user: string | null;
  /** Full profiles (with raw fields) by id: the renderer gets them without `raw`. */
  profiles: Map<string, CoreProfile>;
}

export class LauncherController {
  /**
   * Several brokers (docs/brokers.md §1): the signed-in entries by key, in sign-in order —
   * the last one is the primary, the broker of calls that name none.
   */
  private sessions = new Map<string, Active>();
  /** Clients started by this app that have not finished their cleanup, by launch id. */
  private readonly launches = new Map<string, LaunchHandle>();
  /** The operation in progress per entry key: one entry's never aborts another's. */
  private readonly operations = new Map<string, AbortController>();
  /**
   * Counts the sign-outs of every broker: a sign-in or refresh that began before one must not
   * put its session back after it (the user signed out; docs/brokers.md §1).
   */
  private signOuts = 0;
  /** Entries whose operation now is a sign-in from the form (cancel({ signIn: true })). */
  private readonly formSignIns = new Set<string>();
  /** Entries of this run when policy allowRememberUser is false (never written to disk). */
  private memoryEntries: StoredBrokerEntry[] = [];
  private readonly now: () => number;
  /** The kiosk, when the app runs as one (attachKiosk). */
  private kioskPort: KioskPort | null = null;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Kiosk mode (issue 12): the kiosk sees sign-ins and events, and takes the kiosk call. */
  attachKiosk(port: KioskPort): void {
    this.kioskPort = port;
    const emit = this.deps.emit.bind(this.deps);
    this.deps.emit = (event) => {
      emit(event);
      port.sessionEvent(event);
    };
  }

  /** The kiosk IPC call; LauncherError kiosk.off when the app is no kiosk. */
  async kiosk(request: KioskRequest): Promise<KioskReply> {
    if (!this.kioskPort)
      throw new LauncherError('kiosk.off', {}, 'This launcher is not running as a kiosk.');
    return this.kioskPort.request(request);
  }

  /** Signed in to at least one broker (docs/brokers.md §1). */
  get signedIn(): boolean {
    return this.sessions.size > 0;
  }

  /** The primary broker session: the last sign-in still signed in (docs/brokers.md §1). */
  private get active(): Active | null {
    let last: Active | null = null;
    for (const a of this.sessions.values()) last = a;
    return last;
  }

  /**
   * What the renderer needs at start: settings, locks, prefill, the preselected broker's
   * cached list, and every broker entry with its own cached list (docs/brokers.md §5).
   */
  async getStartupState(): Promise<StartupState> {
    const { settings, policy, args } = this.deps;
    const brokers = [...new Set([...settings.brokerUrls(), ...policy.brokerUrls])];
    const lastUsers = settings.lastUsers();
    const prefillUrl = policy.brokerUrl ?? undefined;
    const preselected = displayUrl(prefillUrl ?? settings.lastBrokerUrl() ?? '') ?? null;
    const urlUser = prefillUrl ? safeParse(prefillUrl)?.user : null;
    const user = urlUser ?? (preselected ? lastUsers[preselected] : undefined);
    const scope = preselected ? scopeKey(preselected, user ?? null) : null;
    const cachedList = scope ? settings.cachedProfiles(scope) : null;
    const cached: CachedCatalogue | null =
      preselected && cachedList
        ? {
            brokerUrl: preselected,
            user: user ?? null,
            profiles: cachedList.profiles,
            fetchedAt: cachedList.savedAt,
          }
        : null;
    const ui: UiSettings = {
      brokers,
      lastBroker: preselected,
      lastUsers,
      view: settings.view(),
      locale: settings.locale(),
    };
    const locked: LockableField[] = [];
    if (policy.lockBrokerUrl) locked.push('brokerUrl');
    if (!policy.allowRememberPassword) locked.push('rememberPassword');
    // language choice: the managed policy key `language` fixes it; a packaged default only
    // stands in for "system" until the user chooses (views/account.ts)
    if (policy.language && policy.sources.language === 'managed') {
      ui.locale = policy.language;
      locked.push('locale');
    } else if (policy.language && ui.locale === null) ui.locale = policy.language;
    const passwordStorage = this.deps.passwords.status();
    const client = await this.deps.launcher
      .detect()
      .catch((): LocalClientInfo => ({ available: false, name: null }));
    const prefill: StartupState['prefill'] = {};
    if (prefillUrl) prefill.brokerUrl = prefillUrl;
    if (user) prefill.user = user;
    if (args.authIdFile) prefill.authIdFile = args.authIdFile;
    if (args.sshKeyFile) prefill.sshKeyFile = args.sshKeyFile;
    if (args.noAuth) prefill.noAuth = true;
    if (args.session) prefill.session = args.session;
    if (prefillUrl && (args.noAuth || args.sshAgent || args.sshKeyFile)) prefill.autoSubmit = true;
    return {
      settings: ui,
      locked,
      prefill,
      kiosk: policy.kiosk,
      passwordStorage,
      savedPassword: scope ? this.deps.passwords.has(scope) : false,
      cached,
      cachedPrefs: scope && cached ? this.prefs(scope) : null,
      client,
      capabilities: {
        terminate: typeof this.deps.launcher.terminate === 'function',
        // a kiosk opens no file dialogs (a way to browse and start things)
        filePicker: !policy.kiosk,
      },
      platform: ['linux', 'win32', 'darwin'].includes(this.deps.platform)
        ? (this.deps.platform as 'linux' | 'win32' | 'darwin')
        : 'other',
      version: this.deps.version,
      ...(this.deps.takeDeepLinks ? { deepLinks: this.deps.takeDeepLinks() } : {}),
      // fleet-config (issue 11)
      brokerName: policy.brokerName,
      logoutButton: args.logoutButton,
      // several brokers (docs/brokers.md)
      brokerEntries: this.entries(scope).map((e) =>
        toBrokerEntry(e, settings, this.deps.passwords),
      ),
      canAddBrokers: canAddBrokers(policy),
    };
  }

  // ---- several brokers in one catalogue (docs/brokers.md) ---------------------------------

  /** The catalogue's entries (broker-entries.ts), `preselectedKey` first. */
  private entries(preselectedKey: string | null = null): CatalogueEntry[] {
    const { settings, policy, args } = this.deps;
    return catalogueEntries({
      settings,
      policy,
      args,
      memory: this.memoryEntries,
      preselectedKey: preselectedKey ?? this.active?.key ?? null,
    });
  }

  /**
   * Sign in to an entry again with what is stored and fetch its list (docs/brokers.md §3); the
   * other brokers stay signed in, and a live session of this entry is replaced only once the
   * new one is in.
   * @throws LauncherError 'broker.unknown-entry' (no such entry), 'broker.needs-password'
   *   (a password must be typed, none is saved), and every sign-in error of this broker.
   */
  async refreshBroker(key: string): Promise<SignedIn> {
    const entry = this.entries().find((e) => e.key === key);
    if (!entry) throw unknownEntry();
    const request = refreshRequest(entry, this.deps.passwords);
    try {
      return await this.signInEntry({ ...request, add: true }, 'refresh');
    } catch (error) {
      // the keychain could not give the saved password back: the user must type it
      if (isCode(error, 'password.not-saved')) throw needsPassword(entry.brokerUrl);
      throw error;
    }
  }

  /**
   * Sign out of an entry and forget it: its cached list, favourites, recents and saved
   * password (docs/brokers.md §3). Other brokers stay signed in.
   * @throws LauncherError 'broker.unknown-entry', 'broker.entry-managed' (the policy's broker).
   */
  async removeBroker(key: string): Promise<void> {
    const entry = this.entries().find((e) => e.key === key);
    if (!entry) {
      if (!this.sessions.has(key)) throw unknownEntry();
    } else if (entry.managed) {
      throw new LauncherError(
        'broker.entry-managed',
        { broker: entry.brokerUrl },
        `Your administrator set up ${entry.brokerUrl}: it cannot be removed.`,
      );
    }
    this.operations.get(key)?.abort();
    await this.endSession(key);
    this.memoryEntries = this.memoryEntries.filter((e) => scopeKey(e.brokerUrl, e.user) !== key);
    this.deps.settings.forgetBrokerEntry(key);
    this.deps.passwords.forget(key);
  }

  /**
   * The newest sign-in goes last: it is the primary (docs/brokers.md §1). A refresh keeps its
   * entry's place, or joins first (not primary) while another broker is signed in.
   */
  private placeSession(active: Active, mode: 'sign-in' | 'refresh'): void {
    if (mode === 'sign-in') {
      this.sessions.delete(active.key);
      this.sessions.set(active.key, active);
    } else if (this.sessions.has(active.key)) this.sessions.set(active.key, active);
    else this.sessions = new Map([[active.key, active], ...this.sessions]);
    // as many live sessions as the catalogue has entries: beyond, the oldest is signed out
    // (each holds a connection, a cookie and a list; the catalogue would not show it)
    for (const [key, old] of this.sessions) {
      if (this.sessions.size <= MAX_BROKER_ENTRIES) break;
      if (key === active.key) continue;
      this.sessions.delete(key);
      void old.session.logout().catch(() => undefined);
    }
  }

  /** The entry is recorded (settings or this run's memory), not only the policy's stand-in. */
  private recordedEntry(key: string): boolean {
    const recorded = this.deps.policy.allowRememberUser
      ? [...this.memoryEntries, ...this.deps.settings.brokerEntries()]
      : this.memoryEntries;
    return recorded.some((e) => scopeKey(e.brokerUrl, e.user) === key);
  }

  /** Record a signed-in entry (settings, or this run only when users are not remembered). */
  private recordEntry(entry: StoredBrokerEntry): void {
    if (this.deps.policy.allowRememberUser) this.deps.settings.rememberBrokerEntry(entry);
    else this.memoryEntries = withEntryFirst(this.memoryEntries, entry);
  }

  /**
   * An event's `broker` (docs/brokers.md §4): named when the call named its broker or the
   * catalogue has several entries; absent in one-broker use (events unchanged there).
   */
  private brokerTag(key: string, named: boolean): { broker?: string } {
    if (named || this.sessions.size > 1 || this.entries().length > 1) return { broker: key };
    return {};
  }

  /** End one entry's session (logout, its operation aborted); the others stay. */
  private async endSession(key: string): Promise<void> {
    const active = this.sessions.get(key);
    this.sessions.delete(key);
    // the secrets to mask go with the last session, unless another sign-in is still running
    const othersBusy = [...this.operations.keys()].some((k) => k !== key);
    if (this.sessions.size === 0 && !othersBusy) this.forgetDiagnostics();
    if (active) await active.session.logout().catch(() => undefined);
  }

  /** fleet-config: the report the CLI's `config --json` prints, for the read-only view. */
  getConfiguration(): ConfigurationReport {
    const report = this.deps.configuration;
    if (!report)
      throw new LauncherError('internal.unexpected', {}, 'No configuration report was made.');
    return report;
  }

  /**
   * After the list went to the renderer (next macrotask, so the reply is not held up): load
   * what a click on a tile needs (ssh2 for the host key check), not in the click's path.
   */
  private warmLauncher(): void {
    const { launcher, log } = this.deps;
    if (!launcher.warm) return;
    setTimeout(() => {
      try {
        launcher.warm?.();
      } catch (e) {
        log?.warn(`launcher warm-up failed: ${(e as Error).message}`);
      }
    }, 0).unref?.();
  }

  /**
   * Sign in to a broker and fetch its list. Without `add` every other broker session ends
   * first (one-broker use); with `add` (docs/brokers.md §1) the others stay signed in.
   * @throws LauncherError 'policy.one-broker' (another broker than the locked one, or `add`
   *   on a kiosk / locked URL), 'password.not-saved', and the broker's sign-in errors.
   */
  async signIn(request: SignInRequest): Promise<SignedIn> {
    if (request.add && !canAddBrokers(this.deps.policy)) {
      const broker = this.deps.policy.brokerUrl ?? '';
      throw new LauncherError(
        'policy.one-broker',
        { broker },
        'This launcher is set up for one broker only.',
        { hint: broker ? `Use ${broker}.` : 'Sign in without adding a broker.' },
      );
    }
    return this.signInEntry(request, 'sign-in');
  }

  /**
   * signIn's work. A `refresh` (refreshBroker, docs/brokers.md §3) names its broker on the
   * events, and leaves the primary broker, the entries' order and the preselected broker as
   * they are: only the user's own sign-ins change those.
   */
  private async signInEntry(
    request: SignInRequest,
    mode: 'sign-in' | 'refresh',
  ): Promise<SignedIn> {
    const { policy, passwords, settings } = this.deps;
    const named = mode === 'refresh' || request.add === true;
    const url = parseBrokerUrl(request.url);
    // the locked broker: its URL or any URL of its fail-over list (core/config/broker-lock.ts)
    const allowed = allowedBrokerUrls(policy);
    if (allowed && !isAllowedBrokerUrl(allowed, url.display)) {
      const broker = allowed[0] ?? policy.brokerUrl ?? '';
      throw new LauncherError(
        'policy.one-broker',
        { broker },
        'This launcher is set up for one broker only.',
        { hint: `Use ${broker}.` },
      );
    }
    const user = (request.user ?? '').trim() || url.user || null;
    const scope = scopeKey(url.display, user);
    let password = request.password;
    if (request.useSavedPassword) {
      password = passwords.load(scope) ?? undefined;
      if (password === undefined) {
        throw new LauncherError(
          'password.not-saved',
          {},
          'No saved password for this broker and user.',
          {
            hint: 'Type the password.',
          },
        );
      }
    }
    // the operation exists from here (startOperation aborts only this entry's earlier one), so
    // that cancel() and the form's Cancel reach it even while the others sign out
    const signal = this.startOperation(scope);
    if (mode === 'sign-in') this.formSignIns.add(scope);
    if (!request.add) {
      // a sign-in without add replaces every other broker session: their operations end, and
      // a refresh begun while they log out cannot sign in after (the second count below)
      for (const [key, op] of this.operations) if (key !== scope) op.abort();
      await this.signOutQuietly();
      try {
        signal.throwIfAborted();
      } catch (error) {
        this.endOperation(scope, signal);
        throw this.cancelledOr(error, signal);
      }
      this.signOuts++;
      for (const [key, op] of this.operations) if (key !== scope) op.abort();
      // a refresh that finished while they logged out signed in meanwhile: it goes too
      const late = [...this.sessions.values()];
      this.sessions.clear();
      for (const a of late) void a.session.logout().catch(() => undefined);
    }
    const signOutsBefore = this.signOuts;
    const tag = this.brokerTag(scope, named);
    this.typedSecrets.add(password); // diagnostics: masked, memory only, gone at sign-out
    const session = this.deps.createSession({
      url: request.url,
      ...(user ? { user } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(request.noAuth ? { noAuth: true } : {}),
      ...(request.authIdFile ? { authIdFile: request.authIdFile } : {}),
      ...(request.sshKeyFile ? { sshKeyFile: request.sshKeyFile } : {}),
      ...(request.sshAgent ? { sshAgent: true } : {}),
      ...(policy.brokerCaFile || policy.brokerCaFiles.length
        ? {
            caFiles: [
              ...policy.brokerCaFiles,
              ...(policy.brokerCaFile ? [policy.brokerCaFile] : []),
            ],
          }
        : {}),
      ...(policy.sshKnownHostsFile ? { knownHostsFiles: [policy.sshKnownHostsFile] } : {}),
      prompter: withHostKeyRules(
        createSshPrompter(this.deps.prompts, () => password),
        hostKeyRulesFor(policy, this.deps.args),
      ),
    });
    try {
      this.progress('sign-in', 'connecting', tag);
      this.progress('sign-in', 'authenticating', tag);
      await session.authenticate(signal);
      this.progress('sign-in', 'loading-profiles', tag);
      const profiles = await session.listProfiles(signal);
      signal.throwIfAborted();
      if (this.signOuts !== signOutsBefore)
        throw new LauncherError('operation.cancelled', {}, 'Cancelled: you signed out meanwhile.');
      const fetchedAt = this.now();
      const activeUser = session.user ?? user;
      const activeScope = scopeKey(url.display, activeUser);
      const replaced = this.sessions.get(activeScope);
      this.placeSession(
        {
          key: activeScope,
          session,
          brokerUrl: url.display,
          user: activeUser,
          profiles: new Map(profiles.map((p) => [p.id, p])),
        },
        mode,
      );
      if (replaced && replaced.session !== session)
        void replaced.session.logout().catch(() => undefined);
      const entry = storedEntryFor(url.display, activeUser, request, password);
      if (mode === 'sign-in') {
        settings.rememberSignIn(url.display, activeUser, policy.allowRememberUser);
        this.recordEntry(entry);
      } else if (!this.recordedEntry(activeScope)) this.recordEntry(entry);
      settings.saveProfiles(activeScope, profiles);
      // Fail-over (issue 13): remember and show which URL of this broker answered.
      const answered = session.activeUrl?.display;
      const answeredUrl = answered && answered !== url.display ? answered : undefined;
      if (answered) settings.rememberAnsweredUrl(url.display, answered);
      let passwordRemembered = false;
      if (request.remember && password && !request.useSavedPassword) {
        passwordRemembered = passwords.save(activeScope, password);
      } else if (request.useSavedPassword) {
        passwordRemembered = true;
      } else if (password) {
        // Signed in with a typed password and "remember" unticked: forget any stored one.
        passwords.forget(activeScope);
      }
      this.warmLauncher();
      this.kioskPort?.signInChanged(profiles.map((p) => p.id));
      return {
        brokerUrl: url.display,
        user: activeUser,
        profiles: profiles.map(forRenderer),
        fetchedAt,
        prefs: this.prefs(activeScope),
        passwordRemembered,
        ...(answeredUrl ? { answeredUrl } : {}),
        broker: activeScope,
      };
    } catch (error) {
      await session.close().catch(() => undefined);
      // A stored password the broker refuses is stale: forget it, the user types a new one.
      if (request.useSavedPassword && isKind(error, 'auth')) passwords.forget(scope);
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(scope, signal);
    }
  }

  /**
   * Fetch the list again with the held credentials/cookie: of `broker` (an entry key), or of
   * the primary broker when absent (docs/brokers.md §4).
   */
  async listProfiles(broker?: string): Promise<ProfileList> {
    const active = this.requireActive(broker);
    const signal = this.startOperation(active.key);
    try {
      this.progress(
        'refresh',
        'loading-profiles',
        this.brokerTag(active.key, broker !== undefined),
      );
      const profiles = await active.session.listProfiles(signal);
      signal.throwIfAborted();
      active.profiles = new Map(profiles.map((p) => [p.id, p]));
      this.deps.settings.saveProfiles(active.key, profiles);
      return { profiles: profiles.map(forRenderer), fetchedAt: this.now() };
    } catch (error) {
      await this.signedOutIfRefused(error, active);
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(active.key, signal);
    }
  }

  /**
   * Ask the broker for a profile's session and hand it to the local client; `broker`: the
   * profile's entry key, absent: the primary broker (docs/brokers.md §4).
   */
  async selectAndLaunch(
    profileId: string,
    options: LaunchOptions,
    broker?: string,
  ): Promise<LaunchOutcome> {
    const active = this.requireActive(broker);
    const profile = active.profiles.get(profileId);
    if (!profile) {
      throw new LauncherError(
        'profile.gone',
        {},
        'This profile is no longer offered by the broker.',
        {
          hint: 'Refresh the list.',
        },
      );
    }
    // perf (bench B4): the X2Go server's key exchange runs from here, while the broker answers
    // selectsession; the launcher judges it only for the server selectsession names
    const knownHostsFiles = this.deps.policy.sshKnownHostsFile
      ? [this.deps.policy.sshKnownHostsFile]
      : undefined;
    let hostKeyAhead: HostKeyPrefetch | null = null;
    try {
      hostKeyAhead = this.deps.launcher.prefetchHostKey?.(profile, knownHostsFiles) ?? null;
    } catch (e) {
      this.deps.log?.warn(`host key prefetch not started: ${(e as Error).message}`); // checked later
    }
    try {
      return await this.selectAndLaunchWith(
        active,
        profile,
        options,
        hostKeyAhead,
        broker !== undefined,
      );
    } finally {
      hostKeyAhead?.cancel(); // unused (another server, a choice to make, a failure) or done
    }
  }

  private async selectAndLaunchWith(
    active: Active,
    profile: CoreProfile,
    options: LaunchOptions,
    hostKeyAhead: HostKeyPrefetch | null,
    named: boolean,
  ): Promise<LaunchOutcome> {
    const profileId = profile.id;
    const launchId = randomUUID();
    const tag = this.brokerTag(active.key, named);
    const event = (state: Extract<SessionEvent, { type: 'launch' }>['state'], extra = {}): void =>
      this.deps.emit({ type: 'launch', launchId, profileId, ...tag, state, ...extra });
    // Local resources are decided BEFORE selectsession: a broker-pushed key lives ~20 s.
    let localResources: ResourceConsent;
    try {
      localResources = await this.localConsent(active, profile);
    } catch (error) {
      event('failed', { error: toApiError(error) });
      throw error;
    }
    const signal = this.startOperation(active.key);
    let selected: SelectedSession;
    try {
      this.progress('launch', 'asking-broker', tag);
      event('asking-broker');
      selected = await active.session.selectSession(profileId, {}, signal);
      this.typedSecrets.addKey(selected.privateKey); // diagnostics: the pushed key, masked
      signal.throwIfAborted();
    } catch (error) {
      const failure = this.cancelledOr(error, signal);
      event('failed', { error: toApiError(failure) });
      await this.signedOutIfRefused(error, active);
      throw failure;
    } finally {
      this.endOperation(active.key, signal);
    }
    // The user picks resume / new when the broker lists their sessions, unless
    // --no-autoresume said "always a new session" (x2goclient's meaning).
    if (
      options.resume === undefined &&
      selected.sessionInfo.length > 0 &&
      !this.deps.args.noAutoresume
    ) {
      return { kind: 'choose', sessions: selected.sessionInfo };
    }
    const request: LaunchRequest = {
      selected,
      profile,
      brokerUrl: active.brokerUrl,
      brokerUser: active.user,
      ...(options.resume && options.resume !== 'new' ? { resume: options.resume } : {}),
      localResources,
      ...(this.deps.policy.sshKnownHostsFile
        ? { knownHostsFiles: [this.deps.policy.sshKnownHostsFile] }
        : {}),
      ...(hostKeyAhead ? { hostKeyAhead } : {}),
      ...eventsBrokerOf(active.session), // broker events (issue 13 §7)
    };
    event('starting-client');
    let running: LaunchHandle;
    try {
      running = await this.deps.launcher.start(request);
    } catch (error) {
      event('failed', { error: toApiError(error) });
      throw error;
    }
    this.launches.set(launchId, running);
    const forget = () => this.launches.delete(launchId);
    void (running.done ?? running.exited).then(forget, forget);
    this.deps.settings.addRecent(active.key, profileId);
    event('running', running.notices?.length ? { notices: running.notices } : {});
    void running.exited.then(
      ({ exitCode }) => this.clientEnded(event, exitCode),
      (error: unknown) => event('failed', { error: toApiError(error) }),
    );
    return { kind: 'launched', launchId, client: running.client };
  }

  /**
   * What the session may use of this machine: the admin's policy for this broker, the answers
   * remembered for it, and — where the policy leaves a resource open and nobody answered yet —
   * the user's answer to one question (Allow once / Always for this broker / Don't allow).
   * Throws LauncherError('client') for a direct RDP/XDMCP profile without an admin-named client,
   * 'cancelled' when the question is closed unanswered. docs/handoff.md §3.
   */
  private async localConsent(active: Active, profile: CoreProfile): Promise<ResourceConsent> {
    const policy = localResourcePolicy(this.deps.policy.localResources, active.brokerUrl);
    const request = requestedResources(profile);
    directClient(request, policy);
    const answers = this.deps.settings.resourceAnswers(active.brokerUrl);
    const open = openQuestions(request, policy, answers);
    if (open.length > 0) {
      const response = await this.deps.prompts.ask({
        kind: 'local-resources',
        broker: active.brokerUrl,
        profile: profile.label,
        resources: open.map((name) => ({ name, items: askItems(name, request) })),
      });
      if (response.kind !== 'local-resources')
        throw new LauncherError('launch.cancelled', {}, 'Cancelled: the session was not started.');
      const fresh: Partial<Record<ResourceName, boolean>> = {};
      for (const name of open) fresh[name] = response.decision !== 'deny';
      Object.assign(answers, fresh);
      if (response.decision !== 'once')
        this.deps.settings.rememberResourceAnswers(active.brokerUrl, fresh);
    }
    return { policy, answers };
  }

  // ---- broker password change and connectivity test (views/account.ts) ----------------

  /**
   * Change the broker password of the signed-in user (core/broker/setpass.ts: proven by a
   * sign-in with the new one). A password remembered in the keychain is replaced by the new
   * one. Throws the setpass errors (wrong-password, ignored, ssh-unsupported, no-password …).
   */
  async changeBrokerPassword(current: string, next: string): Promise<void> {
    const active = this.requireActive();
    const session = active.session;
    if (!session.sendWithPassword)
      throw new LauncherError(
        'broker.setpass.no-password',
        {},
        'This broker signs you in without a password, so there is no broker password to change.',
      );
    this.typedSecrets.add(current); // diagnostics: both passwords masked, memory only
    this.typedSecrets.add(next);
    const signal = this.startOperation(active.key);
    try {
      await changeBrokerPassword(session as unknown as SetpassSession, current, next, signal);
      if (this.deps.passwords.has(active.key)) this.deps.passwords.save(active.key, next);
    } catch (error) {
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(active.key, signal);
    }
  }

  // ---- health check and diagnostics (docs/health-check.md, docs/diagnostics.md) ----------

  private lastHealth: HealthReport | null = null;
  /** Passwords typed (or loaded) for this sign-in and keys it got: only for masking. */
  private readonly typedSecrets = new DiagnosticSecrets();

  /**
   * "Check connection": every check a launch needs, nothing handed off (core health); of the
   * profile of `broker` (entry key), absent: the primary broker (docs/brokers.md §4).
   */
  async checkConnection(profileId: string, broker?: string): Promise<HealthReport> {
    const active = this.requireActive(broker);
    const client = (await this.deps.launcher.detect()).name ?? 'x2goclient';
    const signal = this.startOperation(active.key);
    try {
      const report = await appHealthCheck(
        { url: parseBrokerUrl(active.brokerUrl), ...bindSession(active.session) },
        profileId,
        client,
        this.deps.policy,
        this.deps.health ?? {},
        signal,
      );
      this.lastHealth = report;
      return report;
    } finally {
      this.endOperation(active.key, signal);
    }
  }

  /** The broker's connectivity test (task testcon, x2goclient's --connectivity-test). */
  async testConnection(): Promise<{ ms: number }> {
    const active = this.requireActive();
    if (!active.session.testConnection)
      throw new LauncherError('broker.not-signed-in', {}, 'You are not signed in to a broker.');
    const signal = this.startOperation(active.key);
    try {
      const r = await active.session.testConnection(signal);
      return { ms: r.ms };
    } catch (error) {
      await this.signedOutIfRefused(error, active);
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(active.key, signal);
    }
  }

  /** "Copy diagnostics": the masked bundle on the clipboard (main's); returns its size. */
  async copyDiagnostics(): Promise<{ bytes: number }> {
    const text = await appDiagnostics({
      version: this.deps.version,
      configuration: this.deps.configuration ?? null,
      health: this.lastHealth,
      // the cookies the sessions hold now (BrokerSession.currentCookie) and the passwords and
      // keys of these sign-ins, masked in every form
      secrets: [
        ...[...this.sessions.values()].map((a) => currentCookieOf(a.session)),
        ...this.typedSecrets.list(),
      ],
    });
    if (!this.deps.writeClipboard)
      throw new LauncherError(
        'diagnostics.output-failed',
        { file: 'clipboard', reason: 'no clipboard' },
        'No clipboard here.',
      );
    await this.deps.writeClipboard(text);
    return { bytes: Buffer.byteLength(text, 'utf8') };
  }

  /** Terminate a broker-reported session of a profile of `broker` (absent: the primary). */
  async terminateSession(profileId: string, sessionName: string, broker?: string): Promise<void> {
    const active = this.requireActive(broker);
    const profile = active.profiles.get(profileId);
    if (!profile || !this.deps.launcher.terminate) {
      throw new LauncherError(
        'terminate.unavailable',
        {},
        'Terminating sessions is not available here.',
      );
    }
    const selected = await active.session.selectSession(profileId, {});
    this.typedSecrets.addKey(selected.privateKey); // diagnostics: the pushed key, masked
    await this.deps.launcher.terminate({
      selected,
      profile,
      sessionName,
      brokerUrl: active.brokerUrl,
      brokerUser: active.user,
    });
  }

  /**
   * Star or unstar a profile of `broker` (an entry key: signed in or only cached), absent: of
   * the primary broker. Favourites are per entry (docs/brokers.md §4).
   * @throws LauncherError 'broker.not-signed-in' (no broker named, none signed in),
   *   'broker.unknown-entry' (a key the catalogue does not have).
   */
  setFavourite(profileId: string, favourite: boolean, broker?: string): CataloguePrefs {
    let scope: string;
    if (broker === undefined) scope = this.requireActive().key;
    else if (this.sessions.has(broker) || this.entries().some((e) => e.key === broker))
      scope = broker;
    else throw unknownEntry();
    this.deps.settings.setFavourite(scope, profileId, favourite);
    return this.prefs(scope);
  }

  setUiPreferences(patch: Partial<Pick<UiSettings, 'view' | 'locale'>>): void {
    // a language the administrator fixed is not the user's to change (views/account.ts)
    const { policy } = this.deps;
    if (patch.locale !== undefined && policy.language && policy.sources.language === 'managed')
      throw new LauncherError(
        'config.locked',
        { switches: 'language', origin: 'policy' },
        'language: locked by the administrator’s policy (policy).',
      );
    this.deps.settings.setUiPreferences(patch);
  }

  pickFile(purpose: 'ssh-key' | 'auth-id'): Promise<string | null> {
    return this.deps.pickFile(purpose);
  }

  respondToPrompt(promptId: string, response: PromptResponse): void {
    this.deps.prompts.respond(promptId, response);
  }

  /** Abort every operation in progress, of every broker, and close open questions. */
  /**
   * Abort operations in progress: all of them, one entry's (`broker`), or the sign-ins the
   * sign-in form started (`signIn`); open questions close with them (docs/brokers.md §1).
   */
  cancel(target?: CancelTarget): void {
    for (const [key, op] of this.operations) {
      if (target && 'broker' in target && key !== target.broker) continue;
      if (target && 'signIn' in target && !this.formSignIns.has(key)) continue;
      op.abort();
    }
    this.deps.prompts.cancelAll();
  }

  /**
   * Sign out of every broker (their entries and cached lists stay); sign-ins and refreshes
   * still running are cancelled and none of them signs in after this.
   */
  async signOut(): Promise<void> {
    for (const op of this.operations.values()) op.abort();
    await this.signOutQuietly();
    this.kioskPort?.signInChanged(null);
  }

  /** Open an https:// page in the system browser; never on a kiosk (a way out of it). */
  async openExternal(url: string): Promise<void> {
    if (this.deps.policy.kiosk) {
      throw new LauncherError('kiosk.no-browser', {}, 'A kiosk opens no web pages.');
    }
    await this.deps.openExternal(url);
  }

  /**
   * Deep links: a desktop shortcut for one profile of the broker signed in to (label and id
   * from main's own list, never from the renderer). Not in kiosk mode.
   * @throws LauncherError 'shortcut.unavailable', 'broker.not-signed-in', 'profile.gone', and
   *   the writer's errors (src/main/shortcuts.ts).
   */
  async createShortcut(profileId: string, broker?: string): Promise<ShortcutCreated> {
    const write = this.deps.writeShortcut;
    if (!write || this.deps.policy.kiosk)
      throw new LauncherError('shortcut.unavailable', {}, 'Desktop shortcuts cannot be made here.');
    const active = this.requireActive(broker);
    const profile = active.profiles.get(profileId);
    if (!profile)
      throw new LauncherError(
        'profile.gone',
        {},
        'This profile is no longer offered by the broker.',
      );
    return write({ brokerUrl: active.brokerUrl, profileId, label: profile.label });
  }

  /**
   * App quitting: drop credentials and connections, end the clients we started and remove
   * their private files (the broker key, the session file) — nothing of ours stays on disk.
   */
  async dispose(graceMs: number = QUIT_GRACE_MS): Promise<void> {
    this.cancel();
    await Promise.all([this.endLaunches(graceMs), this.signOutQuietly()]);
  }

  /** Launches still running or cleaning up. */
  get runningLaunches(): number {
    return this.launches.size;
  }

  /**
   * Last resort for the process 'exit' hook (synchronous): remove the private files of every
   * launch not cleaned up yet. A crash that skips even this is met by the sweep at the next start.
   */
  removeLaunchFiles(): void {
    for (const launch of this.launches.values()) launch.removeFiles?.();
  }

  /**
   * Each client gets its own stop signal (pyhoca-cli terminates the session, x2goclient
   * suspends it) and `graceMs` to end and clean up; one still not done is signalled at once,
   * even if still coming up. Then the files go in any case.
   */
  private async endLaunches(graceMs: number): Promise<void> {
    const launches = [...this.launches.values()];
    if (launches.length === 0) return;
    for (const launch of launches) launch.stop?.();
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      Promise.allSettled(launches.map((l) => l.done ?? l.exited)).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!inTime) for (const launch of launches) launch.stop?.(true);
    for (const launch of launches) launch.removeFiles?.();
  }

  private async clientEnded(
    event: (state: 'ended', extra: { exitCode: number | null }) => void,
    exitCode: number | null,
  ): Promise<void> {
    event('ended', { exitCode });
    // fleet-config: x2goclient's --close-disconnect, "close X2Go Client after disconnect"
    // (never on a kiosk: it must come back to sign-in, and its window refuses to close)
    if (this.deps.args.closeDisconnect && this.deps.quit && !this.deps.policy.kiosk) {
      this.deps.log?.info('the session ended; quitting (--close-disconnect)');
      this.deps.quit();
      return;
    }
    if (this.deps.policy.autoLogoffAfterSession && this.active) {
      await this.signOutQuietly();
      this.deps.emit({ type: 'signed-out', reason: null });
    }
  }

  /**
   * The broker no longer accepts what we hold (cookie expired, password changed): that
   * entry's sign-in is over — only its own (docs/brokers.md §1). Drop it and tell the renderer
   * (`broker` names the entry when the catalogue has several).
   */
  private async signedOutIfRefused(error: unknown, active: Active): Promise<void> {
    if (!isKind(error, 'auth') && !isKind(error, 'cookie-rejected')) return;
    if (this.sessions.get(active.key) !== active) return;
    const tag = this.brokerTag(active.key, false);
    await this.endSession(active.key);
    this.deps.emit({ type: 'signed-out', reason: toApiError(error), ...tag });
  }

  private prefs(scope: string): CataloguePrefs {
    return {
      favourites: this.deps.settings.favourites(scope),
      recents: this.deps.settings.recents(scope),
    };
  }

  /** The session of `broker` (an entry key), or the primary one when absent. */
  private requireActive(broker?: string): Active {
    const active = broker === undefined ? this.active : this.sessions.get(broker);
    if (!active) {
      throw new LauncherError('broker.not-signed-in', {}, 'You are not signed in to a broker.', {
        hint: 'Sign in first.',
      });
    }
    return active;
  }

  /** Sign out of every broker. */
  private async signOutQuietly(): Promise<void> {
    this.signOuts++;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    this.forgetDiagnostics();
    await Promise.all(all.map((a) => a.session.logout().catch(() => undefined)));
  }

  /**
   * What "Copy diagnostics" would carry of this user (their check, their broker exchanges)
   * goes with their last sign-in: on a kiosk the next user's bundle starts empty.
   */
  private forgetDiagnostics(): void {
    this.lastHealth = null;
    this.typedSecrets.clear();
    brokerExchanges.clear();
  }

  /** A new operation of entry `key`: aborts that entry's earlier one, no other's. */
  private startOperation(key: string): AbortSignal {
    this.operations.get(key)?.abort();
    this.formSignIns.delete(key);
    const op = new AbortController();
    this.operations.set(key, op);
    return op.signal;
  }

  private endOperation(key: string, signal: AbortSignal): void {
    if (this.operations.get(key)?.signal !== signal) return;
    this.operations.delete(key);
    this.formSignIns.delete(key);
  }

  private progress(
    op: 'sign-in' | 'refresh' | 'launch',
    phase: 'connecting' | 'authenticating' | 'loading-profiles' | 'asking-broker',
    tag: { broker?: string } = {},
  ): void {
    this.deps.emit({ type: 'progress', op, phase, ...tag });
  }

  private cancelledOr(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted && !isKind(error, 'cancelled')) {
      return new LauncherError('operation.cancelled', {}, 'Cancelled.', {}, { cause: error });
    }
    return error;
  }
}

/** The renderer gets the profile without `raw` (every field the broker sent): less hostile
 * data crossing the boundary, and 10,000 profiles stay small. */
export function forRenderer(profile: CoreProfile): BrokerProfile {
  return { ...profile, raw: {} };
}

/** The details a local-resource question shows: the folders, the proxy host. */
function askItems(name: ResourceName, request: ResourceRequest): string[] {
  if (name === 'folders') return request.folders.map((f) => f.path).slice(0, 20);
  if (name === 'sshproxy' && request.sshproxy) return [request.sshproxy.host];
  return [];
}

function isKind(error: unknown, kind: string): boolean {
  return error instanceof LauncherError && error.kind === kind;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof LauncherError && error.code === code;
}

/** LauncherError 'broker.unknown-entry': the key names no broker of the catalogue. */
function unknownEntry(): LauncherError {
  return new LauncherError(
    'broker.unknown-entry',
    {},
    'This broker is no longer in the catalogue.',
    { hint: 'Reload the catalogue.' },
  );
}

function safeParse(url: string): ReturnType<typeof parseBrokerUrl> | null {
  try {
    return parseBrokerUrl(url);
  } catch {
    return null;
  }
}

function displayUrl(url: string): string | null {
  return url ? (safeParse(url)?.display ?? null) : null;
}

/** The session's calls the health check makes, bound to it (health check). */
function bindSession(
  session: BrokerSessionLike,
): Pick<HealthBroker, 'listProfiles' | 'selectSession'> {
  return {
    listProfiles: (signal) => session.listProfiles(signal),
    selectSession: (id, opts, signal) => session.selectSession(id, opts, signal),
  };
}

/** The auth-id cookie a BrokerSession holds ('' for other sessions): a secret to mask. */
function currentCookieOf(session: BrokerSessionLike | undefined): string {
  const cookie = (session as { currentCookie?: unknown } | undefined)?.currentCookie;
  return typeof cookie === 'string' ? cookie : '';
}

/** Broker events (issue 13 §7): `{ brokerEvents }` when the session can send client events. */
function eventsBrokerOf(session: BrokerSessionLike): { brokerEvents?: Partial<EventsBroker> } {
  const s = session as Partial<EventsBroker>;
  return typeof s.sendClientEvent === 'function' && 'clientConfig' in s ? { brokerEvents: s } : {};
}
