// Secrets audit: full flows of the real CLI — list, select, launch --dry-run, a REAL launch
// with pyhoca-cli into the fixture's X2Go server, a cookie-file login with --auth-id-persist
// and a refused password — with known password, cookie and key values. While they run, every
// process's argv (/proc/*/cmdline, the whole machine) and the environment of every process of
// the run is read every 20 ms; afterwards stdout/stderr, error texts, every file in the
// private HOME/TMPDIR and every file created or changed under /tmp during the run are
// searched. A secret may appear only in the intended 0600 files (the --auth-id file).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { loadBroker, type BrokerFixture } from '../helpers/broker-env';
import { plainList, plainSelect, send, startHttpDouble } from '../helpers/hostile-double';
import { privateHome, runHostileCli, type PrivateHome } from '../helpers/hostile-env';
import { BIN, REPO } from '../helpers/run-cli';
import {
  listServerSessions,
  removeServerSessionDir,
  serverCommand,
  startXvfb,
  which,
  withSessionLock,
} from '../helpers/x2go-env';

interface Finding {
  where: string;
  secret: string;
}

/** Reads argv of all processes and environ of the run's processes until stopped. */
function startProcWatch(needles: () => Map<string, string>, home: string) {
  const findings: Finding[] = [];
  let scans = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const n = needles();
      for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        let argv: string;
        let env: string;
        try {
          argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
          env = readFileSync(`/proc/${pid}/environ`, 'latin1');
        } catch {
          continue;
        }
        const ours = env.split('\0').includes(`HOME=${home}`);
        for (const [label, value] of n) {
          const v = Buffer.from(value, 'utf8').toString('latin1');
          if (argv.includes(v))
            findings.push({
              where: `argv of pid ${pid}: ${argv.replaceAll('\0', ' ').slice(0, 200)}`,
              secret: label,
            });
          if (ours && env.includes(v))
            findings.push({ where: `environment of pid ${pid}`, secret: label });
        }
      }
      scans++;
      await sleep(20);
    }
  })();
  return {
    findings,
    get scans() {
      return scans;
    },
    async stop() {
      stop = true;
      await loop;
    },
  };
}

/** Files under dir (depth ≤ maxDepth) changed since `since` (ms), not under `skip`. */
function changedFiles(dir: string, since: number, skip: string, maxDepth: number): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      if (p === skip || p.startsWith(`${skip}/`)) continue;
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory() && depth < maxDepth) walk(p, depth + 1);
      else if (st.isFile() && st.mtimeMs >= since && st.size < 4 * 1024 * 1024) out.push(p);
    }
  };
  walk(dir, 0);
  return out;
}

function allFiles(dir: string): string[] {
  return changedFiles(dir, 0, '\0', 12);
}

describe('secrets audit', () => {
  it('secrets: password, cookies and pushed key never in argv, env of the client, output, logs or files', async (t) => {
    const { broker: fixture } = loadBroker();
    const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
    const PRESHARED = `feed${randomBytes(14).toString('hex')}`;
    const issued: string[] = [];
    const session = fixture?.x2goSession ?? null;
    const keyText = session ? readFileSync(session.privateKey, 'utf8') : '';
    // a distinctive slice of the key body (never a header line)
    const keyLines = keyText.split('\n').filter((l) => l && !l.startsWith('-----'));
    const KEY_NEEDLE = keyLines[1]?.slice(4, 44) ?? '';
    const needles = () => {
      const m = new Map<string, string>([
        ['password', PASSWORD],
        ['pre-shared cookie', PRESHARED],
      ]);
      issued.forEach((c, i) => m.set(`rotated cookie ${i}`, c));
      if (KEY_NEEDLE) m.set('pushed key', KEY_NEEDLE);
      return m;
    };

    const profile: Record<string, string> = {
      name: 'Audit xterm',
      host: session?.host ?? '127.0.0.1',
      sshport: String(session?.sshport ?? 22),
      user: session?.user ?? 'x2gotest',
      command: 'xterm',
      rootless: '1',
      sound: '0',
      soundtunnel: '0',
      print: '0',
      useexports: '0',
      fstunnel: '0',
    };
    const d = await startHttpDouble((req, res) => {
      const authid = req.params.get('authid') ?? '';
      const ok =
        req.params.get('password') === PASSWORD ||
        authid === PRESHARED ||
        (authid !== '' && issued.includes(authid));
      if (!ok) return send(res, '<html><body>401: Unauthorized</body></html>', 401, 'text/html');
      const cookie = `5ec2e7${randomBytes(13).toString('hex')}`;
      issued.push(cookie);
      if (req.task === 'selectsession')
        send(
          res,
          plainSelect(`${profile.host}:${profile.sshport}`, { authid: cookie, key: keyText }),
        );
      else send(res, plainList({ audit: profile }, cookie));
    });
    const home = privateHome(PASSWORD);
    const t0 = Date.now() - 1000;
    const watch = startProcWatch(needles, home.home);
    const outputs: Array<[string, string]> = [];
    const url = d.plainUrl.replace('://', '://test@');
    const pw = ['--broker-url', url, '--broker-password-file', home.passwordFile];
    try {
      const steps: Array<[string, string[], number]> = [
        ['list', ['list', ...pw], 0],
        ['list --json', ['list', ...pw, '--json'], 0],
        ['select', ['select', 'audit', ...pw], 0],
        ['select --json', ['select', 'audit', ...pw, '--json'], 0],
        ['launch --dry-run', ['launch', 'audit', ...pw, '--dry-run'], 0],
        [
          'launch --dry-run --json (pyhoca-cli)',
          ['launch', 'audit', ...pw, '--dry-run', '--json', '--client', 'pyhoca-cli'],
          0,
        ],
      ];
      for (const [name, args, code] of steps) {
        const r = await runHostileCli(args, home);
        outputs.push([name, r.stdout + r.stderr]);
        assert.equal(r.code, code, `${name}: ${r.stderr}`);
      }
      // cookie login: the pre-shared cookie in a 0600 file, rotated and written back
      const authFile = join(home.root, 'authid');
      writeFileSync(authFile, `${PRESHARED}\n`, { mode: 0o600 });
      const rc = await runHostileCli(
        ['list', '--broker-url', d.plainUrl, '--auth-id', authFile, '--auth-id-persist'],
        home,
      );
      outputs.push(['list --auth-id-persist', rc.stdout + rc.stderr]);
      assert.equal(rc.code, 0, rc.stderr);
      assert.equal(statSync(authFile).mode & 0o777, 0o600);
      // a refused password: the error text must not carry it
      const wrong = join(home.root, 'wrong');
      writeFileSync(wrong, `${PASSWORD}x\n`, { mode: 0o600 });
      const rw = await runHostileCli(
        ['list', '--broker-url', url, '--broker-password-file', wrong, '--json'],
        home,
      );
      outputs.push(['refused password', rw.stdout + rw.stderr]);
      assert.equal(rw.code, 3, rw.stderr);
      assert.ok(
        !(rw.stdout + rw.stderr).includes(`${PASSWORD}x`),
        'the refused password is echoed',
      );

      // a REAL launch with pyhoca-cli into the fixture's X2Go server
      const real = fixture && session?.x2goserver && which('pyhoca-cli') && which('Xvfb');
      if (!real) {
        const why =
          'real launch step skipped: needs BROKER_JSON with x2goSession/x2goserver, pyhoca-cli and Xvfb';
        if (process.env.CI === 'true') throw new Error(why);
        t.diagnostic(why);
      } else {
        await withSessionLock(fixture, () => realLaunch(fixture, home, pw, outputs));
      }
    } finally {
      await watch.stop();
      await d.close();
    }
    try {
      const found: Finding[] = [...watch.findings];
      const n = needles();
      for (const [name, text] of outputs)
        for (const [label, value] of n)
          if (text.includes(value)) found.push({ where: `output of ${name}`, secret: label });
      // every file of the run: HOME, TMPDIR, the cookie file; the password file is ours
      for (const f of allFiles(home.root)) {
        if (f === home.passwordFile || f === join(home.root, 'wrong')) continue;
        if (f.includes('/tsx-')) continue;
        const text = readFileSync(f, 'utf8');
        for (const [label, value] of n) {
          if (!text.includes(value)) continue;
          const intended = f === join(home.root, 'authid') && (statSync(f).mode & 0o777) === 0o600;
          if (!intended)
            found.push({
              where: `file ${f} (mode ${(statSync(f).mode & 0o777).toString(8)})`,
              secret: label,
            });
        }
      }
      // everything created or changed under /tmp meanwhile (other runs' files included: they
      // cannot hold these random values unless we leaked them)
      for (const f of changedFiles('/tmp', t0, home.root, 3)) {
        let text = '';
        try {
          text = readFileSync(f, 'latin1');
        } catch {
          continue;
        }
        for (const [label, value] of n)
          if (text.includes(Buffer.from(value).toString('latin1')))
            found.push({ where: `file ${f}`, secret: label });
      }
      t.diagnostic(
        `secrets audit: ${watch.scans} /proc scans, ${issued.length} cookies issued, ${outputs.length} CLI runs`,
      );
      assert.ok(watch.scans > 10, 'the /proc watcher did not run');
      assert.deepEqual(found, [], 'secrets leaked');
    } finally {
      home.remove();
    }
  });
});

async function realLaunch(
  fixture: BrokerFixture,
  home: PrivateHome,
  pw: string[],
  outputs: Array<[string, string]>,
): Promise<void> {
  const s = fixture.x2goSession!;
  const before = new Set(listServerSessions(fixture).map((x) => x.name));
  const xvfb = await startXvfb();
  let out = '';
  try {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'launch',
        'audit',
        ...pw,
        '--client',
        'pyhoca-cli',
        '--json',
        '--known-hosts',
        s.knownHosts,
      ],
      {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...home.env, DISPLAY: xvfb.display },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    for (let i = 0; i < 900 && !exited && !out.includes('"event":"ready"'); i++) await sleep(100);
    const ready = out.includes('"event":"ready"');
    if (!exited) child.kill('SIGTERM');
    for (let i = 0; i < 300 && !exited; i++) await sleep(100);
    if (!exited) child.kill('SIGKILL');
    outputs.push(['real launch (pyhoca-cli)', out]);
    assert.ok(ready, `the real session did not come up:\n${out.slice(-2000)}`);
  } finally {
    await xvfb.stop();
    for (const x of listServerSessions(fixture)) {
      if (before.has(x.name)) continue;
      serverCommand(fixture, `x2goterminate-session ${x.name}`);
      removeServerSessionDir(fixture, x.name);
    }
  }
}
