// The ssh:// transport against the REAL peer: the private sshd of test/peers/start.sh running
// the real x2gobroker-ssh (ssh.port = "main" settings, ssh.cookiePort = pre-shared cookie
// required). Expected values come from broker.json and test/peers/README.md's profile table.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { SSH_AUTH_CODES } from '../../../src/core/transport/ssh-auth';
import { SshTransport } from '../../../src/core/transport/ssh';
import type { SshTransportOptions } from '../../../src/core/transport/ssh';
import type { SshPrompter } from '../../../src/core/transport/ssh-prompter';
import type { TransportLimits } from '../../../src/core/transport/types';
import { sshOrSkip } from '../../helpers/broker-env';
import type { BrokerFixture } from '../../helpers/broker-env';

type Ssh = NonNullable<BrokerFixture['ssh']>;

const work = mkdtempSync(join(tmpdir(), 'x2gol-ssh-'));
chmodSync(work, 0o755); // the broker-side scripts below run as the SSH test user
const transports: SshTransport[] = [];
after(async () => {
  await Promise.all(transports.map((t) => t.close()));
  rmSync(work, { recursive: true, force: true });
});

function transport(
  ssh: Ssh,
  options: SshTransportOptions = {},
  { port = ssh.port, user = ssh.user, command = ssh.command } = {},
  limits: Partial<TransportLimits> = {},
): SshTransport {
  const url = parseBrokerUrl(`ssh://${user}@${ssh.host}:${port}${command}`);
  const t = new SshTransport(
    url,
    {
      knownHosts: { userFiles: [ssh.knownHosts], globalFiles: [] },
      ...options,
    },
    limits,
  );
  transports.push(t);
  return t;
}

const keyLogin = (ssh: Ssh): SshTransportOptions => ({ privateKeyFiles: [ssh.privateKey] });

function profileIds(body: string): string[] {
  return [...body.matchAll(/^\[(.+)\]$/gm)].map((m) => m[1]!).sort();
}
function authId(body: string): string {
  const m = /^AUTHID:(\S+)$/m.exec(body);
  assert.ok(m, `no AUTHID in ${body.slice(0, 80)}`);
  return m[1]!;
}
async function rejects(
  p: Promise<unknown>,
  kind: string,
  check: (e: LauncherError) => void = () => {},
): Promise<LauncherError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LauncherError, `expected LauncherError, got ${String(e)}`);
    assert.equal(e.kind, kind, `${e.kind}: ${e.message}`);
    check(e);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

/** ssh-keygen's own fingerprint of the test sshd's host key (from broker.json's known_hosts). */
function sshKeygenFingerprint(ssh: Ssh): string {
  const r = spawnSync('ssh-keygen', ['-l', '-f', ssh.knownHosts], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n')[0]!.split(' ')[1]!;
}

function newKey(name: string, args: string[]): string {
  const file = join(work, name);
  const r = spawnSync('ssh-keygen', [
    '-q',
    '-C',
    `x2go-launcher-test-${process.pid}`,
    '-f',
    file,
    ...args,
  ]);
  assert.equal(r.status, 0, String(r.stderr));
  return file;
}

/** A script on the broker host (same machine) that the URL path can name. */
function brokerScript(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  chmodSync(file, 0o755);
  return file;
}

describe('SSH broker: listing and selecting (real x2gobroker-ssh)', () => {
  it('key login lists exactly the profiles broker.json says x2gotest sees', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const tr = transport(f.ssh, keyLogin(f.ssh));
    const reply = await tr.send({ task: 'listsessions' });
    assert.equal(reply.contentType, null);
    assert.match(reply.body, /^AUTHID:\S+\nAccess granted\nSTART_USER_SESSIONS\n/);
    assert.match(reply.body, /END_USER_SESSIONS\n$/);
    assert.doesNotMatch(reply.body, /END_USER_SESSIONS\n\n$/); // the extra LF is framing
    assert.deepEqual(profileIds(reply.body), [...f.broker.profiles.visibleTo[f.ssh.user]!].sort());
  });

  it('password login lists the same profiles as key login', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const byKey = await transport(f.ssh, keyLogin(f.ssh)).send({ task: 'listsessions' });
    const byPassword = await transport(f.ssh, { password: f.ssh.password }).send({
      task: 'listsessions',
    });
    assert.deepEqual(profileIds(byPassword.body), profileIds(byKey.body));
    // the password may also come with the request (BrokerSession's sign-in password)
    const viaRequest = await transport(f.ssh).send({
      task: 'listsessions',
      password: f.ssh.password,
    });
    assert.deepEqual(profileIds(viaRequest.body), profileIds(byKey.body));
    assert.ok(!f.broker.profiles.neverListed.some((id) => profileIds(byKey.body).includes(id)));
  });

  it('selectsession matches the README table, all over ONE SSH connection', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const local = `127.0.0.1:${f.ssh.port}`;
    const table: Record<string, string[]> = {
      'xfce-desktop': ['xfce.example.test:22'],
      'kde-pool': ['kde-a.example.test:22', 'kde-b.example.test:22', 'kde-c.example.test:22'],
      'mate-pool-mapped': ['192.0.2.11:22', '192.0.2.12:2222'],
      'failover-portscan': [local],
      'loopback-xterm': [local],
      'published-apps': ['apps.example.test:22'],
      'rootless-xterm': ['apps.example.test:2022'],
      'rdp-direct': ['rdp.example.test:22'],
      'rdp-via-x2go': ['x2go-gw.example.test:22'],
      'büro-desktop': ['buero.example.test:22'],
      'shadow-desktop': ['shadow-1.example.test:22'],
      'via-sshproxy': ['internal.example.test:22'],
      'no-such-profile': ['no-server-available:22'],
    };
    const tr = transport(f.ssh, keyLogin(f.ssh));
    let cookie = authId((await tr.send({ task: 'listsessions' })).body);
    for (const [sid, allowed] of Object.entries(table)) {
      const { body } = await tr.send({ task: 'selectsession', sid, authid: cookie });
      const server = /^SERVER:(.+)$/m.exec(body)?.[1];
      assert.ok(
        server && allowed.includes(server),
        `${sid}: got ${server}, want ${allowed.join('|')}`,
      );
      const next = authId(body);
      assert.notEqual(next, cookie);
      cookie = next;
    }
    assert.equal(tr.connections, 1);
  });

  it('auth-id cookies rotate over SSH: 5 consecutive requests, a used one is refused', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const tr = transport(f.ssh, keyLogin(f.ssh));
    const first = authId((await tr.send({ task: 'listsessions' })).body);
    const seen = [first];
    for (let i = 0; i < 5; i++) {
      const { body } = await tr.send({ task: 'listsessions', authid: seen.at(-1) });
      assert.deepEqual(profileIds(body), [...f.broker.profiles.visibleTo[f.ssh.user]!].sort());
      seen.push(authId(body));
    }
    assert.equal(new Set(seen).size, 6);
    const e = await rejects(tr.send({ task: 'listsessions', authid: first }), 'auth');
    assert.equal(e.exitCode, 3);
    assert.match(e.message, /refused the cookie/);
  });

  it('cookie port: works with the pre-shared cookie, clearly refused without it', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const tr = transport(f.ssh, keyLogin(f.ssh), { port: f.ssh.cookiePort });
    const ok = await tr.send({ task: 'listsessions', authid: f.broker.cookie.value });
    assert.equal(authId(ok.body), f.broker.cookie.value); // cookie-only mode echoes it
    assert.deepEqual(profileIds(ok.body), [...f.broker.profiles.visibleTo[f.ssh.user]!].sort());
    const e = await rejects(tr.send({ task: 'listsessions' }), 'auth');
    assert.equal(e.exitCode, 3);
    await rejects(tr.send({ task: 'listsessions', authid: 'not-the-cookie' }), 'auth');
    assert.equal(tr.connections, 1);
  });

  it('pre-shared cookie on the password port: the broker traceback becomes a broker error', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const tr = transport(f.ssh, keyLogin(f.ssh));
    await rejects(
      tr.send({ task: 'listsessions', authid: f.broker.cookie.value }),
      'broker',
      (e) => {
        assert.match(e.message, /crashed \(Python exception: FileNotFoundError/);
        assert.match(e.details.hint ?? '', /pre-shared cookie/);
        assert.equal(e.exitCode, 5);
      },
    );
  });

  it('magic user lists on behalf of jacques; --user is ignored for anyone else', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const jacques = [...f.broker.profiles.visibleTo.jacques!].sort();
    // X7: a normal user asking for another user's list still gets their own
    const own = await transport(f.ssh, keyLogin(f.ssh)).send({
      task: 'listsessions',
      user: 'jacques',
    });
    assert.deepEqual(profileIds(own.body), [...f.broker.profiles.visibleTo[f.ssh.user]!].sort());
    if (!f.ssh.magicUser) {
      t.skip(
        'broker.json says magicUser null (sshd without PAM: the locked x2gobroker account cannot log in)',
      );
      return;
    }
    const magic = transport(f.ssh, keyLogin(f.ssh), { user: f.ssh.magicUser });
    const { body } = await magic.send({ task: 'listsessions', user: 'jacques' });
    assert.deepEqual(profileIds(body), jacques);
    assert.ok(profileIds(body).includes('acl-jacques-only'));
  });

  it('hostile arguments reach the broker command verbatim (argv echoed by a real script)', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const echo = brokerScript(
      'echo-argv',
      `for a in "$@"; do printf 'ARG:'; printf '%s' "$a" | od -An -v -tx1 | tr -d ' \\n'; echo; done`,
    );
    const hostile = [`it's "x" $(id)`, '`id`;$HOME\n*', "'; exit 7; '", 'büro ✓'];
    const tr = transport(f.ssh, keyLogin(f.ssh), { command: echo });
    for (const sid of hostile) {
      const { body } = await tr.send({
        task: 'selectsession',
        sid,
        authid: `$(id) '${sid}'`,
        login: sid,
      });
      const args = body
        .trim()
        .split('\n')
        .map((l) => Buffer.from(l.replace(/^ARG:/, ''), 'hex').toString('utf8'));
      assert.deepEqual(args, [
        '--authid',
        `$(id) '${sid}'`,
        '--task',
        'selectsession',
        '--sid',
        sid,
        '--login',
        sid,
      ]);
    }
    assert.equal(tr.connections, 1);
  });

  it('the real broker takes a hostile profile ID as one unknown ID (no shell, no crash)', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const { body } = await transport(f.ssh, keyLogin(f.ssh)).send({
      task: 'selectsession',
      sid: `it's "x" $(id)`,
    });
    assert.match(body, /^SERVER:no-server-available:22$/m);
  });
});

describe('SSH broker: host keys (OpenSSH rules)', () => {
  it("unknown host key: refused with ssh-keygen's SHA256 fingerprint, nothing written", async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const file = join(work, 'unknown', '.ssh', 'known_hosts');
    const tr = transport(f.ssh, {
      ...keyLogin(f.ssh),
      knownHosts: { userFiles: [file], globalFiles: [] },
    });
    const e = await rejects(tr.send({ task: 'testcon' }), 'host-key');
    assert.equal(e.details.hostKeyFingerprint, sshKeygenFingerprint(f.ssh));
    assert.ok(e.message.includes(sshKeygenFingerprint(f.ssh)), e.message);
    assert.match(e.message, /can't be established/);
    assert.equal(e.exitCode, 4);
    assert.ok(!existsSync(file));
  });

  it('--add-to-known-hosts: accepted, written (0600 in 0700 dir), found by ssh-keygen -F', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const dir = join(work, 'add', '.ssh');
    const file = join(dir, 'known_hosts');
    const opts = { ...keyLogin(f.ssh), knownHosts: { userFiles: [file], globalFiles: [] } };
    const { body } = await transport(f.ssh, { ...opts, addToKnownHosts: true }).send({
      task: 'testcon',
    });
    assert.equal(body, 'OK\n');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const name = `[${f.ssh.host}]:${f.ssh.port}`;
    const found = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
    assert.equal(found.status, 0, found.stdout);
    // OpenSSH itself now trusts the written line
    const sshRun = spawnSync(
      'ssh',
      [
        '-p',
        String(f.ssh.port),
        '-i',
        f.ssh.privateKey,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${file}`,
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        `${f.ssh.user}@${f.ssh.host}`,
        'true',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(sshRun.status, 0, sshRun.stderr);
    // and the next transport needs no flag
    const again = await transport(f.ssh, opts).send({ task: 'testcon' });
    assert.equal(again.body, 'OK\n');
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 1);
  });

  it('GUI first-use confirmation: asked with host, port, type and fingerprint; no = refused', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const asked: unknown[][] = [];
    const mk = (answer: boolean, file: string): SshTransport =>
      transport(f.ssh, {
        ...keyLogin(f.ssh),
        knownHosts: { userFiles: [file], globalFiles: [] },
        prompter: {
          confirmUnknownHostKey: (...args) => {
            asked.push(args);
            return Promise.resolve(answer);
          },
        },
      });
    const noFile = join(work, 'confirm-no');
    await rejects(mk(false, noFile).send({ task: 'testcon' }), 'host-key');
    assert.ok(!existsSync(noFile));
    const yesFile = join(work, 'confirm-yes');
    assert.equal((await mk(true, yesFile).send({ task: 'testcon' })).body, 'OK\n');
    assert.deepEqual(asked, [
      [f.ssh.host, f.ssh.port, 'ssh-ed25519', sshKeygenFingerprint(f.ssh)],
      [f.ssh.host, f.ssh.port, 'ssh-ed25519', sshKeygenFingerprint(f.ssh)],
    ]);
    assert.ok(existsSync(yesFile));
  });

  it('CHANGED host key: always refused, loudly, even with add-to-known-hosts and a yes-prompter', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const other = readFileSync(
      `${newKey('other-host', ['-t', 'ed25519', '-N', ''])}.pub`,
      'utf8',
    ).split(' ');
    const file = join(work, 'changed_known_hosts');
    const content = `[${f.ssh.host}]:${f.ssh.port} ${other[0]} ${other[1]}\n`;
    writeFileSync(file, content);
    let asked = 0;
    const tr = transport(f.ssh, {
      ...keyLogin(f.ssh),
      knownHosts: { userFiles: [file], globalFiles: [] },
      addToKnownHosts: true,
      prompter: { confirmUnknownHostKey: () => Promise.resolve(++asked > 0) },
    });
    const e = await rejects(tr.send({ task: 'testcon' }), 'host-key');
    assert.match(e.message, /HAS CHANGED/);
    assert.match(e.message, /man-in-the-middle/);
    assert.equal(e.details.hostKeyFingerprint, sshKeygenFingerprint(f.ssh));
    assert.equal(asked, 0);
    assert.equal(readFileSync(file, 'utf8'), content);
  });

  it('hashed known_hosts (ssh-keygen -H), extra admin files and @revoked', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const hashed = join(work, 'hashed_known_hosts');
    copyFileSync(f.ssh.knownHosts, hashed);
    assert.equal(spawnSync('ssh-keygen', ['-H', '-f', hashed]).status, 0);
    assert.doesNotMatch(readFileSync(hashed, 'utf8'), /127\.0\.0\.1/);
    const empty = join(work, 'empty_user_file');
    const viaHashed = transport(f.ssh, {
      ...keyLogin(f.ssh),
      knownHosts: { userFiles: [empty], extraFiles: [hashed], globalFiles: [] },
    });
    assert.equal((await viaHashed.send({ task: 'testcon' })).body, 'OK\n');
    assert.ok(!existsSync(empty)); // known through the extra file: nothing added

    const revoked = join(work, 'revoked_known_hosts');
    const known = readFileSync(f.ssh.knownHosts, 'utf8');
    writeFileSync(revoked, `${known}@revoked ${known.split('\n')[0]}\n`);
    const e = await rejects(
      transport(f.ssh, {
        ...keyLogin(f.ssh),
        knownHosts: { userFiles: [revoked], globalFiles: [] },
      }).send({
        task: 'testcon',
      }),
      'host-key',
    );
    assert.match(e.message, /REVOKED/);
  });
});

describe('SSH broker: authentication', () => {
  it('wrong password and wrong key are distinct, clear errors', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const wrongPw = await rejects(
      transport(f.ssh, { password: 'not-the-password' }).send({ task: 'testcon' }),
      'auth',
    );
    assert.equal(wrongPw.details.code, SSH_AUTH_CODES.passwordRefused);
    assert.ok(
      wrongPw.message.includes(`wrong password for ${f.ssh.user}@${f.ssh.host}`),
      wrongPw.message,
    );
    assert.ok(!wrongPw.message.includes('not-the-password'));

    const stranger = newKey('stranger', ['-t', 'ed25519', '-N', '']);
    const wrongKey = await rejects(
      transport(f.ssh, { privateKeyFiles: [stranger] }).send({ task: 'testcon' }),
      'auth',
    );
    assert.equal(wrongKey.details.code, SSH_AUTH_CODES.keyRefused);
    assert.match(wrongKey.message, /did not accept key .*stranger/);
    assert.notEqual(wrongKey.message, wrongPw.message);

    const none = await rejects(transport(f.ssh, {}).send({ task: 'testcon' }), 'auth');
    assert.equal(none.details.code, SSH_AUTH_CODES.noMethods);
    assert.match(none.message, /no authentication method left.*publickey/);

    // a refused key, then the right password: OpenSSH order, login succeeds
    const fallback = transport(f.ssh, { privateKeyFiles: [stranger], password: f.ssh.password });
    assert.equal((await fallback.send({ task: 'testcon' })).body, 'OK\n');
  });

  it('password prompt: asked again after a wrong answer (like ssh), then succeeds', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const answers = ['wrong-once', f.ssh.password];
    const contexts: unknown[] = [];
    const prompter: SshPrompter = {
      password: (ctx) => {
        contexts.push(ctx);
        return Promise.resolve(answers.shift() ?? null);
      },
    };
    const { body } = await transport(f.ssh, { prompter }).send({ task: 'testcon' });
    assert.equal(body, 'OK\n');
    assert.deepEqual(contexts, [
      { user: f.ssh.user, host: f.ssh.host, port: f.ssh.port, attempt: 1 },
      { user: f.ssh.user, host: f.ssh.host, port: f.ssh.port, attempt: 2 },
    ]);
    // a cancelled prompt is a cancellation, not a wrong password
    await rejects(
      transport(f.ssh, { prompter: { password: () => Promise.resolve(null) } }).send({
        task: 'testcon',
      }),
      'cancelled',
    );
  });

  it('encrypted OpenSSH key: clear error without passphrase, prompt works, wrong one named', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const enc = join(work, 'enc_ed25519');
    copyFileSync(f.ssh.privateKey, enc);
    chmodSync(enc, 0o600);
    assert.equal(spawnSync('ssh-keygen', ['-p', '-q', '-N', 'pass phrase', '-f', enc]).status, 0);
    assert.match(readFileSync(enc, 'utf8'), /BEGIN OPENSSH PRIVATE KEY/);

    const noPass = await rejects(
      transport(f.ssh, { privateKeyFiles: [enc] }).send({ task: 'testcon' }),
      'auth',
    );
    assert.equal(noPass.details.code, SSH_AUTH_CODES.keyEncrypted);
    assert.match(noPass.message, /is encrypted and no passphrase was given/);

    const asked: unknown[] = [];
    const ok = transport(f.ssh, {
      privateKeyFiles: [enc],
      prompter: {
        passphrase: (file, attempt) => {
          asked.push([file, attempt]);
          return Promise.resolve(attempt === 1 ? 'wrong' : 'pass phrase');
        },
      },
    });
    assert.equal((await ok.send({ task: 'testcon' })).body, 'OK\n');
    assert.deepEqual(asked, [
      [enc, 1],
      [enc, 2],
    ]);

    const bad = await rejects(
      transport(f.ssh, {
        privateKeyFiles: [enc],
        prompter: { passphrase: () => Promise.resolve('wrong') },
      }).send({ task: 'testcon' }),
      'auth',
    );
    assert.equal(bad.details.code, SSH_AUTH_CODES.badPassphrase);
  });

  it('PEM (RSA, encrypted) and PKCS#8 (ECDSA) key files log in', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const authorized = join(f.broker.stateDir, 'ssh', 'authorized_keys', f.ssh.user);
    try {
      accessSync(authorized, constants.W_OK);
    } catch {
      t.skip(`cannot add a test key to ${authorized} (not writable by this user)`);
      return;
    }
    const rsa = newKey('pem_rsa', ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'pem pass']);
    const ec = newKey('pkcs8_ec', ['-t', 'ecdsa', '-m', 'PKCS8', '-N', '']);
    assert.match(readFileSync(rsa, 'utf8'), /BEGIN RSA PRIVATE KEY[\s\S]*Proc-Type: 4,ENCRYPTED/);
    assert.match(readFileSync(ec, 'utf8'), /BEGIN PRIVATE KEY/);
    const original = readFileSync(authorized, 'utf8');
    const added = [`${rsa}.pub`, `${ec}.pub`].map((p) => readFileSync(p, 'utf8').trim());
    writeFileSync(authorized, `${original.trimEnd()}\n${added.join('\n')}\n`);
    try {
      const viaRsa = transport(f.ssh, {
        privateKeyFiles: [rsa],
        prompter: { passphrase: () => Promise.resolve('pem pass') },
      });
      assert.equal((await viaRsa.send({ task: 'testcon' })).body, 'OK\n');
      const viaEc = transport(f.ssh, { privateKeyFiles: [ec] });
      assert.equal((await viaEc.send({ task: 'testcon' })).body, 'OK\n');
    } finally {
      // remove exactly our lines again (the file is shared with other tests)
      const now = readFileSync(authorized, 'utf8');
      writeFileSync(
        authorized,
        now
          .split('\n')
          .filter((l) => !added.includes(l.trim()))
          .join('\n'),
      );
    }
  });

  it('SSH agent (--broker-autologin): logs in with the agent key, no key file given', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    if (spawnSync('ssh-agent', ['-h']).error) {
      t.skip('ssh-agent is not installed');
      return;
    }
    const sock = join(work, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++)
        await new Promise((r) => setTimeout(r, 20));
      const add = spawnSync('ssh-add', [f.ssh.privateKey], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
        encoding: 'utf8',
      });
      assert.equal(add.status, 0, add.stderr);
      const tr = transport(f.ssh, { autologin: true, agentSocket: sock, defaultKeyFiles: [] });
      const { body } = await tr.send({ task: 'listsessions' });
      assert.deepEqual(profileIds(body), [...f.broker.profiles.visibleTo[f.ssh.user]!].sort());
      // without autologin the agent is not used
      await rejects(transport(f.ssh, { agentSocket: sock }).send({ task: 'testcon' }), 'auth');

      // an agent full of wrong keys: sshd ends the login after MaxAuthTries (6) refusals
      assert.equal(
        spawnSync('ssh-add', ['-D'], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status,
        0,
      );
      for (let i = 0; i < 7; i++) {
        const k = newKey(`agent-stranger-${i}`, ['-t', 'ed25519', '-N', '']);
        assert.equal(
          spawnSync('ssh-add', [k], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status,
          0,
        );
      }
      const many = await rejects(
        transport(f.ssh, { autologin: true, agentSocket: sock, defaultKeyFiles: [] }).send({
          task: 'testcon',
        }),
        'auth',
      );
      assert.equal(many.details.code, SSH_AUTH_CODES.tooManyFailures, many.message);
      assert.match(many.message, /Too many authentication failures/);
    } finally {
      agent.kill();
    }
  });
});

describe('SSH broker: connection lifecycle and limits', () => {
  it('one connection per transport; close() and idle timeout close it, next request reconnects', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const tr = transport(f.ssh, { ...keyLogin(f.ssh), idleTimeoutMs: 0 });
    await tr.send({ task: 'testcon' });
    await tr.send({ task: 'testcon' });
    assert.equal(tr.connections, 1);
    await tr.close();
    assert.equal(tr.isConnected, false);
    await tr.send({ task: 'testcon' });
    assert.equal(tr.connections, 2);

    const idle = transport(f.ssh, { ...keyLogin(f.ssh), idleTimeoutMs: 30 });
    await idle.send({ task: 'testcon' });
    for (let i = 0; i < 200 && idle.isConnected; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(idle.isConnected, false, 'idle timeout did not close the connection');
    await idle.send({ task: 'testcon' });
    assert.equal(idle.connections, 2);
  });

  it('concurrent requests share the one login; close() during a prompt abandons the login', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const tr = transport(f.ssh, keyLogin(f.ssh));
    const replies = await Promise.all([1, 2, 3].map(() => tr.send({ task: 'testcon' })));
    assert.deepEqual(
      replies.map((r) => r.body),
      ['OK\n', 'OK\n', 'OK\n'],
    );
    assert.equal(tr.connections, 1);

    let asked!: () => void;
    const promptShown = new Promise<void>((r) => (asked = r));
    const waiting = transport(f.ssh, {
      prompter: {
        password: () => {
          asked();
          return new Promise<string | null>(() => {}); // the person never answers
        },
      },
    });
    const p = waiting.send({ task: 'testcon' });
    await promptShown;
    await waiting.close();
    await rejects(p, 'cancelled', (e) => assert.match(e.message, /abandoned/));
  });

  it('caps the reply size, times out a hanging command, honours abort', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const big = brokerScript('big', `head -c 300000 /dev/zero | tr '\\0' a`);
    await rejects(
      transport(f.ssh, keyLogin(f.ssh), { command: big }, { maxReplyBytes: 100_000 }).send({
        task: 'testcon',
      }),
      'protocol',
      (e) => assert.match(e.message, /larger than 100000 bytes/),
    );
    const slow = brokerScript('slow', 'sleep 5');
    const tr = transport(f.ssh, keyLogin(f.ssh), { command: slow }, { requestTimeoutMs: 300 });
    await rejects(tr.send({ task: 'testcon' }), 'timeout');
    const ac = new AbortController();
    const p = tr.send({ task: 'testcon' }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await rejects(p, 'cancelled');
    assert.equal(tr.connections, 1); // the connection survives a cancelled command
    const missing = await rejects(
      transport(f.ssh, keyLogin(f.ssh), { command: '/nonexistent/x2gobroker-ssh' }).send({
        task: 'testcon',
      }),
      'broker',
    );
    assert.match(missing.message, /not found/);
  });

  it('auth timeout: a login stuck in the server (PAM fail delay after a wrong password)', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    if (!f.ssh.usePam) return t.skip('sshd without PAM answers wrong passwords at once');
    // sshd's PAM delays the refusal of a wrong password by ~2 s; 300 ms auth budget runs out
    // first. The handshake before is not counted (it has its own connect timeout).
    const tr = transport(f.ssh, { password: 'wrong', authTimeoutMs: 300 });
    await rejects(tr.send({ task: 'testcon' }), 'timeout', (e) =>
      assert.match(e.message, /authentication .* took longer than 300 ms/),
    );
  });

  it('connect refused → unreachable; a silent server → connect timeout', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const silent = createServer(() => {}); // accepts, never sends an SSH banner
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      await rejects(
        transport(f.ssh, keyLogin(f.ssh), { port }, { connectTimeoutMs: 200 }).send({
          task: 'testcon',
        }),
        'timeout',
        (e) => assert.match(e.message, /No SSH handshake/),
      );
    } finally {
      silent.close();
    }
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await rejects(
      transport(f.ssh, keyLogin(f.ssh), { port: closedPort }).send({ task: 'testcon' }),
      'unreachable',
      (e) => assert.equal(e.details.code, 'ECONNREFUSED'),
    );
  });
});
