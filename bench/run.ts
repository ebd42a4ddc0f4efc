// Runs every benchmark under bench/ (or those whose file name contains an argument), each in
// its own Node process with --expose-gc, and prints their lines. Each benchmark measures its
// own baseline in the same run, so the figures compare like with like on this machine.
// The B1–B4 benchmarks also record their figures; this script merges them into
// bench/results.json and bench/RESULTS.md with the machine, date and commit (a run with
// filters updates only the sections it ran). No figure is a pass/fail assertion.
// Run: npm run bench [-- b1 b2 renderer]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderResults, type Results } from './lib/report';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const resultsDir = mkdtempSync(join(tmpdir(), 'x2go-bench-results-'));
const loadBefore = loadavg();
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, f)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`(${f} exited with ${r.status ?? r.signal})`);
  }
}

const sections: Record<string, unknown> = {};
for (const f of readdirSync(resultsDir).sort())
  sections[f.replace(/\.json$/, '')] = {
    ...(JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as object),
    // sections of separate runs can be merged: each says when and under what load
    measuredAt: new Date().toISOString(),
    loadAverageAfter: loadavg().map((x) => +x.toFixed(2)),
  };
rmSync(resultsDir, { recursive: true, force: true });
if (Object.keys(sections).length) {
  const jsonFile = join(here, 'results.json');
  const previous = existsSync(jsonFile)
    ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as Results)
    : null;
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const chromium = (() => {
    try {
      return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'not installed';
    }
  })();
  const results: Results = {
    ...previous,
    ...sections,
    run: {
      date: new Date().toISOString(),
      commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' (+ uncommitted changes)' : ''}`,
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}`,
      node: process.version,
      chromium,
      loadAverage: {
        before: loadBefore.map((x) => +x.toFixed(2)),
        after: loadavg().map((x) => +x.toFixed(2)),
      },
      sectionsThisRun: Object.keys(sections),
    },
  };
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(here, 'RESULTS.md'), renderResults(results));
  console.log(
    `\nwrote bench/results.json and bench/RESULTS.md (${Object.keys(sections).join(', ')})`,
  );
}
process.exitCode = failed ? 1 : 0;
