// The GUI's command line (names follow x2goclient where it has one):
//   --broker-url=URL        prefill the broker URL           --lock-broker-url  and lock it
//   --kiosk                 kiosk window, back to sign-in after each session
//   --profile-dir=DIR       keep settings in DIR (tests, several kiosks on one machine)
//   --auth-id=FILE          initial auth-id cookie file      --broker-noauth
//   --broker-ssh-key=FILE   ssh:// broker key                --broker-autologin (ssh agent)
//   --session=NAME|ID       launch this profile right after sign-in
//   --managed-config=FILE   read managed settings from FILE instead of the system path
//                           (same trust rules; development/tests only, ignored when packaged)
// Unknown switches are ignored with a note: Chromium and Electron add their own.

export interface AppArgs {
  brokerUrl?: string;
  lockBrokerUrl: boolean;
  kiosk: boolean;
  profileDir?: string;
  authIdFile?: string;
  noAuth: boolean;
  sshKeyFile?: string;
  sshAgent: boolean;
  session?: string;
  managedConfig?: string;
  /** Notes for the log (unknown switches, missing values). */
  notes: string[];
}

const VALUE_OPTIONS = {
  '--broker-url': 'brokerUrl',
  '--profile-dir': 'profileDir',
  '--auth-id': 'authIdFile',
  '--broker-ssh-key': 'sshKeyFile',
  '--session': 'session',
  '--managed-config': 'managedConfig',
} as const;

const FLAG_OPTIONS = {
  '--lock-broker-url': 'lockBrokerUrl',
  '--kiosk': 'kiosk',
  '--broker-noauth': 'noAuth',
  '--broker-autologin': 'sshAgent',
} as const;

/** Parse the arguments after the executable (and after the app path in development). */
export function parseAppArgs(argv: readonly string[]): AppArgs {
  const out: AppArgs = {
    lockBrokerUrl: false,
    kiosk: false,
    noAuth: false,
    sshAgent: false,
    notes: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name in VALUE_OPTIONS) {
      let value = eq === -1 ? argv[i + 1] : arg.slice(eq + 1);
      if (eq === -1) {
        if (value === undefined || value.startsWith('--')) {
          out.notes.push(`${name} needs a value`);
          continue;
        }
        i++;
      }
      value = value!.trim();
      if (!value || value.includes('\0') || value.length > 4096) {
        out.notes.push(`${name} has an empty or invalid value`);
        continue;
      }
      out[VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS]] = value;
    } else if (name in FLAG_OPTIONS) {
      out[FLAG_OPTIONS[name as keyof typeof FLAG_OPTIONS]] = true;
    } else {
      out.notes.push(`ignored ${name}`);
    }
  }
  return out;
}
