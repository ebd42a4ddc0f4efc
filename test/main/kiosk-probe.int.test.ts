// The kiosk's network probe (src/main/kiosk-probe.ts) goes through a broker's fail-over URLs
// as sign-in does (docs/failover.md): against the REAL broker and sshd of the test peers, with
// the app's session factory. Only "nobody answered" moves on (a dead port, no SSH banner in
// time); an answer that is a warning (a TLS certificate the trust does not accept) ends it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeBroker } from '../../src/main/kiosk-probe';
import { createSessionFactory } from '../../src/main/session-factory';
import { brokerOrSkip } from '../helpers/broker-env';
import { deadPort } from '../helpers/cli-net';

function probe(url: string, policyBrokerUrls: string[], caFiles: string[] = []) {
  const createSession = createSessionFactory({ proxyPolicy: 'direct', policyBrokerUrls });
  return probeBroker(url, { createSession, caFiles, timeoutMs: 5_000, policyBrokerUrls });
}

describe('kiosk probe through the fail-over list', () => {
  it('a dead first URL: the probe moves on to the live second one (http)', async (t) => {
    const b = brokerOrSkip(t);
    if (!b) return;
    const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
    await probe(dead, [dead, b.http.main.plainUrl]);
    // the same dead URL alone: the probe says why it waits
    await assert.rejects(probe(dead, []), /Cannot reach the broker at 127\.0\.0\.1:\d+: connection refused/);
    // every URL dead: one error naming each (a LauncherError: the kiosk translates its code)
    await assert.rejects(probe(dead, [dead, `http://127.0.0.1:${await deadPort()}/plain/`]), (e: { code?: string; message: string }) => e.code === 'broker.failover.exhausted' && /No address of the broker answered \(http:\/\/127\.0\.0\.1:\d+\/plain\/: .*; http:/.test(e.message));
  }); // prettier-ignore

  it('ssh:// URLs are probed by their banner (no login), in list order with http ones', async (t) => {
    const b = brokerOrSkip(t, 'ssh', 'https');
    if (!b) return;
    const deadSsh = `ssh://127.0.0.1:${await deadPort()}/usr/bin/x2gobroker-ssh`;
    const liveSsh = `ssh://${b.ssh.host}:${b.ssh.port}/usr/bin/x2gobroker-ssh`;
    // (an http:// URL may not follow an ssh:// one: docs/failover.md §1, so https here)
    await probe(deadSsh, [deadSsh, b.https.tls.plainUrl], [b.https.tls.caFile]);
    await assert.rejects(
      probe(deadSsh, []),
      (e: { code?: string; message: string }) =>
        e.code === 'broker.unreachable' &&
        /Cannot reach the broker at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/.test(e.message),
    );
    const deadHttp = `http://127.0.0.1:${await deadPort()}/plain/`;
    await probe(deadHttp, [deadHttp, liveSsh]);
  });

  it('a TLS failure at the first URL ends the probe there: it is not passed over', async (t) => {
    const b = brokerOrSkip(t, 'https');
    if (!b) return;
    const first = b.https['tls-selfsigned'].plainUrl;
    await assert.rejects(
      probe(first, [first, b.https.tls.plainUrl], [b.https.tls.caFile]),
      (e: Error) => /certificate/i.test(e.message) && !/no address/.test(e.message),
    );
    // the second URL alone is fine with the same trust: the failure was the first URL's own
    await probe(b.https.tls.plainUrl, [], [b.https.tls.caFile]);
  });
});
