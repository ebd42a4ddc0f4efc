// The headless CLI as users and scripts run it: a child process against the REAL broker.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brokerOrSkip, sessionTarget, userPassword } from '../../helpers/broker-env';
import { BIN, REPO, runCli } from '../../helpers/run-cli';

let dir = '';
let pwFile = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'x2go-cli-'));
  pwFile = join(dir, 'pw');
  await writeFile(pwFile, 'sweet\n', { mode: 0o600 });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sorted = (a: string[]) => [...a].sort();

describe('x2go-launcher list', () => {
  it('prints a table of the profiles (plain dialect, password file)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli([
      'list',
      '--broker-url',
      b.http.main.plainUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+FOLDER\s+NAME\s+COMMAND\s+HOSTS$/);
    assert.deepEqual(
      sorted(lines.slice(1).map((l) => l.split(/\s+/)[0]!)),
      sorted(b.profiles.visibleTo.test!),
    );
    // the only thing on stderr: the password went over plain http
    assert.match(
      r.stderr,
      /^x2go-launcher: warning: the broker password goes unencrypted over http:\/\//,
    );
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  });

  it('--json gives the normalised profiles (JSON dialect, --opt=value, password on stdin)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli(
      [
        `--broker-url=${b.http.main.jsonUrl}`,
        'list',
        '--broker-user=jacques',
        '--broker-password-stdin',
        '--json',
      ],
      {
        input: `${userPassword(b, 'jacques')}\n`,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const profiles = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      sorted(profiles.map((p) => p.id as string)),
      sorted(b.profiles.visibleTo.jacques!),
    );
    for (const p of profiles)
      for (const k of ['id', 'name', 'folder', 'command', 'hosts', 'icon', 'status', 'raw'])
        assert.ok(k in p, `${k} missing`);
    const xfce = profiles.find((p) => p.id === 'xfce-desktop')!;
    assert.match(xfce.icon as string, /^data:image\/png;base64,iVBOR/);
    assert.deepEqual(xfce.hosts, ['xfce.example.test']);
  });

  it('plain and JSON dialects print the same --json (without raw)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const get = async (url: string) => {
      const r = await runCli(
        [
          'list',
          '--broker-url',
          url,
          '--broker-user',
          'test',
          '--broker-password-env',
          'PW',
          '--json',
        ],
        { env: { PW: 'sweet' } },
      );
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as Record<string, unknown>[])
        .map(({ raw: _raw, ...p }) => p)
        .sort((x, y) => String(x.id).localeCompare(String(y.id)));
    };
    assert.deepEqual(await get(b.http.main.plainUrl), await get(b.http.main.jsonUrl));
  });

  it('--broker-noauth and the pre-shared --auth-id cookie', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const n = await runCli([
      'list',
      '--broker-url',
      b.http.noauth.plainUrl,
      '--broker-noauth',
      '--json',
    ]);
    assert.equal(n.code, 0, n.stderr);
    assert.equal(
      (JSON.parse(n.stdout) as unknown[]).length,
      b.profiles.visibleTo['<anonymous>']!.length,
    );
    const c = await runCli([
      'list',
      '--broker-url',
      b.http.cookie.plainUrl,
      '--broker-user',
      'test',
      '--auth-id',
      b.cookie.file,
      '--json',
    ]);
    assert.equal(c.code, 0, c.stderr);
  });

  it('--auth-id-persist: a password login creates the cookie file, later runs need only the file', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const file = join(dir, 'cookie');
    const base = [
      '--broker-url',
      b.http.main.plainUrl,
      '--broker-user',
      'test',
      '--auth-id',
      file,
      '--auth-id-persist',
    ];
    const first = await runCli(['list', ...base, '--broker-password-file', pwFile]);
    assert.equal(first.code, 0, first.stderr);
    const cookies = [await readFile(file, 'utf8')];
    for (const cmd of [['list'], ['select', 'kde-pool'], ['testcon'], ['list']]) {
      const r = await runCli([...cmd, ...base]);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.stderr}`);
      cookies.push(await readFile(file, 'utf8'));
    }
    assert.equal(new Set(cookies).size, cookies.length, 'each run rotated the cookie');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    for (const c of cookies) assert.match(c, /^[0-9a-f-]{36}\n$/);
  });
});

describe('x2go-launcher select / testcon', () => {
  it('select --json: server, port, user, sessionInfo, hasKey — never a key', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli([
      'select',
      'loopback-xterm',
      '--broker-url',
      b.http.main.plainUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const sel = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(
      {
        server: sel.server,
        port: sel.port,
        user: sel.user,
        hasKey: sel.hasKey,
        sessionInfo: sel.sessionInfo,
      },
      {
        server: '127.0.0.1',
        port: sessionTarget(b).sshport,
        user: sessionTarget(b).user,
        hasKey: false,
        sessionInfo: [],
      },
    );
    assert.doesNotMatch(r.stdout + r.stderr, /PRIVATE KEY/);
  });

  it('select as text, with --login; testcon', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = await runCli([
      'select',
      'rootless-xterm',
      '--login',
      'other',
      '--broker-url',
      b.http.static.plainUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /server:\s+apps\.example\.test\nport:\s+2022\nuser:\s+other\nkey:\s+no/);
    const c = await runCli([
      'testcon',
      '--broker-url',
      b.http.main.jsonUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^OK: http:\/\/127\.0\.0\.1:\d+\/json\/ answered in \d+ ms\n$/);
  });

  it('HTTPS with --broker-cacertfile works', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const r = await runCli([
      'testcon',
      '--broker-url',
      b.https.tls.plainUrl,
      '--broker-cacertfile',
      b.https.tls.caFile,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /unencrypted/); // https: no warning
  });
});

describe('x2go-launcher failures: exit code and reason on stderr', () => {
  it('wrong password → 3', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli(
      [
        'list',
        '--broker-url',
        b.http.main.plainUrl,
        '--broker-user',
        'test',
        '--broker-password-env',
        'PW',
      ],
      { env: { PW: 'wrong' } },
    );
    assert.equal(r.code, 3);
    assert.match(r.stderr, /refused the credentials \(HTTP 401\)/);
    assert.equal(r.stdout, '');
  });

  it('dead port → 4', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli([
      'testcon',
      '--broker-url',
      'http://127.0.0.1:1/plain/',
      '--broker-noauth',
    ]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /connection refused \(ECONNREFUSED\)/);
  });

  it('self-signed TLS → 4 with the fingerprint; --json puts the error object on stderr', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const ss = b.https['tls-selfsigned'];
    const r = await runCli([
      'list',
      '--broker-url',
      ss.plainUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /self-signed/);
    assert.ok(r.stderr.includes(ss.certFingerprintSha256));
    const j = await runCli([
      'list',
      '--broker-url',
      ss.plainUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
      '--json',
    ]);
    assert.equal(j.code, 4);
    const err = (
      JSON.parse(j.stderr) as {
        error: { kind: string; details: { certificate: { fingerprint256: string } } };
      }
    ).error;
    assert.equal(err.kind, 'tls');
    assert.equal(err.details.certificate.fingerprint256, ss.certFingerprintSha256);
    assert.equal(j.stdout, '');
  });

  it('malformed reply (plain parser on the JSON endpoint) → 5 with the offending line, cookie hidden', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli([
      'list',
      '--broker-url',
      b.http.main.jsonUrl,
      '--dialect',
      'plain',
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(r.code, 5);
    assert.match(r.stderr, /no "Access granted" line/);
    assert.match(r.stderr, /offending reply line: \{/);
    const j = await runCli([
      'list',
      '--broker-url',
      b.http.main.plainUrl,
      '--dialect',
      'json',
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
    ]);
    assert.equal(j.code, 5);
    assert.match(j.stderr, /AUTHID:<hidden>/);
    assert.doesNotMatch(j.stderr, /AUTHID:[0-9a-f]{8}/);
  });

  it('broker HTTP 500 (cookiepw) → 5 with the broker text', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli([
      'list',
      '--broker-url',
      b.http.cookiepw.plainUrl,
      '--broker-user',
      'test',
      '--broker-password-file',
      pwFile,
      '--auth-id',
      b.cookie.file,
    ]);
    assert.equal(r.code, 5);
    assert.match(r.stderr, /internal error \(HTTP 500\)/);
    assert.match(r.stderr, /broker says: 500: Internal Server Error/);
  });

  it('unknown profile → 6 (no server)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli([
      'select',
      'no-such-profile',
      '--broker-url',
      b.http.noauth.plainUrl,
      '--broker-noauth',
    ]);
    assert.equal(r.code, 6);
    assert.match(r.stderr, /no X2Go server available/);
  });

  it('no password and no terminal → 3 with a hint how to give one', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli(['list', '--broker-url', b.http.main.plainUrl, '--broker-user', 'test']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no password or auth-id was given/);
  });
});

describe('x2go-launcher usage errors (no broker needed)', () => {
  const cases: [string[], RegExp][] = [
    [
      ['list', '--broker-url', 'http://h/plain/', '--broker-password', 'x'],
      /never taken on the command line/,
    ],
    [
      ['list', '--broker-url=http://h/plain/', '--broker-password=x'],
      /never taken on the command line/,
    ],
    [['list'], /Missing --broker-url/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['list', '--bogus'], /Unknown option '--bogus'\.$/m],
    [['select'], /Usage: x2go-launcher select PROFILE_ID/],
    [
      ['list', '--broker-url', 'http://h/plain/', '--login', 'x'],
      /--login is an option of "select"/,
    ],
    [['list', '--broker-url', 'ftp://h/'], /Unsupported broker URL scheme/],
    [['list', '--broker-url', 'http://u:pw@h/plain/'], /contains a password/],
    [
      ['list', '--broker-url', 'http://h/plain/', '--dialect', 'xml'],
      /--dialect must be plain or json/,
    ],
    [
      ['list', '--broker-url', 'http://h/plain/', '--timeout=0', '--broker-noauth'],
      /--timeout must be/,
    ],
    [
      ['list', '--broker-url', 'http://h/plain/', '--timeout', 'soon', '--broker-noauth'],
      /--timeout must be/,
    ],
    [
      [
        'list',
        '--broker-url',
        'http://h/plain/',
        '--broker-password-env',
        'A',
        '--broker-password-stdin',
      ],
      /only one password source/,
    ],
    [['list', '--broker-url', 'http://h/plain/', '--auth-id-persist'], /needs --auth-id FILE/],
    [
      ['list', '--broker-url', 'http://h/plain/', '--auth-id', '/nonexistent/x', '--broker-noauth'],
      /Cannot read the auth-id file/,
    ],
  ];
  for (const [args, re] of cases)
    it(args.join(' '), async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
      assert.equal(r.stdout, '');
    });

  it('--help lists every command and option; --version', async () => {
    const h = await runCli(['--help']);
    assert.equal(h.code, 0);
    for (const s of [
      'list',
      'select PROFILE_ID',
      'testcon',
      '--broker-url URL',
      '--broker-password-file FILE',
      '--broker-password-stdin',
      '--broker-password-env NAME',
      '--auth-id FILE',
      '--auth-id-persist',
      '--broker-noauth',
      '--broker-cacertfile FILE',
      '--broker-name NAME',
      '--json',
      '--dialect',
      '--timeout SECONDS',
    ])
      assert.ok(h.stdout.includes(s), s);
    const v = await runCli(['--version']);
    assert.match(v.stdout, /^x2go-launcher \d+\.\d+\.\d+\n$/);
  });
});

describe('password prompt on a terminal', () => {
  it('asks without echo and signs in', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    // util-linux `script` gives the CLI a real pseudo-terminal; the typed password is sent
    // only once the prompt is shown (raw mode, echo off).
    const cmd = [
      process.execPath,
      BIN,
      'testcon',
      '--broker-url',
      b.http.main.plainUrl,
      '--broker-user',
      'test',
    ]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!sent && out.includes('Broker password for test at')) {
        sent = true;
        child.stdin.write('sweet\r');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /OK: http:\/\/127\.0\.0\.1:\d+\/plain\/ answered/);
    assert.doesNotMatch(out, /sweet/);
  });
});
