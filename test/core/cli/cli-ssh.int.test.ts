// The real CLI binary (bin/x2go-launcher.mjs) with ssh:// broker URLs against the REAL broker
// sshd: list/select, host-key handling with exit codes, the cookie port, password sources, and
// the passphrase prompt on a real pseudo-terminal. HOME is a temporary directory, so
// ~/.ssh/known_hosts is the test's own.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sshOrSkip } from '../../helpers/broker-env';
import type { BrokerFixture } from '../../helpers/broker-env';

type Ssh = NonNullable<BrokerFixture['ssh']>;
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'x2go-launcher.mjs');
const work = mkdtempSync(join(tmpdir(), 'x2gol-cli-ssh-'));
after(() => rmSync(work, { recursive: true, force: true }));

let homes = 0;
function newHome(): string {
  const home = join(work, `home${++homes}`);
  return home;
}

/** Run the CLI without a terminal (stdin is a pipe, as in scripts and kiosks). */
function cli(
  args: string[],
  home: string,
  input = '',
): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.SSH_AUTH_SOCK;
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input,
    env,
    timeout: 180_000, // a bound for a hung run on a loaded machine, not a timed assertion
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const url = (ssh: Ssh, port = ssh.port, user = ssh.user) =>
  `ssh://${user}@${ssh.host}:${port}${ssh.command}`;
const keyArgs = (ssh: Ssh) => ['--broker-ssh-key', ssh.privateKey, '--known-hosts', ssh.knownHosts];

describe('CLI with ssh:// brokers (real x2gobroker-ssh)', () => {
  it('list and select accept ssh:// URLs (table and --json)', (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const home = newHome();
    const expected = [...f.broker.profiles.visibleTo[f.ssh.user]!].sort();
    const json = cli(['list', '--broker-url', url(f.ssh), ...keyArgs(f.ssh), '--json'], home);
    assert.equal(json.status, 0, json.stderr);
    const ids = (JSON.parse(json.stdout) as { id: string }[]).map((p) => p.id).sort();
    assert.deepEqual(ids, expected);
    const table = cli(['list', '--broker-url', url(f.ssh), ...keyArgs(f.ssh)], home);
    assert.equal(table.status, 0, table.stderr);
    for (const id of expected) assert.ok(table.stdout.includes(id), `${id} missing in the table`);
    const sel = cli(
      ['select', 'loopback-xterm', '--broker-url', url(f.ssh), ...keyArgs(f.ssh)],
      home,
    );
    assert.equal(sel.status, 0, sel.stderr);
    assert.match(sel.stdout, /server: +127\.0\.0\.1\n/);
    assert.match(sel.stdout, new RegExp(`port: +${f.ssh.port}\\n`));
    assert.ok(!existsSync(join(home, '.ssh')), 'nothing may be written to ~/.ssh');
  });

  it('unknown host: exit 4 with the SHA256 fingerprint; --add-to-known-hosts writes ~/.ssh/known_hosts', (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const home = newHome();
    const fp = spawnSync('ssh-keygen', ['-l', '-f', f.ssh.knownHosts], {
      encoding: 'utf8',
    }).stdout.split(' ')[1]!;
    const base = ['list', '--broker-url', url(f.ssh), '--broker-ssh-key', f.ssh.privateKey];
    const refused = cli(base, home);
    assert.equal(refused.status, 4, refused.stderr);
    assert.ok(refused.stderr.includes(fp), refused.stderr);
    assert.match(refused.stderr, /--add-to-known-hosts/);
    assert.ok(!existsSync(join(home, '.ssh', 'known_hosts')));

    const added = cli([...base, '--add-to-known-hosts'], home);
    assert.equal(added.status, 0, added.stderr);
    const file = join(home, '.ssh', 'known_hosts');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, '.ssh')).mode & 0o777, 0o700);
    assert.equal(cli(base, home).status, 0); // known now

    // a changed key for that host: refused even with --add-to-known-hosts
    const other = join(work, 'other-key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const [type, b64] = readFileSync(`${other}.pub`, 'utf8').split(' ');
    writeFileSync(file, `[${f.ssh.host}]:${f.ssh.port} ${type} ${b64}\n`);
    const changed = cli([...base, '--add-to-known-hosts'], home);
    assert.equal(changed.status, 4, changed.stderr);
    assert.match(changed.stderr, /HAS CHANGED/);
  });

  it('cookie port: exit 3 without --auth-id, 0 with the pre-shared cookie file', (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const home = newHome();
    const base = ['list', '--broker-url', url(f.ssh, f.ssh.cookiePort), ...keyArgs(f.ssh)];
    const without = cli(base, home);
    assert.equal(without.status, 3, without.stderr);
    const cookieFile = join(work, 'authid');
    writeFileSync(cookieFile, `${f.broker.cookie.value}\n`, { mode: 0o600 });
    const withCookie = cli([...base, '--auth-id', cookieFile, '--json'], home);
    assert.equal(withCookie.status, 0, withCookie.stderr);
    assert.equal(
      (JSON.parse(withCookie.stdout) as unknown[]).length,
      f.broker.profiles.visibleTo[f.ssh.user]!.length,
    );
  });

  it('password from the same sources as HTTP; wrong password exit 3; SSH options need ssh://', (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const home = newHome();
    const base = ['list', '--broker-url', url(f.ssh), '--known-hosts', f.ssh.knownHosts, '--json'];
    const viaStdin = cli([...base, '--broker-password-stdin'], home, `${f.ssh.password}\n`);
    assert.equal(viaStdin.status, 0, viaStdin.stderr);
    const pwFile = join(work, 'pw');
    writeFileSync(pwFile, 'wrong-password\n', { mode: 0o600 });
    const wrong = cli([...base, '--broker-password-file', pwFile], home);
    assert.equal(wrong.status, 3, wrong.stderr);
    assert.match(wrong.stderr, /wrong password/);
    assert.ok(!wrong.stderr.includes('wrong-password'));
    const noMethod = cli(base, home); // no key, no password, no terminal
    assert.equal(noMethod.status, 3, noMethod.stderr);
    assert.match(noMethod.stderr, /no authentication method left/);
    const mixed = cli(
      ['list', '--broker-url', f.broker.http.main.plainUrl, '--broker-ssh-key', f.ssh.privateKey],
      home,
    );
    assert.equal(mixed.status, 2, mixed.stderr);
    assert.match(mixed.stderr, /apply only to ssh:\/\//);
  });

  it('encrypted key: without a terminal a clear error; on a terminal the passphrase prompt', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const home = newHome();
    const enc = join(work, 'enc_key');
    copyFileSync(f.ssh.privateKey, enc);
    chmodSync(enc, 0o600);
    assert.equal(spawnSync('ssh-keygen', ['-p', '-q', '-N', 'cli pass', '-f', enc]).status, 0);
    const args = [
      'list',
      '--broker-url',
      url(f.ssh),
      '--broker-ssh-key',
      enc,
      '--known-hosts',
      f.ssh.knownHosts,
    ];
    const noTty = cli(args, home);
    assert.equal(noTty.status, 3, noTty.stderr);
    assert.match(noTty.stderr, /is encrypted and no passphrase was given/);

    if (spawnSync('script', ['--version']).error)
      return t.skip('util-linux script is not installed');
    const quoted = [process.execPath, bin, ...args]
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TERM: 'dumb' };
    delete env.SSH_AUTH_SOCK;
    const p = spawn('script', ['-qec', quoted, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 9000 && !/Enter passphrase for key '[^']*enc_key': $/.test(out); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.match(out, /Enter passphrase for key '[^']*enc_key': $/);
    p.stdin.write('cli pass\r');
    const code = await new Promise<number | null>((r) => p.on('close', r));
    p.stdin.end();
    assert.equal(code, 0, out);
    assert.ok(!out.includes('cli pass'), 'the passphrase was echoed');
    assert.ok(out.includes('loopback-xterm'), out);
  });
});
