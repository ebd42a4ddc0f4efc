// How long the app's main bundle takes to load: `require('out/main/index.cjs')` (the loader,
// then app.cjs) in a fresh Node process with the recording electron stub of the tests, until
// the window is created after `ready`. Fresh build (as `npm run build`), one process per
// round, medians. Plain Node 20 has no compile cache, so this is the uncached figure;
// Electron ≥ 33 (Node 22) reuses compiled code from the second start on (src/main/boot.ts).
// Target: load ≤ 150 ms. Run: npm run bench -- main-load
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, recordResult, round } from './lib/results';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_MAIN_ROUNDS ?? 15);

const PROBE = `require(process.env.STUB);
const electron = require('electron');
const t1 = performance.now();
const c1 = process.cpuUsage();
require(process.env.MAIN);
const t2 = performance.now();
const c2 = process.cpuUsage(c1);
electron.__stub.emitReady();
const state = electron.__stub.state;
(function wait() {
  if (!state.windows.length) return setTimeout(wait, 1);
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ loadMs: t2 - t1, loadCpuMs: (c2.user + c2.system) / 1000, windowMs: t3 - t1, sinceStartMs: t3 }));
  process.exit(0);
})();
`;

const dir = mkdtempSync(join(tmpdir(), 'x2go-bench-main-'));
try {
  execFileSync(
    process.execPath,
    [join(REPO, 'scripts/build.mjs'), 'main', `--outdir=${join(dir, 'out')}`],
    {
      stdio: 'ignore',
    },
  );
  writeFileSync(join(dir, 'probe.cjs'), PROBE);
  const samples: { loadMs: number; loadCpuMs: number; windowMs: number; sinceStartMs: number }[] =
    [];
  const bare: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const run = spawnSync(
      process.execPath,
      [
        join(dir, 'probe.cjs'),
        `--profile-dir=${join(dir, 'profile')}`,
        `--managed-config=${join(dir, 'none.json')}`,
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          STUB: join(REPO, 'test/stubs/register-electron-stub.cjs'),
          MAIN: join(dir, 'out/main/index.cjs'),
          X2GO_STUB_APP_PATH: dir,
          X2GO_STUB_USERDATA: join(dir, 'profile'),
        },
      },
    );
    if (run.status !== 0) throw new Error(`probe failed: ${run.stderr}`);
    // the probe's figures are its last line; main may log before it (e.g. "[main] deep links: …")
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    samples.push(JSON.parse(last) as (typeof samples)[number]);
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t0);
  }
  const m = (k: keyof (typeof samples)[number]) => median(samples.map((s) => s[k]));
  const section = {
    loadMs: round(m('loadMs')),
    // CPU time of the require (user + system): what the wall time would be on an idle machine
    loadCpuMs: round(m('loadCpuMs')),
    windowCreatedMs: round(m('windowMs')),
    processStartToWindowMs: round(m('sinceStartMs')),
    bareNodeProcessMs: round(median(bare)),
    rounds: ROUNDS,
    compileCache:
      typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function'
        ? 'available (used from the second start on; these are first starts)'
        : 'not available on this Node (Node ≥ 22.1 / Electron ≥ 33 only)',
  };
  console.log(
    `require(index.cjs) ${section.loadMs} ms (target ≤ 150)  window created ${section.windowCreatedMs} ms after  process start → window ${section.processStartToWindowMs} ms`,
  );
  recordResult('mainLoad', section);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
