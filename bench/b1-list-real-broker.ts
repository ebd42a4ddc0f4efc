// B1 — listing 1,000 and 10,000 profiles with ~4 KB icons, served by the REAL x2gobroker
// (a private x2gobroker-daemon with a generated profiles file, bench/lib/bench-broker.ts).
//   ours: BrokerSession.listProfiles, as the app and the CLI call it: HttpTransport (node:http,
//         keep-alive agent, size cap) → dialect parse (plain or JSON) → normaliseProfiles
//         (icons decoded, sniffed and sanitised, folders, types);
//   raw:  node:http POSTing the identical form body on a keep-alive connection and reading
//         the reply bytes (no decoding).
// Interleaved rounds, medians; ratio = ours ÷ raw (target ≤ 1.1). The broker's own work is in
// both. A session refuses replies over 8 MiB by default (a bound on hostile brokers):
// 10,000 profiles with 4 KB icons are ~45 MB, so this benchmark raises the session's
// documented `maxReplyBytes` option (transport and parser).
// x2gobroker's listing is quadratic in the number of profiles: its inifile backend reads each
// profile section (X2GoBrokerConfigFile.get_section, config.py) ~7 times per listing, and
// every read tests each of the section's ~50 options (its own plus the 45 built-in
// [DEFAULT] ones) against a fresh list of ALL section names (`option not in sections()`).
// Measured with cProfile on the bench machine: 1,000 profiles 7.4 s of CPU, 2,000 24 s,
// sections() called 678,000 times for 2,000; 10,000 take the broker many minutes per
// request. No configuration of the package avoids it (the defaults are built in; the only
// other backend it ships, zeroconf, serves local profiles only) and the broker must not be
// patched, so 10,000 is a separate long run: BENCH_B1_SIZES=10000 npm run bench -- b1
// (one round, no warm-up: the reply takes minutes, page-cache warmth is noise). A run that
// does not measure a size carries that size's last figures over from bench/results.json,
// marked with their date and duration.
// Run: npm run bench -- b1   (root; BENCH_BROKER_PORT, default 18390 and 18391;
//   BENCH_B1_SIZES, default 1000; BENCH_B1_TIMEOUT_S per request, default 900, 10,000: 3600)
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { BrokerSession } from '../src/core/broker/session';
import { encodeForm } from '../src/core/transport/http';
import type { BrokerRequest } from '../src/core/transport/types';
import { benchBrokerUnavailable, noisePng, startBenchBroker } from './lib/bench-broker';
import { median, recordResult, round } from './lib/results';

const ALL_SIZES = [1_000, 10_000];
const SIZES = (process.env.BENCH_B1_SIZES ?? '1000').split(',').map(Number);
const ROUNDS = {
  1_000: Number(process.env.BENCH_B1_ROUNDS_1000 ?? 4),
  10_000: Number(process.env.BENCH_B1_ROUNDS_10000 ?? 1),
} as Record<number, number>;
/** Sizes whose replies take minutes: no warm-up request (it would double the run). */
const NO_WARM_UP = new Set([10_000]);
const TIMEOUT_S = (count: number) =>
  Number(process.env.BENCH_B1_TIMEOUT_S ?? (NO_WARM_UP.has(count) ? 3600 : 900));
// 10,000: the plain dialect only (x2goclient's, the headline figure), for the broker's time;
// the figures are recorded after each size
const DIALECTS = { 1_000: ['plain', 'json'], 10_000: ['plain'] } as Record<
  number,
  ('plain' | 'json')[]
>;
const PORT = Number(process.env.BENCH_BROKER_PORT ?? 18390);
const LIMIT = 256 * 1024 * 1024;
// What BrokerSession sends for a --broker-noauth listing (session.ts buildRequest).
const LIST: BrokerRequest = { task: 'listsessions', user: '' };

function raw(url: string, body: string, agent: http.Agent): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ ms: performance.now() - t0, bytes }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ours(session: BrokerSession) {
  const t0 = performance.now();
  const profiles = await session.listProfiles();
  return { ms: performance.now() - t0, count: profiles.length };
}

/** The B1 section of bench/results.json (figures of sizes this run does not measure). */
function previousB1(): Record<string, unknown> {
  try {
    const all = JSON.parse(readFileSync(new URL('results.json', import.meta.url), 'utf8')) as {
      B1?: Record<string, unknown>;
    };
    return all.B1 ?? {};
  } catch {
    return {};
  }
}

/** "2026-11-29T20:41Z, 1,520 s" for a carried-over size's figures. */
function carriedFrom(figures: unknown): string {
  const f = (figures ?? {}) as { measuredAt?: string; durationS?: number };
  return `${f.measuredAt ?? 'an earlier run'}${f.durationS ? `, the run took ${f.durationS.toLocaleString('en')} s` : ''}`;
}

async function main(): Promise<void> {
  const why = benchBrokerUnavailable();
  if (why) {
    console.log(`skipped: ${why}`);
    recordResult('B1', { skipped: why });
    return;
  }
  const icon = noisePng(3_000).toString('base64');
  const section: Record<string, unknown> = { iconBase64Bytes: icon.length };
  let headline = 0;
  let headlineOf = '';
  const previous = previousB1();
  for (const count of ALL_SIZES.filter((n) => !SIZES.includes(n))) {
    for (const key of [`ratio${count}`, `plain${count}`, `json${count}`])
      if (previous[key] !== undefined) section[key] = previous[key];
    if (previous[`plain${count}`] !== undefined)
      section[`carriedOver${count}`] = carriedFrom(previous[`plain${count}`]);
    if (count === 10_000)
      section.why10000NotInEveryRun =
        "x2gobroker's inifile listing is quadratic in the profiles (see this file's head): minutes of broker CPU per request; BENCH_B1_SIZES=10000 runs it";
  }
  for (const [i, count] of SIZES.entries()) {
    const sizeStarted = performance.now();
    const broker = await startBenchBroker(PORT + i, count, icon);
    try {
      for (const dialect of DIALECTS[count]!) {
        const url = dialect === 'json' ? broker.jsonUrl : broker.plainUrl;
        const session = new BrokerSession({
          url,
          noAuth: true,
          maxReplyBytes: LIMIT,
          transportOptions: { limits: { requestTimeoutMs: TIMEOUT_S(count) * 1000 } },
        });
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const body = encodeForm(LIST);
        const o: number[] = [];
        const r: number[] = [];
        let listed = -1;
        let replyBytes = 0;
        const measureOurs = async () => {
          const x = await ours(session);
          listed = x.count;
          return x.ms;
        };
        const measureRaw = async () => {
          const x = await raw(url, body, agent);
          replyBytes = x.bytes;
          return x.ms;
        };
        if (!NO_WARM_UP.has(count)) {
          await measureOurs(); // warm-up both
          await measureRaw();
        }
        // alternating which goes first: the broker's time drifts from one request to the next
        for (let k = 0; k < ROUNDS[count]!; k++) {
          if (k % 2 === 0) r.push(await measureRaw());
          o.push(await measureOurs());
          if (k % 2 === 1) r.push(await measureRaw());
        }
        if (listed !== count)
          throw new Error(`${dialect}: the broker listed ${listed} of ${count} profiles`);
        agent.destroy();
        await session.close();
        const ratio = median(o) / median(r);
        if (dialect === 'plain') {
          headline = ratio; // the largest size measured
          headlineOf = count.toLocaleString('en');
        }
        if (dialect === 'plain') section[`ratio${count}`] = round(ratio, 3);
        section[`${dialect}${count}`] = {
          oursMs: round(median(o)),
          rawMs: round(median(r)),
          ratio: round(ratio, 3),
          replyBytes,
          rounds: ROUNDS[count],
          warmUp: !NO_WARM_UP.has(count),
          // the whole size: broker start, every request, both dialects so far
          durationS: round((performance.now() - sizeStarted) / 1000),
          measuredAt: new Date().toISOString(),
        };
        console.log(
          `${String(count).padStart(6)} profiles ${dialect.padEnd(5)} reply ${(replyBytes / 1e6).toFixed(1)} MB  ours ${median(o).toFixed(1)} ms  raw ${median(r).toFixed(1)} ms  ratio ${ratio.toFixed(3)} (target ≤ 1.1)`,
        );
      }
    } catch (e) {
      // x2gobroker may not manage a 10,000-profile reply within the timeout on a small machine
      section[`plain${count}`] = {
        error: (e as Error).message,
        durationS: round((performance.now() - sizeStarted) / 1000),
      };
      console.log(`${String(count).padStart(6)} profiles: ${(e as Error).message}`);
    } finally {
      await broker.stop();
    }
    recordResult('B1', {
      ratio: round(headline, 3),
      ratioOf: headline === 0 ? 'none measured' : `plain dialect, ${headlineOf} profiles`,
      ...section,
    });
  }
}

await main();
