// THE hand-off allowlist: every session-profile key x2goclient 4.1.2.2 or Python X2Go 0.6.1.x
// knows (x2goclient's `sid+"/<key>"` reads; python-x2go's X2GO_SESSIONPROFILE_DEFAULTS), in
// one table, each with what the launcher does with it (docs/handoff.md §2). A broker key that
// is not in this table is dropped and listed as a warning: an allowlist, never a denylist.
//
// `qt` / `py`: the key is one x2goclient / Python X2Go reads. A key is written to pyhoca-cli's
// file only if Python X2Go knows it (an unknown key can make it crash); x2goclient ignores
// keys it does not know, but gets only known ones too.

/** What happens to a profile key on its way to the session file. */
export type KeyGroup =
  /** The launcher writes it itself from SERVER:/the login (session-file.ts loginEntries). */
  | 'launcher'
  /** Effect stays on the X2Go server or is cosmetic here: passed on, checked for its type. */
  | 'remote'
  /** Passed on within the admin's cap (clipboard, sound: local-resources.ts). */
  | 'capped'
  /** Reaches a local resource: always written by the launcher — the safe value unless granted. */
  | 'local'
  /** Names a local program, its arguments or a local key file: never from the broker. */
  | 'never'
  /** Broker bookkeeping or x2goclient broker-mode only: meaningless in a session file. */
  | 'broker'
  /** Decided by the launcher for every session (start-up behaviour, host-key handling). */
  | 'dropped';

/** How a profile key's value is checked before hand-off: on/off, integer, text, or list. */
export type ValueKind = 'bool' | 'int' | 'text' | 'list';

/**
 * One allowlisted profile key: its group, value kind, and the clients (Qt INI = x2goclient)
 * it is passed to (docs/handoff.md §2).
 */
export interface KeySpec {
  group: KeyGroup;
  kind: ValueKind;
  qt: boolean;
  py: boolean;
}

const both = (group: KeyGroup, kind: ValueKind): KeySpec => ({ group, kind, qt: true, py: true });
const qtOnly = (group: KeyGroup, kind: ValueKind): KeySpec => ({
  group,
  kind,
  qt: true,
  py: false,
});
const pyOnly = (group: KeyGroup, kind: ValueKind): KeySpec => ({
  group,
  kind,
  qt: false,
  py: true,
});

/**
 * The hand-off allowlist by x2goclient profile key name (docs/handoff.md §2): a key not in it
 * is never passed on from the broker to a client.
 */
export const HANDOFF_KEYS: Readonly<Record<string, KeySpec>> = Object.freeze({
  // --- launcher: where to connect and how to log in come from selectsession and the user's
  // choice (key / agent / password), never from the profile's copy of them.
  name: both('launcher', 'text'),
  host: both('launcher', 'list'),
  sshport: both('launcher', 'int'),
  user: both('launcher', 'text'),
  key: both('launcher', 'text'),
  autologin: both('launcher', 'bool'),
  krblogin: both('launcher', 'bool'),

  // --- remote, display and geometry: the size and place of the session window here.
  fullscreen: both('remote', 'bool'),
  width: both('remote', 'int'),
  height: both('remote', 'int'),
  maxdim: both('remote', 'bool'),
  dpi: both('remote', 'int'),
  setdpi: both('remote', 'bool'),
  xinerama: both('remote', 'bool'),
  multidisp: both('remote', 'bool'),
  display: both('remote', 'int'),
  // --- remote, keyboard: the layout the X2Go server's agent uses.
  usekbd: both('remote', 'bool'),
  layout: both('remote', 'text'),
  variant: both('remote', 'text'),
  type: both('remote', 'text'),
  // --- remote, what runs: commands run ON the X2Go server (x2goruncommand), not here.
  command: both('remote', 'text'),
  applications: both('remote', 'list'),
  rootless: both('remote', 'bool'),
  published: both('remote', 'bool'),
  kdrive: both('remote', 'bool'),
  setsessiontitle: pyOnly('remote', 'bool'),
  sessiontitle: pyOnly('remote', 'text'),
  // desktop sharing (SHADOW): whose desktop ON the server; x2goclient only
  shadowuser: qtOnly('remote', 'text'),
  shadowdisplay: qtOnly('remote', 'text'),
  shadowfullaccess: qtOnly('remote', 'bool'),
  // --- remote, link: NX compression between server and this machine's nxproxy.
  speed: both('remote', 'int'),
  pack: both('remote', 'text'),
  quality: both('remote', 'int'),
  // --- remote, file-name charset conversion on the server side.
  useiconv: both('remote', 'bool'),
  iconvfrom: both('remote', 'text'),
  iconvto: both('remote', 'text'),
  // --- remote, RDP/XDMCP *servers*: non-direct RDP runs rdesktop ON the X2Go server with
  // these options (X2GO_USER/X2GO_PASSWORD are substituted there); XDMCP queries from there.
  rdpserver: both('remote', 'text'),
  rdpoptions: both('remote', 'text'),
  rdpport: both('remote', 'int'),
  xdmcpserver: both('remote', 'text'),

  // --- capped: the clipboard and remote sound, within the admin's caps. sndport/defsndport
  // are never taken from the broker (local-resources.ts writes defsndport=true): the port is
  // the local end of a reverse tunnel from the server.
  clipboard: both('capped', 'text'),
  sound: both('capped', 'bool'),
  soundsystem: both('capped', 'text'),
  soundtunnel: both('capped', 'bool'),
  defsndport: both('capped', 'bool'),
  sndport: both('capped', 'int'),

  // --- local: folder sharing (SFTP/sshfs of local folders to the server).
  useexports: pyOnly('local', 'bool'),
  fstunnel: both('local', 'bool'),
  export: both('local', 'text'),
  restoreexports: pyOnly('local', 'bool'),
  // --- local: MIME box (server files opened/saved here); Python X2Go only.
  usemimebox: pyOnly('local', 'bool'),
  mimeboxaction: pyOnly('local', 'text'),
  mimeboxextensions: pyOnly('local', 'text'),
  // --- local: print jobs of the server on this machine's printers.
  print: both('local', 'bool'),
  // --- local: the user's SSH agent, usable from the server.
  forwardsshagent: pyOnly('local', 'bool'),
  // --- local: Kerberos ticket forwarded to the server.
  krbdelegation: qtOnly('local', 'bool'),
  // --- local: a sound daemon started here (artsd/esd).
  startsoundsystem: both('local', 'bool'),
  // --- local: SSH proxy (jump host) — a connection from here, with reusable credentials.
  usesshproxy: both('local', 'bool'),
  sshproxyhost: both('local', 'text'),
  sshproxyport: both('local', 'int'),
  sshproxyuser: both('local', 'text'),
  sshproxytype: both('local', 'text'),
  sshproxysameuser: both('local', 'bool'),
  sshproxysamepass: both('local', 'bool'),
  sshproxyautologin: both('local', 'bool'),
  sshproxysamekey: qtOnly('local', 'bool'),
  sshproxykrblogin: qtOnly('local', 'bool'),
  // --- local: direct RDP / XDMCP run a LOCAL client; only the admin's, with our arguments.
  directrdp: both('local', 'bool'),
  directxdmcp: qtOnly('local', 'bool'),

  // --- never: a local program, its arguments, or a local key file.
  rdpclient: both('never', 'text'),
  directrdpsettings: both('never', 'text'),
  xdmcpclient: qtOnly('never', 'text'),
  directxdmcpsettings: qtOnly('never', 'text'),
  sshproxykeyfile: both('never', 'text'),

  // --- broker: bookkeeping of the broker or x2goclient's broker mode (icon is base64 data).
  icon: both('broker', 'text'),
  usebrokerpass: qtOnly('broker', 'text'),
  usebrokerpassforproxy: qtOnly('broker', 'bool'),
  usebrokeruserforproxy: qtOnly('broker', 'bool'),
  status: qtOnly('broker', 'text'),
  running: qtOnly('broker', 'int'),
  suspended: qtOnly('broker', 'int'),

  // --- dropped: when to connect/start and how host keys are aliased are the launcher's.
  autostart: pyOnly('dropped', 'bool'),
  autoconnect: pyOnly('dropped', 'bool'),
  uniquehostkeyaliases: pyOnly('dropped', 'bool'),
});

/** The spec of a profile key (compared lower-cased), undefined when unknown. */
export function keySpec(key: string): KeySpec | undefined {
  const lower = key.toLowerCase();
  return Object.prototype.hasOwnProperty.call(HANDOFF_KEYS, lower)
    ? HANDOFF_KEYS[lower]
    : undefined;
}

const BOOL = /^(1|0|yes|no|true|false|on|off)$/i;
const INT = /^[+-]?[0-9]{1,9}$/;

/** Whether a text value fits the key's kind (booleans and integers as both clients read them). */
export function fitsKind(kind: ValueKind, text: string): boolean {
  if (kind === 'bool') return BOOL.test(text.trim());
  if (kind === 'int') return INT.test(text.trim());
  return true;
}

/** A profile boolean as x2goclient reads it: true unless empty, `0`, `false` (also no/off). */
export function truthy(text: string | undefined): boolean {
  if (text === undefined) return false;
  return !/^(|0|false|no|off)$/i.test(text.trim());
}
