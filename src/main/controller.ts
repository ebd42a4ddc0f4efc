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
import { scopeKey, type LauncherSettings } from './settings';
import { changeBrokerPassword, type SetpassSession } from '../core/broker/setpass';
// health check and diagnostics (docs/health-check.md, docs/diagnostics.md)
import type { HealthReport } from '../shared/health';
import { brokerExchanges } from '../core/diagnostics/exchange-log';
import { allowedBrokerUrls, isAllowedBrokerUrl } from '../core/config/broker-lock';
import { appDiagnostics, appHealthCheck, type AppHealthOptions } from './health-diagnostics';
import type { HealthBroker } from '../core/health/check';

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

interface Active {
  session: BrokerSessionLike;
  brokerUrl: string;
  user: string | null;
  /** Full profiles (with raw fields) by id: the renderer gets them without `raw`. */
  profiles: Map<string, CoreProfile>;
}

export class LauncherController {
  private active: Active | null = null;
  /** Clients started by this app that have not finished their cleanup, by launch id. */
  private readonly launches = new Map<string, LaunchHandle>();
  private abort: AbortController | null = null;
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

  get signedIn(): boolean {
    return this.active !== null;
  }

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
    };
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

  async signIn(request: SignInRequest): Promise<SignedIn> {
    const { policy, passwords, settings } = this.deps;
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
    await this.signOutQuietly();
    const signal = this.startOperation();
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
      this.progress('sign-in', 'connecting');
      this.progress('sign-in', 'authenticating');
      await session.authenticate(signal);
      this.progress('sign-in', 'loading-profiles');
      const profiles = await session.listProfiles(signal);
      signal.throwIfAborted();
      const fetchedAt = this.now();
      this.active = {
        session,
        brokerUrl: url.display,
        user: session.user ?? user,
        profiles: new Map(profiles.map((p) => [p.id, p])),
      };
      const activeScope = scopeKey(url.display, this.active.user);
      settings.rememberSignIn(url.display, this.active.user, policy.allowRememberUser);
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
        user: this.active.user,
        profiles: profiles.map(forRenderer),
        fetchedAt,
        prefs: this.prefs(activeScope),
        passwordRemembered,
        ...(answeredUrl ? { answeredUrl } : {}),
      };
    } catch (error) {
      await session.close().catch(() => undefined);
      // A stored password the broker refuses is stale: forget it, the user types a new one.
      if (request.useSavedPassword && isKind(error, 'auth')) passwords.forget(scope);
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(signal);
    }
  }

  async listProfiles(): Promise<ProfileList> {
    const active = this.requireActive();
    const signal = this.startOperation();
    try {
      this.progress('refresh', 'loading-profiles');
      const profiles = await active.session.listProfiles(signal);
      signal.throwIfAborted();
      active.profiles = new Map(profiles.map((p) => [p.id, p]));
      this.deps.settings.saveProfiles(scopeKey(active.brokerUrl, active.user), profiles);
      return { profiles: profiles.map(forRenderer), fetchedAt: this.now() };
    } catch (error) {
      await this.signedOutIfRefused(error);
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(signal);
    }
  }

  async selectAndLaunch(profileId: string, options: LaunchOptions): Promise<LaunchOutcome> {
    const active = this.requireActive();
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
      return await this.selectAndLaunchWith(profile, options, hostKeyAhead);
    } finally {
      hostKeyAhead?.cancel(); // unused (another server, a choice to make, a failure) or done
    }
  }

  private async selectAndLaunchWith(
    profile: CoreProfile,
    options: LaunchOptions,
    hostKeyAhead: HostKeyPrefetch | null,
  ): Promise<LaunchOutcome> {
    const active = this.requireActive();
    const profileId = profile.id;
    const launchId = randomUUID();
    const event = (state: Extract<SessionEvent, { type: 'launch' }>['state'], extra = {}): void =>
      this.deps.emit({ type: 'launch', launchId, profileId, state, ...extra });
    // Local resources are decided BEFORE selectsession: a broker-pushed key lives ~20 s.
    let localResources: ResourceConsent;
    try {
      localResources = await this.localConsent(active, profile);
    } catch (error) {
      event('failed', { error: toApiError(error) });
      throw error;
    }
    const signal = this.startOperation();
    let selected: SelectedSession;
    try {
      this.progress('launch', 'asking-broker');
      event('asking-broker');
      selected = await active.session.selectSession(profileId, {}, signal);
      signal.throwIfAborted();
    } catch (error) {
      const failure = this.cancelledOr(error, signal);
      event('failed', { error: toApiError(failure) });
      await this.signedOutIfRefused(error);
      throw failure;
    } finally {
      this.endOperation(signal);
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
    this.deps.settings.addRecent(scopeKey(active.brokerUrl, active.user), profileId);
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
    const signal = this.startOperation();
    try {
      await changeBrokerPassword(session as unknown as SetpassSession, current, next, signal);
      const scope = scopeKey(active.brokerUrl, active.user);
      if (this.deps.passwords.has(scope)) this.deps.passwords.save(scope, next);
    } catch (error) {
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(signal);
    }
  }

  // ---- health check and diagnostics (docs/health-check.md, docs/diagnostics.md) ----------

  private lastHealth: HealthReport | null = null;

  /** "Check connection": every check a launch needs, nothing handed off (core health). */
  async checkConnection(profileId: string): Promise<HealthReport> {
    const active = this.requireActive();
    const client = (await this.deps.launcher.detect()).name ?? 'x2goclient';
    const signal = this.startOperation();
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
      this.endOperation(signal);
    }
  }

  /** The broker's connectivity test (task testcon, x2goclient's --connectivity-test). */
  async testConnection(): Promise<{ ms: number }> {
    const active = this.requireActive();
    if (!active.session.testConnection)
      throw new LauncherError('broker.not-signed-in', {}, 'You are not signed in to a broker.');
    const signal = this.startOperation();
    try {
      const r = await active.session.testConnection(signal);
      return { ms: r.ms };
    } catch (error) {
      await this.signedOutIfRefused(error);
      throw this.cancelledOr(error, signal);
    } finally {
      this.endOperation(signal);
    }
  }

  /** "Copy diagnostics": the masked bundle on the clipboard (main's); returns its size. */
  async copyDiagnostics(): Promise<{ bytes: number }> {
    const text = await appDiagnostics({
      version: this.deps.version,
      configuration: this.deps.configuration ?? null,
      health: this.lastHealth,
      // the cookie the session holds now (BrokerSession.currentCookie), masked in every form
      secrets: [currentCookieOf(this.active?.session)],
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

  async terminateSession(profileId: string, sessionName: string): Promise<void> {
    const active = this.requireActive();
    const profile = active.profiles.get(profileId);
    if (!profile || !this.deps.launcher.terminate) {
      throw new LauncherError(
        'terminate.unavailable',
        {},
        'Terminating sessions is not available here.',
      );
    }
    const selected = await active.session.selectSession(profileId, {});
    await this.deps.launcher.terminate({
      selected,
      profile,
      sessionName,
      brokerUrl: active.brokerUrl,
      brokerUser: active.user,
    });
  }

  setFavourite(profileId: string, favourite: boolean): CataloguePrefs {
    const scope = this.currentScope();
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

  cancel(): void {
    this.abort?.abort();
    this.deps.prompts.cancelAll();
  }

  async signOut(): Promise<void> {
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
  async createShortcut(profileId: string): Promise<ShortcutCreated> {
    const write = this.deps.writeShortcut;
    if (!write || this.deps.policy.kiosk)
      throw new LauncherError('shortcut.unavailable', {}, 'Desktop shortcuts cannot be made here.');
    const active = this.requireActive();
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
   * The broker no longer accepts what we hold (cookie expired, password changed): the sign-in
   * is over. Drop it and tell the renderer, which shows the sign-in form with the reason.
   */
  private async signedOutIfRefused(error: unknown): Promise<void> {
    if (!isKind(error, 'auth') && !isKind(error, 'cookie-rejected')) return;
    if (!this.active) return;
    await this.signOutQuietly();
    this.deps.emit({ type: 'signed-out', reason: toApiError(error) });
  }

  private prefs(scope: string): CataloguePrefs {
    return {
      favourites: this.deps.settings.favourites(scope),
      recents: this.deps.settings.recents(scope),
    };
  }

  private currentScope(): string {
    const active = this.requireActive();
    return scopeKey(active.brokerUrl, active.user);
  }

  private requireActive(): Active {
    if (!this.active) {
      throw new LauncherError('broker.not-signed-in', {}, 'You are not signed in to a broker.', {
        hint: 'Sign in first.',
      });
    }
    return this.active;
  }

  private async signOutQuietly(): Promise<void> {
    const active = this.active;
    this.active = null;
    // what "Copy diagnostics" would carry of this user (their check, their broker exchanges)
    // goes with them: on a kiosk the next user's bundle starts empty
    this.lastHealth = null;
    brokerExchanges.clear();
    if (active) await active.session.logout().catch(() => undefined);
  }

  private startOperation(): AbortSignal {
    this.abort?.abort();
    this.abort = new AbortController();
    return this.abort.signal;
  }

  private endOperation(signal: AbortSignal): void {
    if (this.abort?.signal === signal) this.abort = null;
  }

  private progress(
    op: 'sign-in' | 'refresh' | 'launch',
    phase: 'connecting' | 'authenticating' | 'loading-profiles' | 'asking-broker',
  ): void {
    this.deps.emit({ type: 'progress', op, phase });
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
