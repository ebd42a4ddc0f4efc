// How much our defensive broker-reply parsing costs, against baselines measured in the same
// run on the same bytes:
//   plain: plainDialect.parse   vs  a bare line-split `key=value` loop (no checks at all)
//   json:  jsonDialect.parse    vs  V8's native JSON.parse alone
//   normalise (icons decoded and sniffed, types, folders) vs the plain parse it follows
// and the memory the normalised profiles hold against the size of the reply text.
// Targets (a 10,000-profile reply of ~40 keys each, ~10 MB — far beyond any real broker):
// plain ≤ 3× the bare split, json ≤ 4× JSON.parse, normalise ≤ 2× the plain parse,
// heap ≤ 4× the reply size.
// Run: npm run bench -- parse   (or node --import tsx bench/parse-profiles.ts [profiles])
import { performance } from 'node:perf_hooks';
import { jsonDialect } from '../src/core/broker/json';
import { plainDialect } from '../src/core/broker/plain';
import { normaliseProfiles } from '../src/core/broker/profile';

const count = Number(process.argv[2] ?? 10_000);
const ICON = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
).toString('base64');

function fieldsOf(i: number): Record<string, string | number | boolean | string[]> {
  const f: Record<string, string | number | boolean | string[]> = {
    name: `Pool ${i % 50}/Group ${i % 7}/Session ${i} – Büro`,
    host: [`ts${i}a.example.test`, `ts${i}b.example.test`],
    command: i % 3 ? 'XFCE' : 'xterm',
    user: 'alice',
    rootless: i % 3 === 0,
    sshport: 22,
    icon: ICON,
    applications: ['TERMINAL', 'WWWBROWSER', 'MAILCLIENT', 'OFFICE'],
  };
  for (let k = 0; k < 32; k++) f[`key${k}`] = `value ${k} of ${i}`;
  return f;
}

const plainLines = [
  'AUTHID:0d4f8a3e-5c8b-4a55-9f0e-1b2c3d4e5f60',
  'Access granted',
  'START_USER_SESSIONS',
  '',
];
const jsonProfiles: Record<string, unknown> = {};
for (let i = 0; i < count; i++) {
  const f = fieldsOf(i);
  jsonProfiles[`profile-${i}`] = f;
  plainLines.push(`[profile-${i}]`);
  for (const [k, v] of Object.entries(f)) {
    plainLines.push(
      `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? Number(v) : v}`,
    );
  }
  plainLines.push('');
}
plainLines.push('END_USER_SESSIONS', '');
const plainBody = plainLines.join('\n');
const jsonBody = JSON.stringify(
  {
    'auth-status': 'Access granted',
    'next-authid': 'x',
    profiles: jsonProfiles,
    task: 'listprofiles',
  },
  null,
  4,
);
const limit = 64 * 1024 * 1024;

function bareSplit(body: string): number {
  let n = 0;
  let current: Record<string, string> | null = null;
  const out: Record<string, string>[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('[')) out.push((current = {}));
    else if (current) {
      const eq = line.indexOf('=');
      if (eq > 0) current[line.slice(0, eq)] = line.slice(eq + 1);
    }
    n++;
  }
  return n + out.length;
}

function median(fn: () => unknown, runs = 7): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const plainReply = { body: plainBody, contentType: 'text/plain; charset=utf-8' };
const jsonReply = { body: jsonBody, contentType: 'text/json; charset=utf-8' };
const parsed = plainDialect.parse('listsessions', plainReply, limit).profiles ?? [];
const ours = {
  plain: median(() => plainDialect.parse('listsessions', plainReply, limit)),
  json: median(() => jsonDialect.parse('listsessions', jsonReply, limit)),
  normalise: median(() => normaliseProfiles(parsed)),
};
const base = {
  plain: median(() => bareSplit(plainBody)),
  json: median(() => JSON.parse(jsonBody)),
};

function heapHeld(make: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  if (!kept) throw new Error('unreachable');
  return after - before;
}
const held = heapHeld(() =>
  normaliseProfiles(plainDialect.parse('listsessions', plainReply, limit).profiles ?? []),
);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const row = (label: string, a: number, b: number, target: number) =>
  `${label.padEnd(34)} ours ${a.toFixed(1).padStart(7)} ms  baseline ${b.toFixed(1).padStart(7)} ms  ratio ${(a / b).toFixed(2)}× (target ≤ ${target}×) ${a / b <= target ? 'OK' : 'OVER'}`;
console.log(
  `${count} profiles: plain reply ${mb(plainBody.length)}, JSON reply ${mb(jsonBody.length)}`,
);
console.log(row('plain parse vs bare split', ours.plain, base.plain, 3));
console.log(row('json parse vs JSON.parse', ours.json, base.json, 4));
console.log(row('normalise vs plain parse', ours.normalise, ours.plain, 2));
const heapRatio = held / plainBody.length;
console.log(
  `${'heap held by normalised profiles'.padEnd(34)} ${mb(held)} = ${heapRatio.toFixed(2)}× the plain reply (target ≤ 4×) ${heapRatio <= 4 ? 'OK' : 'OVER'}${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a stable figure)'}`,
);
