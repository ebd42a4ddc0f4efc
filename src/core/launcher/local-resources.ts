// What a profile asks of THIS machine (folders, printers, agent …), what the session gets, and
// the session-file entries that say so — the safe value for everything not granted, written
// explicitly for both clients because their defaults are not safe (x2goclient: print and
// fstunnel on; Python X2Go: useexports and fstunnel on). docs/handoff.md §3.
//
// The broker only asks. A resource is granted when the admin's policy says `allow`, or says
// `ask` and the user agreed (the app's question, the CLI's `--allow-local`); within that, the
// admin's lists narrow it (folders, proxy hosts), and agent forwarding needs a login that
// uses the agent itself.

import type { BrokerProfile, RawValue } from '../../shared/model';
import {
  CLIPBOARD_MODES,
  DEFAULT_LOCAL_RESOURCE_POLICY,
  RESOURCE_NAMES,
  isShareablePath,
  type ClipboardMode,
  type LocalResourcePolicy,
  type ResourceName,
} from '../config/local-resources';
import { LauncherError, excerpt } from '../errors';
import { fitsKind, truthy } from './handoff-keys';
import type { SessionLogin } from './types';

/** A local folder to share with the session (x2goclient's `export` key; docs/handoff.md §3). */
export interface FolderRequest {
  path: string;
  /** Mounted at session start (`:1`), or only offered (`:0`). */
  automount: boolean;
}

/** An SSH proxy (jump host) for the client's login (docs/handoff.md §3). */
export interface ProxyRequest {
  host: string;
  port: number;
  user: string;
  type: 'SSH' | 'HTTP';
  sameUser: boolean;
}

/** What the broker's profile asks of this machine (explicit keys only; absent = not asked). */
export interface ResourceRequest {
  folders: FolderRequest[];
  printing: boolean;
  mimebox: boolean;
  agent: boolean;
  sshproxy: ProxyRequest | null;
  kerberos: boolean;
  /** null: the profile says nothing (the client's default). */
  clipboard: ClipboardMode | null;
  sound: boolean | null;
  directRdp: boolean;
  directXdmcp: boolean;
}

/** What the session gets. */
export interface ResourceGrant {
  folders: FolderRequest[];
  printing: boolean;
  mimebox: boolean;
  agent: boolean;
  sshproxy: ProxyRequest | null;
  kerberos: boolean;
  clipboard: ClipboardMode | null;
  sound: boolean | null;
  /** The admin's local client for a direct RDP/XDMCP session, null when not direct. */
  directRdpClient: string | null;
  directXdmcpClient: string | null;
}

/** `launch --dry-run --json` → `localResources`. */
export interface LocalResourcesReport {
  requested: ResourceRequest;
  granted: ResourceGrant;
  denied: Array<{ resource: ResourceName | 'clipboard' | 'sound'; reason: string }>;
}

/**
 * The user's answers: true = allowed, false = refused, absent = not asked. `unansweredReason`
 * is how a resource nobody answered is reported (the CLI names its --allow-local flag).
 */
export interface ResourceConsent {
  policy: LocalResourcePolicy;
  answers: Partial<Record<ResourceName, boolean>>;
  unansweredReason?: (resource: ResourceName) => string;
}

/**
 * The default policy with no answers from the user: nothing local is shared (docs/handoff.md §3).
 */
export const NO_CONSENT: ResourceConsent = {
  policy: DEFAULT_LOCAL_RESOURCE_POLICY,
  answers: {},
};

function text(value: RawValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => text(v) ?? '').join(',');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return String(value);
}

/** A profile field by lower-cased key (the exact spelling first, as the normaliser does). */
export function field(profile: BrokerProfile, key: string): string | undefined {
  const exact = profile.raw[key];
  if (exact !== undefined) return text(exact);
  const other = Object.keys(profile.raw).find((k) => k.toLowerCase() === key);
  return other === undefined ? undefined : text(profile.raw[other]);
}

const flag = (profile: BrokerProfile, key: string) => truthy(field(profile, key));

/**
 * `export` as both clients read it: entries split at `;` (Python X2Go: also `,`), each
 * `path:1` / `path:0` (Windows x2goclient: `#`), a bare path meaning `:1`.
 */
export function parseExport(value: string): FolderRequest[] {
  const out: FolderRequest[] = [];
  for (const raw of value.replace(/^\s*"|"\s*$/g, '').split(/[;,]/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^(.*)[:#]([01])$/.exec(entry);
    const path = (m ? m[1]! : entry).trim();
    if (path) out.push({ path, automount: m ? m[2] === '1' : true });
  }
  return out;
}

/** What a profile asks for (pure; reads the raw fields). */
export function requestedResources(profile: BrokerProfile): ResourceRequest {
  const command = (field(profile, 'command') ?? '').trim().toUpperCase();
  const exportText = field(profile, 'export') ?? '';
  const useexports = field(profile, 'useexports');
  const folders =
    useexports !== undefined && !truthy(useexports) ? [] : parseExport(exportText).slice(0, 64);
  let sshproxy: ProxyRequest | null = null;
  if (flag(profile, 'usesshproxy')) {
    const port = Number(field(profile, 'sshproxyport') ?? '22');
    sshproxy = {
      host: (field(profile, 'sshproxyhost') ?? '').trim(),
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
      user: (field(profile, 'sshproxyuser') ?? '').trim(),
      type: /^http$/i.test((field(profile, 'sshproxytype') ?? '').trim()) ? 'HTTP' : 'SSH',
      sameUser: flag(profile, 'sshproxysameuser'),
    };
  }
  const clip = field(profile, 'clipboard')?.trim().toLowerCase();
  const sound = field(profile, 'sound');
  return {
    folders,
    printing: flag(profile, 'print'),
    mimebox: flag(profile, 'usemimebox'),
    agent: flag(profile, 'forwardsshagent'),
    sshproxy,
    kerberos: flag(profile, 'krbdelegation'),
    clipboard:
      clip === undefined
        ? null
        : (CLIPBOARD_MODES as readonly string[]).includes(clip)
          ? (clip as ClipboardMode)
          : 'none',
    // a value that is no boolean is no request at all (the client's default applies)
    sound: sound === undefined || !fitsKind('bool', sound) ? null : truthy(sound),
    directRdp: command === 'RDP' && flag(profile, 'directrdp'),
    directXdmcp: command === 'XDMCP' && flag(profile, 'directxdmcp'),
  };
}

/** Which resources a request actually asks for (the ones a question or flag is about). */
export function askedResources(request: ResourceRequest): ResourceName[] {
  return RESOURCE_NAMES.filter((name) => {
    switch (name) {
      case 'folders':
        return request.folders.length > 0;
      case 'sshproxy':
        return request.sshproxy !== null;
      default:
        return request[name];
    }
  });
}

/** Resources the user still has to answer for under this policy (mode `ask`, not answered). */
export function openQuestions(
  request: ResourceRequest,
  policy: LocalResourcePolicy,
  answers: Partial<Record<ResourceName, boolean>> = {},
): ResourceName[] {
  return askedResources(request).filter(
    (name) => policy.modes[name] === 'ask' && answers[name] === undefined,
  );
}

/** Set intersection of clipboard directions: both ∩ server = server, server ∩ client = none. */
function clipboardWithin(asked: ClipboardMode, cap: ClipboardMode): ClipboardMode {
  const dirs = (m: ClipboardMode) =>
    m === 'both' ? ['server', 'client'] : m === 'none' ? [] : [m];
  const common = dirs(asked).filter((d) => dirs(cap).includes(d));
  return common.length === 2 ? 'both' : ((common[0] as ClipboardMode | undefined) ?? 'none');
}

function insideAny(path: string, roots: readonly string[]): boolean {
  const norm = path.replace(/[\\/]+$/, '') || '/';
  return roots.some((root) => {
    if (root === '/') return norm.startsWith('/');
    return norm === root || norm.startsWith(`${root}/`) || norm.startsWith(`${root}\\`);
  });
}

/**
 * Decide what the session gets. Throws LauncherError('client') for a direct RDP/XDMCP profile
 * when the admin named no local client for it (it cannot start safely at all).
 */
export function decideResources(
  request: ResourceRequest,
  consent: ResourceConsent,
  login: SessionLogin,
): LocalResourcesReport {
  const { policy, answers } = consent;
  const denied: LocalResourcesReport['denied'] = [];
  const allowed = (name: ResourceName): boolean => {
    const mode = policy.modes[name];
    if (mode === 'deny') {
      denied.push({ resource: name, reason: 'the administrator does not allow it' });
      return false;
    }
    if (mode === 'allow') return true;
    const answer = answers[name];
    if (answer === true) return true;
    denied.push({
      resource: name,
      reason:
        answer === false
          ? 'you did not allow it'
          : (consent.unansweredReason?.(name) ?? 'nobody allowed it'),
    });
    return false;
  };

  const grant: ResourceGrant = {
    folders: [],
    printing: false,
    mimebox: false,
    agent: false,
    sshproxy: null,
    kerberos: false,
    clipboard: request.clipboard,
    sound: request.sound,
    directRdpClient: null,
    directXdmcpClient: null,
  };

  if (request.folders.length > 0 && allowed('folders')) {
    for (const folder of request.folders) {
      if (!isShareablePath(folder.path))
        denied.push({
          resource: 'folders',
          reason: `${excerpt(folder.path, 80)} is not an absolute folder path the clients can share`,
        });
      else if (!insideAny(folder.path, policy.folderPaths))
        denied.push({
          resource: 'folders',
          reason: policy.folderPaths.length
            ? `${excerpt(folder.path, 80)} is not in the administrator's list of shareable folders`
            : `${excerpt(folder.path, 80)}: the administrator has listed no shareable folders (localResources.folderPaths)`,
        });
      else grant.folders.push(folder);
    }
  }
  if (request.printing && allowed('printing')) grant.printing = true;
  if (request.mimebox && allowed('mimebox')) grant.mimebox = true;
  if (request.agent && allowed('agent')) {
    if (login.method === 'agent') grant.agent = true;
    else
      denied.push({
        resource: 'agent',
        reason: 'the login to the X2Go server does not use the SSH agent (--autologin)',
      });
  }
  if (request.sshproxy && allowed('sshproxy')) {
    const host = request.sshproxy.host.toLowerCase();
    if (host && policy.sshProxyHosts.includes(host)) grant.sshproxy = request.sshproxy;
    else
      denied.push({
        resource: 'sshproxy',
        reason: `${excerpt(host || '(no host)', 80)} is not in the administrator's list of SSH proxy hosts (localResources.sshProxyHosts)`,
      });
  }
  if (request.kerberos && allowed('kerberos')) grant.kerberos = true;

  if (request.clipboard !== null || policy.clipboard !== 'both') {
    const asked = request.clipboard ?? 'both';
    grant.clipboard = clipboardWithin(asked, policy.clipboard);
    if (grant.clipboard !== asked)
      denied.push({
        resource: 'clipboard',
        reason: `limited to "${grant.clipboard}" by the administrator`,
      });
  }
  if (!policy.sound && request.sound !== false) {
    grant.sound = false;
    if (request.sound)
      denied.push({ resource: 'sound', reason: 'the administrator turned sound off' });
  }

  const direct = directClient(request, policy);
  if (direct?.kind === 'RDP') grant.directRdpClient = direct.client;
  if (direct?.kind === 'XDMCP') grant.directXdmcpClient = direct.client;
  return { requested: request, granted: grant, denied };
}

/**
 * The admin's local client for a direct RDP/XDMCP profile, null for any other profile.
 * Throws LauncherError('client') when the profile is direct and the admin named none: the
 * broker cannot choose a local program, so the profile cannot start.
 */
export function directClient(
  request: Pick<ResourceRequest, 'directRdp' | 'directXdmcp'>,
  policy: LocalResourcePolicy,
): { kind: 'RDP' | 'XDMCP'; client: string } | null {
  if (!request.directRdp && !request.directXdmcp) return null;
  const kind = request.directRdp ? 'RDP' : 'XDMCP';
  const client = request.directRdp ? policy.directRdpClient : policy.directXdmcpClient;
  if (!client)
    throw new LauncherError(
      'client.direct-unset',
      { client: kind },
      `This profile starts a local ${kind} client directly (direct${kind.toLowerCase()}=true), and the administrator has named no local ${kind} client, so it cannot start.`,
      {
        hint: `The administrator can name one in the managed settings (localResources.direct${kind === 'RDP' ? 'Rdp' : 'Xdmcp'}Client); a broker cannot choose a local program.`,
      },
    );
  return { kind, client };
}

type Entry = [string, string];

/**
 * The session-file entries for a decision, for one dialect: every local-resource key the
 * client knows gets a value — the granted one, else the safe one (docs/handoff.md §2).
 */
export function resourceEntries(
  report: LocalResourcesReport,
  profile: BrokerProfile,
  dialect: 'qt' | 'python',
  platform: NodeJS.Platform = process.platform,
): Entry[] {
  const g = report.granted;
  const py = dialect === 'python';
  const qt = dialect === 'qt';
  const b = (v: boolean) => (v ? 'true' : 'false');
  const out: Entry[] = [];
  const push = (when: boolean, key: string, value: string) => {
    if (when) out.push([key, value]);
  };
  // folders
  const sep = qt && platform === 'win32' ? '#' : ':';
  const exportText = g.folders.map((f) => `${f.path}${sep}${f.automount ? 1 : 0};`).join('');
  // useexports/usemimebox/forwardsshagent are python-x2go's keys (x2goclient 4.1.2.2 reads
  // none of them); written for both so every file says "off" for every resource it can
  push(true, 'useexports', b(g.folders.length > 0));
  push(true, 'fstunnel', b(g.folders.length > 0));
  push(true, 'export', exportText);
  push(py, 'restoreexports', 'false');
  // MIME box: saved where the user chooses, never opened by the broker's wish (OPEN)
  push(true, 'usemimebox', b(g.mimebox));
  push(py, 'mimeboxaction', 'SAVEAS');
  if (py && g.mimebox) {
    const ext = field(profile, 'mimeboxextensions');
    if (ext !== undefined && /^[A-Za-z0-9.,\s-]{0,256}$/.test(ext))
      out.push(['mimeboxextensions', ext.trim()]);
  }
  push(true, 'print', b(g.printing));
  push(true, 'forwardsshagent', b(g.agent));
  push(qt, 'krbdelegation', b(g.kerberos));
  push(true, 'startsoundsystem', 'false');
  // SSH proxy: never a local key path or reused credentials from the broker
  push(true, 'usesshproxy', b(g.sshproxy !== null));
  if (g.sshproxy) {
    out.push(['sshproxyhost', g.sshproxy.host]);
    out.push(['sshproxyport', String(g.sshproxy.port)]);
    out.push(['sshproxytype', g.sshproxy.type]);
    out.push(['sshproxysameuser', b(g.sshproxy.sameUser)]);
    if (g.sshproxy.user) out.push(['sshproxyuser', g.sshproxy.user]);
  }
  push(true, 'sshproxykeyfile', '');
  push(true, 'sshproxysamepass', 'false');
  push(true, 'sshproxyautologin', 'false');
  push(qt, 'sshproxysamekey', 'false');
  push(qt, 'sshproxykrblogin', 'false');
  // direct RDP/XDMCP: the admin's client, with no broker-chosen arguments
  push(true, 'directrdp', b(g.directRdpClient !== null));
  if (g.directRdpClient) {
    out.push(['rdpclient', g.directRdpClient]);
    out.push(['directrdpsettings', '']);
  }
  push(qt, 'directxdmcp', b(g.directXdmcpClient !== null));
  if (qt && g.directXdmcpClient) {
    out.push(['xdmcpclient', g.directXdmcpClient]);
    out.push(['directxdmcpsettings', '']);
  }
  // caps: written when the admin's cap changed what the profile asked for (or it asked)
  if (g.clipboard !== null) out.push(['clipboard', g.clipboard]);
  if (g.sound === false) {
    out.push(['sound', 'false']);
    out.push(['soundtunnel', 'false']);
  } else {
    if (g.sound === true) out.push(['sound', 'true']);
    const tunnel = field(profile, 'soundtunnel');
    if (tunnel !== undefined && fitsKind('bool', tunnel)) out.push(['soundtunnel', tunnel.trim()]);
    // The sound tunnel is a reverse forward from the server to 127.0.0.1:<sndport> HERE: a
    // broker-chosen port would open any loopback service of this machine (a database, a
    // browser's debugging port) to the server. Always the client's default sound port.
    out.push(['defsndport', 'true']);
    // the sound daemons the clients know; anything else is not passed on
    const system = field(profile, 'soundsystem')?.trim().toLowerCase();
    if (system && ['pulse', 'arts', 'esd'].includes(system)) out.push(['soundsystem', system]);
  }
  return out;
}
