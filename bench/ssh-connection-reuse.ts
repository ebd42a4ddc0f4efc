// SSH broker requests over ONE reused connection (what SshTransport does for a broker
// session) versus a new SSH connection per request (what x2goclient does: one `ssh` per
// broker call). Same machine, same run, same real sshd + x2gobroker-ssh; prints medians and
// the ratio. Run: BROKER_JSON=/tmp/x2gobroker-dev/broker.json node --import tsx bench/ssh-connection-reuse.ts [N]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseBrokerUrl } from '../src/core/broker/url';
import { SshTransport } from '../src/core/transport/ssh';
import type { BrokerTask } from '../src/core/transport/types';

const file = process.env.BROKER_JSON;
if (!file) {
  console.error('BROKER_JSON is not set: start the test peers (test/peers/start.sh)');
  process.exit(2);
}
const broker = JSON.parse(readFileSync(file, 'utf8')) as {
  ssh: {
    host: string;
    port: number;
    user: string;
    privateKey: string;
    knownHosts: string;
    command: string;
  } | null;
};
const ssh = broker.ssh;
if (!ssh) {
  console.error('broker.json has no sshd');
  process.exit(2);
}
const n = Number(process.argv[2] ?? 10);
const url = parseBrokerUrl(`ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`);
const options = {
  privateKeyFiles: [ssh.privateKey],
  knownHosts: { userFiles: [ssh.knownHosts], globalFiles: [] },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The OpenSSH client, one process + connection per request (x2goclient's way). */
function openssh(task: BrokerTask): void {
  const r = spawnSync('ssh', [
    '-p',
    String(ssh!.port),
    '-i',
    ssh!.privateKey,
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${ssh!.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    `${ssh!.user}@${ssh!.host}`,
    ssh!.command,
    '--task',
    task,
  ]);
  if (r.status !== 0) throw new Error(`ssh exited ${r.status}: ${String(r.stderr)}`);
}

async function measure(
  task: BrokerTask,
): Promise<{ reused: number[]; fresh: number[]; cli: number[]; connect: number }> {
  const reused: number[] = [];
  const fresh: number[] = [];
  const cli: number[] = [];
  const t = new SshTransport(url, options);
  const c0 = performance.now();
  await t.send({ task }); // first request includes connect + auth
  const connect = performance.now() - c0;
  // interleave the two variants so drift (other load on the machine) hits both alike
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    await t.send({ task });
    reused.push(performance.now() - t0);
    t0 = performance.now();
    const one = new SshTransport(url, options);
    await one.send({ task });
    await one.close();
    fresh.push(performance.now() - t0);
    t0 = performance.now();
    openssh(task);
    cli.push(performance.now() - t0);
  }
  if (t.connections !== 1) throw new Error(`reused transport opened ${t.connections} connections`);
  await t.close();
  return { reused, fresh, cli, connect };
}

for (const task of ['testcon', 'listsessions'] as const) {
  const { reused, fresh, cli, connect } = await measure(task);
  const r = median(reused);
  const f = median(fresh);
  const o = median(cli);
  console.log(
    `${task.padEnd(13)} n=${n}  reused connection: median ${r.toFixed(0)} ms (min ${Math.min(...reused).toFixed(0)}, max ${Math.max(...reused).toFixed(0)})` +
      `  new connection each: median ${f.toFixed(0)} ms (min ${Math.min(...fresh).toFixed(0)}, max ${Math.max(...fresh).toFixed(0)})` +
      `  ratio new/reused ${(f / r).toFixed(2)}  openssh process each: median ${o.toFixed(0)} ms (ratio ${(o / r).toFixed(2)})` +
      `  first request incl. connect ${connect.toFixed(0)} ms`,
  );
}
