// SSH brokers in the GUI, against the REAL sshd + x2gobroker-ssh of the fixture: the unknown
// host key question goes to the renderer as a prompt (declined → host-key error; accepted →
// signed in and remembered), and an admin's known_hosts file (policy) needs no question.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolvePolicy, type Policy } from '../../src/core/config/managed';
import type { LauncherError } from '../../src/core/errors';
import { createSessionFactory } from '../../src/main/session-factory';
import type { PromptResponse } from '../../src/shared/api';
import { brokerOrSkip } from '../helpers/broker-env';
import { makeController } from '../helpers/controller';

async function make(policy: Partial<Policy>, answer: PromptResponse | null) {
  const userKnownHosts = join(await mkdtemp(join(tmpdir(), 'kh-')), 'known_hosts');
  await writeFile(userKnownHosts, '');
  // The "renderer": answers every prompt as told, on the next tick.
  const { controller, events } = makeController({
    policy: resolvePolicy(policy, null, {}),
    createSession: createSessionFactory({ userKnownHostsFiles: [userKnownHosts] }),
    answer: () => answer,
  });
  return { controller, events, userKnownHosts };
}

void test('real SSH broker: unknown host key asked in the UI; declined, then accepted and remembered', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const ssh = broker.ssh;
  const url = `ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`;

  const no = await make({}, { kind: 'host-key', accept: false, remember: false });
  await assert.rejects(
    no.controller.signIn({ url, password: ssh.password }),
    (e: LauncherError) =>
      e.kind === 'host-key' && /^SHA256:/.test(e.details.hostKeyFingerprint ?? ''),
  );
  const asked = no.events.find((e) => e.type === 'prompt');
  assert.ok(asked && asked.type === 'prompt' && asked.prompt.kind === 'host-key');
  assert.equal(asked.prompt.kind === 'host-key' && asked.prompt.port, ssh.port);

  const yes = await make({}, { kind: 'host-key', accept: true, remember: true });
  const signed = await yes.controller.signIn({ url, password: ssh.password });
  assert.deepEqual(
    signed.profiles.map((p) => p.id).sort(),
    [...broker.profiles.visibleTo[ssh.user]!].sort(),
  );
  assert.match(
    await readFile(yes.userKnownHosts, 'utf8'),
    new RegExp(`\\[${ssh.host}\\]:${ssh.port} `),
  );
  await yes.controller.signOut();
});

void test("real SSH broker: the admin's known_hosts (policy) means no question at all", async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  const ssh = broker.ssh;
  const { controller, events } = await make({ sshKnownHostsFile: ssh.knownHosts }, null);
  const signed = await controller.signIn({
    url: `ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`,
    password: ssh.password,
  });
  assert.ok(signed.profiles.length > 0);
  assert.equal(events.filter((e) => e.type === 'prompt').length, 0);
  await controller.signOut();
});
