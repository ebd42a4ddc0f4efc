// Shared types of the hand-off to a local X2Go client (x2goclient or pyhoca-cli).

import type { BrokerProfile, SelectedSession } from '../../shared/model';
import type { LocalResourcesReport, ResourceConsent } from './local-resources';

/** The local X2Go clients we hand off to (docs/handoff.md). */
export type ClientKind = 'x2goclient' | 'pyhoca-cli';
/**
 * Every local client we hand off to, in order of preference; the app and the CLI both use
 * this order. x2goclient first: it runs every profile kind and can ask for the session
 * password, while pyhoca-cli cannot (client-limits.ts); with --close-disconnect it exits when
 * the session ends just as pyhoca-cli does, so the app returns to the catalogue either way.
 */
export const CLIENT_KINDS: readonly ClientKind[] = ['x2goclient', 'pyhoca-cli'];

/**
 * How the client logs in to the X2Go server, in the order we choose it (issue 4):
 * the key the broker pushed; a key the user or admin configured (`--ssh-key FILE`); the SSH
 * agent / default keys (`--autologin`); otherwise the client asks for the password itself.
 * A password is never handed to the client on its command line.
 */
export type SessionLogin =
  | { method: 'broker-key'; keyFile: string }
  | { method: 'ssh-key'; keyFile: string }
  | { method: 'agent' }
  | { method: 'password' };

/** The user's launch choices (client, login, resources, resume) from the CLI or the app. */
export interface ClientLaunchOptions {
  client: ClientKind;
  /** Explicit client binary (`--client-path`, or the setting); else found on the system. */
  clientPath?: string;
  /** `--ssh-key FILE`: used when the broker pushed no key. */
  sshKeyFile?: string;
  /** `--autologin`: SSH agent / default keys when there is no key. */
  autologin?: boolean;
  /** `--add-to-known-hosts`: accept an unknown server host key (a changed one is refused). */
  addToKnownHosts?: boolean;
  /**
   * More known_hosts files to trust for the X2Go server (read only): the admin's managed file,
   * `--known-hosts FILE`. Used for pyhoca-cli, whose private HOME gets them merged with the
   * user's and the system's known_hosts files.
   */
  knownHostsFiles?: string[];
  /** `--no-autoresume`: always start a new session. */
  noAutoresume?: boolean;
  /**
   * Resume exactly this session (a name from SESSION_INFO the user picked). pyhoca-cli gets
   * --resume=NAME; x2goclient cannot be told a name (it resumes a lone matching one itself).
   */
  resumeSession?: string;
  /**
   * The admin's local-resource policy for this broker and the user's answers (the app's
   * question, the CLI's --allow-local). Absent: nothing local is granted (docs/handoff.md §3).
   */
  localResources?: ResourceConsent;
}

/** Everything a client launcher needs to build its command line and session file. */
export interface LaunchPlan {
  profile: BrokerProfile;
  selected: SelectedSession;
  login: SessionLogin;
  options: ClientLaunchOptions;
  /** The client binary (absolute path). */
  clientPath: string;
  /** Private per-launch directory (0700) the files go to. */
  dir: string;
}

/** What one client launcher makes of a plan: no side effects yet. */
export interface BuiltLaunch {
  client: ClientKind;
  /** argv[0] is the client binary; every further element is an `--opt` / `--opt=value`. */
  argv: string[];
  /**
   * Variables set on top of the client's built environment (client-env.ts; HOME for
   * pyhoca-cli …).
   */
  env: Record<string, string>;
  /** The login uses the SSH agent: the client's environment keeps SSH_AUTH_SOCK. */
  agent?: boolean;
  /** The login uses Kerberos (krblogin): the client's environment keeps KRB5CCNAME. */
  kerberos?: boolean;
  /** Where the session file goes (absolute) and its content (never contains key material). */
  sessionFilePath: string;
  sessionFileContent: string;
  /** Section of the session file the client starts. */
  sectionId: string;
  /** Directories (relative to the plan's dir) to create, 0700, before writing files. */
  dirs: string[];
  /** Files (relative to the plan's dir) to write, 0600; the session file is one of them. */
  files: Array<{ name: string; content: string }>;
  /** How to ask the client to end (pyhoca-cli: SIGINT terminates the session). */
  stopSignal: NodeJS.Signals;
  /** An output line that says the session is up; null when the client prints none. */
  readyLine: RegExp | null;
  /** The session resumed (`-R` for pyhoca-cli), null for new/automatic. */
  resume: string | null;
  /** Profile fields we could not pass on, and other things the user should know. */
  warnings: string[];
  /** What the profile asked of this machine and what the session gets. */
  localResources?: LocalResourcesReport;
}

/** Builds one client's command line, environment and files from a launch plan. */
export interface ClientLauncher {
  readonly client: ClientKind;
  /** Pure apart from reading known_hosts files (pyhoca-cli); `env` default process.env. */
  buildLaunch(plan: LaunchPlan, env?: NodeJS.ProcessEnv): BuiltLaunch;
}
