// THE proof for the remote code execution of issue 8: hostile direct-RDP / direct-XDMCP
// profiles from the REAL hostile x2gobroker, launched for real (`x2go-launcher launch`, no
// --dry-run) with the REAL x2goclient 4.1.2.2 under Xvfb. The profile asks x2goclient to run
// `/bin/sh -c "touch MARKER"`; the marker file must stay absent. Every process of the run
// (found by the private HOME in its environment) is ended afterwards.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, REPO } from '../helpers/run-cli';
import {
  clearMarkers,
  fixtureKnownHosts,
  hostileArgs,
  hostileBrokerOrSkip,
  privateHome,
  type PrivateHome,
} from '../helpers/hostile-env';
import { brokerOrSkip } from '../helpers/broker-env';
import { skipOrFail } from '../helpers/skip';
import { plainBroker, plainSelect, startHttpDouble } from '../helpers/hostile-double';
import {
  listServerSessions,
  removeServerSessionDir,
  serverCommand,
  startXvfb,
  toolsOrSkip,
  withSessionLock,
} from '../helpers/x2go-env';

/** PIDs of processes whose environment holds HOME=<home> (this run's own processes). */
export function processesOfHome(home: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
      if (env.includes(`HOME=${home}`)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function endProcessesOf(home: PrivateHome): Promise<void> {
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const pids = processesOfHome(home.home);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
    await sleep(1500);
  }
}

const CASES: Array<[string, string, string[]]> = [
  [
    'local-program: direct RDP (rdpclient=/bin/sh) with a pushed key',
    'rce-directrdp',
    ['rce-directrdp'],
  ],
  [
    'local-program: direct XDMCP (xdmcpclient=/bin/sh) with a pushed key',
    'rce-directxdmcp',
    ['rce-directxdmcp'],
  ],
  [
    'local-program: direct RDP without a pushed key',
    'rce-directrdp-nokey',
    ['rce-directrdp-nokey'],
  ],
  [
    'local-program: every local resource + direct RDP, pushed key',
    'grab-everything',
    ['grab-everything'],
  ],
];

describe('hostile broker + REAL x2goclient under Xvfb: no local program runs', () => {
  for (const [name, profile, markers] of CASES)
    it(`${name} [real x2goclient launch]`, async (t) => {
      if (!toolsOrSkip(t, ['x2goclient', 'Xvfb'])) return;
      const b = hostileBrokerOrSkip(t);
      if (!b) return;
      clearMarkers(b.markerDir, markers);
      const xvfb = await startXvfb();
      const home = privateHome(b.password);
      let out = '';
      try {
        const child = spawn(
          process.execPath,
          [
            BIN,
            'launch',
            profile,
            ...hostileArgs(b, home),
            '--client',
            'x2goclient',
            ...fixtureKnownHosts(),
          ],
          {
            cwd: REPO,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...home.env, DISPLAY: xvfb.display },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        let exited = false;
        child.once('exit', () => (exited = true));
        // x2goclient starts the direct client within a few seconds of its start
        for (let i = 0; i < 200 && !exited; i++) {
          if (markers.some((m) => existsSync(join(b.markerDir, m)))) break;
          await sleep(100);
        }
        if (!exited) await sleep(2000);
        const present = markers.filter((m) => existsSync(join(b.markerDir, m)));
        assert.deepEqual(
          present,
          [],
          `x2goclient ran the broker's program (marker created)\nlauncher output:\n${out.slice(-1500)}`,
        );
      } finally {
        await endProcessesOf(home);
        clearMarkers(b.markerDir, markers);
        home.remove();
        await xvfb.stop();
      }
    });
});

// pyhoca-cli (python-x2go) answers "yes" to an unknown host key by default: the launcher must
// verify the X2Go server's key itself and refuse an unknown one (exit 4) unless
// --add-to-known-hosts. The double sends SERVER: = the fixture's real sshd + x2goserver and
// pushes the fixture's authorized key, so today pyhoca-cli logs in and a session starts. The
// private HOME knows no host key, and no --known-hosts is given.
describe('hostile broker + REAL pyhoca-cli: unknown X2Go server host key', () => {
  it('host-key: pyhoca-cli real launch to an unknown server key is refused (exit 4), no session starts', async (t) => {
    if (!toolsOrSkip(t, ['pyhoca-cli', 'Xvfb'])) return;
    const fixture = brokerOrSkip(t, 'x2goSession');
    if (!fixture) return;
    const s = fixture.x2goSession;
    if (!s.x2goserver) return void skipOrFail(t, 'the fixture has no x2goserver');
    const d = await startHttpDouble(
      plainBroker(
        {
          p: {
            name: 'p',
            host: s.host,
            sshport: String(s.sshport),
            user: s.user,
            command: 'xterm',
            rootless: '1',
            sound: '0',
            print: '0',
            useexports: '0',
            fstunnel: '0',
          },
        },
        plainSelect(`${s.host}:${s.sshport}`, { key: readFileSync(s.privateKey, 'utf8') }),
      ),
    );
    const home = privateHome('x');
    const xvfb = await startXvfb();
    try {
      await withSessionLock(fixture, async () => {
        const before = new Set(listServerSessions(fixture).map((x) => x.name));
        let out = '';
        const child = spawn(
          process.execPath,
          [
            BIN,
            'launch',
            'p',
            '--broker-url',
            d.plainUrl,
            '--broker-noauth',
            '--client',
            'pyhoca-cli',
            '--json',
          ],
          {
            cwd: REPO,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...home.env, DISPLAY: xvfb.display },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        child.stdout.on('data', (b: Buffer) => (out += b.toString()));
        child.stderr.on('data', (b: Buffer) => (out += b.toString()));
        let code: number | null = null;
        let exited = false;
        child.once('exit', (c) => {
          exited = true;
          code = c;
        });
        for (let i = 0; i < 600 && !exited && !out.includes('"event":"ready"'); i++)
          await sleep(100);
        const fresh = () => listServerSessions(fixture).filter((x) => !before.has(x.name));
        const started = fresh();
        try {
          assert.deepEqual(
            started.map((x) => x.name),
            [],
            `a session started on an unverified host key:\n${out.slice(-1500)}`,
          );
          assert.ok(exited, `the launcher is still running:\n${out.slice(-1500)}`);
          assert.equal(code, 4, out.slice(-1500));
        } finally {
          if (!exited) child.kill('SIGTERM');
          for (let i = 0; i < 200 && !exited; i++) await sleep(100);
          await endProcessesOf(home);
          for (const x of fresh()) {
            serverCommand(fixture, `x2goterminate-session ${x.name}`);
            removeServerSessionDir(fixture, x.name);
          }
        }
      });
    } finally {
      await xvfb.stop();
      home.remove();
      await d.close();
    }
  });
});
