// The one option table of both command lines: the desktop app's (src/main/args.ts) and the
// headless CLI's (src/core/cli).
// Names and meanings follow x2goclient's where it has the switch (docs/command-line.md
// lists each with its x2goclient equivalent; that file is generated from this table by
// scripts/command-line-doc.ts and a test keeps it in step).
//
// Add an option: one entry here (the parser, both help texts and the doc follow), then read
// its value where it is used (src/main/args.ts for the app, an option group in
// src/core/cli/options/ or a command for the CLI).
import { RESOURCE_NAMES } from '../config/local-resources';
import type { SettingKey } from '../config/keys';

/** The CLI's commands (src/core/cli/commands). */
export const CLI_COMMANDS = [
  'list',
  'select',
  'launch',
  'testcon',
  'terminate',
  // health check and diagnostics (docs/health-check.md, docs/diagnostics.md)
  'check',
  'diagnose',
] as const;
export type CliCommandName = (typeof CLI_COMMANDS)[number];

/** Which command line a parse is for. */
export type CommandLine = 'app' | 'cli';

/**
 * `flag`: no value (`--kiosk`); `value`: one value, the last one given counts (as in
 * x2goclient); `values`: repeatable, every value kept in order.
 */
export type ValueKind = 'flag' | 'value' | 'values';

/** The CLI's option groups, in the order their help sections (and apply()) run. */
export type CliGroup = 'broker' | 'ssh' | 'output';

export interface OptionDef {
  /** Long name without the dashes. */
  name: string;
  kind: ValueKind;
  /** Placeholder in help texts (`URL`, `FILE` …); value kinds only. */
  valueName?: string;
  /** One-letter alias (`-h`). */
  short?: string;
  /**
   * x2goclient's switch with the same meaning, spelt as x2goclient takes it (values only in
   * the `--name=value` form there); null when x2goclient has none.
   */
  x2goclient: string | null;
  /** How ours differs from x2goclient's, when it does. */
  x2goclientNote?: string;
  /** The desktop app accepts it. */
  app: boolean;
  /** The CLI accepts it: with every command, with the named ones, or not at all. */
  cli: 'all' | readonly CliCommandName[] | false;
  /** The CLI help section of an option every command takes. */
  cliGroup?: CliGroup;
  /** One line for help texts and the doc. */
  help: string;
  /** The app's help line where it differs from the CLI's. */
  appHelp?: string;
  /** The setting (policy key, src/core/config/keys.ts) this switch overrides on the
   * command-line layer; a key the administrator locked refuses the switch (docs/policy.md). */
  setting?: SettingKey;
  /**
   * Parsed, but (on the app's command line, or both) without effect yet: what is missing,
   * shown in the doc and as "[not active yet]" in the app's help.
   */
  pending?: string;
}

/** Every option of both command lines, in help order. */
export const OPTIONS: readonly OptionDef[] = [
  // ---- broker connection and authentication (CLI group "Broker") ----
  {
    name: 'broker-url',
    kind: 'value',
    valueName: 'URL',
    x2goclient: '--broker-url=URL',
    app: true,
    cli: 'all',
    cliGroup: 'broker',
    help: 'http[s]://[user@]host[:port]/plain/ (or /json/, /plain/<backend>/)',
    appHelp: 'the broker to sign in to (http[s]:// or ssh://[user@]host[:port][/path])',
    setting: 'brokerUrl',
  },
  // ---- fail-over (issue 13, docs/failover.md) ----
  {
    name: 'broker-failover-url',
    kind: 'values',
    valueName: 'URL',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'another URL of the same broker, tried in order when --broker-url does not answer (repeatable; docs/failover.md)',
  },
  {
    name: 'broker-user',
    kind: 'value',
    valueName: 'NAME',
    x2goclient: null,
    x2goclientNote: 'x2goclient takes the user from the URL (user@host) or its login form',
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'broker user (else user@ of the URL)',
  },
  {
    name: 'broker-password-file',
    kind: 'value',
    valueName: 'FILE',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'read the password from the first line of FILE',
  },
  {
    name: 'broker-password-stdin',
    kind: 'flag',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'read the password from stdin',
  },
  {
    name: 'broker-password-env',
    kind: 'value',
    valueName: 'NAME',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'read the password from the environment variable NAME',
  },
  {
    name: 'auth-id',
    kind: 'value',
    valueName: 'FILE',
    x2goclient: '--auth-id=FILE',
    app: true,
    cli: 'all',
    cliGroup: 'broker',
    help: 'auth-id cookie file (first line is the cookie)',
  },
  {
    name: 'auth-id-persist',
    kind: 'flag',
    x2goclient: null,
    x2goclientNote: 'x2goclient keeps a rotated auth-id in memory only',
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'write each rotated cookie back to the --auth-id file (atomic, mode 0600)',
  },
  {
    name: 'broker-noauth',
    kind: 'flag',
    x2goclient: '--broker-noauth',
    app: true,
    cli: 'all',
    cliGroup: 'broker',
    help: 'the broker needs no authentication',
  },
  {
    name: 'broker-cacertfile',
    kind: 'values',
    valueName: 'FILE',
    x2goclient: '--broker-cacertfile=FILE',
    x2goclientNote: 'x2goclient takes one file; ours is repeatable',
    app: true,
    cli: 'all',
    cliGroup: 'broker',
    help: 'also trust this CA / pinned certificate (PEM); repeatable',
    setting: 'brokerCaFiles',
  },
  {
    name: 'broker-name',
    kind: 'value',
    valueName: 'NAME',
    x2goclient: '--broker-name=NAME',
    app: true,
    cli: 'all',
    cliGroup: 'broker',
    help: 'display name of the broker',
    appHelp: "the broker's display name, shown on the sign-in screen and in the window title",
    setting: 'brokerName',
  },
  {
    name: 'dialect',
    kind: 'value',
    valueName: 'plain|json',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'override the reply dialect the URL path implies',
  },
  {
    name: 'timeout',
    kind: 'value',
    valueName: 'SECONDS',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'broker',
    help: 'request timeout (default 30; connect timeout is at most 10)',
  },
  {
    name: 'broker-autologoff',
    kind: 'flag',
    x2goclient: '--broker-autologoff',
    app: true,
    cli: false,
    help: 'sign out of the broker after each session (the next one needs the credentials again)',
    setting: 'autoLogoffAfterSession',
  },
  {
    name: 'broker-logoutbt',
    kind: 'flag',
    x2goclient: '--broker-logoutbt',
    app: true,
    cli: false,
    help: 'show a "sign out of the broker" button',
    x2goclientNote:
      'the app always offers Sign out in the catalogue; the switch makes it a prominent button',
  },
  // ---- SSH brokers (CLI group "SSH broker") ----
  {
    name: 'broker-ssh-key',
    kind: 'values',
    valueName: 'FILE',
    x2goclient: '--broker-ssh-key=FILE',
    x2goclientNote: 'repeatable in the CLI; the app uses the last one',
    app: true,
    cli: 'all',
    cliGroup: 'ssh',
    help: 'log in with this private key (OpenSSH/PEM/PKCS#8); repeatable',
    appHelp: 'log in to an ssh:// broker with this private key and sign in at once',
  },
  {
    name: 'broker-autologin',
    kind: 'flag',
    x2goclient: '--broker-autologin',
    app: true,
    cli: 'all',
    cliGroup: 'ssh',
    help: 'log in with the SSH agent (SSH_AUTH_SOCK) or ~/.ssh/id_* keys',
  },
  {
    name: 'add-to-known-hosts',
    kind: 'flag',
    x2goclient: '--add-to-known-hosts',
    app: true,
    cli: 'all',
    cliGroup: 'ssh',
    help: "accept an unknown broker host key and add it to ~/.ssh/known_hosts (with launch and terminate also the X2Go server's); a changed key is always refused",
    appHelp:
      'accept an unknown SSH host key (broker and X2Go server) and add it to ~/.ssh/known_hosts; a changed key is always refused',
    setting: 'allowAddHostKeys',
    x2goclientNote:
      'only where policy allowAddHostKeys allows it (a lock to false wins; the app logs why the switch is ignored)',
  },
  {
    name: 'known-hosts',
    kind: 'values',
    valueName: 'FILE',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'ssh',
    help: 'also trust the host keys in FILE (besides ~/.ssh/known_hosts): the ssh:// broker, and with launch the X2Go server for pyhoca-cli; repeatable',
    setting: 'sshKnownHostsFile',
  },
  // ---- the session ----
  {
    name: 'session',
    kind: 'value',
    valueName: 'NAME|ID',
    x2goclient: '--session=NAME',
    x2goclientNote: 'also takes the profile id, as x2goclient --sessionid=ID',
    app: true,
    cli: false,
    help: 'start this profile (name, folder/name or id) right after sign-in',
  },
  {
    name: 'sessionid',
    kind: 'value',
    valueName: 'ID',
    x2goclient: '--sessionid=ID',
    app: true,
    cli: false,
    help: 'the same as --session (x2goclient spelling for a profile id)',
  },
  {
    name: 'login',
    kind: 'value',
    valueName: 'NAME',
    x2goclient: null,
    x2goclientNote: 'x2goclient --user=NAME sets the user only for profiles without one',
    app: false,
    cli: ['select'],
    help: 'select: user name on the X2Go server (default: the profile user)',
  },
  {
    name: 'client',
    kind: 'value',
    valueName: 'NAME',
    x2goclient: null,
    app: false,
    cli: ['launch', 'check', 'diagnose'],
    help: 'launch, check, diagnose: local client, x2goclient (default) or pyhoca-cli',
    setting: 'preferredClient',
  },
  {
    name: 'client-path',
    kind: 'value',
    valueName: 'FILE',
    x2goclient: null,
    app: false,
    cli: ['launch', 'check', 'diagnose'],
    help: 'launch, check, diagnose: the client program (else PATH and the default install paths)',
    setting: 'clientPath',
  },
  {
    name: 'ssh-key',
    kind: 'value',
    valueName: 'FILE',
    x2goclient: '--ssh-key=FILE',
    x2goclientNote: 'x2goclient also takes [USER@][HOST:][PORT:]FILE; ours is the file only',
    app: false,
    cli: ['launch', 'terminate', 'check'],
    help: 'launch, terminate (check: carried into its rescue commands): private key for the X2Go server when the broker pushes none',
  },
  {
    name: 'autologin',
    kind: 'flag',
    x2goclient: '--autologin',
    app: false,
    cli: ['launch', 'terminate', 'check'],
    help: 'launch, terminate (check: carried into its rescue commands): log in to the X2Go server with the SSH agent / default keys',
  },
  {
    name: 'no-autoresume',
    kind: 'flag',
    x2goclient: '--no-autoresume',
    app: true,
    cli: ['launch', 'check'],
    help: 'launch: always start a new session (check: says which session a launch would resume)',
    appHelp: 'always start a new session instead of resuming a suspended one',
  },
  {
    name: 'dry-run',
    kind: 'flag',
    x2goclient: null,
    app: false,
    cli: ['launch'],
    help: 'launch: print the client command line and session file, start nothing',
  },
  {
    name: 'allow-local',
    kind: 'values',
    valueName: 'NAME,…',
    x2goclient: null,
    app: false,
    cli: ['launch', 'check'],
    help: `launch (check: carried into its rescue commands): local resources the session may use when the profile asks and policy leaves it to you (${RESOURCE_NAMES.join(', ')}); repeatable`,
  },
  // ---- diagnostics bundle (docs/diagnostics.md) ----
  {
    name: 'output',
    kind: 'value',
    valueName: 'FILE',
    x2goclient: null,
    app: false,
    cli: ['diagnose'],
    help: 'diagnose: write the bundle to FILE (mode 0600; an existing file only with --force)',
  },
  {
    name: 'force',
    kind: 'flag',
    x2goclient: null,
    app: false,
    cli: ['diagnose'],
    help: 'diagnose: replace an existing --output file',
  },
  {
    name: 'close-disconnect',
    kind: 'flag',
    x2goclient: '--close-disconnect',
    app: true,
    cli: false,
    help: 'quit when the session is suspended or ends',
    appHelp: "quit once the session's X2Go client exits (the session was suspended or ended)",
  },
  // ---- window and kiosk (app only) ----
  {
    name: 'kiosk',
    kind: 'flag',
    x2goclient: null,
    app: true,
    cli: false,
    help: 'kiosk window, back to sign-in after each session',
    setting: 'kiosk',
  },
  {
    name: 'thinclient',
    kind: 'flag',
    x2goclient: '--thinclient',
    app: true,
    cli: false,
    help: 'thin-client mode: the launcher is the whole screen (kiosk mode); implies --maximize',
    setting: 'thinclient',
  },
  {
    name: 'maximize',
    kind: 'flag',
    x2goclient: '--maximize',
    app: true,
    cli: false,
    help: 'start with the window maximized',
  },
  {
    name: 'no-menu',
    kind: 'flag',
    x2goclient: '--no-menu',
    app: true,
    cli: false,
    help: 'hide the menu bar',
    x2goclientNote:
      'on Linux and Windows the app has no menu bar anyway; on macOS it removes the app menu',
  },
  {
    name: 'haltbt',
    kind: 'flag',
    x2goclient: '--haltbt',
    app: true,
    cli: false,
    help: 'show shut-down and restart buttons (they run the system action or the policy command)',
    setting: 'haltbt',
  },
  {
    name: 'lock-broker-url',
    kind: 'flag',
    x2goclient: null,
    x2goclientNote: 'x2goclient with --broker-url offers no other broker anyway',
    app: true,
    cli: false,
    help: 'the user cannot choose another broker than --broker-url',
    setting: 'lockBrokerUrl',
  },
  {
    name: 'profile-dir',
    kind: 'value',
    valueName: 'DIR',
    x2goclient: null,
    x2goclientNote: 'the nearest in x2goclient is --home=DIR',
    app: true,
    cli: false,
    help: 'keep settings in DIR (several kiosks on one machine, tests)',
  },
  {
    name: 'managed-config',
    kind: 'value',
    valueName: 'FILE',
    x2goclient: null,
    app: true,
    cli: false,
    help: 'read managed settings from FILE instead of the system path (development and tests; ignored when packaged)',
  },
  // ---- output ----
  {
    name: 'json',
    kind: 'flag',
    x2goclient: null,
    app: false,
    cli: 'all',
    cliGroup: 'output',
    help: 'machine-readable JSON on stdout',
  },
  {
    name: 'help',
    kind: 'flag',
    short: 'h',
    x2goclient: '--help',
    app: true,
    cli: 'all',
    cliGroup: 'output',
    help: 'show this help',
    appHelp: 'print this help and exit (no window opens)',
  },
  {
    name: 'version',
    kind: 'flag',
    x2goclient: '--version',
    app: true,
    cli: 'all',
    cliGroup: 'output',
    help: 'show the version',
    appHelp: 'print the version and exit (no window opens)',
  },
];

/**
 * x2goclient switches (4.1.2.2; docs/command-line.md, "x2goclient switches not supported")
 * that neither command line takes. Given to the app, each is named in a warning instead of
 * vanishing among Chromium's own switches; the CLI refuses them as unknown options.
 */
export const X2GOCLIENT_UNSUPPORTED: readonly string[] = [
  'help-pack',
  'changelog',
  'git-info',
  'debug',
  'disable-pulse',
  'disable-pulse-record',
  'portable',
  'clean-all-files',
  'connectivity-test',
  'xinerama',
  'hide',
  'keep-trayicon',
  'hide-foldersharing',
  'pgp-card',
  'ldap-printing',
  'no-session-edit',
  'change-broker-pass',
  'broker-krblogin',
  'broker-noauth-with-session-username',
  'broker-use-creds-for-session',
  'tray-icon',
  'link',
  'clipboard',
  'sound',
  'geometry',
  'pack',
  'kbd-layout',
  'kbd-type',
  'set-kbd',
  'session-conf',
  'user',
  'ldap',
  'ldap1',
  'ldap2',
  'command',
  'read-exports-from',
  'external-login',
  'ssh-port',
  'dpi',
  'client-ssh-port',
  'embed-into',
  'autostart',
  'support-menu',
  'background',
  'session-icon',
  'home',
  'branding',
];

/** Whether `option` may be given on `line` (for the CLI: with `command`, if known). */
export function acceptedOn(option: OptionDef, line: CommandLine, command?: string): boolean {
  if (line === 'app') return option.app;
  if (option.cli === 'all') return true;
  if (option.cli === false) return false;
  return command === undefined || (option.cli as readonly string[]).includes(command);
}

/** The entry for `name` (without dashes), or undefined. */
export function optionNamed(name: string): OptionDef | undefined {
  return OPTIONS.find((o) => o.name === name);
}

/** The switch that overrides `key` on the command line (`--broker-url`), or null. */
export function settingSwitch(key: SettingKey): string | null {
  const option = OPTIONS.find((o) => o.setting === key);
  return option ? `--${option.name}` : null;
}
