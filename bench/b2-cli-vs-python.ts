// B2 — the whole `x2go-launcher list --json` process against python-x2go listing the same
// broker and user (the shared peer's `main` instance, JSON endpoint, user+password), and a
// bare `node -e 0`, in alternating runs of one session; medians of wall time (spawn → exit)
// and of peak RSS (GNU time's maximum resident set size).
//   cli:    node bin/x2go-launcher.cjs (the esbuild bundle, built here first as `npm run build`
//           does), password on stdin, from a copy laid out as `npm install -g` of the
//           `npm pack` tarball installs it (bin/ and out/cli/, no sources: in a clone the bin
//           also checks that the bundle is newer than every file of src/core, a developer's
//           convenience of 90 stat calls that no installed CLI makes);
//   python: python-x2go's own HTTP broker client (x2go.backends.profiles.httpbroker
//           X2GoSessionProfiles.broker_listprofiles, one request, as pyhoca-cli --list-profiles
//           uses it without pyhoca's session machinery), printing the profiles as JSON.
//           The constructor generates an RSA key pair for broker autologin; the "nokeygen"
//           variant skips that (faster, so the stricter baseline) and is the one compared.
//   cliNoCache: the CLI with X2GO_LAUNCHER_CODE_CACHE=off (its first run on a machine: V8
//           compiles the whole bundle; later runs load the per-user code cache, loader.ts);
//   broker: the broker's own reply time, which both processes pay: the same one POST
//           (task=listsessions, user, password) from this process with node:http on a fresh
//           connection, timed from request to the reply's last byte, in the same rounds.
// Targets: cli ≤ 0.25 × python, cli ≤ node + 100 ms, cli peak RSS ≤ python's.
// Run: BROKER_JSON=… npm run bench -- b2
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { encodeForm } from '../src/core/transport/http';
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

/** The broker's reply time for one listing (ms): POST → last byte, on a new connection. */
function brokerReply(url: string, body: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) reject(new Error(`the broker answered ${res.statusCode}`));
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One process under GNU time; wall time measured here (spawn → exit). */
function timed(
  argv: string[],
  input: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, ...argv], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', ...env },
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
    const installed = join(dir, 'installed');
    cpSync(join(REPO, 'bin'), join(installed, 'bin'), { recursive: true });
    cpSync(join(REPO, 'out/cli'), join(installed, 'out/cli'), { recursive: true });
    const cli = [
      process.execPath,
      join(installed, 'bin/x2go-launcher.cjs'),
      'list',
      '--broker-url',
      url,
      '--broker-user',
      'test',
      '--broker-password-stdin',
      '--json',
    ];
    const commands = {
      node: [process.execPath, '-e', '0'],
      cli,
      python: [PYTHON, join(dir, 'list.py'), url, 'test', 'keygen'],
      pythonNoKeygen: [PYTHON, join(dir, 'list.py'), url, 'test', 'nokeygen'],
      cliNoCache: cli,
    };
    const envOf: Partial<Record<Name, Record<string, string>>> = {
      cliNoCache: { X2GO_LAUNCHER_CODE_CACHE: 'off' },
    };
    type Name = keyof typeof commands;
    const runs: Record<Name, Run[]> = {
      node: [],
      cli: [],
      python: [],
      pythonNoKeygen: [],
      cliNoCache: [],
    };
    const brokerMs: number[] = [];
    const listBody = encodeForm({ task: 'listsessions', user: 'test', password });
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
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of Object.keys(commands) as Name[])
        runs[name].push(await timed([...commands[name]], `${password}\n`, dir, envOf[name]));
      brokerMs.push(await brokerReply(url, listBody));
    }
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
      // the broker's own reply time, in both processes' figures
      brokerMs: round(median(brokerMs)),
      cliMinusNodeMinusBrokerMs: round(ms('cli') - ms('node') - median(brokerMs)),
      ratioWithoutBroker: round((ms('cli') - median(brokerMs)) / (pythonMs - median(brokerMs)), 3),
      // the first run for a user (no code cache yet): V8 compiles the whole bundle
      cliNoCacheMs: round(ms('cliNoCache')),
      cliNoCacheMinusNodeMs: round(ms('cliNoCache') - ms('node')),
      cliNoCachePeakRssMb: round(rss('cliNoCache')),
      pythonAsShippedMs: round(ms('python')),
      pythonNoKeygenMs: round(ms('pythonNoKeygen')),
      cliPeakRssMb: round(rss('cli')),
      nodePeakRssMb: round(rss('node')),
      pythonPeakRssMb: round(pythonRssMb),
      pythonAsShippedPeakRssMb: round(rss('python')),
      cliCpuMs: round(cpu('cli')),
      cliNoCacheCpuMs: round(cpu('cliNoCache')),
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
    console.log(`broker          ${median(brokerMs).toFixed(1).padStart(7)} ms reply`);
    console.log(
      `cli ÷ python ${section.ratio} (target ≤ 0.25)  cli − node ${section.cliMinusNodeMs} ms (target ≤ 100)  cli RSS ${section.cliPeakRssMb} MB vs python ${section.pythonPeakRssMb} MB (target ≤)`,
    );
    recordResult('B2', section);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
