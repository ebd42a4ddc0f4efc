// The success path of the broker password change, which Debian's x2gobroker 0.0.4.3 cannot
// show (it ignores setpass: setpass.int.test.ts proves that against the real broker). Here a
// loopback TEST DOUBLE (test/helpers/events-broker-double.ts) really changes the password.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrokerSession } from '../../../src/core/broker/session';
import { changeBrokerPassword } from '../../../src/core/broker/setpass';
import { LauncherError } from '../../../src/core/errors';
import {
  startEventsBrokerDouble,
  type EventsBrokerDouble,
} from '../../helpers/events-broker-double';

describe('setpass against a broker double that changes passwords', () => {
  let d: EventsBrokerDouble;
  before(async () => {
    d = await startEventsBrokerDouble({ changesPasswords: true });
  });
  after(() => d.close());

  it('changed: setpass with the old password and no one-time cookie, new granted, old refused', async () => {
    const s = new BrokerSession({ url: d.url, user: 'test', password: 'sweet' });
    try {
      await s.authenticate();
      const before = d.requests.length;
      const r = await changeBrokerPassword(s, 'sweet', 'n3w pass!');
      assert.equal(r.outcome, 'changed');
      const [setpass, checkNew, checkOld] = d.requests.slice(before).map((q) => q.fields);
      assert.equal(setpass!.task, 'setpass');
      assert.equal(setpass!.password, 'sweet');
      assert.equal(setpass!.newpass, 'n3w pass!');
      assert.equal(
        setpass!.authid,
        undefined,
        'no one-time cookie: the broker must check the password',
      );
      assert.equal(checkNew!.password, 'n3w pass!');
      assert.equal(checkOld!.password, 'sweet');
      assert.equal(d.passwords.get('test'), 'n3w pass!');
      assert.ok(s.isSignInPassword('n3w pass!'), 'later sign-ins use the new password');
    } finally {
      await s.close();
    }
  });

  it('the same double without the change (0.0.4.3 behaviour) gives ignored, not changed', async () => {
    const q = await startEventsBrokerDouble({ changesPasswords: false });
    const s = new BrokerSession({ url: q.url, user: 'test', password: 'sweet' });
    try {
      await assert.rejects(changeBrokerPassword(s, null, 'other'), (e) => {
        assert.ok(e instanceof LauncherError);
        assert.equal(e.code, 'broker.setpass.ignored');
        return true;
      });
    } finally {
      await s.close();
      await q.close();
    }
  });
});
