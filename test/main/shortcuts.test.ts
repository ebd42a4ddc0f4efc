// "Create desktop shortcut" (src/main/shortcuts.ts) on a real file system in a temporary
// HOME: the xdg-user-dirs desktop folder, the Desktop Entry's content and mode (validated by
// desktop-file-validate in test/packaging/shortcut-validate.int.test.ts), hostile names, no overwrite of an
// unrelated file or through a symlink; the .lnk call on Windows and the .webloc on macOS.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parsePlist } from 'plist';
import { parseDeepLink } from '../../src/core/deep-link';
import {
  assertPlainFileName,
  createShortcut,
  xdgDesktopDir,
  type ShortcutEnv,
  type WriteShortcutLink,
} from '../../src/main/shortcuts';

const BROKER = 'https://broker.example.org/plain/';

async function home(userDirs?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shortcut-home-'));
  if (userDirs !== undefined) {
    await mkdir(join(dir, '.config'));
    await writeFile(join(dir, '.config', 'user-dirs.dirs'), userDirs);
  }
  return dir;
}

function linuxEnv(h: string, extra: Partial<ShortcutEnv> = {}): ShortcutEnv {
  return {
    platform: 'linux',
    home: h,
    env: {},
    execPath: '/usr/lib/x2go-launcher/x2go-launcher',
    ...extra,
  };
}

/** The Exec line's second argument, unescaped per the Desktop Entry spec (tests only). */
function execLink(content: string): string {
  const exec = /^Exec=(.*)$/m.exec(content)![1]!.replace(/\\\\/g, '\\');
  const args = [...exec.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    m[1]!.replace(/\\(.)/g, '$1').replace(/%%/g, '%'),
  );
  return args[1]!;
}

describe('desktop shortcuts', () => {
  it('xdg-user-dirs: $HOME/…, absolute, missing file or line → ~/Desktop; $HOME alone and .. ignored', async () => {
    assert.equal(await xdgDesktopDir('/home/u', { XDG_CONFIG_HOME: '/nonexistent' }), '/home/u/Desktop');
    const h = await home('# comment\nXDG_DOWNLOAD_DIR="$HOME/Downloads"\nXDG_DESKTOP_DIR="$HOME/Schreibtisch"\n');
    assert.equal(await xdgDesktopDir(h, {}), join(h, 'Schreibtisch'));
    const abs = await home('XDG_DESKTOP_DIR="/srv/desk \\"x\\""\n');
    assert.equal(await xdgDesktopDir(abs, {}), '/srv/desk "x"');
    assert.equal(await xdgDesktopDir(await home('XDG_DESKTOP_DIR="$HOME"\n'), {}).then((d) => d.endsWith('/Desktop')), true);
    assert.equal(await xdgDesktopDir(await home('XDG_DESKTOP_DIR="$HOME/../../etc"\n'), {}).then((d) => d.endsWith('/Desktop')), true);
    const xdg = await mkdtemp(join(tmpdir(), 'xdg-'));
    await writeFile(join(xdg, 'user-dirs.dirs'), 'XDG_DESKTOP_DIR="$HOME/Arbeitsfläche"\n');
    assert.equal(await xdgDesktopDir('/home/u', { XDG_CONFIG_HOME: xdg }), '/home/u/Arbeitsfläche');
  });

  it('Linux: an executable Desktop Entry in the desktop folder that opens the profile link', async () => {
    const h = await home('XDG_DESKTOP_DIR="$HOME/Schreibtisch"\n');
    await mkdir(join(h, 'Schreibtisch'));
    const trusted: string[] = [];
    const hostileLabel = 'Büro\n[Desktop Entry]\nExec=rm -rf ~ ../../x/$(id) "q" `b` %u\u0000';
    const { file } = await createShortcut(
      { brokerUrl: BROKER, profileId: 'büro desktop', label: hostileLabel },
      linuxEnv(h, { markTrusted: (f) => Promise.resolve(void trusted.push(f)) }),
    );
    assert.equal((await readdir(join(h, 'Schreibtisch'))).length, 1);
    assert.match(file, new RegExp(`^${join(h, 'Schreibtisch')}/x2go-launcher-bu-ro-desktop-[0-9a-f]{8}\\.desktop$`));
    assert.equal((await stat(file)).mode & 0o777, 0o755, 'executable, as desktops require');
    assert.deepEqual(trusted, [file], 'marked trusted (GNOME)');
    const content = await readFile(file, 'utf8');
    assert.equal(content.match(/^\[Desktop Entry\]$/gm)?.length, 1, 'the label added no group');
    assert.equal(content.match(/^Exec=/gm)?.length, 1, 'the label added no Exec');
    assert.match(content, /^Exec="x2go-launcher" "x2go-launcher:\/\/open\?broker=https%%3A%%2F%%2Fbroker\.example\.org%%2Fplain%%2F&profile=b%%C3%%BCro\+desktop"$/m);
    assert.deepEqual(parseDeepLink(execLink(content), [BROKER]), { broker: BROKER, profileId: 'büro desktop' });
  });

  it('Linux: the AppImage path when run as one; again for the same profile replaces our own file', async () => {
    const h = await home();
    await mkdir(join(h, 'Desktop'));
    const target = { brokerUrl: BROKER, profileId: 'xfce', label: 'XFCE' };
    const env = linuxEnv(h, { env: { APPIMAGE: '/opt/apps/X2Go Launcher.AppImage' } });
    const first = await createShortcut(target, env);
    assert.match(await readFile(first.file, 'utf8'), /^Exec="\/opt\/apps\/X2Go Launcher\.AppImage" "x2go-launcher:/m);
    const again = await createShortcut({ ...target, label: 'XFCE (renamed)' }, env);
    assert.equal(again.file, first.file);
    assert.match(await readFile(first.file, 'utf8'), /^Name=XFCE \(renamed\)$/m);
    assert.deepEqual(await readdir(join(h, 'Desktop')), [first.file.split('/').at(-1)], 'no temporary left');
  });

  it('Linux: an unrelated file or a symlink at the name is left alone (shortcut.exists)', async () => {
    const h = await home();
    await mkdir(join(h, 'Desktop'));
    const target = { brokerUrl: BROKER, profileId: 'xfce', label: 'XFCE' };
    const { file } = await createShortcut(target, linuxEnv(h));
    await writeFile(file, '[Desktop Entry]\nExec=something-else\n');
    await assert.rejects(createShortcut(target, linuxEnv(h)), (e: Error & { code?: string }) => e.code === 'shortcut.exists');
    assert.equal(await readFile(file, 'utf8'), '[Desktop Entry]\nExec=something-else\n');
    // a symlink planted at the name: never followed
    const victim = join(h, 'victim.txt');
    await writeFile(victim, 'precious');
    const other = { ...target, profileId: 'kde' };
    const h2 = await createShortcut(other, linuxEnv(h));
    const name = h2.file;
    await (await import('node:fs/promises')).rm(name);
    await symlink(victim, name);
    await assert.rejects(createShortcut(other, linuxEnv(h)), (e: Error & { code?: string }) => e.code === 'shortcut.exists');
    assert.equal(await readFile(victim, 'utf8'), 'precious');
  });

  it('no desktop folder: shortcut.no-desktop naming it; hostile profile ids refused before any file', async () => {
    const h = await home();
    await assert.rejects(createShortcut({ brokerUrl: BROKER, profileId: 'x', label: 'x' }, linuxEnv(h)),
      (e: Error & { code?: string }) => e.code === 'shortcut.no-desktop' && e.message.includes(join(h, 'Desktop')));
    await mkdir(join(h, 'Desktop'));
    // what no broker section header holds (src/core/deep-link.ts): control characters, empty, over 1024
    for (const id of ['x\ny', 'a\u2028b', '', `x${'y'.repeat(1024)}`])
      await assert.rejects(createShortcut({ brokerUrl: BROKER, profileId: id, label: id }, linuxEnv(h)), /malformed/);
    assert.deepEqual(await readdir(join(h, 'Desktop')), []);
    // ids the broker may use that read like path parts still give one plain, visible name
    for (const id of ['..', '.hidden', '-rf', '../../.bashrc', 'a/b'])
      assert.match((await createShortcut({ brokerUrl: BROKER, profileId: id, label: id }, linuxEnv(h))).file,
        new RegExp(`^${join(h, 'Desktop')}/x2go-launcher-[A-Za-z0-9][A-Za-z0-9._-]*-[0-9a-f]{8}\\.desktop$`));
    assert.equal((await readdir(join(h, 'Desktop'))).length, 5);
    for (const bad of ['../x', 'a/b', '.x', 'a\\b', 'a..b', 'x'.repeat(200), ''])
      assert.throws(() => assertPlainFileName(bad), /not a plain file name/);
  });

  it('Windows: a .lnk through shell.writeShortcutLink with the app as target and the link as argument', async () => {
    const desk = await mkdtemp(join(tmpdir(), 'win-desktop-'));
    const calls: Parameters<WriteShortcutLink>[] = [];
    const { file } = await createShortcut({ brokerUrl: BROKER, profileId: 'xfce', label: 'XFCE "x"' }, {
      platform: 'win32', home: '/nonexistent', env: {}, execPath: 'C:\\Program Files\\X2Go Launcher\\X2Go Launcher.exe',
      desktopPath: () => desk,
      writeShortcutLink: (...a) => (calls.push(a), true),
    });
    assert.match(file, /x2go-launcher-xfce-[0-9a-f]{8}\.lnk$/);
    assert.equal(calls.length, 1);
    const [path, op, options] = calls[0]!;
    assert.equal(path, file);
    assert.equal(op, 'create');
    assert.equal(options.target, 'C:\\Program Files\\X2Go Launcher\\X2Go Launcher.exe');
    assert.deepEqual(parseDeepLink(options.args.slice(1, -1), [BROKER]), { broker: BROKER, profileId: 'xfce' });
  });

  it('macOS: a .webloc whose URL is the link', async () => {
    const desk = await mkdtemp(join(tmpdir(), 'mac-desktop-'));
    const { file } = await createShortcut({ brokerUrl: BROKER, profileId: 'xfce', label: 'XFCE' }, {
      platform: 'darwin', home: '/nonexistent', env: {}, execPath: '/Applications/X2Go Launcher.app/Contents/MacOS/X2Go Launcher',
      desktopPath: () => desk,
    });
    assert.match(file, /\.webloc$/);
    const plist = parsePlist(await readFile(file, 'utf8')) as { URL: string };
    assert.deepEqual(parseDeepLink(plist.URL, [BROKER]), { broker: BROKER, profileId: 'xfce' });
    await assert.rejects(createShortcut({ brokerUrl: BROKER, profileId: 'x', label: 'x' }, { platform: 'freebsd', home: '/', env: {}, execPath: '/x' }),
      (e: Error & { code?: string }) => e.code === 'shortcut.unavailable');
  });
}); // prettier-ignore
