// Fail-over in the app (docs/failover.md §4): the REAL controller with the REAL session factory
// signs in to a dead first URL of the policy's brokerUrls, the REAL broker answers second; the
// sign-in result names the URL that answered (the catalogue shows it) and the settings keep it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createSessionFactory } from '../../src/main/session-factory';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { deadPort } from '../helpers/cli-net';
import { makeController, memorySettings } from '../helpers/controller';

void it('a dead first URL: sign-in succeeds at the next one, which is named and remembered', async (t) => {
  const b = brokerOrSkip(t);
  if (!b) return;
  const dead = `http://127.0.0.1:${await deadPort()}/plain/`;
  const good = b.http.main.plainUrl;
  const settings = memorySettings();
  const { controller } = makeController({
    settings,
    createSession: createSessionFactory({ proxyPolicy: 'direct', policyBrokerUrls: [dead, good] }),
  });
  const r = await controller.signIn({ url: dead, user: 'test', password: userPassword(b, 'test') });
  assert.equal(r.brokerUrl, dead);
  assert.equal(r.answeredUrl, good);
  assert.deepEqual(r.profiles.map((p) => p.id).sort(), [...b.profiles.visibleTo.test!].sort());
  assert.equal(settings.answeredUrl(dead), good);
  await controller.signOut();
});
