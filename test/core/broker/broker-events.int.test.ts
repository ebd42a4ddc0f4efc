// Client events against the REAL x2gobroker 0.0.4.3 (BROKER_JSON): it never asks for them (no
// client config in listsessions, so the launcher sends none), answers an HTTP clientevent like
// a sign-in (no SUSPEND / TERMINATE), and its x2gobroker-ssh refuses x2goclient's event
// options (--server, --client …: usage error, exit 2). The events themselves are tested against
// a loopback double: broker-events.test.ts, test/core/cli/launch-events.int.test.ts (CLI) and
// test/main/controller-broker-events.int.test.ts (app).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrokerEventReporter } from '../../../src/core/broker/broker-events';
import { BrokerSession } from '../../../src/core/broker/session';
import { LauncherError } from '../../../src/core/errors';
import { brokerOrSkip, sshOrSkip, userPassword } from '../../helpers/broker-env';

const FIELDS = {
  event: 'CONNECTING',
  server: '127.0.0.1',
  client: '',
  cmd: 'XFCE',
  display: '',
  start: '',
  elapsed: 0,
};

describe('x2gobroker 0.0.4.3 and client events', () => {
  for (const dialect of ['plainUrl', 'jsonUrl'] as const) {
    it(`${dialect}: no client config → no reporter; a clientevent is granted with no orders`, async (t) => {
      const b = brokerOrSkip(t);
      if (!b) return;
      const s = new BrokerSession({
        url: b.http.main[dialect],
        user: 'test',
        password: userPassword(b, 'test'),
      });
      try {
        await s.listProfiles();
        assert.equal(s.clientConfig, null);
        assert.equal(
          BrokerEventReporter.start(
            s,
            { sid: 'x', server: 'h', login: 'u', cmd: 'c' },
            { suspend: () => undefined, terminate: () => undefined },
          ),
          null,
        );
        assert.deepEqual(await s.sendClientEvent(FIELDS, 'xfce-desktop', 'test'), []);
        assert.ok(await s.checkAuthenticated(), 'the cookie chain survives the event');
      } finally {
        await s.close();
      }
    });
  }

  it("SSH: x2gobroker-ssh refuses x2goclient's event options (usage error, exit 2)", async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const s = new BrokerSession({
      url: `ssh://${f.ssh.user}@${f.ssh.host}:${f.ssh.port}${f.ssh.command}`,
      transportOptions: {
        ssh: {
          privateKeyFiles: [f.ssh.privateKey],
          knownHosts: { userFiles: [f.ssh.knownHosts], globalFiles: [] },
        },
      },
    });
    try {
      await s.listProfiles();
      assert.equal(s.clientConfig, null, 'no client config over SSH either');
      await assert.rejects(s.sendClientEvent(FIELDS, 'xfce-desktop', f.ssh.user), (e) => {
        assert.ok(e instanceof LauncherError);
        assert.match(e.message, /unrecognized arguments: --server/);
        return true;
      });
    } finally {
      await s.close();
    }
  });
});
