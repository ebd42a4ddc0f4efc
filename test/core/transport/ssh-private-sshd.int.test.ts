// What the broker's sshd cannot show, against a REAL OpenSSH server of our own: keyboard-
// interactive login (the broker's sshd switches it off) and a login shell that prints noise
// before the broker's output (docs/protocol.md §5.4, case X5). This file starts its own private
// sshd (loopback, temporary host key, PAM conversation = "Password:" prompt, password method
// off, BASH_ENV = a startup file that echoes text) for the same local test user, and stops
// exactly that process afterwards. Needs root (sshd) and broker.json
// (the user and password); skips with the reason otherwise.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { SSH_AUTH_CODES } from '../../../src/core/transport/ssh-auth';
import { SshTransport } from '../../../src/core/transport/ssh';
import type { SshTransportOptions } from '../../../src/core/transport/ssh';
import type { KeyboardInteractivePrompt } from '../../../src/core/transport/ssh-prompter';
import { brokerOrSkip, loadBroker } from '../../helpers/broker-env';

const dir = mkdtempSync(join(tmpdir(), 'x2gol-kbd-'));
chmodSync(dir, 0o755);
let sshd: ChildProcess | null = null;
let port = 0;
let why = '';
const transports: SshTransport[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

before(async () => {
  const { broker } = loadBroker();
  if (!broker?.ssh) return void (why = 'no broker sshd in broker.json (no test user)');
  if (process.getuid?.() !== 0) return void (why = 'starting a private sshd needs root');
  if (!broker.ssh.usePam)
    return void (why =
      'sshd runs without PAM here (broker.json usePam false): no keyboard-interactive');
  const hostKey = join(dir, 'host_ed25519');
  if (spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]).status !== 0)
    return void (why = 'ssh-keygen failed');
  port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM yes',
      'KbdInteractiveAuthentication yes',
      'PasswordAuthentication no',
      'PubkeyAuthentication no',
      'AuthorizedKeysFile none',
      `AllowUsers ${broker.ssh.user}`,
      'PrintMotd no',
      'StrictModes no',
      // bash -c reads $BASH_ENV: real login-shell noise on stdout before our marker line
      `SetEnv BASH_ENV=${join(dir, 'noise.sh')}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'noise.sh'),
    'echo "Welcome to the broker host!"\necho "AUTHID:fake-from-motd"\n',
    {
      mode: 0o644,
    },
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
  writeFileSync(join(dir, 'ok-broker'), '#!/bin/sh\necho OK\n', { mode: 0o755 });
  writeFileSync(
    join(dir, 'list-broker'),
    '#!/bin/sh\nprintf "AUTHID:real\\nAccess granted\\nSTART_USER_SESSIONS\\n\\n[p1]\\nname=P\\n\\nEND_USER_SESSIONS\\n\\n"\n',
    { mode: 0o755 },
  );
});

after(async () => {
  await Promise.all(transports.map((t) => t.close()));
  sshd?.kill(); // exactly the sshd this file started
  rmSync(dir, { recursive: true, force: true });
});

function ready(t: TestContext): { user: string; password: string } | null {
  const broker = brokerOrSkip(t);
  if (!broker?.ssh) return null;
  if (!sshd) {
    t.skip(why);
    return null;
  }
  return { user: broker.ssh.user, password: broker.ssh.password };
}

function transport(user: string, options: SshTransportOptions, broker = 'ok-broker'): SshTransport {
  const t = new SshTransport(
    parseBrokerUrl(`ssh://${user}@127.0.0.1:${port}${join(dir, broker)}`),
    {
      knownHosts: { userFiles: [join(dir, 'known_hosts')], globalFiles: [] },
      ...options,
    },
  );
  transports.push(t);
  return t;
}

describe('keyboard-interactive (real sshd, PAM conversation)', () => {
  it('answers the lone PAM "Password:" prompt with the known password', async (t) => {
    const u = ready(t);
    if (!u) return;
    const { body } = await transport(u.user, { password: u.password }).send({ task: 'testcon' });
    assert.equal(body, 'OK\n');
  });

  it('forwards the prompts to the prompter (TTY / dialog) and uses its answers', async (t) => {
    const u = ready(t);
    if (!u) return;
    const seen: KeyboardInteractivePrompt[][] = [];
    const tr = transport(u.user, {
      prompter: {
        keyboardInteractive: (_name, _instructions, prompts) => {
          seen.push(prompts);
          return Promise.resolve(prompts.map(() => u.password));
        },
      },
    });
    assert.equal((await tr.send({ task: 'testcon' })).body, 'OK\n');
    assert.equal(seen.length, 1);
    assert.match(seen[0]![0]!.prompt, /password/i);
    assert.equal(seen[0]![0]!.echo, false);
  });

  it('a wrong password over keyboard-interactive is reported as a wrong password', async (t) => {
    const u = ready(t);
    if (!u) return;
    try {
      await transport(u.user, { password: 'wrong-password' }).send({ task: 'testcon' });
      assert.fail('login succeeded with a wrong password');
    } catch (e) {
      assert.ok(e instanceof LauncherError);
      assert.equal(e.kind, 'auth', e.message);
      assert.equal(e.details.code, SSH_AUTH_CODES.passwordRefused, e.message);
      assert.ok(
        !JSON.stringify(e.toJSON()).includes('wrong-password'),
        'password leaked into the error',
      );
    }
  });
});

describe('login shell noise (X5)', () => {
  it('text printed by the login shell before the broker output is cut off at the marker', async (t) => {
    const u = ready(t);
    if (!u) return;
    const tr = transport(u.user, { password: u.password }, 'list-broker');
    const { body } = await tr.send({ task: 'listsessions' });
    assert.equal(
      body,
      'AUTHID:real\nAccess granted\nSTART_USER_SESSIONS\n\n[p1]\nname=P\n\nEND_USER_SESSIONS\n',
    );
  });
});
