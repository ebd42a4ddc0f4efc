// The host key exchange started at the click (prefetchHostKey, bench B4) against the peer's
// REAL sshd: it stands in for the check's own fetch only for the same server, key types and
// launch (≤ PREFETCH_MAX_AGE_MS), and what it fetched is judged exactly like a fetched key —
// a prefetch never makes an unknown or a changed key acceptable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import {
  PREFETCH_MAX_AGE_MS,
  prefetchHostKey,
  verifyServerHostKey,
  type HostKeyPrefetch,
  type ServerHostKeyOptions,
} from '../../../src/core/launcher/server-host-key';
import { brokerOrSkip } from '../../helpers/broker-env';
import { sshEd25519Key } from './ssh-test-keys';

/** Options reading only `knownHosts` (plus empty user files in a fresh home). */
function onlyFile(knownHosts: string): ServerHostKeyOptions & { done(): void } {
  const home = mkdtempSync(join(tmpdir(), 'x2gol-prefetch-'));
  return {
    home,
    knownHosts: {
      userFiles: [join(home, 'known_hosts')],
      extraFiles: [knownHosts],
      globalFiles: [],
    },
    done: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A prefetch that was never connected: its key is `key`, begun `ageMs` ago. */
function fakePrefetch(host: string, port: number, key: Buffer, ageMs: number, types: string[]) {
  let cancelled = false;
  const ahead: HostKeyPrefetch = {
    host,
    port,
    preferredKeyTypes: types,
    startedAt: Date.now() - ageMs,
    key: Promise.resolve(key),
    cancel: () => void (cancelled = true),
  };
  return { ahead, cancelled: () => cancelled };
}

void test('a prefetch of the same server is used and judged; another server, a stale one are not', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const { host, port, knownHosts } = broker.ssh;
  const options = onlyFile(knownHosts);
  try {
    const plain = await verifyServerHostKey(host, port, options);
    assert.equal(plain.status, 'known');
    assert.equal(plain.fetchedAheadMs, undefined);

    // the same server: the check takes the exchange already under way
    const ahead = prefetchHostKey(host, port, options);
    const viaAhead = await verifyServerHostKey(host, port, { ...options, prefetched: ahead });
    assert.equal(viaAhead.status, 'known');
    assert.equal(viaAhead.fingerprint, plain.fingerprint);
    assert.ok(viaAhead.fetchedAheadMs !== undefined && viaAhead.fetchedAheadMs >= 0);

    // another port (the broker named another server): cancelled, the check fetches itself
    const other = fakePrefetch(host, port + 1000, plain.key, 0, ahead.preferredKeyTypes.slice());
    const own = await verifyServerHostKey(host, port, { ...options, prefetched: other.ahead });
    assert.equal(own.fetchedAheadMs, undefined);
    assert.ok(other.cancelled());

    // older than one launch: not used, even though its key would pass
    const stale = fakePrefetch(host, port, plain.key, PREFETCH_MAX_AGE_MS + 1000, [
      ...ahead.preferredKeyTypes,
    ]);
    const fresh = await verifyServerHostKey(host, port, { ...options, prefetched: stale.ahead });
    assert.equal(fresh.fetchedAheadMs, undefined);
    assert.ok(stale.cancelled());
  } finally {
    options.done();
  }
});

void test('a prefetched key is judged like a fetched one: unknown and changed keys are refused', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const { host, port, knownHosts } = broker.ssh;
  const known = onlyFile(knownHosts);
  const dir = mkdtempSync(join(tmpdir(), 'x2gol-prefetch-empty-'));
  const empty = join(dir, 'known_hosts');
  writeFileSync(empty, '');
  const unknown = onlyFile(empty);
  try {
    // the real server's key, but nobody vouches for it here: refused, no prompter
    const ahead = prefetchHostKey(host, port, unknown);
    await assert.rejects(
      verifyServerHostKey(host, port, { ...unknown, prefetched: ahead }),
      (e: unknown) => e instanceof LauncherError && e.code === 'host-key.unknown',
    );
    // another key presented for a known server (what a prefetch could carry if it were
    // ever wrong): refused as changed, exactly as from a key exchange
    const blob = Buffer.from(sshEd25519Key().split(' ')[1]!, 'base64');
    const plain = await verifyServerHostKey(host, port, known);
    const wrong = fakePrefetch(host, port, blob, 0, [
      ...prefetchHostKey(host, port, known).preferredKeyTypes,
    ]);
    await assert.rejects(
      verifyServerHostKey(host, port, { ...known, prefetched: wrong.ahead }),
      (e: unknown) =>
        e instanceof LauncherError &&
        e.code === 'host-key.changed' &&
        !e.message.includes(plain.fingerprint),
    );
  } finally {
    known.done();
    unknown.done();
    rmSync(dir, { recursive: true, force: true });
  }
});
