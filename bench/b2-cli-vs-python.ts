// B2 — the whole `x2go-launcher list --json` process against python-x2go listing the same
// broker and user (the shared peer's `main` instance, JSON endpoint, user+password), and a
// bare `node -e 0`, in alternating runs of one session; medians of wall time (spawn → exit)
// and of peak RSS (GNU time's maximum resident set size).
//   cli:    node bin/x2go-launcher.cjs (the esbuild bundle, built here first as `npm run build`
//           does), password on stdin;
//   python: python-x2go's own HTTP broker client (x2go.backends.profiles.httpbroker
//           X2GoSessionProfiles.broker_listprofiles, one request, as pyhoca-cli --list-profiles
//           uses it without pyhoca's session machinery), printing the profiles as JSON.
//           The constructor generates an RSA key pair for broker autologin; the "nokeygen"
//           variant skips that (faster, so the stricter baseline) and is the one compared.
// Targets: cli ≤ 0.25 × python, cli ≤ node + 100 ms, cli peak RSS ≤ python's.
// Run: BROKER_JSON=… npm run bench -- b2
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, recordResult, round } from './lib/results';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_B2_ROUNDS ?? 15);
const PYTHON = '/usr/bin/python3';

const PY_LIST = `import json, sys
import x2go.backends.profiles.httpbroker as httpbroker
if sys.argv[3] == 'nokeygen':
    httpbroker.genkeypair = lambda **kw: (None, None)
password = sys.stdin.readline().rstrip('\\n')
profiles = httpbroker.X2GoSessionProfiles(broker_url=sys.argv[1], broker_username=sys.argv[2], broker_password=password)
json.dump(profiles.broker_listprofiles(), sys.stdout)
sys.stdout.write('\\n')
`;

interface Run {
  ms: number;
  rssKb: number;
  /** user + system CPU time (ms): less sensitive than wall time to other load on the machine */
  cpuMs: number;
  stdout: string;
}

/** One process under GNU time; wall time measured here (spawn → exit). */
function timed(argv: string[], input: string, dir: string): Promise<Run> {
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, ...argv], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`));
      const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ');
      resolve({ ms, rssKb: Number(rss), cpuMs: (Number(user) + Number(sys)) * 1000, stdout });
    });
    child.stdin.end(input);
  });
}

async function main(): Promise<void> {
  const file = process.env.BROKER_JSON;
  if (!file) {
    console.log('skipped: BROKER_JSON is not set');
    recordResult('B2', { skipped: 'BROKER_JSON is not set' });
    return;
  }
  const broker = JSON.parse(readFileSync(file, 'utf8')) as {
    http: { main: { jsonUrl: string } };
    users: { user: string; password: string }[];
  };
  const url = broker.http.main.jsonUrl;
  const password = broker.users.find((u) => u.user === 'test')!.password;
  execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs'), 'cli'], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'x2go-bench-b2-'));
  try {
    writeFileSync(join(dir, 'list.py'), PY_LIST);
    const commands = {
      node: [process.execPath, '-e', '0'],
      cli: [
        process.execPath,
        join(REPO, 'bin/x2go-launcher.cjs'),
        'list',
        '--broker-url',
        url,
        '--broker-user',
        'test',
        '--broker-password-stdin',
        '--json',
      ],
      python: [PYTHON, join(dir, 'list.py'), url, 'test', 'keygen'],
      pythonNoKeygen: [PYTHON, join(dir, 'list.py'), url, 'test', 'nokeygen'],
    } as const;
    type Name = keyof typeof commands;
    const runs: Record<Name, Run[]> = { node: [], cli: [], python: [], pythonNoKeygen: [] };
    // warm-up (page cache, the broker's first request), and the outputs agree
    const cliIds = (
      JSON.parse((await timed([...commands.cli], `${password}\n`, dir)).stdout) as { id: string }[]
    )
      .map((p) => p.id)
      .sort();
    const pyIds = Object.keys(
      JSON.parse(
        (await timed([...commands.pythonNoKeygen], `${password}\n`, dir)).stdout,
      ) as object,
    ).sort();
    if (JSON.stringify(cliIds) !== JSON.stringify(pyIds))
      throw new Error(
        `the CLI and python-x2go list different profiles: ${cliIds.join(',')} / ${pyIds.join(',')}`,
      );
    for (let r = 0; r < ROUNDS; r++)
      for (const name of Object.keys(commands) as Name[])
        runs[name].push(await timed([...commands[name]], `${password}\n`, dir));
    const ms = (n: Name) => median(runs[n].map((x) => x.ms));
    const rss = (n: Name) => median(runs[n].map((x) => x.rssKb)) / 1024;
    const cpu = (n: Name) => median(runs[n].map((x) => x.cpuMs));
    const pythonMs = Math.min(ms('python'), ms('pythonNoKeygen'));
    const pythonRssMb = rss('pythonNoKeygen');
    const section = {
      ratio: round(ms('cli') / pythonMs, 3),
      cliMs: round(ms('cli')),
      nodeMs: round(ms('node')),
      pythonMs: round(pythonMs),
      cliMinusNodeMs: round(ms('cli') - ms('node')),
      pythonAsShippedMs: round(ms('python')),
      pythonNoKeygenMs: round(ms('pythonNoKeygen')),
      cliPeakRssMb: round(rss('cli')),
      nodePeakRssMb: round(rss('node')),
      pythonPeakRssMb: round(pythonRssMb),
      pythonAsShippedPeakRssMb: round(rss('python')),
      cliCpuMs: round(cpu('cli')),
      nodeCpuMs: round(cpu('node')),
      pythonCpuMs: round(Math.min(cpu('python'), cpu('pythonNoKeygen'))),
      cpuRatio: round(cpu('cli') / Math.min(cpu('python'), cpu('pythonNoKeygen')), 3),
      profiles: cliIds.length,
      rounds: ROUNDS,
      broker: url,
    };
    for (const n of Object.keys(commands) as Name[])
      console.log(
        `${n.padEnd(15)} ${ms(n).toFixed(1).padStart(7)} ms wall ${cpu(n).toFixed(0).padStart(6)} ms CPU ${rss(n).toFixed(1).padStart(6)} MB peak`,
      );
    console.log(
      `cli ÷ python ${section.ratio} (target ≤ 0.25)  cli − node ${section.cliMinusNodeMs} ms (target ≤ 100)  cli RSS ${section.cliPeakRssMb} MB vs python ${section.pythonPeakRssMb} MB (target ≤)`,
    );
    recordResult('B2', section);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
