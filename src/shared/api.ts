// THE contract between the renderer and Electron main: the one object the preload exposes as
// `window.x2go` (built by createBridge in ./bridge.ts), the IPC channel of every call, and the
// plain-data shapes of requests, results and events. Main validates every payload with
// ./validate.ts before touching the core; the renderer never sees secrets it did not type.
//
// Rules: everything is structured-clone-safe plain data; calls that can fail resolve with a
// Result (they never reject for expected failures); credentials go from renderer to main once
// (signIn) and never come back.
import type { HealthReport } from './health';
import type { ApiError, Result } from './errors';
import type { BrokerProfile, SessionInfo } from './model';
import type { ConfigurationReport } from './configuration';

export type * from './errors';
export type * from './model';
export type * from './configuration';

// --- Startup -------------------------------------------------------------------------------

/** Sign-in fields an administrator or the command line can pre-set and lock. */
export type LockableField =
  | 'brokerUrl'
  | 'user'
  | 'authIdFile'
  | 'noAuth'
  | 'rememberPassword'
  // the language choice, fixed by the policy key `language` (views/account.ts)
  | 'locale';

export interface UiSettings {
  /** Remembered broker URLs (display form, no credentials), most recently used first. */
  brokers: string[];
  /** The broker to preselect (normally brokers[0]), null on first start. */
  lastBroker: string | null;
  /** Last user name per broker URL. */
  lastUsers: Record<string, string>;
  /** Catalogue layout. */
  view: 'grid' | 'list';
  /** UI language; null = follow the system (navigator.language). */
  locale: 'en' | 'de' | 'fr' | null;
}

/** What main knows about storing a password (Electron safeStorage). */
export interface PasswordStorage {
  /** true only with a real OS keychain (not Linux `basic_text`) and when policy allows it. */
  available: boolean;
  /** safeStorage backend on Linux (`gnome_libsecret`, `kwallet5`, `basic_text` …), else the OS. */
  backend: string;
  /** Why it is unavailable, for the UI to say plainly; null when available. */
  reason: 'no-keyring' | 'policy' | 'unsupported' | null;
}

/** The last profile list received from a broker, kept in main's store (no secrets). */
export interface CachedCatalogue {
  brokerUrl: string;
  user: string | null;
  profiles: BrokerProfile[];
  /** Epoch ms when the broker sent it. The renderer shows the age. */
  fetchedAt: number;
}

/** Favourites and recents, stored by main per broker URL + user. */
export interface CataloguePrefs {
  /** Profile IDs, in the order the user pinned them. */
  favourites: string[];
  /** Most recent first, at most 10. */
  recents: { id: string; at: number }[];
}

export interface LocalClientInfo {
  /** A usable X2Go client was found (x2goclient or pyhoca-cli). */
  available: boolean;
  /** Which one will be used, null when none. */
  name: 'x2goclient' | 'pyhoca-cli' | null;
}

export interface StartupState {
  settings: UiSettings;
  /** Fields the user may not change (policy or --broker-url … --lock). */
  locked: LockableField[];
  /** Values from the command line / policy that fill the sign-in form. */
  prefill: {
    brokerUrl?: string;
    user?: string;
    authIdFile?: string;
    sshKeyFile?: string;
    noAuth?: boolean;
    /** `--session`: launch this profile (ID or name) right after sign-in. */
    session?: string;
    /** Submit the sign-in form at once (noauth, ssh agent/key, saved password, kiosk). */
    autoSubmit?: boolean;
  };
  kiosk: boolean;
  passwordStorage: PasswordStorage;
  /** A password for prefill/last broker + user is stored; signIn may use it. */
  savedPassword: boolean;
  /** Last list of the preselected broker + user, shown at once; null when none. */
  cached: CachedCatalogue | null;
  /** Favourites/recents for `cached`'s broker + user. */
  cachedPrefs: CataloguePrefs | null;
  client: LocalClientInfo;
  capabilities: {
    /** terminateSession is implemented. */
    terminate: boolean;
    /** pickFile opens a native dialog. */
    filePicker: boolean;
  };
  platform: 'linux' | 'win32' | 'darwin' | 'other';
  version: string;
  /** Deep links: links that arrived before the window was up (first start, macOS open-url). */
  deepLinks?: DeepLinkNotice[];
  // fleet-config (issue 11)
  /** The broker's display name (policy `brokerName` / `--broker-name`); null: none. */
  brokerName?: string | null;
  /** `--broker-logoutbt`: a prominent "Sign out" button in broker mode. */
  logoutButton?: boolean;
  // several brokers (docs/brokers.md)
  /** Every broker of the catalogue, the preselected one first; [] on first start. */
  brokerEntries?: BrokerEntry[];
  /** The user may add brokers (false on a kiosk and with a locked broker URL). */
  canAddBrokers?: boolean;
}

// --- Sign-in -------------------------------------------------------------------------------

export interface SignInRequest {
  /** http(s)://…/plain/ | …/json/ | ssh://[user@]host[:port][/command] */
  url: string;
  user?: string;
  /** Typed password (memory only in main). */
  password?: string;
  /** Use the password main stored for this broker + user instead of `password`. */
  useSavedPassword?: boolean;
  /** Store `password` through safeStorage (ignored unless passwordStorage.available). */
  remember?: boolean;
  /** --broker-noauth: send no credentials. */
  noAuth?: boolean;
  /** --auth-id FILE: first line is the initial auth-id cookie. */
  authIdFile?: string;
  /** ssh:// only: private key file. */
  sshKeyFile?: string;
  /** ssh:// only: use the SSH agent / default keys. */
  sshAgent?: boolean;
  /**
   * Several brokers (docs/brokers.md): keep the brokers already signed in and add this one to
   * the catalogue's entries. Without it a sign-in replaces every other broker session.
   */
  add?: boolean;
}

export interface SignedIn {
  /** Display form of the broker URL (no user, no secrets): the key for prefs. */
  brokerUrl: string;
  user: string | null;
  profiles: BrokerProfile[];
  fetchedAt: number;
  prefs: CataloguePrefs;
  /** The password is now stored (remember was honoured). */
  passwordRemembered: boolean;
  /** Fail-over (docs/failover.md): the URL of this broker that answered, when not brokerUrl. */
  answeredUrl?: string;
  /** Several brokers: the entry's key (BrokerEntry.key) — name it in per-broker calls. */
  broker?: string;
}

export interface ProfileList {
  profiles: BrokerProfile[];
  fetchedAt: number;
}

// --- Several brokers in one catalogue (issue 13 point 1, docs/brokers.md) -----------------

/**
 * One broker the catalogue shows: added by the user (a sign-in with `add`), or listed by the
 * administrator's policy (`brokerUrls`' first URL is one broker with its fail-over list, so a
 * policy broker is one entry). `key` is main's scope key (display URL + user, settings.ts
 * scopeKey): every per-broker call names its broker with it.
 */
export interface BrokerEntry {
  key: string;
  /** Display form of the broker URL (no user, no secrets). */
  brokerUrl: string;
  user: string | null;
  /** What signing in again takes: a password (typed or saved), nothing, the agent, a key file. */
  auth: 'password' | 'noauth' | 'ssh-agent' | 'ssh-key';
  /** A password for it is in the keychain: refreshBroker can sign in without asking. */
  savedPassword: boolean;
  /** Put here by the policy: the user cannot remove it. */
  managed: boolean;
  /** Its last list, shown at once and marked stale with its age; null: never fetched. */
  cached: { profiles: BrokerProfile[]; fetchedAt: number } | null;
  /** Favourites and recents of this broker + user. */
  prefs: CataloguePrefs;
  /** Fail-over: the URL of this broker that answered last time, when not brokerUrl. */
  answeredUrl?: string;
}

/** What `cancel` aborts: one entry's operation, or the sign-in the form started. */
export type CancelTarget = { broker: string } | { signIn: true };

// --- Launch --------------------------------------------------------------------------------

export interface LaunchOptions {
  /** Session name to resume, or 'new' to start a new one despite existing sessions. */
  resume?: string;
}

export type LaunchOutcome =
  /** The client process was started; follow it through `launch` events with this ID. */
  | { kind: 'launched'; launchId: string; client: 'x2goclient' | 'pyhoca-cli' }
  /** The broker reports sessions: ask the user (resume one / new / terminate), call again. */
  | { kind: 'choose'; sessions: SessionInfo[] };

/**
 * `broker-password-again`: the profile asks to reuse the broker password (usebrokerpass), but
 * no client can take it except on its command line: the client asks for it again.
 */
export type LaunchNotice = 'broker-password-again';

export type LaunchState = 'asking-broker' | 'starting-client' | 'running' | 'ended' | 'failed';

// --- Prompts (SSH host key, keyboard-interactive, key passphrase) ---------------------------

export type Prompt =
  | {
      id: string;
      kind: 'host-key';
      host: string;
      port: number;
      /** `SHA256:…` */
      fingerprint: string;
      keyType: string;
      /** The key differs from the known one (possible attack), not merely unknown. */
      changed: boolean;
    }
  | {
      id: string;
      kind: 'keyboard-interactive';
      title: string;
      instructions: string;
      questions: { text: string; echo: boolean }[];
    }
  | { id: string; kind: 'passphrase'; keyFile: string }
  /**
   * A profile wants local resources the policy leaves to the user (docs/handoff.md §3):
   * "This session wants: … — Allow once / Always for this broker / Don't allow".
   */
  | {
      id: string;
      kind: 'local-resources';
      /** Display form of the broker URL the answer is remembered for. */
      broker: string;
      /** The profile's label. */
      profile: string;
      resources: LocalResourceAsk[];
    };

/** Local resources a profile can ask for (src/core/config/local-resources.ts ResourceName). */
export type LocalResourceName =
  'folders' | 'printing' | 'mimebox' | 'agent' | 'sshproxy' | 'kerberos';

export interface LocalResourceAsk {
  name: LocalResourceName;
  /** Folder paths / the proxy host, as the broker sent them (shown as text). */
  items: string[];
}

export type PromptResponse =
  | { kind: 'host-key'; accept: boolean; remember: boolean }
  | { kind: 'local-resources'; decision: 'once' | 'always' | 'deny' }
  | { kind: 'answers'; answers: string[] }
  | { kind: 'cancel' };

// --- Deep links and shortcuts (docs/deep-links.md) ------------------------------------------

/**
 * An x2go-launcher:// link main received and checked (src/main/deep-links.ts): open it —
 * select `profileId` on `broker` (the configured broker's display URL), and start it when the
 * policy says so (`allowLinkStart`) — or tell the user why it was refused.
 */
export type DeepLinkNotice =
  | { outcome: 'open'; broker: string; profileId: string | null; start: boolean }
  | { outcome: 'refused'; error: ApiError };

/** Where "Create desktop shortcut" wrote the shortcut. */
export interface ShortcutCreated {
  /** Full path of the written file (.desktop, .lnk or .webloc). */
  file: string;
}

// --- Events (main → renderer) ---------------------------------------------------------------

export type SessionEvent =
  /** A wait in sign-in / refresh: what main is doing now. */
  | {
      type: 'progress';
      op: 'sign-in' | 'refresh' | 'launch';
      phase: 'connecting' | 'authenticating' | 'loading-profiles' | 'asking-broker';
      /** Several brokers: the entry (BrokerEntry.key) this wait is for; absent: the sign-in's. */
      broker?: string;
    }
  /** A launched client moves through its states. */
  | {
      type: 'launch';
      launchId: string;
      profileId: string;
      /** Several brokers: the entry (BrokerEntry.key) the profile belongs to. */
      broker?: string;
      state: LaunchState;
      /** Exit code when `ended`. */
      exitCode?: number | null;
      /** Why, when `failed`. */
      error?: ApiError;
      /** Things the user should know once the client runs (`running`). */
      notices?: LaunchNotice[];
    }
  /** Main needs an answer from the user; reply with respondToPrompt. */
  | { type: 'prompt'; prompt: Prompt }
  /** A prompt was answered elsewhere or timed out: close it. */
  | { type: 'prompt-closed'; id: string }
  /** The broker session ended (auth-id refused, autologoff): show sign-in again. */
  | {
      type: 'signed-out';
      reason: ApiError | null;
      /** Several brokers: only this entry's session ended; absent: every broker. */
      broker?: string;
    }
  /** Deep links: a link arrived (second instance, macOS open-url) after the window was up. */
  | { type: 'deep-link'; link: DeepLinkNotice };

// --- Kiosk (issue 12, docs/kiosk.md) ----------------------------------------------------------

/** The kiosk's screens (src/core/kiosk/machine.ts, whose KioskScreen is this type). */
export type KioskScreenName =
  | 'network-wait'
  | 'sign-in'
  | 'catalogue'
  | 'launching'
  | 'in-session'
  | 'session-ended'
  | 'idle-warning'
  | 'admin-pin'
  | 'power-confirm'
  | 'powering-off'
  | 'unlocked';

export type KioskPowerAction = 'poweroff' | 'reboot';

/** What the kiosk shows now: main sends it on every change (`kiosk-state` event). */
export interface KioskView {
  screen: KioskScreenName;
  /** The screen under an overlay: network-wait, sign-in or catalogue. */
  base: KioskScreenName;
  /** Countdown or "retrying in N s"; null when nothing is counting. */
  secondsLeft: number | null;
  /** The reason to show (network error, client failure, failed power command), or null. */
  reason: string | null;
  /** issue 13 §8: `reason` as code + params, shown in the UI language (else `reason`). */
  reasonError?: ApiError | null;
  powerAction: KioskPowerAction | null;
  escapeAvailable: boolean;
  powerButtons: boolean;
  /** Touch and large mode (policy touchMode). */
  touch: boolean;
  /** Counts the kiosk's sign-outs: when it changes, the renderer clears every field. */
  signOuts: number;
}

/** What the kiosk screens tell main; the PIN is checked in main (AdminPinGate), never here. */
export type KioskRequest =
  /** Ask for the current view (the renderer's start). */
  | { type: 'sync' }
  /** The user touched the kiosk (throttled by the renderer). */
  | { type: 'input' }
  /** The admin escape: open the PIN dialog. */
  | { type: 'escape' }
  | { type: 'pin'; pin: string }
  | { type: 'power'; action: KioskPowerAction }
  | { type: 'power-confirm' }
  /** Close the PIN dialog / power confirmation; abandon a launch. */
  | { type: 'cancel' };

export type KioskReply =
  | { type: 'ok'; view: KioskView }
  | { type: 'pin-wrong'; attemptsLeft: number; view: KioskView }
  | { type: 'pin-locked'; retryInSeconds: number; view: KioskView };

// --- The API ---------------------------------------------------------------------------------

export interface X2GoApi {
  getStartupState(): Promise<StartupState>;
  signIn(request: SignInRequest): Promise<Result<SignedIn>>;
  /**
   * Abort the sign-in / refresh / broker request in progress (it resolves with `cancelled`):
   * every one, or only one broker's (a launch's Back), or only the sign-in form's — so that
   * cancelling on one broker never aborts another's (docs/brokers.md §1).
   */
  cancel(target?: CancelTarget): Promise<void>;
  /** Fetch the list again with the held credentials/cookie. */
  listProfiles(broker?: string): Promise<Result<ProfileList>>;
  /**
   * Per-profile calls take the profile's broker (BrokerEntry.key) last; absent: the broker of
   * the last sign-in (one-broker use, deep links, kiosk).
   */
  selectAndLaunch(
    profileId: string,
    options: LaunchOptions,
    broker?: string,
  ): Promise<Result<LaunchOutcome>>;
  /** Terminate a broker-reported session (capabilities.terminate). */
  terminateSession(profileId: string, sessionName: string, broker?: string): Promise<Result<void>>;
  setFavourite(
    profileId: string,
    favourite: boolean,
    broker?: string,
  ): Promise<Result<CataloguePrefs>>;
  setUiPreferences(patch: Partial<Pick<UiSettings, 'view' | 'locale'>>): Promise<Result<void>>;
  /** Native open dialog (capabilities.filePicker); null when the user cancels. */
  pickFile(purpose: 'ssh-key' | 'auth-id'): Promise<Result<string | null>>;
  respondToPrompt(promptId: string, response: PromptResponse): Promise<Result<void>>;
  /** Forget the held password/cookie and close the broker connection (every broker's). */
  signOut(): Promise<void>;
  /** Open an https:// URL in the system browser (validated again in main). */
  openExternal(url: string): Promise<Result<void>>;
  /** Deep links: write a desktop shortcut that opens this profile's link (not in kiosk mode). */
  createShortcut(profileId: string, broker?: string): Promise<Result<ShortcutCreated>>;
  /** fleet-config: "About this configuration" (the same report as the CLI's `config --json`). */
  getConfiguration(): Promise<ConfigurationReport>;
  // ---- broker password change and connectivity test (views/account.ts) ----
  /** Change the signed-in user's broker password (task setpass, proven by a new sign-in). */
  changeBrokerPassword(current: string, next: string): Promise<Result<void>>;
  /** The broker's connectivity test (task testcon); `ms` is the round trip. */
  testConnection(): Promise<Result<{ ms: number }>>;
  // health check and diagnostics (docs/health-check.md, docs/diagnostics.md)
  /** "Check connection": the pre-launch health check of a profile (nothing is launched). */
  checkConnection(profileId: string, broker?: string): Promise<Result<HealthReport>>;
  /** "Copy diagnostics": main puts the masked bundle on the clipboard; returns its size. */
  copyDiagnostics(): Promise<Result<{ bytes: number }>>;
  // several brokers (docs/brokers.md)
  /**
   * Sign in to an entry again with what is stored (saved password, no-auth, agent, key file)
   * and fetch its list; fails alone (`broker.needs-password` when a password must be typed).
   */
  refreshBroker(broker: string): Promise<Result<SignedIn>>;
  /** Sign out of one entry and forget it (its cached list too); a managed one is refused. */
  removeBroker(broker: string): Promise<Result<void>>;
  /** Subscribe to main's events; returns the unsubscribe function. */
  onSessionEvent(listener: (event: SessionEvent) => void): () => void;
  // kiosk (issue 12)
  /** Kiosk mode only (StartupState.kiosk): tell the kiosk what the user did. */
  kiosk(request: KioskRequest): Promise<Result<KioskReply>>;
  /** Subscribe to the kiosk's view (kiosk mode only); returns the unsubscribe function. */
  onKioskState(listener: (view: KioskView) => void): () => void;
}

/** Request/response calls (everything except the event subscriptions). */
export type InvokeMethod = Exclude<keyof X2GoApi, 'onSessionEvent' | 'onKioskState'>;

/** IPC channel per call: a missing or misspelt channel is a compile error. */
export const CHANNELS = {
  getStartupState: 'x2go:get-startup-state',
  signIn: 'x2go:sign-in',
  cancel: 'x2go:cancel',
  listProfiles: 'x2go:list-profiles',
  selectAndLaunch: 'x2go:select-and-launch',
  terminateSession: 'x2go:terminate-session',
  setFavourite: 'x2go:set-favourite',
  setUiPreferences: 'x2go:set-ui-preferences',
  pickFile: 'x2go:pick-file',
  respondToPrompt: 'x2go:respond-to-prompt',
  signOut: 'x2go:sign-out',
  openExternal: 'x2go:open-external',
  createShortcut: 'x2go:create-shortcut',
  getConfiguration: 'x2go:get-configuration',
  // broker password change and connectivity test (views/account.ts)
  changeBrokerPassword: 'x2go:change-broker-password',
  testConnection: 'x2go:test-connection',
  // health check and diagnostics
  checkConnection: 'x2go:check-connection',
  copyDiagnostics: 'x2go:copy-diagnostics',
  // several brokers
  refreshBroker: 'x2go:refresh-broker',
  removeBroker: 'x2go:remove-broker',
  onSessionEvent: 'x2go:session-event',
  kiosk: 'x2go:kiosk',
  onKioskState: 'x2go:kiosk-state',
} as const satisfies Record<keyof X2GoApi, string>;

/** Argument tuple of each invoke method (what main receives after the IPC event). */
export type ApiArgs = { [K in InvokeMethod]: Parameters<X2GoApi[K]> };
/** Resolved value of each invoke method. */
export type ApiReturn = { [K in InvokeMethod]: Awaited<ReturnType<X2GoApi[K]>> };

declare global {
  interface Window {
    /** Present in the app (preload) and in the renderer tests (test bridge). */
    x2go: X2GoApi;
  }
}
