// The local client's environment, BUILT from an allowlist rather than inherited: x2goclient,
// pyhoca-cli, ssh and nxproxy need the display, locale, home, search path and the desktop's
// runtime directory — not the launcher's secrets (a --broker-password-env variable, our
// X2GO_LAUNCHER_* settings), and not the user's SSH agent unless the login itself uses it
// (a client with SSH_AUTH_SOCK can offer or forward the agent's keys to a broker-chosen
// server). The CLI and the GUI both go through this one function (process.ts), so they hand
// on the same set. docs/handoff.md §4.

/** Variables every client gets when set (exact names; Windows compares without case). */
export const CLIENT_ENV_NAMES: readonly string[] = [
  // X11 / Wayland display and its cookie
  'DISPLAY',
  'XAUTHORITY',
  'WAYLAND_DISPLAY',
  // who and where
  'HOME',
  'USER',
  'LOGNAME',
  'PATH',
  'SHELL',
  'TMPDIR',
  'TZ',
  // locale
  'LANG',
  'LANGUAGE',
  // the desktop session: runtime dir (PulseAudio, D-Bus), config dirs, session bus
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_CONFIG_DIRS',
  'XDG_DATA_HOME',
  'XDG_DATA_DIRS',
  'XDG_CACHE_HOME',
  'XDG_SESSION_TYPE',
  'XDG_CURRENT_DESKTOP',
  'DBUS_SESSION_BUS_ADDRESS',
  'PULSE_SERVER',
  // Qt display settings of x2goclient
  'QT_QPA_PLATFORM',
  'QT_SCALE_FACTOR',
  'QT_SCREEN_SCALE_FACTORS',
  'QT_AUTO_SCREEN_SCALE_FACTOR',
  'QT_FONT_DPI',
  // Windows: what any program needs to start and find its profile
  'SystemRoot',
  'windir',
  'ComSpec',
  'PATHEXT',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'USERNAME',
  'USERDOMAIN',
  'APPDATA',
  'LOCALAPPDATA',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'HOMEDRIVE',
  'HOMEPATH',
  'COMPUTERNAME',
  'OS',
  'PROCESSOR_ARCHITECTURE',
  'NUMBER_OF_PROCESSORS',
];

/** Only when the login to the X2Go server uses the agent (`--autologin`). */
export const AGENT_ENV_NAMES: readonly string[] = ['SSH_AUTH_SOCK', 'SSH_AGENT_PID'];
/** Only when the client logs in with Kerberos (krblogin): where the ticket cache is. */
export const KERBEROS_ENV_NAMES: readonly string[] = ['KRB5CCNAME'];

/** What the client's login needs from the user's environment (docs/handoff.md §4). */
export interface ClientEnvOptions {
  /** The login uses the SSH agent: hand on SSH_AUTH_SOCK. */
  agent?: boolean;
  /** The login uses Kerberos: hand on KRB5CCNAME. */
  kerberos?: boolean;
  /** Variables that hold our secrets (--broker-password-env NAME): never handed on. */
  secretNames?: readonly string[];
  platform?: NodeJS.Platform;
}

/**
 * The client's environment from `base`: the names above (LC_* too), the agent's and
 * Kerberos' only when asked for, never a secret name. Pure; returns a new object.
 */
export function clientEnvironment(
  base: NodeJS.ProcessEnv,
  options: ClientEnvOptions = {},
): Record<string, string> {
  const windows = (options.platform ?? process.platform) === 'win32';
  const norm = (name: string) => (windows ? name.toUpperCase() : name);
  const allowed = new Set(
    [
      ...CLIENT_ENV_NAMES,
      ...(options.agent ? AGENT_ENV_NAMES : []),
      ...(options.kerberos ? KERBEROS_ENV_NAMES : []),
    ].map(norm),
  );
  const secrets = new Set((options.secretNames ?? []).map(norm));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || secrets.has(norm(name))) continue;
    if (allowed.has(norm(name)) || /^LC_[A-Z]+$/.test(name)) env[name] = value;
  }
  return env;
}
