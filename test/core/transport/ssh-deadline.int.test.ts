// An SSH broker command that trickles its reply (one byte a second, for ever) ends at the
// request deadline with kind 'timeout' and CLI exit 4 (issue 8 point 5). Runs over the REAL
// private sshd of the broker peer as its test user; the "broker" is a script in a temporary
// directory named as the ssh:// URL path (the transport runs whatever command the URL names).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { SshTransport } from '../../../src/core/transport/ssh';
import { brokerOrSkip } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'x2gol-trickle-'));
chmodSync(dir, 0o755); // the broker peer's test user runs the script
const TRICKLE = join(dir, 'trickle-broker');
writeFileSync(
  TRICKLE,
  '#!/bin/sh\nprintf "AUTHID:x\\nAccess granted\\n"\nwhile :; do printf x; sleep 1; done\n',
  { mode: 0o755 },
);
after(() => rmSync(dir, { recursive: true, force: true }));

function peer(t: TestContext) {
  return brokerOrSkip(t, 'ssh')?.ssh ?? null;
}

describe('SSH exchange deadline (real sshd)', () => {
  it(
    "a trickling broker command ends at requestTimeoutMs with 'timeout'",
    { timeout: 60_000 },
    async (t) => {
      const ssh = peer(t);
      if (!ssh) return;
      const tr = new SshTransport(
        parseBrokerUrl(`ssh://${ssh.user}@${ssh.host}:${ssh.port}${TRICKLE}`),
        {
          privateKeyFiles: [ssh.privateKey],
          knownHosts: { userFiles: [], extraFiles: [ssh.knownHosts], globalFiles: [] },
        },
        { requestTimeoutMs: 2500 },
      );
      try {
        await assert.rejects(tr.send({ task: 'listsessions' }), (e) => {
          assert.ok(e instanceof LauncherError, String(e));
          assert.equal(e.kind, 'timeout', e.message);
          assert.match(e.message, /did not finish within 2500 ms/);
          return true;
        });
        // the connection survives for the next request
        const r = await tr.run(['/bin/echo', 'still here']);
        assert.equal(r.stdout, 'still here\n');
      } finally {
        await tr.close();
      }
    },
  );

  it('the CLI ends it at --timeout with exit 4', { timeout: 60_000 }, async (t) => {
    const ssh = peer(t);
    if (!ssh) return;
    const r = await runCli([
      'list',
      '--broker-url',
      `ssh://${ssh.user}@${ssh.host}:${ssh.port}${TRICKLE}`,
      '--broker-ssh-key',
      ssh.privateKey,
      '--known-hosts',
      ssh.knownHosts,
      '--timeout',
      '3',
    ]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /did not finish within 3000 ms/);
  });
});
