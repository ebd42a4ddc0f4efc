// THE contract between the renderer and Electron main: the one object the preload exposes as
// `window.x2go` (built by createBridge in ./bridge.ts), the IPC channel of every call, and the
// plain-data shapes of requests, results and events. Main validates every payload with
// ./validate.ts before touching the core; the renderer never sees secrets it did not type.
//
// Rules: everything is structured-clone-safe plain data; calls that can fail resolve with a
// Result (they never reject for expected failures); credentials go from renderer to main once
// (signIn) and never come back.
import type { ApiError, Result } from './errors';
import type { BrokerProfile, SessionInfo } from './model';

export type * from './errors';
export type * from './model';

// --- Startup -------------------------------------------------------------------------------

/** Sign-in fields an administrator or the command line can pre-set and lock. */
export type LockableField = 'brokerUrl' | 'user' | 'authIdFile' | 'noAuth' | 'rememberPassword';

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
  locale: 'en' | 'de' | null;
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
}

export interface ProfileList {
  profiles: BrokerProfile[];
  fetchedAt: number;
}

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

// --- Events (main → renderer) ---------------------------------------------------------------

export type SessionEvent =
  /** A wait in sign-in / refresh: what main is doing now. */
  | {
      type: 'progress';
      op: 'sign-in' | 'refresh' | 'launch';
      phase: 'connecting' | 'authenticating' | 'loading-profiles' | 'asking-broker';
    }
  /** A launched client moves through its states. */
  | {
      type: 'launch';
      launchId: string;
      profileId: string;
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
  | { type: 'signed-out'; reason: ApiError | null };

// --- The API ---------------------------------------------------------------------------------

export interface X2GoApi {
  getStartupState(): Promise<StartupState>;
  signIn(request: SignInRequest): Promise<Result<SignedIn>>;
  /** Abort the sign-in / refresh / broker request in progress (it resolves with `cancelled`). */
  cancel(): Promise<void>;
  /** Fetch the list again with the held credentials/cookie. */
  listProfiles(): Promise<Result<ProfileList>>;
  selectAndLaunch(profileId: string, options: LaunchOptions): Promise<Result<LaunchOutcome>>;
  /** Terminate a broker-reported session (capabilities.terminate). */
  terminateSession(profileId: string, sessionName: string): Promise<Result<void>>;
  setFavourite(profileId: string, favourite: boolean): Promise<Result<CataloguePrefs>>;
  setUiPreferences(patch: Partial<Pick<UiSettings, 'view' | 'locale'>>): Promise<Result<void>>;
  /** Native open dialog (capabilities.filePicker); null when the user cancels. */
  pickFile(purpose: 'ssh-key' | 'auth-id'): Promise<Result<string | null>>;
  respondToPrompt(promptId: string, response: PromptResponse): Promise<Result<void>>;
  /** Forget the held password/cookie and close the broker connection. */
  signOut(): Promise<void>;
  /** Open an https:// URL in the system browser (validated again in main). */
  openExternal(url: string): Promise<Result<void>>;
  /** Subscribe to main's events; returns the unsubscribe function. */
  onSessionEvent(listener: (event: SessionEvent) => void): () => void;
}

/** Request/response calls (everything except the event subscription). */
export type InvokeMethod = Exclude<keyof X2GoApi, 'onSessionEvent'>;

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
  onSessionEvent: 'x2go:session-event',
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
