// `x2go-launcher check PROFILE_ID` as users run it: a child process against the REAL broker
// (BROKER_JSON) and its sshd (the X2Go server of profile loopback-xterm), the real x2goclient /
// pyhoca-cli for the version line. docs/health-check.md.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brokerOrSkip, sessionTarget } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';

let dir = '';
let home = '';
let pwFile = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'x2go-check-'));
  home = join(dir, 'home');
  await mkdir(home);
  pwFile = join(dir, 'pw');
  await writeFile(pwFile, 'sweet\n', { mode: 0o600 });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface JsonLine {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  summary: string;
  next?: string;
  subject?: string;
  error?: { kind: string; code: string };
}
interface JsonReport {
  profileId: string;
  broker: string;
  server: { host: string; port: number } | null;
  client: string;
  ok: boolean;
  exitCode: number;
  lines: JsonLine[];
  sessions: unknown[];
  checkedAt: string;
  ms: number;
}

const IDS = [
  'broker',
  'tls',
  'profile',
  'selectsession',
  'dns',
  'ssh-port',
  'host-key',
  'client',
  'sessions',
];

function brokerArgs(url: string): string[] {
  return ['--broker-url', url, '--broker-user', 'test', '--broker-password-file', pwFile];
}
/** A well-formed ssh-ed25519 public key blob (base64) that no server holds. */
function otherEd25519Key(): string {
  const str = (b: Buffer) => Buffer.concat([Buffer.alloc(4, 0), b]).fill(0, 0, 4);
  const field = (b: Buffer) => {
    const out = str(b);
    out.writeUInt32BE(b.length, 0);
    return out;
  };
  return Buffer.concat([field(Buffer.from('ssh-ed25519')), field(randomBytes(32))]).toString(
    'base64',
  );
}

const byId = (r: JsonReport, id: string): JsonLine => r.lines.find((l) => l.id === id)!;

describe('x2go-launcher check', () => {
  it('a good profile: every check passes (or is skipped with a reason), exit 0', async (t) => {
    const b = brokerOrSkip(t, 'x2goSession');
    if (!b) return;
    const s = sessionTarget(b);
    const r = await runCli(
      ['check', s.profile, ...brokerArgs(b.http.main.plainUrl), '--known-hosts', s.knownHosts],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const id of IDS) assert.match(r.stdout, new RegExp(`^  (PASS|SKIP)  ${id} `, 'm'), id);
    assert.match(r.stdout, /PASS {2}host-key .* is known \(.*known_hosts:\d+\)/);
    assert.match(r.stdout, /PASS {2}client +x2goclient \d+\.\d+\.\d+\.\d+ is installed/);
    assert.match(r.stdout, /SKIP {2}tls .*Plain http:\/\//);
    assert.match(r.stdout, /All checks passed/);
  });

  it('--json: the report shape (nine lines in order, server, exit code)', async (t) => {
    const b = brokerOrSkip(t, 'x2goSession');
    if (!b) return;
    const s = sessionTarget(b);
    const r = await runCli(
      [
        'check',
        s.profile,
        ...brokerArgs(b.http.main.jsonUrl),
        '--known-hosts',
        s.knownHosts,
        '--client',
        'pyhoca-cli',
        '--json',
      ],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.lines.map((l) => l.id),
      IDS,
    );
    assert.equal(report.ok, true);
    assert.equal(report.exitCode, 0);
    assert.equal(report.profileId, s.profile);
    assert.equal(report.client, 'pyhoca-cli');
    assert.deepEqual(report.server, { host: s.host, port: s.sshport });
    assert.deepEqual(report.sessions, []);
    assert.ok(!Number.isNaN(Date.parse(report.checkedAt)));
    for (const l of report.lines) {
      assert.ok(['pass', 'skip'].includes(l.status), `${l.id}: ${l.summary}`);
      assert.equal(typeof l.summary, 'string');
    }
    assert.match(byId(report, 'client').summary, /^pyhoca-cli \d+\.\d+\.\d+\.\d+ is installed/);
  });

  it('an unknown host key fails, naming the known_hosts file, exit 4; nothing is written', async (t) => {
    const b = brokerOrSkip(t, 'x2goSession');
    if (!b) return;
    const s = sessionTarget(b);
    // pyhoca-cli: x2goclient would also read the passwd home's libssh file (root's here)
    const r = await runCli(
      [
        'check',
        s.profile,
        ...brokerArgs(b.http.main.plainUrl),
        '--client',
        'pyhoca-cli',
        '--add-to-known-hosts', // the check never accepts a key, flag or not
        '--json',
      ],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 4, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const hk = byId(report, 'host-key');
    assert.equal(hk.status, 'fail');
    assert.equal(hk.error?.code, 'host-key.unknown');
    assert.equal(hk.subject, join(home, '.ssh', 'known_hosts'));
    assert.match(hk.next ?? '', /--add-to-known-hosts/);
    await assert.rejects(readFile(join(home, '.ssh', 'known_hosts')), { code: 'ENOENT' });
    assert.equal(report.ok, false);
  });

  it('a changed host key fails, naming the file and line that hold the old key, exit 4', async (t) => {
    const b = brokerOrSkip(t, 'x2goSession');
    if (!b) return;
    const s = sessionTarget(b);
    const stale = join(dir, 'stale_known_hosts');
    // another ed25519 key under the server's name: the one offered now is "changed"
    await writeFile(stale, `[${s.host}]:${s.sshport} ssh-ed25519 ${otherEd25519Key()}\n`);
    const r = await runCli(
      [
        'check',
        s.profile,
        ...brokerArgs(b.http.main.plainUrl),
        '--client',
        'pyhoca-cli',
        '--known-hosts',
        stale,
      ],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL {2}host-key +WARNING: THE SSH HOST KEY OF THE X2GO SERVER/);
    assert.ok(r.stdout.includes(`${stale}:1`), r.stdout);
    assert.match(r.stdout, /next: If the administrator confirms the new key, remove the old one/);
  });

  it('a server whose SSH port cannot be reached fails, naming host:port; the host key is skipped', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    // mate-pool-mapped: the broker names 192.0.2.11:22 (TEST-NET-1, nothing answers)
    const r = await runCli(
      ['check', 'mate-pool-mapped', ...brokerArgs(b.http.main.plainUrl), '--json'],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 4, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const port = byId(report, 'ssh-port');
    assert.equal(port.status, 'fail');
    assert.equal(port.subject, `${report.server!.host}:${report.server!.port}`);
    assert.ok(port.summary.includes(port.subject), port.summary);
    assert.equal(port.error?.code, 'server.unreachable');
    assert.equal(byId(report, 'host-key').status, 'skip');
  });

  it('a server name that does not resolve fails, naming it', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli(['check', 'xfce-desktop', ...brokerArgs(b.http.main.plainUrl)], {
      env: { HOME: home },
    });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /FAIL {2}dns +The server name xfce\.example\.test \(from the broker\) does not resolve/,
    );
    assert.match(r.stdout, /SKIP {2}ssh-port/);
  });

  it('an expired broker certificate: reachable, TLS fails with the reason, the rest skipped', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const inst = b.https['tls-expired'];
    const r = await runCli(
      [
        'check',
        'loopback-xterm',
        ...brokerArgs(inst.plainUrl),
        '--broker-cacertfile',
        inst.caFile,
        '--json',
      ],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 4, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(byId(report, 'broker').status, 'pass');
    const tls = byId(report, 'tls');
    assert.equal(tls.status, 'fail');
    assert.match(tls.summary, /CERT_HAS_EXPIRED/);
    assert.equal(tls.subject, inst.plainUrl);
    assert.equal(byId(report, 'selectsession').status, 'skip');
    // the client is this machine's: checked even when the broker fails
    assert.equal(byId(report, 'client').status, 'pass');
  });

  it('a missing client fails naming the path, exit 6 (the broker part still runs)', async (t) => {
    const b = brokerOrSkip(t, 'x2goSession');
    if (!b) return;
    const s = sessionTarget(b);
    const missing = join(dir, 'no-such-x2goclient');
    const r = await runCli(
      [
        'check',
        s.profile,
        ...brokerArgs(b.http.main.plainUrl),
        '--known-hosts',
        s.knownHosts,
        '--client-path',
        missing,
      ],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 6, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL {2}client +The X2Go client .*no-such-x2goclient does not exist/);
    assert.match(r.stdout, /PASS {2}host-key/);
  });
});
