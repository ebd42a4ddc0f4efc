// The desktop app's command line: x2goclient's switches with their meaning, and ours. The
// options, their x2goclient equivalents and their help live in ONE table shared with the CLI
// (src/core/command-line/options.ts; docs/command-line.md is generated from it), parsed by
// the one parser (src/core/command-line/parse.ts). The app never refuses to start over its
// command line: Chromium's and Electron's own switches are left to them (a note in the log),
// and an x2goclient switch we do not support, a CLI-only option or a flag given a value is
// named in a warning instead of vanishing.
import { parseCommandLine, type ParseIssue, type ParsedValues } from '../core/command-line/parse';

export interface AppArgs {
  /** --broker-url: the broker to prefill (and sign in to with the no-password switches). */
  brokerUrl?: string;
  /** --lock-broker-url: only --broker-url may be used. */
  lockBrokerUrl: boolean;
  /** --kiosk: full-screen kiosk window, back to sign-in after each session. */
  kiosk: boolean;
  /** --profile-dir: settings directory (Electron's userData). */
  profileDir?: string;
  /** --auth-id: file whose first line is the initial auth-id cookie. */
  authIdFile?: string;
  /** --broker-noauth: the broker needs no credentials (signs in at once). */
  noAuth: boolean;
  /** --broker-ssh-key: key for an ssh:// broker; given several times, the last one. */
  sshKeyFile?: string;
  /** --broker-autologin: the SSH agent / default keys for an ssh:// broker. */
  sshAgent: boolean;
  /** --session or --sessionid: profile (name, folder/name or id) to start after sign-in. */
  session?: string;
  /** --managed-config: development/tests only; ignored when packaged (src/main/index.ts). */
  managedConfig?: string;
  /** --broker-name: the broker's display name (sign-in screen, window title; policy brokerName). */
  brokerName?: string;
  /**
   * --broker-cacertfile (repeatable): extra CA / pinned certificate files (PEM) for an https
   * broker: the command-line value of the `brokerCaFiles` setting (src/main/index.ts).
   */
  caCertFiles: string[];
  /**
   * --add-to-known-hosts: accept an unknown SSH host key without asking (never a changed one),
   * only where policy allowAddHostKeys allows it (src/main/host-key-policy.ts).
   */
  addToKnownHosts: boolean;
  /** --no-autoresume: start a new session instead of resuming a suspended one. */
  noAutoresume: boolean;
  // x2goclient 4.1.2.2's meaning (docs/command-line.md). --broker-autologoff, --thinclient and
  // --haltbt are parsed here; what they do arrives with the kiosk work.
  /** --broker-autologoff: forget the broker sign-in after each session (`autoLogoffAfterSession`). */
  autoLogoff: boolean;
  /** --broker-logoutbt: a prominent "Sign out" button in the catalogue (StartupState.logoutButton). */
  logoutButton: boolean;
  /** --close-disconnect: quit once the session's client exits (controller.ts clientEnded). */
  closeDisconnect: boolean;
  /** --thinclient: no window manager assumed; implies `maximize`. */
  thinclient: boolean;
  /** --maximize (or --thinclient): start with the window maximized (window-chrome.ts). */
  maximize: boolean;
  /** --no-menu: no menu bar (window-chrome.ts). */
  noMenu: boolean;
  /** --haltbt: show a shut-down button. */
  haltButton: boolean;
  /** --help: print the help and exit before any window (src/main/index.ts). */
  help: boolean;
  /** --version: print the version and exit before any window. */
  version: boolean;
  /** `x2go-launcher://…` deep links given as arguments (desktop entry `%U`, a browser), unchecked. */
  links: string[];
  /** Notes for the log: switches left to Chromium/Electron, missing or bad values, repeats. */
  notes: string[];
  /**
   * Warnings for the log: x2goclient switches we do not support, options of the CLI,
   * flags given a value — each names the switch; the switch is ignored.
   */
  warnings: string[];
}

/** Longest value accepted (a path or URL); longer ones are refused, never cut. */
const MAX_VALUE_LENGTH = 4096;

/** Values come from a desktop file or a script: trimmed; empty, NUL or too long refused. */
function appValue(raw: string): string | null {
  const value = raw.trim();
  return !value || value.includes('\0') || value.length > MAX_VALUE_LENGTH ? null : value;
}

/** The note or warning for one parse issue (notes keep the wording the log had before). */
function report(issue: ParseIssue, out: AppArgs): void {
  switch (issue.kind) {
    case 'unknown':
      out.notes.push(`ignored ${issue.option}`);
      return;
    case 'missing-value':
      out.notes.push(`${issue.option} needs a value`);
      return;
    case 'invalid-value':
      out.notes.push(`${issue.option} has an empty or invalid value`);
      return;
    case 'repeated':
      out.notes.push(`${issue.option} given more than once; the last value counts`);
      return;
    case 'x2goclient-unsupported':
    case 'other-command-line':
    case 'unexpected-value':
      out.warnings.push(`${issue.message} It is ignored.`);
  }
}

const str = (v: ParsedValues[string]): string | undefined =>
  typeof v === 'string' ? v : undefined;
const list = (v: ParsedValues[string]): string[] => (Array.isArray(v) ? v : []);

/**
 * Parse the arguments after the executable (and after the app path in development). Never
 * throws: problems become `notes` and `warnings`.
 */
export function parseAppArgs(argv: readonly string[]): AppArgs {
  const { values: v, positionals, issues } = parseCommandLine(argv, 'app', { value: appValue });
  const flag = (name: string): boolean => v[name] === true;
  const sshKeys = list(v['broker-ssh-key']);
  const out: AppArgs = {
    lockBrokerUrl: flag('lock-broker-url'),
    kiosk: flag('kiosk'),
    noAuth: flag('broker-noauth'),
    sshAgent: flag('broker-autologin'),
    caCertFiles: list(v['broker-cacertfile']),
    addToKnownHosts: flag('add-to-known-hosts'),
    noAutoresume: flag('no-autoresume'),
    autoLogoff: flag('broker-autologoff'),
    logoutButton: flag('broker-logoutbt'),
    closeDisconnect: flag('close-disconnect'),
    thinclient: flag('thinclient'),
    // x2goclient: --thinclient sets startMaximized too
    maximize: flag('maximize') || flag('thinclient'),
    noMenu: flag('no-menu'),
    haltButton: flag('haltbt'),
    help: flag('help'),
    version: flag('version'),
    // x2go-launcher:// links the desktop or a browser passed (checked later: src/core/deep-link.ts)
    links: positionals.filter((p) => /^x2go-launcher:/i.test(p)),
    notes: [],
    warnings: [],
  };
  for (const issue of issues) report(issue, out);
  const set = <K extends keyof AppArgs>(key: K, value: AppArgs[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('brokerUrl', str(v['broker-url']));
  set('profileDir', str(v['profile-dir']));
  set('authIdFile', str(v['auth-id']));
  set('sshKeyFile', sshKeys.at(-1));
  if (sshKeys.length > 1)
    out.notes.push('--broker-ssh-key given more than once; the app uses the last');
  // x2goclient's --sessionid names the profile by id; --session takes a name or an id
  set('session', str(v.session) ?? str(v.sessionid));
  set('managedConfig', str(v['managed-config']));
  set('brokerName', str(v['broker-name']));
  return out;
}
