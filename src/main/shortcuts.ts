// "Create desktop shortcut" (docs/deep-links.md): a file on the user's desktop that opens a
// profile's x2go-launcher:// link — a Desktop Entry on Linux (src/core/desktop-shortcut.ts), a
// .lnk on Windows (Electron's shell.writeShortcutLink), a .webloc on macOS (a plist whose URL
// Finder opens with the registered handler). The label and id come from the broker: the file
// name is built from the id's safe characters plus a hash (never the label), checked to be one
// plain name, and an existing file is replaced only when it is our shortcut for the same link.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { chmod, lstat, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build as buildPlist } from 'plist';
import { makeDeepLink } from '../core/deep-link';
import { desktopShortcut } from '../core/desktop-shortcut';
import { LauncherError } from '../core/errors';

export interface ShortcutTarget {
  /** The configured broker's display URL. */
  brokerUrl: string;
  profileId: string;
  /** The profile's name as shown (from the broker: escaped, never a file name). */
  label: string;
}

/** Electron's shell.writeShortcutLink, injected (Windows only). */
export type WriteShortcutLink = (
  path: string,
  operation: 'create' | 'replace',
  options: { target: string; args: string; description: string; icon?: string; iconIndex?: number },
) => boolean;

export interface ShortcutEnv {
  platform: NodeJS.Platform;
  /** The user's home directory. */
  home: string;
  /** process.env (XDG_CONFIG_HOME, APPIMAGE). */
  env: NodeJS.ProcessEnv;
  /** Electron's app.getPath('desktop'), used on Windows and macOS. */
  desktopPath?: () => string;
  /** The app's executable (process.execPath): the .lnk's target. */
  execPath: string;
  writeShortcutLink?: WriteShortcutLink;
  /** Mark a Linux desktop file trusted for GNOME (gio set … metadata::trusted true). */
  markTrusted?: (file: string) => Promise<void>;
}

const MAX_USER_DIRS_BYTES = 64 * 1024;

/**
 * The desktop directory per xdg-user-dirs: `XDG_DESKTOP_DIR="$HOME/…"` or an absolute path
 * in `$XDG_CONFIG_HOME/user-dirs.dirs` (default `~/.config`); `~/Desktop` when the file, the
 * line or the directory is missing. Hand-written: one line of a shell-quoted format the
 * user-dirs.dirs(5) page defines; no library reads it.
 * @returns the directory path (not checked to exist).
 */
export async function xdgDesktopDir(home: string, env: NodeJS.ProcessEnv): Promise<string> {
  const fallback = join(home, 'Desktop');
  const configHome = env.XDG_CONFIG_HOME?.startsWith('/')
    ? env.XDG_CONFIG_HOME
    : join(home, '.config');
  let text: string;
  try {
    const buf = await readFile(join(configHome, 'user-dirs.dirs'));
    text = buf.subarray(0, MAX_USER_DIRS_BYTES).toString('utf8');
  } catch {
    return fallback;
  }
  for (const line of text.split('\n')) {
    const m = /^\s*XDG_DESKTOP_DIR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (!m) continue;
    const value = m[1]!.replace(/\\(.)/g, '$1');
    if (value.split('/').includes('..')) continue; // never a path that climbs out
    let dir: string | null = null;
    if (value.startsWith('$HOME/')) dir = join(home, value.slice('$HOME/'.length));
    else if (value === '$HOME') dir = home;
    else if (value.startsWith('/')) dir = value;
    // `$HOME` itself means "no desktop" (user-dirs.dirs(5)); x2goclient's fallback is ~/Desktop
    if (dir && dir !== home) return dir;
  }
  return fallback;
}

/** A plain file name: no separators, no dot-dot, no control characters, bounded. */
export function assertPlainFileName(name: string): string {
  if (
    !name ||
    name.length > 120 ||
    name !== basename(name) ||
    /[/\\:]/.test(name) ||
    name.startsWith('.') ||
    name.includes('..') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(name)
  )
    throw new LauncherError(
      'shortcut.write-failed',
      { file: name.slice(0, 120), reason: 'not a plain file name' },
      `The shortcut ${name.slice(0, 120)} could not be written (not a plain file name).`,
    );
  return name;
}

/** The launcher command a Linux shortcut runs: the AppImage when we run as one, else the
 * packages' /usr/bin entry. */
export function linuxLauncherCommand(env: NodeJS.ProcessEnv): string {
  const appImage = env.APPIMAGE;
  return appImage && appImage.startsWith('/') ? appImage : 'x2go-launcher';
}

async function desktopDirFor(target: ShortcutEnv): Promise<string> {
  const dir =
    target.platform === 'linux'
      ? await xdgDesktopDir(target.home, target.env)
      : (target.desktopPath?.() ?? join(target.home, 'Desktop'));
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir)
    throw new LauncherError(
      'shortcut.no-desktop',
      { dir },
      `There is no desktop folder to put the shortcut in (${dir}).`,
    );
  return dir;
}

/**
 * Write `content` to `file` unless another file is there: a new file is created exclusively
 * (O_EXCL: a symlink planted at the name fails too); an existing one is replaced (through a
 * temporary file and rename) only when `isOurs(its content)` says it is our shortcut for the
 * same link. Anything else: LauncherError('shortcut.exists').
 */
async function writeNew(
  file: string,
  content: string | Buffer,
  mode: number,
  isOurs: (existing: Buffer) => boolean,
): Promise<void> {
  const failed = (error: unknown) =>
    new LauncherError(
      'shortcut.write-failed',
      { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) },
      `The shortcut ${file} could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  const exclusive = async (path: string): Promise<void> => {
    const handle = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      mode,
    );
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await chmod(path, mode); // the umask may have taken bits the desktop needs
  };
  try {
    await exclusive(file);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw failed(error);
  }
  const info = await lstat(file);
  const existing =
    info.isFile() && info.size < 64 * 1024 ? await readFile(file).catch(() => null) : null;
  if (!existing || !isOurs(existing))
    throw new LauncherError(
      'shortcut.exists',
      { file },
      `A different file is already called ${file}. It was left alone.`,
    );
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await exclusive(temp);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw failed(error);
  }
}

/**
 * Write the shortcut for one profile on this user's desktop.
 * @returns the file written.
 * @throws LauncherError: 'shortcut.no-desktop' (no desktop folder), 'shortcut.exists' (another
 *   file has the name), 'shortcut.unavailable' (no way on this OS), 'shortcut.write-failed',
 *   'deep-link.refused' (a broker URL with a user name, a malformed profile id).
 */
export async function createShortcut(
  target: ShortcutTarget,
  env: ShortcutEnv,
): Promise<{ file: string }> {
  const link = makeDeepLink(target.brokerUrl, target.profileId);
  if (env.platform === 'linux') {
    const entry = desktopShortcut(
      target.label,
      target.brokerUrl,
      target.profileId,
      linuxLauncherCommand(env.env),
    );
    const dir = await desktopDirFor(env);
    const file = join(dir, assertPlainFileName(entry.fileName));
    // Executable: GNOME and KDE run a desktop-folder entry only when it is (and GNOME also
    // wants it marked trusted); 0755 like the entries a desktop writes itself.
    await writeNew(file, entry.content, 0o755, (old) => isOurDesktopEntry(old, entry.content));
    await env.markTrusted?.(file).catch(() => undefined);
    return { file };
  }
  // Windows and macOS: the same safe base name as the Linux entry, another extension.
  const base = desktopShortcut('', target.brokerUrl, target.profileId).fileName.replace(
    /\.desktop$/,
    '',
  );
  if (env.platform === 'win32' && env.writeShortcutLink) {
    const dir = await desktopDirFor(env);
    const file = join(dir, assertPlainFileName(`${base}.lnk`));
    const exists = await lstat(file).then(
      () => true,
      () => false,
    );
    // A .lnk is binary: without a reader of it, an existing one is never overwritten.
    if (exists)
      throw new LauncherError(
        'shortcut.exists',
        { file },
        `A different file is already called ${file}. It was left alone.`,
      );
    const ok = env.writeShortcutLink(file, 'create', {
      target: env.execPath,
      args: `"${link}"`,
      description: `${target.label.slice(0, 200)} (X2Go Launcher)`,
      icon: env.execPath,
      iconIndex: 0,
    });
    if (!ok)
      throw new LauncherError(
        'shortcut.write-failed',
        { file, reason: 'the system refused' },
        `The shortcut ${file} could not be written (the system refused).`,
      );
    return { file };
  }
  if (env.platform === 'darwin') {
    const dir = await desktopDirFor(env);
    const file = join(dir, assertPlainFileName(`${base}.webloc`));
    const content = buildPlist({ URL: link });
    await writeNew(file, content, 0o644, (old) => old.toString('utf8') === content);
    return { file };
  }
  throw new LauncherError('shortcut.unavailable', {}, 'Desktop shortcuts cannot be made here.');
}

/** An existing desktop file is ours for the same link when its Exec line is the same. */
function isOurDesktopEntry(existing: Buffer, content: string): boolean {
  const exec = (text: string) => /^Exec=.*$/m.exec(text)?.[0];
  const text = existing.toString('utf8');
  return text.startsWith('[Desktop Entry]') && exec(text) === exec(content);
}

/** GLib's gio tool (libglib2.0-bin), by full path like the other programs we run. */
const GIO = '/usr/bin/gio';

/** GNOME's "Allow launching": the gio metadata a desktop sets on a trusted entry. */
export function gioMarkTrusted(file: string): Promise<void> {
  return new Promise((resolve) => {
    execFile(
      GIO,
      ['set', '-t', 'string', file, 'metadata::trusted', 'true'],
      { timeout: 5000 },
      () => resolve(), // no gio, no GVfs metadata daemon: the executable bit is what counts
    );
  });
}
