// B1 — listing 1,000 and 10,000 profiles with ~4 KB icons, served by the REAL x2gobroker
// (a private x2gobroker-daemon with a generated profiles file, bench/lib/bench-broker.ts).
//   ours: HttpTransport.send (axios, keep-alive agent, size cap) → dialect parse (plain or
//         JSON) → normaliseProfiles (icons decoded and sniffed, folders, types): what
//         BrokerSession.listProfiles does for one reply;
//   raw:  node:http POSTing the identical form body on a keep-alive connection and reading
//         the reply bytes (no decoding).
// Interleaved rounds, medians; ratio = ours ÷ raw (target ≤ 1.1). The broker's own work is in
// both. BrokerSession itself refuses replies over 8 MB (DEFAULT_LIMITS.maxReplyBytes, a
// bound on hostile brokers): 10,000 profiles with 4 KB icons are ~50 MB, so this benchmark
// raises the limit for its transport and parser explicitly.
// Run: npm run bench -- b1   (root; BENCH_BROKER_PORT, default 18390 and 18391; BENCH_B1_SIZES=1000,10000)
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { jsonDialect } from '../src/core/broker/json';
import { plainDialect } from '../src/core/broker/plain';
import { normaliseProfiles } from '../src/core/broker/profile';
import { parseBrokerUrl } from '../src/core/broker/url';
import { HttpTransport, encodeForm } from '../src/core/transport/http';
import type { BrokerRequest } from '../src/core/transport/types';
import { benchBrokerUnavailable, noisePng, startBenchBroker } from './lib/bench-broker';
import { median, recordResult, round } from './lib/results';

const SIZES = (process.env.BENCH_B1_SIZES ?? '1000,10000').split(',').map(Number);
// x2gobroker re-reads and filters the whole profiles file per request (seconds for 10,000)
const ROUNDS = { 1_000: 4, 10_000: 2 } as Record<number, number>;
// 10,000: the plain dialect only (x2goclient's, the headline figure): the broker takes minutes
// per request on a loaded 2-core machine (15 s for 1,000), so one measured round after the
// warm-up; the figures are recorded after each size
const DIALECTS = { 1_000: ['plain', 'json'], 10_000: ['plain'] } as Record<
  number,
  ('plain' | 'json')[]
>;
const PORT = Number(process.env.BENCH_BROKER_PORT ?? 18390);
const LIMIT = 256 * 1024 * 1024;
// What BrokerSession sends for a no-auth listing (task listsessions, as x2goclient does).
const LIST: BrokerRequest = { task: 'listsessions', user: '', password: '' };

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

async function ours(transport: HttpTransport, dialect: 'plain' | 'json') {
  const t0 = performance.now();
  const reply = await transport.send(LIST);
  const parsed = (dialect === 'json' ? jsonDialect : plainDialect).parse(
    'listsessions',
    reply,
    LIMIT,
  );
  const profiles = normaliseProfiles(parsed.profiles ?? []);
  return {
    ms: performance.now() - t0,
    count: profiles.length,
    bytes: Buffer.byteLength(reply.body),
  };
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
        const transport = new HttpTransport(parseBrokerUrl(url), {
          limits: { maxReplyBytes: LIMIT, requestTimeoutMs: 900_000 },
        });
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const body = encodeForm(LIST);
        const first = await ours(transport, dialect); // warm-up both; checks the listing
        await raw(url, body, agent);
        if (first.count !== count)
          throw new Error(`${dialect}: the broker listed ${first.count} of ${count} profiles`);
        const o: number[] = [];
        const r: number[] = [];
        // alternating which goes first: the broker's time drifts from one request to the next
        for (let k = 0; k < ROUNDS[count]!; k++) {
          if (k % 2 === 0) r.push((await raw(url, body, agent)).ms);
          o.push((await ours(transport, dialect)).ms);
          if (k % 2 === 1) r.push((await raw(url, body, agent)).ms);
        }
        agent.destroy();
        await transport.close();
        const ratio = median(o) / median(r);
        if (dialect === 'plain') {
          headline = ratio; // the largest size measured
          headlineOf = count.toLocaleString('en');
        }
        if (count === 1_000 && dialect === 'plain' && !headline) headline = ratio;
        section[`${dialect}${count}`] = {
          oursMs: round(median(o)),
          rawMs: round(median(r)),
          ratio: round(ratio, 3),
          replyBytes: first.bytes,
          rounds: ROUNDS[count],
        };
        console.log(
          `${String(count).padStart(6)} profiles ${dialect.padEnd(5)} reply ${(first.bytes / 1e6).toFixed(1)} MB  ours ${median(o).toFixed(1)} ms  raw ${median(r).toFixed(1)} ms  ratio ${ratio.toFixed(3)} (target ≤ 1.1)`,
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
