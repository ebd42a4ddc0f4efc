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
  hostileArgs,
  hostileBrokerOrSkip,
  privateHome,
  type PrivateHome,
} from '../helpers/hostile-env';
import { startXvfb, toolsOrSkip } from '../helpers/x2go-env';

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
  ['local-program: every local resource + direct RDP', 'grab-everything', ['grab-everything']],
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
          [BIN, 'launch', profile, ...hostileArgs(b, home), '--client', 'x2goclient'],
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
