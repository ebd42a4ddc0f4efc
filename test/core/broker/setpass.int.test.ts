// Broker password change (task setpass) against the REAL x2gobroker 0.0.4.3 (BROKER_JSON):
// its quirks as the user meets them. It answers setpass like a sign-in and changes nothing, so
// every password broker must end in `broker.setpass.ignored` (never a false "changed"); a
// wrong current password is refused (401); a broker without passwords and an SSH broker are
// refused before anything is sent. The success path needs a broker that really changes
// passwords, which Debian's does not: test/core/broker/setpass.test.ts covers it with an
// in-memory transport double.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BrokerSession } from '../../../src/core/broker/session';
import { changeBrokerPassword } from '../../../src/core/broker/setpass';
import { LauncherError } from '../../../src/core/errors';
import { brokerOrSkip, sshOrSkip, userPassword } from '../../helpers/broker-env';
import { BIN, REPO, runCli } from '../../helpers/run-cli';

async function expectCode(p: Promise<unknown>, code: string): Promise<LauncherError> {
  let caught: LauncherError | null = null;
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof LauncherError, `expected LauncherError, got ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    caught = e;
    return true;
  });
  return caught!;
}

describe('setpass on x2gobroker 0.0.4.3 over HTTP(S)', () => {
  for (const [instance, dialect] of [
    ['main', 'plainUrl'],
    ['main', 'jsonUrl'],
    ['static', 'plainUrl'],
  ] as const) {
    it(`${instance} ${dialect}: "Access granted" but the new password is refused → ignored, old one still works`, async (t) => {
      const b = brokerOrSkip(t);
      if (!b) return;
      const pw = userPassword(b, 'test');
      const s = new BrokerSession({ url: b.http[instance][dialect], user: 'test', password: pw });
      try {
        await s.authenticate();
        await expectCode(changeBrokerPassword(s, pw, `${pw}-new`), 'broker.setpass.ignored');
        // nothing changed, and the session still works with the old password
        assert.ok(await s.checkAuthenticated());
        const fresh = new BrokerSession({
          url: b.http[instance][dialect],
          user: 'test',
          password: pw,
        });
        await fresh.authenticate();
        await fresh.close();
      } finally {
        await s.close();
      }
    });
  }

  it('over HTTPS (CA pinned) the same', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const pw = userPassword(b, 'test');
    const s = new BrokerSession({
      url: b.https.tls.plainUrl,
      user: 'test',
      password: pw,
      transportOptions: { caFiles: [b.https.tls.caFile] },
    });
    try {
      await expectCode(changeBrokerPassword(s, null, 'x'), 'broker.setpass.ignored');
    } finally {
      await s.close();
    }
  });

  it('a wrong current password: 401 → wrong-password, even while the session holds a valid one-time cookie', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const pw = userPassword(b, 'test');
    const s = new BrokerSession({ url: b.http.main.plainUrl, user: 'test', password: pw });
    try {
      await s.authenticate(); // the session now holds a one-time cookie: setpass must not send it
      assert.ok(s.currentCookie);
      const e = await expectCode(
        changeBrokerPassword(s, 'not-the-password', 'x'),
        'broker.setpass.wrong-password',
      );
      assert.equal(e.kind, 'auth');
      assert.equal(e.details.httpStatus, 401);
      assert.ok(await s.checkAuthenticated(), 'the session is still signed in');
    } finally {
      await s.close();
    }
  });

  it('a broker without passwords (noauth instance): no-password, after proving it grants the old one too', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const s = new BrokerSession({
      url: b.http.noauth.plainUrl,
      user: 'test',
      password: 'anything',
    });
    try {
      await expectCode(changeBrokerPassword(s, null, 'other'), 'broker.setpass.no-password');
    } finally {
      await s.close();
    }
  });

  it('same / empty new password: refused before anything is sent', async () => {
    let sent = 0;
    const s = new BrokerSession({
      url: 'http://127.0.0.1:9/plain/',
      user: 'u',
      password: 'pw',
      transport: {
        url: null as never,
        send: () => {
          sent++;
          return Promise.reject(new Error('must not be sent'));
        },
        close: () => Promise.resolve(),
      },
    });
    await expectCode(changeBrokerPassword(s, null, 'pw'), 'broker.setpass.same');
    await expectCode(changeBrokerPassword(s, 'pw', ''), 'broker.setpass.empty');
    assert.equal(sent, 0);
  });
});

describe('setpass on an SSH broker', () => {
  it('refused before sending: x2gobroker-ssh has no --newpass (exit 2) and argv is public', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    let sent = 0;
    const s = new BrokerSession({
      url: `ssh://${f.ssh.user}@${f.ssh.host}:${f.ssh.port}${f.ssh.command}`,
      transport: {
        url: null as never,
        send: () => {
          sent++;
          return Promise.reject(new Error('must not be sent'));
        },
        close: () => Promise.resolve(),
      },
    });
    const e = await expectCode(changeBrokerPassword(s, 'a', 'b'), 'broker.setpass.ssh-unsupported');
    assert.match(e.message, /passwd/);
    assert.equal(sent, 0);
  });
});

describe('x2go-launcher setpass (CLI, real broker)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'setpass-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('new password from piped stdin, current from --broker-password-file: the 0.0.4.3 quirk named, exit 5', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const file = join(dir, 'pw');
    await writeFile(file, `${userPassword(b, 'test')}\n`, { mode: 0o600 });
    const r = await runCli(
      [
        'setpass',
        '--broker-url',
        b.http.main.plainUrl,
        '--broker-user',
        'test',
        '--broker-password-file',
        file,
        '--json',
      ],
      { input: 'brand-new\n' },
    );
    assert.equal(r.code, 5, r.stderr);
    const line = r.stderr
      .trim()
      .split('\n')
      .find((l) => l.startsWith('{'));
    assert.ok(line, r.stderr);
    const out = JSON.parse(line) as { error: { code: string; kind: string } };
    assert.equal(out.error.code, 'broker.setpass.ignored');
    assert.ok(
      !r.stdout.includes('brand-new') && !r.stderr.includes('brand-new'),
      'the new password is never printed',
    );
  });

  it('a wrong current password: exit 3 (auth) and a clear message', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const file = join(dir, 'bad');
    await writeFile(file, 'wrong\n', { mode: 0o600 });
    const r = await runCli(
      [
        'setpass',
        '--broker-url',
        b.http.main.plainUrl,
        '--broker-user',
        'test',
        '--broker-password-file',
        file,
      ],
      { input: 'brand-new\n' },
    );
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /refused your current password/);
  });

  it('stdin cannot carry both passwords', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const r = await runCli(
      [
        'setpass',
        '--broker-url',
        b.http.main.plainUrl,
        '--broker-user',
        'test',
        '--broker-password-stdin',
      ],
      { input: 'sweet\nnew\n' },
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /stdin can carry only one password/);
  });
});

describe('x2go-launcher setpass on a terminal (real broker)', () => {
  it('current password at the sign-in prompt, new one twice, none echoed; a mismatch sends nothing, then the 0.0.4.3 quirk', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    if (spawnSync('script', ['--version']).error)
      return t.skip('util-linux script is not installed');
    const run = async (answers: [RegExp, string][]) => {
      // util-linux `script` gives the CLI a real pseudo-terminal; each answer is typed only
      // once its prompt is shown (raw mode, echo off)
      const cmd = [
        process.execPath,
        BIN,
        'setpass',
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
      let next = 0;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const a = answers[next];
        if (a && a[0].test(out)) {
          next++;
          child.stdin.write(`${a[1]}\r`);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, out };
    };
    const pw = userPassword(b, 'test');
    const mismatch = await run([
      [/Broker password for test at/, pw],
      [/New broker password: /, 'Neu-1'],
      [/New broker password again: /, 'Neu-2'],
    ]);
    assert.equal(mismatch.code, 2, mismatch.out);
    assert.match(mismatch.out, /The two new passwords differ/);
    const ignored = await run([
      [/Broker password for test at/, pw],
      [/New broker password: /, 'Neu-1'],
      [/New broker password again: /, 'Neu-1'],
    ]);
    assert.equal(ignored.code, 5, ignored.out);
    assert.match(ignored.out, /does not change passwords \(x2gobroker 0\.0\.4\.3/);
    for (const r of [mismatch, ignored]) {
      assert.ok(!r.out.includes(pw) && !r.out.includes('Neu-1'), 'no password echoed');
    }
  });
});
