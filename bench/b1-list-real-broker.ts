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
// x2gobroker re-reads and filters the whole profiles file at every request: ~7 s for 1,000
// profiles and over a minute for 10,000 on the loaded 2-core bench machine, hence few rounds
// (BENCH_B1_ROUNDS_10000, default 2 after the warm-up; the results say how many).
// Run: npm run bench -- b1   (root; BENCH_BROKER_PORT, default 18390 and 18391; BENCH_B1_SIZES=1000,10000)
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { BrokerSession } from '../src/core/broker/session';
import { encodeForm } from '../src/core/transport/http';
import type { BrokerRequest } from '../src/core/transport/types';
import { benchBrokerUnavailable, noisePng, startBenchBroker } from './lib/bench-broker';
import { median, recordResult, round } from './lib/results';

const SIZES = (process.env.BENCH_B1_SIZES ?? '1000,10000').split(',').map(Number);
const ROUNDS = {
  1_000: Number(process.env.BENCH_B1_ROUNDS_1000 ?? 4),
  10_000: Number(process.env.BENCH_B1_ROUNDS_10000 ?? 2),
} as Record<number, number>;
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
  for (const [i, count] of SIZES.entries()) {
    const broker = await startBenchBroker(PORT + i, count, icon);
    try {
      for (const dialect of DIALECTS[count]!) {
        const url = dialect === 'json' ? broker.jsonUrl : broker.plainUrl;
        const session = new BrokerSession({
          url,
          noAuth: true,
          maxReplyBytes: LIMIT,
          transportOptions: { limits: { requestTimeoutMs: 900_000 } },
        });
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const body = encodeForm(LIST);
        const first = await ours(session); // warm-up both; checks the listing
        const replyBytes = (await raw(url, body, agent)).bytes;
        if (first.count !== count)
          throw new Error(`${dialect}: the broker listed ${first.count} of ${count} profiles`);
        const o: number[] = [];
        const r: number[] = [];
        // alternating which goes first: the broker's time drifts from one request to the next
        for (let k = 0; k < ROUNDS[count]!; k++) {
          if (k % 2 === 0) r.push((await raw(url, body, agent)).ms);
          o.push((await ours(session)).ms);
          if (k % 2 === 1) r.push((await raw(url, body, agent)).ms);
        }
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
        };
        console.log(
          `${String(count).padStart(6)} profiles ${dialect.padEnd(5)} reply ${(replyBytes / 1e6).toFixed(1)} MB  ours ${median(o).toFixed(1)} ms  raw ${median(r).toFixed(1)} ms  ratio ${ratio.toFixed(3)} (target ≤ 1.1)`,
        );
      }
    } catch (e) {
      // x2gobroker may not manage a 10,000-profile reply within the timeout on a small machine
      section[`plain${count}`] = { error: (e as Error).message };
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
