// Desktop shortcuts (src/core/desktop-shortcut.ts): the file a desktop reads, with a hostile
// profile name unable to add keys or commands; the Exec line read back as the desktop would.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseDeepLink } from '../../src/core/deep-link';
import { desktopShortcut } from '../../src/core/desktop-shortcut';

const BROKER = 'https://broker.example.org/plain/';

/** The Exec key's arguments, unescaped as the Desktop Entry Specification says. */
function execArgs(content: string): string[] {
  const line = content
    .split('\n')
    .find((l) => l.startsWith('Exec='))!
    .slice(5);
  const value = line.replace(
    /\\(.)/g,
    (_, c: string) => ({ n: '\n', t: '\t', r: '\r', s: ' ' })[c] ?? c,
  );
  const args: string[] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
    args.push((m[1] ?? m[2]!).replace(/\\(["`$\\])/g, '$1').replace(/%%/g, '%'));
  return args;
}

it('writes a shortcut whose Exec opens the profile deep link', () => {
  const s = desktopShortcut('XFCE desktop', BROKER, 'xfce-desktop');
  assert.match(s.fileName, /^x2go-launcher-xfce-desktop-[0-9a-f]{8}\.desktop$/);
  assert.match(s.content, /^\[Desktop Entry\]\nType=Application\n/);
  assert.match(s.content, /^Name=XFCE desktop$/m);
  const [cmd, link] = execArgs(s.content);
  assert.equal(cmd, 'x2go-launcher');
  assert.deepEqual(parseDeepLink(link!, [BROKER]), { broker: BROKER, profileId: 'xfce-desktop' });
});

it('keeps a hostile profile name from adding keys or commands', () => {
  const s = desktopShortcut(
    'Evil\nExec=rm -rf ~\r\n[Desktop Action x]\tX-Key=1 $(id) `id` %u \\',
    BROKER,
    'evil',
  );
  const lines = s.content.split('\n');
  assert.equal(lines.filter((l) => l.startsWith('Exec=')).length, 1);
  assert.equal(lines.filter((l) => l.startsWith('[')).length, 1);
  assert.equal(lines.filter((l) => l.startsWith('Name=')).length, 1);
  assert.deepEqual(execArgs(s.content).slice(0, 1), ['x2go-launcher']);
  assert.equal(execArgs(s.content).length, 2);
});

it('makes a safe file name from any profile id, and refuses a malformed one', () => {
  assert.match(desktopShortcut('B', BROKER, 'Büro Desktop').fileName, /^x2go-launcher-Bu-ro-Desktop-[0-9a-f]{8}\.desktop$/);
  const names = ['Дом', 'Сад', 'x y', 'x-y'].map((id) => desktopShortcut(id, BROKER, id).fileName);
  assert.equal(new Set(names).size, names.length, names.join(' '));
  // any id a broker section header holds (src/core/deep-link.ts) gives a plain name; only what
  // none holds (control characters, empty, over 1024 characters) is malformed
  assert.match(desktopShortcut('x', BROKER, '../../.bashrc').fileName, /^x2go-launcher-bashrc-[0-9a-f]{8}\.desktop$/);
  assert.throws(() => desktopShortcut('x', BROKER, 'a\nb'), /malformed/);
}); // prettier-ignore
