// The one profile model every layer uses (CLI, GUI, launchers), whichever broker dialect or
// transport delivered it: the core's parsers produce RawProfile, src/core/broker/profile.ts
// normalises it into BrokerProfile, and main sends BrokerProfile to the renderer as it is.
// Plain data only: this folder is bundled into the sandboxed preload and the renderer and must
// import nothing (eslint.config.js enforces it).

/** A value as the broker sent it: plain replies give strings, JSON replies native types. */
export type RawValue = string | number | boolean | null | RawValue[];

/** Profile fields exactly as received, in a prototype-free record (hostile keys are inert). */
export type RawFields = Record<string, RawValue>;

/** One session profile as the broker sent it (docs/protocol.md §7.1), before normalising. */
export interface RawProfile {
  /** The profile ID (section name / JSON key): opaque, sent back verbatim in selectsession. */
  id: string;
  fields: RawFields;
}

/**
 * What a profile starts (from its `command`, `published`, `kdrive` keys; docs/protocol.md §7.1).
 */
export const SESSION_KINDS = [
  'desktop',
  'application',
  'published',
  'shadow',
  'rdp',
  'xdmcp',
  'kdrive',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** State of a session the broker reports in SESSION_INFO (docs/protocol.md §8.4). */
export type SessionStatus = 'running' | 'suspended';

/**
 * A profile's icon after sniffing, size capping and (SVG) sanitising (docs/protocol.md §7.2);
 * `bytes` is the decoded image size.
 */
export interface ProfileIcon {
  /** `data:<mime>;base64,<…>` — only ever a sniffed PNG/JPEG/GIF/SVG, size-capped. */
  dataUrl: string;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/svg+xml';
  bytes: number;
}

/** A session profile normalised for display and launch (profile.ts; docs/protocol.md §7). */
export interface BrokerProfile {
  id: string;
  /** Display name as sent (`name`, falling back to the ID). */
  name: string;
  /** Last `/`-separated piece of the name: what a tile shows. */
  label: string;
  /** Folder path from the name (`Staff/Linux` for `Staff/Linux/KDE`), '' at the root. */
  folder: string;
  /** `command` as sent (`KDE`, `xterm`, `RDP`, `PUBLISHED` …), default `TERMINAL`. */
  command: string;
  kind: SessionKind;
  hosts: string[];
  sshPort: number;
  /** SSH user on the X2Go server ('' when the broker leaves it empty). */
  user: string;
  rootless: boolean;
  published: boolean;
  icon: ProfileIcon | null;
  /** Existing session on the broker's side (needs a broker agent), null when unknown. */
  status: SessionStatus | null;
  /**
   * Every field as received, for the hand-off (geometry, sound, clipboard …). Main may send
   * `{}` to the renderer to keep the payload small.
   */
  raw: RawFields;
}

/** One x2golistsessions line as carried by SESSION_INFO / session_info. */
export interface SessionInfo {
  agentPid: number;
  /** Session name, e.g. `alice-50-1414759661_stDMATE_dp24` — what resume needs. */
  name: string;
  display: number;
  /** The X2Go server's own host name (field 3; informational, we connect to SERVER:). */
  host: string;
  status: 'R' | 'S';
  createdAt: string;
  clientIp: string;
  /** `D` desktop, `R` rootless, `S` shadow, `K` kdrive, '' unknown — from the session name. */
  typeLetter: string;
  /** Command from the session name (`MATE`), '' when it cannot be read. */
  command: string;
  /** Colour depth from the session name, null when absent. */
  depth: number | null;
  /** The whole line as received. */
  line: string;
}

/** What selectsession tells us. The private key is a secret: never log or print it. */
export interface SelectedSession {
  profileId: string;
  server: string;
  port: number;
  /** Login user on the X2Go server (profile `user`, else the broker user). */
  user: string;
  /** PEM private key pushed by the broker (broker autologin), valid ~20 s. */
  privateKey: string | null;
  /** JSON dialect: the broker installed our public key. */
  pubkeyAccepted: boolean;
  /** Sessions the broker found for this user (resume candidates). */
  sessionInfo: SessionInfo[];
  /** `Date.now()` when the reply arrived (the temporary key's clock starts here). */
  receivedAt: number;
}
