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
import { toApiError } from './ipc';
import type { PasswordVault } from './passwords';
import { createSshPrompter, type PromptHub } from './prompts';
import { scopeKey, type LauncherSettings } from './settings';

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

/** How long quitting waits for running clients to end before it removes their files. */
export const QUIT_GRACE_MS = 10_000;

/** The local client launcher (src/core/launcher), wired in index.ts. */
export interface ClientLauncherLike {
  detect(): Promise<LocalClientInfo>;
  start(request: LaunchRequest): Promise<LaunchHandle>;
  /** Load what `start` needs ahead of time (called once the catalogue is shown). */
  warm?(): void;
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

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
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
        filePicker: true,
      },
      platform: ['linux', 'win32', 'darwin'].includes(this.deps.platform)
        ? (this.deps.platform as 'linux' | 'win32' | 'darwin')
        : 'other',
      version: this.deps.version,
    };
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
    if (policy.lockBrokerUrl && policy.brokerUrl) {
      const lockedUrl = safeParse(policy.brokerUrl);
      if (!lockedUrl || lockedUrl.display !== url.display) {
        throw new LauncherError(
          'policy.one-broker',
          { broker: lockedUrl?.display ?? policy.brokerUrl },
          'This launcher is set up for one broker only.',
          {
            hint: `Use ${lockedUrl?.display ?? policy.brokerUrl}.`,
          },
        );
      }
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
      prompter: createSshPrompter(this.deps.prompts, () => password),
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
    if (options.resume === undefined && selected.sessionInfo.length > 0) {
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
  }

  async openExternal(url: string): Promise<void> {
    await this.deps.openExternal(url);
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
