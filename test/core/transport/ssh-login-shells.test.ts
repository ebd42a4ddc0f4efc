// SSH remote commands stay one argument each whatever the broker account's login shell
// (issue 8 point 5): a REAL OpenSSH server runs our exec request as `<login shell> -c …` for
// test users whose login shell is sh, bash, dash, zsh, fish and tcsh, and a small argv echo
// (the "broker") prints what it received. The broker peer's own sshd admits only its fixed
// users (AllowUsers), so this file creates the users x2goshelltest-<shell> (once; kept for
// later runs, shell reset each time), starts a private sshd for exactly them on a free
// loopback port, and stops exactly that process afterwards. Needs root and the shells
// (Debian: dash zsh fish tcsh); skips with the reason otherwise.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { SshTransport } from '../../../src/core/transport/ssh';

const SHELLS = ['sh', 'bash', 'dash', 'zsh', 'fish', 'tcsh'];
const HOSTILE = [
  `it's "x" $(id) \`id\``,
  'a\nb',
  'trailing newlines\n\n',
  '!! !$ !-1 ^a^b',
  '%1 %s %% %%%',
  '{a,b} {1..3} ~ ~root',
  '*?[a-z] /*',
  'a\\',
  '\\',
  "\\'",
  '$HOME ${PATH} $((1+1)) $ ',
  '; exit 3 & | > /tmp/nope <',
  '-v',
  '--',
  '',
  ' ',
  "'",
  '"',
  '\t\r\u0001\u001b[31m\u007f',
  'büro ✓ 日本 𝄞',
];

const dir = mkdtempSync(join(tmpdir(), 'x2gol-shells-'));
chmodSync(dir, 0o755);
const ARGV_ECHO = join(dir, 'argv-echo');
let sshd: ChildProcess | null = null;
let port = 0;
let why = '';
const users = new Map<string, string>(); // shell → user with that login shell

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

function shellPath(shell: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** x2goshelltest-<shell> with that login shell; '*' = no password (key login only). */
function ensureUser(shell: string, path: string): string | null {
  const user = `x2goshelltest-${shell}`;
  const exists = spawnSync('id', [user]).status === 0;
  const r = exists
    ? spawnSync('usermod', ['-s', path, user])
    : spawnSync('useradd', ['-m', '-s', path, '-p', '*', '-c', 'x2go-launcher shell test', user]);
  return r.status === 0 ? user : null;
}

before(async () => {
  if (process.getuid?.() !== 0) return void (why = 'creating test users and an sshd needs root');
  if (!existsSync('/usr/sbin/sshd')) return void (why = 'no /usr/sbin/sshd (openssh-server)');
  for (const shell of SHELLS) {
    const path = shellPath(shell);
    if (!path) continue;
    const user = ensureUser(shell, path);
    if (user) users.set(shell, user);
  }
  if (!users.size) return void (why = 'no test user could be created (useradd)');
  writeFileSync(ARGV_ECHO, '#!/bin/sh\nprintf \'%s\\0\' "$@"\n', { mode: 0o755 });
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  for (const f of [hostKey, clientKey])
    if (spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]).status !== 0)
      return void (why = 'ssh-keygen failed');
  mkdirSync(join(dir, 'keys'));
  for (const user of users.values())
    writeFileSync(join(dir, 'keys', user), readFileSync(`${clientKey}.pub`));
  port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `AuthorizedKeysFile ${join(dir, 'keys', '%u')}`,
      `AllowUsers ${[...users.values()].join(' ')}`,
      'StrictModes no',
      'PrintMotd no',
      'PrintLastLog no',
      'AllowTcpForwarding no',
      'X11Forwarding no',
      '',
    ].join('\n'),
  );
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  sshd.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 200 && !/Server listening/.test(log) && sshd.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 20));
  if (!/Server listening/.test(log)) {
    why = `private sshd did not start: ${log.slice(0, 300)}`;
    sshd.kill();
    sshd = null;
  }
  writeFileSync(
    join(dir, 'known_hosts'),
    `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8')}`,
  );
});

after(() => {
  sshd?.kill(); // exactly the sshd this file started
  rmSync(dir, { recursive: true, force: true });
});

function transport(user: string): SshTransport {
  return new SshTransport(parseBrokerUrl(`ssh://${user}@127.0.0.1:${port}${ARGV_ECHO}`), {
    privateKeyFiles: [join(dir, 'client_ed25519')],
    knownHosts: { userFiles: [join(dir, 'known_hosts')], globalFiles: [] },
  });
}

describe('remote argv through the login shell of the broker account (real sshd)', () => {
  for (const shell of SHELLS) {
    it(`${shell}: hostile words arrive byte-exact, one argument each`, async (t) => {
      if (!sshd) return void t.skip(why);
      const user = users.get(shell);
      if (!user) return void t.skip(`${shell} is not installed (Debian package: ${shell})`);
      const login = spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout;
      assert.match(login.trim(), new RegExp(`/${shell}$`), 'the user has this login shell');
      const tr = transport(user);
      try {
        const r = await tr.run([ARGV_ECHO, ...HOSTILE]);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(r.stdout.split('\0').slice(0, -1), HOSTILE);
        // the broker path too: a hostile profile ID reaches the broker as one --sid value
        const { body } = await tr.send({ task: 'selectsession', sid: HOSTILE[0]!, login: 'a b' });
        assert.deepEqual(body.split('\0').slice(0, -1), [
          '--task',
          'selectsession',
          '--sid',
          HOSTILE[0],
          '--login',
          'a b',
        ]);
      } finally {
        await tr.close();
      }
    });
  }
});
