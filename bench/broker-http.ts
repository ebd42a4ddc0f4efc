// What BrokerSession adds on top of one bare HTTP POST, against the REAL broker (BROKER_JSON),
// measured in the same run: the baseline is node:http posting the identical form body on a
// keep-alive connection and reading the reply; ours is BrokerSession.listProfiles (axios,
// UTF-8 decoding, dialect parse, normalisation incl. icon sniffing, cookie rotation).
// Both use the `noauth` instance so no cookie chain differs between the two loops.
// Target: ours ≤ 1.5× the bare POST for listsessions (the broker's own work dominates).
// Run: BROKER_JSON=… npm run bench -- broker-http
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BrokerSession } from '../src/core/broker/session';

const file = process.env.BROKER_JSON;
if (!file) {
  console.log('skipped: BROKER_JSON is not set');
  process.exit(0);
}
const broker = JSON.parse(readFileSync(file, 'utf8')) as {
  http: { noauth: { plainUrl: string; jsonUrl: string } };
};
const ROUNDS = Number(process.argv[2] ?? 60);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function bare(url: string, agent: http.Agent): Promise<number> {
  const body = 'task=listsessions&user=&password=';
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': body.length,
      },
    });
    req.on('response', (res) => {
      res.on('data', () => undefined);
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
  return performance.now() - t0;
}

for (const [label, url] of [
  ['plain', broker.http.noauth.plainUrl],
  ['json', broker.http.noauth.jsonUrl],
] as const) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const session = new BrokerSession({ url, noAuth: true });
  const oursT: number[] = [];
  const bareT: number[] = [];
  await bare(url, agent); // warm-up both
  await session.listProfiles();
  for (let i = 0; i < ROUNDS; i++) {
    // interleaved, so load changes on the machine hit both alike
    bareT.push(await bare(url, agent));
    const t0 = performance.now();
    await session.listProfiles();
    oursT.push(performance.now() - t0);
  }
  agent.destroy();
  await session.close();
  const ratio = median(oursT) / median(bareT);
  console.log(
    `listsessions ${label.padEnd(5)} ours ${median(oursT).toFixed(1)} ms  bare POST ${median(bareT).toFixed(1)} ms  ratio ${ratio.toFixed(2)}× (target ≤ 1.5×) ${ratio <= 1.5 ? 'OK' : 'OVER'}`,
  );
}
