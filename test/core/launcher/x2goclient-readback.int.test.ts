// Proof against the REAL x2goclient that it reads back exactly what the broker sent: session
// files from buildSessionFile() with hostile values are opened by x2goclient --debug under
// Xvfb; its log prints how many profiles it read and, for the started one, the host, port and
// user it connects with (`SshMasterConnection, host "…"; port N; user "…"`). The target is a
// closed port (127.0.0.1:1), so nothing is ever logged in to.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { PrivateDir } from '../../../src/core/launcher/private-dir';
import { RunningClient, markedProcesses } from '../../../src/core/launcher/process';
import { buildSessionFile } from '../../../src/core/launcher/session-file';
import type { BuiltLaunch } from '../../../src/core/launcher/types';
import { profileFromFields, selection } from '../../helpers/launcher-fixtures';
import { startXvfb, toolsOrSkip, which } from '../../helpers/x2go-env';

const VALUES = [
  'Smith, John; Büro', // G1
  'Ü0 end', // G2
  'C:\\Users\\a\\k', // G3
  'a"b\\c',
  ' edge ',
  '@Invalid()',
  '@@x',
  'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥',
  'x\r\n[rb0]\nhost=evil.example\nsshport=2',
  'k=v;c,d',
  'tab\tnl\n',
  '%41%U0041 \\x41',
  '\u0001\u007f\u0080',
];

/** Decode a qDebug()-quoted QString starting at `text[0] === '"'`; returns value and rest. */
function decodeQDebugString(text: string): { value: string; rest: string } {
  let i = 0;
  let value = '';
  while (text[i] === '"') {
    i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text[i] ?? '';
      if (ch !== '\\') {
        value += ch;
        i++;
        continue;
      }
      const e = text[i + 1] ?? '';
      i += 2;
      const simple: Record<string, string> = {
        n: '\n',
        r: '\r',
        t: '\t',
        b: '\b',
        f: '\f',
        a: '\x07',
        v: '\v',
        '"': '"',
        '\\': '\\',
      };
      if (e in simple) value += simple[e];
      else if (e === 'u' || e === 'U' || e === 'x') {
        const len = e === 'u' ? 4 : e === 'U' ? 8 : 2;
        value += String.fromCodePoint(parseInt(text.slice(i, i + len), 16));
        i += len;
      } else value += e;
    }
    i++; // closing quote; a following `"` continues the literal (Qt splits after hex escapes)
  }
  return { value, rest: text.slice(i) };
}

void it('x2goclient reads back exactly the values we wrote, hostile ones included', async (t) => {
  if (!toolsOrSkip(t, ['x2goclient', 'Xvfb'])) return;
  const x2goclient = which('x2goclient') ?? '';
  const base = mkdtempSync(join(tmpdir(), 'launcher-readback-'));
  const xvfb = await startXvfb();
  t.after(async () => {
    await xvfb.stop();
    rmSync(base, { recursive: true, force: true });
  });

  // one session file, one profile per value (each built by the production code)
  const files = VALUES.map((value, i) => {
    const profile = profileFromFields(`rb${i}`, {
      name: value,
      host: 'h',
      command: value,
      'extra-key': value,
    });
    return buildSessionFile({
      profile,
      selected: selection(profile, { server: '127.0.0.1', port: 1, user: value }),
      login: { method: 'ssh-key', keyFile: '/nonexistent/key' },
      dialect: 'qt',
    });
  });
  const content = files.map((f) => f.content).join('\n');

  for (let i = 0; i < VALUES.length; i++) {
    const dir = PrivateDir.create(base);
    const sessions = join(dir.path, 'sessions');
    const built: BuiltLaunch = {
      client: 'x2goclient',
      argv: [
        x2goclient,
        `--session-conf=${sessions}`,
        `--sessionid=rb${i}`,
        '--no-menu',
        '--debug',
      ],
      env: {
        HOME: dir.path,
        DISPLAY: xvfb.display,
        QT_QPA_PLATFORM: 'xcb',
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
      },
      sessionFilePath: sessions,
      sessionFileContent: content,
      sectionId: `rb${i}`,
      dirs: [],
      files: [{ name: 'sessions', content }],
      resume: null,
      stopSignal: 'SIGTERM',
      readyLine: null,
      warnings: [],
    };
    let count: number | null = null;
    let connect: string | null = null;
    let seen!: () => void;
    const bothSeen = new Promise<void>((r) => (seen = r));
    const client = await RunningClient.start(built, {
      privateDir: dir,
      onEvent: (e) => {
        if (e.type !== 'output') return;
        const m = /Reading (\d+) sessions from config file/.exec(e.line);
        if (m) count = Number(m[1]);
        const at = e.line.indexOf('SshMasterConnection, host ');
        if (at >= 0) connect = e.line.slice(at + 'SshMasterConnection, host '.length);
        if (count !== null && connect !== null) seen();
      },
    });
    await Promise.race([bothSeen, client.exited]);
    client.stop('SIGTERM');
    await client.done;
    assert.deepEqual(markedProcesses(client.runId), [], 'no x2goclient process left');

    assert.equal(count, VALUES.length, `profiles read for value ${i}: no section injected`);
    assert.ok(connect, `x2goclient logged no connection for value ${i}`);
    const host = decodeQDebugString(connect);
    assert.equal(host.value, '127.0.0.1', `host for value ${i}`);
    const port = /^; port (\d+); user /.exec(host.rest);
    assert.equal(port?.[1], '1', `port for value ${i}`);
    const user = decodeQDebugString(host.rest.slice(port?.[0].length ?? 0));
    assert.equal(user.value, VALUES[i], `user read back by x2goclient for value ${i}`);
    t.diagnostic(`value ${i} ${JSON.stringify(VALUES[i])} read back exactly`);
  }
});
