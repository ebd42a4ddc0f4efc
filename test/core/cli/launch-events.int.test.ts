// `x2go-launcher launch` with client events, end to end: the broker is a loopback TEST DOUBLE
// (test/helpers/events-broker-double.ts) because Debian's x2gobroker 0.0.4.3 never asks for
// events nor orders SUSPEND (broker-events.int.test.ts shows that); the X2Go server whose host
// key is verified before the hand-off is the real test sshd (BROKER_JSON), the client a
// recording stand-in for x2goclient that notes the signal it gets.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { main } from '../../../src/core/cli/main';
import { libsshKnownHostsFile } from '../../../src/core/launcher/server-host-key';
import { brokerOrSkip } from '../../helpers/broker-env';
import { startEventsBrokerDouble } from '../../helpers/events-broker-double';
import { guardKnownHosts } from '../../helpers/known-hosts-guard';
import { skipOrFail } from '../../helpers/skip';

void it('the broker orders SUSPEND: CONNECTING sent, x2goclient gets SIGTERM, SUSPENDING and FINISHED sent', async (t) => {
  const fixture = brokerOrSkip(t);
  if (!fixture) return;
  const target = fixture.x2goSession;
  if (!target) return void skipOrFail(t, 'broker.json has no x2goSession');
  t.after(guardKnownHosts(libsshKnownHostsFile(), target.host, target.sshport));
  const dir = mkdtempSync(join(tmpdir(), 'launch-events-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, 'signal.txt');
  const bin = join(dir, 'x2goclient');
  // waits up to 30 s; SIGTERM is what x2goclient gets to quit leaving the session suspended
  writeFileSync(
    bin,
    `#!/bin/sh\ntrap 'echo TERM > "${record}.tmp"; mv "${record}.tmp" "${record}"; exit 0' TERM\ni=0\nwhile [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\nexit 7\n`,
  );
  chmodSync(bin, 0o755);
  const d = await startEventsBrokerDouble({
    clientConfig: 'events=true\nliveevent=10',
    profile: {
      id: 'desk',
      host: target.host,
      sshport: target.sshport,
      user: target.user,
      command: 'XFCE',
    },
  });
  t.after(() => d.close());
  d.commandQueue.push('SUSPEND desk'); // the answer to the first event (CONNECTING)
  process.env.LAUNCH_EVENTS_PW = 'sweet';
  t.after(() => delete process.env.LAUNCH_EVENTS_PW);
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  const stderr = new PassThrough();
  const err: string[] = [];
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(
    [
      'launch', 'desk', '--broker-url', d.url, '--broker-user', 'test', '--broker-password-env', 'LAUNCH_EVENTS_PW',
      '--client', 'x2goclient', '--client-path', bin, '--known-hosts', target.knownHosts, '--json',
    ], // prettier-ignore
    { stdout, stderr, stdin: new PassThrough(), env: process.env },
  );
  assert.equal(code, 0, err.join(''));
  assert.ok(existsSync(record), 'the client got a signal');
  assert.equal(readFileSync(record, 'utf8').trim(), 'TERM');
  const sent = d.requests.filter((r) => r.fields.task === 'clientevent').map((r) => r.fields.event);
  assert.deepEqual(sent, ['CONNECTING', 'SUSPENDING', 'FINISHED']);
  const json = out
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(
    json.some((e) => e.event === 'broker-event' && e.type === 'order' && e.obeyed === true),
    out.join(''),
  );
});
