// The Desktop Entry "Create desktop shortcut" writes (src/main/shortcuts.ts), checked by the
// freedesktop.org validator, desktop-file-validate (Debian's desktop-file-utils, installed with
// the packaging group: bash test/peers/install.sh packaging) — for a plain profile and for
// hostile names and ids a broker may send. No errors and no warnings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createShortcut } from '../../src/main/shortcuts';
import { packagingOrSkip } from '../helpers/packaging-env';
import { skipOrFail } from '../helpers/skip';

const VALIDATOR = '/usr/bin/desktop-file-validate';
const BROKER = 'https://broker.example.org/plain/';

void test('desktop-file-validate accepts every shortcut, hostile names included', async (t) => {
  if (!packagingOrSkip(t)) return;
  if (!existsSync(VALIDATOR)) {
    skipOrFail(t, `no ${VALIDATOR} (as root: bash test/peers/install.sh packaging)`);
    return;
  }
  const home = await mkdtemp(join(tmpdir(), 'shortcut-validate-'));
  await mkdir(join(home, 'Desktop'));
  const cases: [string, string][] = [
    ['xfce-desktop', 'XFCE desktop'],
    ['büro desktop', 'Büro\n[Desktop Entry]\nExec=rm -rf ~ $(id) "q" `b` %u %f\\ \t\u0000'],
    ['..', ' leading space; Name[de]=x'],
    ['a+b@c.d', '日本語 · Ελληνικά · 🖥'],
  ];
  for (const [profileId, label] of cases) {
    const { file } = await createShortcut(
      { brokerUrl: BROKER, profileId, label },
      { platform: 'linux', home, env: {}, execPath: process.execPath },
    );
    const r = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
    assert.equal(`${r.status} ${r.stdout}${r.stderr}`.trim(), '0', `${profileId}: ${file}`);
  }
});
