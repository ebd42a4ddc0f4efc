// Policy allowAddHostKeys and x2goclient's --add-to-known-hosts in the app, against the REAL
// sshd + x2gobroker-ssh of the fixture, through main's real controller (src/main/controller.ts
// with src/main/host-key-policy.ts): a refused unknown key names the known_hosts files and
// writes nothing; the switch adds the key without a question; a lock to false beats the switch.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolvePolicy, validateManagedValues } from '../../src/core/config/managed';
import type { LauncherError } from '../../src/core/errors';
import { parseAppArgs } from '../../src/main/args';
import { createSessionFactory } from '../../src/main/session-factory';
import { brokerOrSkip } from '../helpers/broker-env';
import { makeController } from '../helpers/controller';

async function make(policyJson: Record<string, unknown>, argv: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'khp-'));
  const userKnownHosts = join(dir, 'known_hosts');
  await writeFile(userKnownHosts, '');
  const args = parseAppArgs(argv);
  const managed = validateManagedValues(
    policyJson,
    policyJson.locked,
    '/etc/x2go-launcher/config.json',
  );
  const { controller, events } = makeController({
    policy: resolvePolicy({}, managed, { allowAddHostKeys: args.addToKnownHosts }),
    args,
    createSession: createSessionFactory({ userKnownHostsFiles: [userKnownHosts] }),
    // a question must not be needed in these cases: accepting would hide a wrong rule
    answer: () => ({ kind: 'host-key', accept: true, remember: true }),
  });
  return { controller, events, userKnownHosts, dir };
}

void test('real SSH broker: allowAddHostKeys false refuses an unknown key, naming the known_hosts files; nothing written', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const ssh = broker.ssh;
  const url = `ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`;
  const { controller, events, userKnownHosts } = await make(
    { allowAddHostKeys: false, sshKnownHostsFile: '/etc/x2go-launcher/known_hosts' },
    [],
  );
  await assert.rejects(controller.signIn({ url, password: ssh.password }), (e: LauncherError) => {
    assert.equal(e.code, 'host-key.add-not-allowed');
    assert.equal(e.kind, 'host-key');
    assert.match(e.message, /\/etc\/x2go-launcher\/known_hosts/);
    assert.match(e.message, /known_hosts/);
    assert.match(e.message, /allowAddHostKeys/);
    assert.match(e.details.hostKeyFingerprint ?? '', /^SHA256:/);
    return true;
  });
  assert.equal(events.filter((e) => e.type === 'prompt').length, 0, 'nobody was asked');
  assert.equal(await readFile(userKnownHosts, 'utf8'), '', 'no key written');
});

void test('real SSH broker: --add-to-known-hosts adds the unknown key without asking', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const ssh = broker.ssh;
  const url = `ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`;
  const { controller, events, userKnownHosts } = await make({}, ['--add-to-known-hosts']);
  const signed = await controller.signIn({ url, password: ssh.password });
  assert.ok(signed.profiles.length > 0);
  assert.equal(events.filter((e) => e.type === 'prompt').length, 0, 'no question');
  assert.match(
    await readFile(userKnownHosts, 'utf8'),
    new RegExp(`\\[${ssh.host}\\]:${ssh.port} `),
  );
  await controller.signOut();
});

void test('real SSH broker: --add-to-known-hosts against a policy that locks allowAddHostKeys to false is ignored', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const ssh = broker.ssh;
  const url = `ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`;
  const { controller, userKnownHosts } = await make(
    { allowAddHostKeys: false, locked: ['allowAddHostKeys'] },
    ['--add-to-known-hosts'],
  );
  await assert.rejects(
    controller.signIn({ url, password: ssh.password }),
    (e: LauncherError) => e.code === 'host-key.add-not-allowed',
  );
  assert.equal(await readFile(userKnownHosts, 'utf8'), '');
});
