// Work and memory on hostile broker replies (issue 8 point 5), each against a benign input
// of the same size measured in the same run: the ratio shows that no scan is superlinear
// (a quadratic one is ~1000× at these sizes). Target: every ratio ≤ 10×, and a refused JSON
// reply holds ≤ 1× its own size in heap while being checked.
//   html   stripHtml on 1.2 MB of `<body>` (32 s with the former regex), of `<`, of `<script>`
//   json   jsonDialect.parse on 8 MB of `[{},…]` (refused by the pre-scan) — time, and heap
//          held versus what JSON.parse alone would have built
//   qt     decodeQtIniValue on 1 MB of `"`, of `\\`, of `,` (refused: > 4096 items)
//   stderr interpretResult on 64 KB of `FileNotFoundError: ` (SSH broker stderr cap)
// Run: npm run bench -- hostile   (or node --expose-gc --import tsx bench/hostile-inputs.ts)
import { performance } from 'node:perf_hooks';
import { jsonDialect } from '../src/core/broker/json';
import { decodeQtIniValue } from '../src/core/broker/qt-ini-value';
import { stripHtml } from '../src/core/transport/http';
import { interpretResult } from '../src/core/transport/ssh-command';

function median(fn: () => unknown, runs = 5): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const sized = (unit: string, chars: number): string =>
  unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
let over = 0;
function row(label: string, hostile: () => unknown, benign: () => unknown, target = 10): void {
  const a = median(hostile);
  const b = Math.max(median(benign), 0.01);
  const ok = a / b <= target;
  if (!ok) over++;
  console.log(
    `${label.padEnd(44)} hostile ${a.toFixed(2).padStart(8)} ms  benign ${b.toFixed(2).padStart(8)} ms  ratio ${(a / b).toFixed(2)}× (target ≤ ${target}×) ${ok ? 'OK' : 'OVER'}`,
  );
}
const swallow = (fn: () => unknown) => () => {
  try {
    return fn();
  } catch (e) {
    return e;
  }
};

// ---- HTML error pages ---------------------------------------------------------------------
const HTML_SIZE = 1_200_000;
// benign: a page of the same size that is markup all the way (a table layout around the
// message), so the scan visits every tag as in the hostile cases
const benignHtml = `<html><body>${sized('<tr><td class="c"></td></tr>\n', HTML_SIZE - 60)}500: Internal Server Error</body></html>`;
row(
  'html: <body>×200k vs a benign page',
  () => stripHtml(sized('<body>', HTML_SIZE)),
  () => stripHtml(benignHtml),
);
row(
  'html: "<"×1.2M vs a benign page',
  () => stripHtml(sized('<', HTML_SIZE)),
  () => stripHtml(benignHtml),
);
row(
  'html: <script>×150k vs a benign page',
  () => stripHtml(`x${sized('<script>', HTML_SIZE)}`),
  () => stripHtml(benignHtml),
);
// the former pattern, on a tenth of the size only (it is quadratic: the full size takes ~30 s)
const tenth = sized('<body>', HTML_SIZE / 10);
const former = median(() => /<body[^>]*>([\s\S]*?)<\/body>/i.exec(tenth), 1);
console.log(
  `${'html: former regex on 120 KB of <body> (info)'.padEnd(44)} ${former.toFixed(0)} ms — now ${median(() => stripHtml(tenth)).toFixed(2)} ms`,
);

// ---- JSON replies ---------------------------------------------------------------------------
const JSON_SIZE = 8 * 1024 * 1024 - 64;
const hostileJson = `{"auth-status":"Access granted","profiles":{"a":{"x":[${'{},'.repeat(Math.floor((JSON_SIZE - 80) / 3))}{}]}}}`;
const profile = (i: number) => ({
  name: `Pool/Session ${i} – Büro`,
  host: [`ts${i}.example.test`],
  command: 'XFCE',
  user: 'alice',
  sshport: 22,
  rootless: false,
  applications: ['TERMINAL', 'WWWBROWSER'],
  pack: '16m-jpeg',
  quality: 9,
  export: '',
  icon: 'iVBORw0KGgo='.repeat(8),
});
const perProfile = JSON.stringify({ 'profile-99999': profile(99999) }).length;
const benignProfiles: Record<string, unknown> = {};
for (let i = 0; i < Math.floor((JSON_SIZE - 100) / perProfile); i++)
  benignProfiles[`profile-${i}`] = profile(i);
const benignJson = JSON.stringify({
  'auth-status': 'Access granted',
  'next-authid': 'x',
  profiles: benignProfiles,
});
const reply = (body: string) => ({ body, contentType: 'text/json' });
row(
  `json: [{},…] ${(hostileJson.length / 1048576).toFixed(1)} MB (refused) vs benign ${(benignJson.length / 1048576).toFixed(1)} MB`,
  swallow(() => jsonDialect.parse('listsessions', reply(hostileJson))),
  () => jsonDialect.parse('listsessions', reply(benignJson)),
);

function heapPeak(fn: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = fn();
  const peak = process.memoryUsage().heapUsed - before; // what fn built and still holds
  if (kept === undefined) throw new Error('unreachable');
  return peak;
}
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const refusedHeap = heapPeak(swallow(() => jsonDialect.parse('listsessions', reply(hostileJson))));
const wouldBuild = heapPeak(swallow(() => JSON.parse(hostileJson) as unknown));
const ratio = refusedHeap / hostileJson.length;
if (ratio > 1) over++;
console.log(
  `${'json: heap held after refusing [{},…]'.padEnd(44)} ${mb(refusedHeap)} = ${ratio.toFixed(2)}× the reply (target ≤ 1×) ${ratio <= 1 ? 'OK' : 'OVER'}; JSON.parse alone would build ${mb(wouldBuild)} (${(wouldBuild / hostileJson.length).toFixed(1)}×)${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a stable figure)'}`,
);

// ---- Qt INI values --------------------------------------------------------------------------
const QT_SIZE = 1_000_000;
const benignQt = sized('/home/alice/Documents:1;', QT_SIZE);
row(
  'qt: "×1M vs a benign value',
  () => decodeQtIniValue(sized('"', QT_SIZE)),
  () => decodeQtIniValue(benignQt),
);
row(
  'qt: \\\\×500k vs a benign value',
  () => decodeQtIniValue(sized('\\\\', QT_SIZE)),
  () => decodeQtIniValue(benignQt),
);
row(
  'qt: ,×1M (refused) vs a benign value',
  () => decodeQtIniValue(sized(',', QT_SIZE)),
  () => decodeQtIniValue(benignQt),
);

// ---- SSH broker stderr ---------------------------------------------------------------------
const ERR_SIZE = 64 * 1024;
const result = (stderr: string) => ({
  stdout: Buffer.alloc(0),
  stderr: Buffer.from(stderr),
  code: 1,
  signal: null,
});
const hostileErr = `Traceback (most recent call last):\n${sized('FileNotFoundError: ', ERR_SIZE)}`;
const benignErr = `Traceback (most recent call last):\n${sized('  File "/usr/lib/python3/x2gobroker.py", line 1\n', ERR_SIZE)}`;
row(
  'stderr: FileNotFoundError: ×3.4k vs a traceback',
  swallow(() => interpretResult(result(hostileErr), 'M', 'h')),
  swallow(() => interpretResult(result(benignErr), 'M', 'h')),
);

if (over) console.log(`${over} figure(s) over target`);
