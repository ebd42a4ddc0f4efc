// Windows counterpart of the owner-and-mode rule for the managed-settings file: the file is
// trusted only if its DACL lets no ordinary user change it — only SYSTEM, the Administrators
// group and TrustedInstaller may hold a right that writes, deletes, or changes permissions or
// owner. Read through `icacls` (every Windows since Vista ships it in System32) rather than a
// native module: the launcher stays pure JavaScript, and the text format is stable and
// documented (see the samples in test/core/config/windows-acl.test.ts).
// Fails closed: an output we cannot read, an unknown principal with a write right, an
// unresolved SID, a localized group name we do not know — all mean "not trusted", with the
// reason in the warning, so the administrator can fix the ACL.
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';

/** One access control entry as icacls prints it (`PRINCIPAL:(flags)(rights)`). */
export interface AclEntry {
  principal: string;
  deny: boolean;
  /** (IO): applies only to children, not to this file. */
  inheritOnly: boolean;
  /** Rights tokens, upper case: simple (F, M, RX, R, W) or specific (WD, AD, WDAC, …). */
  rights: string[];
}

/**
 * Rights that let the holder change the file or what it says: full, modify, write, write
 * data/append/attributes/extended attributes, delete (replace), write DAC/owner (grant
 * themselves the rest), generic write/all, maximum allowed.
 */
const WRITE_RIGHTS = new Set([
  'F',
  'M',
  'W',
  'WD',
  'AD',
  'WA',
  'WEA',
  'D',
  'DE',
  'DC',
  'WDAC',
  'WO',
  'GW',
  'GA',
  'MA',
]);

/** Principals that may write: the machine itself and its administrators (English names,
 * the well-known SIDs, and the German/French/Spanish names of the same accounts). */
const TRUSTED_WRITERS = new Set(
  [
    'NT AUTHORITY\\SYSTEM',
    'NT-AUTORITÄT\\SYSTEM',
    'AUTORITE NT\\Système',
    'BUILTIN\\Administrators',
    'VORDEFINIERT\\Administratoren',
    'BUILTIN\\Administrateurs',
    'BUILTIN\\Administradores',
    'NT SERVICE\\TrustedInstaller',
    'S-1-5-18', // LocalSystem
    'S-1-5-32-544', // BUILTIN\Administrators
    'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464', // TrustedInstaller
  ].map((p) => p.toLowerCase()),
);

const INHERITANCE_FLAGS = new Set(['I', 'OI', 'CI', 'IO', 'NP']);

/**
 * Parse `icacls "<path>"` output. Returns the entries, or null when the output does not have
 * the expected shape (first line starting with the path, then `PRINCIPAL:(…)` lines).
 */
export function parseIcaclsOutput(output: string, path: string): AclEntry[] | null {
  const lines = output.replace(/\r/g, '').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || !lines[first]!.startsWith(`${path} `)) return null;
  const aceLines = [lines[first]!.slice(path.length + 1)];
  for (let i = first + 1; i < lines.length && lines[i]!.trim() !== ''; i++)
    aceLines.push(lines[i]!);
  const entries: AclEntry[] = [];
  for (const raw of aceLines) {
    const line = raw.trim();
    const at = line.indexOf(':(');
    if (at <= 0 || !line.endsWith(')')) return null;
    const principal = line.slice(0, at).replace(/^\*/, '');
    const tokens = line
      .slice(at + 2, -1)
      .split(')(')
      .flatMap((group) => group.split(','))
      .map((t) => t.trim().toUpperCase())
      .filter(Boolean);
    const entry: AclEntry = { principal, deny: false, inheritOnly: false, rights: [] };
    for (const t of tokens) {
      if (t === 'DENY') entry.deny = true;
      else if (t === 'IO') entry.inheritOnly = true;
      else if (!INHERITANCE_FLAGS.has(t)) entry.rights.push(t);
    }
    entries.push(entry);
  }
  return entries.length ? entries : null;
}

/** The first entry that lets someone other than SYSTEM/Administrators write; null if none. */
export function aclWriteViolation(entries: readonly AclEntry[]): string | null {
  for (const e of entries) {
    if (e.deny || e.inheritOnly) continue; // a deny never grants; IO does not apply to a file
    const write = e.rights.filter((r) => WRITE_RIGHTS.has(r));
    if (write.length && !TRUSTED_WRITERS.has(e.principal.toLowerCase()))
      return `${e.principal} may change it (${write.join(',')}); only SYSTEM and Administrators may`;
  }
  return null;
}

export type IcaclsRunner = (path: string) => Promise<string>;

/** Run %SystemRoot%\System32\icacls.exe (absolute: no PATH lookup) on one file. */
export const runIcacls: IcaclsRunner = (path) =>
  new Promise((resolve, reject) => {
    const exe = win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'icacls.exe');
    execFile(exe, [path], { windowsHide: true, timeout: 10_000 }, (error, stdout) =>
      error ? reject(new Error(error.message)) : resolve(String(stdout)),
    );
  });

/**
 * Why the file at `path` must not be trusted on Windows, or null when only SYSTEM and
 * Administrators may change it. Never throws (a failing icacls is a reason).
 */
export async function windowsAclProblem(
  path: string,
  run: IcaclsRunner = runIcacls,
): Promise<string | null> {
  let output: string;
  try {
    output = await run(path);
  } catch (e) {
    return `its permissions cannot be read (icacls: ${(e as Error).message.split('\n')[0]})`;
  }
  const entries = parseIcaclsOutput(output, path);
  if (!entries) return 'its permissions cannot be read (unexpected icacls output)';
  return aclWriteViolation(entries);
}
