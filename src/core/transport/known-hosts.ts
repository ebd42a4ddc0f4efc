// OpenSSH known_hosts checking for the SSH broker transport (sshd(8) "SSH_KNOWN_HOSTS FILE
// FORMAT"). No maintained npm package does this (checked: `known-hosts` 0.1.0 only splits
// lines, no hashed entries, no markers), so this is a small, tested implementation of the
// parts a client needs:
//   - plain host patterns with `*`/`?` wildcards and `!` negation, comma-separated;
//   - `[host]:port` names for ports other than 22 (exactly how ssh looks them up);
//   - hashed names `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (HashKnownHosts);
//   - `@revoked` (the key is refused for that host) and `@cert-authority` (ignored: we do not
//     accept host certificates, so such a line can neither trust nor condemn a plain key);
//   - several key types per host: a key only "changed" when the host has a different key of
//     the same type; a host known only under other types counts as unknown (as in ssh).
// Fingerprints are printed exactly as ssh does: `SHA256:` + unpadded base64 of SHA-256(blob).
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { LauncherError } from '../errors';

export type KnownHostsMarker = 'revoked' | 'cert-authority' | null;

export interface KnownHostsEntry {
  marker: KnownHostsMarker;
  /** The host pattern field as written (comma-separated patterns or one hashed name). */
  hosts: string;
  keyType: string;
  /** The decoded key blob. */
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  /** A plain entry for this host has exactly this key. */
  | { status: 'known'; entry: KnownHostsEntry }
  /** An `@revoked` entry names this key (for this host): never accept it. */
  | { status: 'revoked'; entry: KnownHostsEntry }
  /** The host is known with a different key of the same type: possible man-in-the-middle. */
  | { status: 'changed'; entries: KnownHostsEntry[] }
  /** No entry for this host and key type; `otherTypes` lists the types that are known. */
  | { status: 'unknown'; otherTypes: string[] };

/** The files ssh reads by default (user files first: new keys are appended to the first). */
export function defaultUserKnownHostsFiles(): string[] {
  const ssh = join(homedir(), '.ssh');
  return [join(ssh, 'known_hosts'), join(ssh, 'known_hosts2')];
}
export const DEFAULT_GLOBAL_KNOWN_HOSTS_FILES: readonly string[] = [
  '/etc/ssh/ssh_known_hosts',
  '/etc/ssh/ssh_known_hosts2',
];

/** The name ssh looks up in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** `SHA256:…` exactly as `ssh` / `ssh-keygen -l` print it. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first SSH string). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  if (len > blob.length - 4 || len > 64) return '';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** Parse one known_hosts file's text. Malformed lines are skipped, as ssh does. */
export function parseKnownHosts(text: string, file = '<memory>'): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fields = (lines[i] ?? '').trim().split(/[ \t]+/);
    if (!fields[0] || fields[0].startsWith('#')) continue;
    let marker: KnownHostsMarker = null;
    if (fields[0].startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // unknown marker: ssh ignores the line
    }
    const [hosts, keyType, keyB64] = fields;
    if (!hosts || !keyType || !keyB64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(keyB64)) continue;
    const key = Buffer.from(keyB64, 'base64');
    // The blob names its own type; a line whose field disagrees is corrupt (ssh skips it).
    if (keyTypeOfBlob(key) !== keyType) continue;
    entries.push({ marker, hosts, keyType, key, file, line: i + 1 });
  }
  return entries;
}

/** Read the files that exist (missing/unreadable ones are simply not there, as for ssh). */
export function readKnownHostsFiles(files: readonly string[]): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    entries.push(...parseKnownHosts(text, file));
  }
  return entries;
}

/** Does the host field of an entry name `name` (`host` or `[host]:port`)? */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) return hashedMatches(hosts, name);
  let matched = false;
  for (const raw of hosts.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!pattern || !wildcardMatch(pattern, name)) continue;
    if (negated) return false; // a matching negation wins over every positive match
    matched = true;
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || !parts[2] || !parts[3]) return false;
  const salt = Buffer.from(parts[2], 'base64');
  const want = Buffer.from(parts[3], 'base64');
  const got = createHmac('sha1', salt).update(name).digest();
  return want.length === got.length && want.equals(got);
}

/** ssh's match_pattern(): `*` any run, `?` one character, everything else literal. */
/**
 * OpenSSH's `*` / `?` host pattern match (sshd(8) "PATTERNS"), case as given. The name comes
 * from the broker (`SERVER:`), so no regex: a pattern like `*a*a*a*a*b` turned into `.*a.*a…`
 * backtracks exponentially. This is the classic two-pointer glob match (resume after the last
 * `*`), O(pattern × name) at worst and linear in practice; kept by hand because a glob library
 * would add a dependency for twenty lines and none documents its worst case.
 */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1; // position after the last `*` seen in the pattern
  let starT = 0; // where in the text that `*` currently ends
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = ++p;
      starT = t;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (starP !== -1) {
      p = starP;
      t = ++starT;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** What the known_hosts entries say about `key` presented by host:port. */
export function checkHostKey(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const keyType = keyTypeOfBlob(key);
  const forHost = entries.filter((e) => hostFieldMatches(e.hosts, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === null);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  const sameType = plain.filter((e) => e.keyType === keyType);
  if (sameType.length > 0) return { status: 'changed', entries: sameType };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

/** Key types the entries know for host:port (to prefer them when negotiating, as ssh does). */
export function knownKeyTypes(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
): string[] {
  const name = knownHostsName(host, port);
  return [
    ...new Set(
      entries
        .filter((e) => e.marker === null && hostFieldMatches(e.hosts, name))
        .map((e) => e.keyType),
    ),
  ];
}

/** The known_hosts line ssh would write for this host (plain, not hashed). */
export function knownHostsLine(host: string, port: number, key: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOfBlob(key)} ${key.toString('base64')}`;
}

/**
 * Append the host's key to `file` like ssh's "Permanently added": the directory is created
 * 0700 when missing, the file 0600 when missing; an existing file keeps its mode.
 */
export function addKnownHost(file: string, host: string, port: number, key: Buffer): string {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const line = knownHostsLine(host, port, key);
  let prefix = '';
  if (existsSync(file)) {
    const size = statSync(file).size;
    if (
      size > 0 &&
      !readFileSync(file)
        .subarray(size - 1)
        .equals(Buffer.from('\n'))
    )
      prefix = '\n';
    appendFileSync(file, `${prefix}${line}\n`);
  } else {
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // the umask must not widen it
  }
  return line;
}

/** How a host key is judged: the entries, the user's file, and whether unknown keys may pass. */
export interface HostKeyPolicy {
  /** Every known_hosts entry that counts (user's, admin's, system's files). */
  entries: readonly KnownHostsEntry[];
  /** The user's known_hosts: an accepted key is appended here and named in messages. */
  userFile: string | undefined;
  /** `--add-to-known-hosts`: accept an unknown key without asking. */
  addToKnownHosts: boolean;
  /** Ask the person about an unknown key (GUI dialog); missing = cannot ask (refused). */
  confirm?: (host: string, port: number, keyType: string, fingerprint: string) => Promise<boolean>;
  /** Who the host is, for messages ("the SSH broker", "the X2Go server"); default none. */
  role?: string;
}

export type HostKeyOutcome =
  /** A plain entry vouches for the key. */
  | { status: 'known'; entry: KnownHostsEntry }
  /** Unknown, and accepted (flag or person); `file` = where it was written (null: nowhere). */
  | { status: 'accepted'; file: string | null };

/**
 * OpenSSH's decision on a host key (StrictHostKeyChecking=ask, as ssh(1) on a terminal):
 * known → accepted; `@revoked` → refused; a different key of the same type → refused as
 * CHANGED (whatever the flag or the person say); unknown → accepted only by
 * `addToKnownHosts` or `confirm`, then appended to `userFile` like ssh's "Permanently added".
 * Shared by the SSH broker transport and the X2Go server check of the launcher.
 * Throws LauncherError('host-key') with the fingerprint (`SHA256:…`) in its details.
 */
export async function checkOrAcceptHostKey(
  host: string,
  port: number,
  key: Buffer,
  policy: HostKeyPolicy,
): Promise<HostKeyOutcome> {
  const fingerprint = fingerprintSha256(key);
  const keyType = keyTypeOfBlob(key);
  const who = policy.role ? `${policy.role} ` : '';
  const name = knownHostsName(host, port);
  const verdict = checkHostKey(policy.entries, host, port, key);
  if (verdict.status === 'known') return { status: 'known', entry: verdict.entry };
  if (verdict.status === 'revoked')
    throw new LauncherError(
      'host-key.revoked',
      { keyType, host: `${host}:${port}`, fingerprint },
      `The ${keyType} host key of ${who}${host}:${port} is REVOKED (${verdict.entry.file}:${verdict.entry.line}). Connection refused.`,
      { hostKeyFingerprint: fingerprint },
    );
  if (verdict.status === 'changed') {
    const where = verdict.entries.map((e) => `${e.file}:${e.line}`).join(', ');
    throw new LauncherError(
      'host-key.changed',
      { host: `${host}:${port}`, keyType, fingerprint, known: where },
      `WARNING: THE SSH HOST KEY OF ${who.toUpperCase()}${host}:${port} HAS CHANGED! Someone could be eavesdropping on you right now (man-in-the-middle attack), or the host key has just been changed. The ${keyType} key sent by the server has fingerprint ${fingerprint}; the known key is in ${where}. Connection refused.`,
      {
        hostKeyFingerprint: fingerprint,
        hint: `If the administrator confirms the new key, remove the old one (ssh-keygen -R '${name}'${verdict.entries[0] ? ` -f ${verdict.entries[0].file}` : ''}) and connect again.`,
      },
    );
  }
  let accept = policy.addToKnownHosts;
  if (!accept && policy.confirm) accept = await policy.confirm(host, port, keyType, fingerprint);
  if (!accept)
    throw new LauncherError(
      'host-key.unknown',
      { host: name, keyType, fingerprint },
      `The authenticity of ${who}host ${name} can't be established: it is not in known_hosts${policy.userFile ? ` (${policy.userFile})` : ''}. ${keyType} key fingerprint is ${fingerprint}.`,
      {
        hostKeyFingerprint: fingerprint,
        hint:
          (verdict.otherTypes.length
            ? `known_hosts has only ${verdict.otherTypes.join(', ')} keys for this host. `
            : '') +
          `Check the fingerprint with the administrator, then connect once with --add-to-known-hosts (or add it with ssh-keyscan / ssh)${policy.userFile ? `: it is written to ${policy.userFile}` : ''}.`,
      },
    );
  if (!policy.userFile) return { status: 'accepted', file: null };
  try {
    addKnownHost(policy.userFile, host, port, key);
  } catch (e) {
    throw new LauncherError(
      'host-key.save-failed',
      { host: `${host}:${port}`, file: policy.userFile ?? '', reason: (e as Error).message },
      `Cannot add the host key of ${who}${host}:${port} to ${policy.userFile}: ${(e as Error).message}`,
      { hostKeyFingerprint: fingerprint },
    );
  }
  return { status: 'accepted', file: policy.userFile };
}
