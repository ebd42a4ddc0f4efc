// The app's question for an unknown X2Go SERVER host key (docs/host-keys.md), in the real
// renderer: main's controller with the real broker session and the real core launcher (the
// host key is fetched from the fixture's real sshd, the server the broker names for
// loopback-xterm); only the client binary is a recorder of the known_hosts it was handed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createClientLauncher } from '../../src/main/client-launcher';
import { createSessionFactory } from '../../src/main/session-factory';
import { createSshPrompter } from '../../src/main/prompts';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../helpers/broker-env';
import { sshEd25519Key } from '../core/launcher/ssh-test-keys';
import { withPushedKey } from '../helpers/pushed-key';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

async function signIn(page: Page, broker: BrokerFixture): Promise<void> {
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(broker.http.main.plainUrl);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
}

/** A backend whose launcher checks against `userFile` and asks through the app's dialogs. */
async function setUp(userFile: string) {
  const dir = await mkdtemp(join(tmpdir(), 'ui-srvkey-'));
  const seen = join(dir, 'seen');
  const bin = join(dir, 'pyhoca-cli');
  // written whole, then renamed: the test waits for `seen` to exist and must never read it
  // half-written (a shell redirection creates the file before cat writes it)
  await writeFile(
    bin,
    `#!/bin/sh\ncat "$HOME/.ssh/known_hosts" > '${seen}.part' && mv '${seen}.part' '${seen}'\nexit 0\n`,
  );
  await chmod(bin, 0o755);
  const backend = new Backend({
    // pyhoca-cli gets key logins only (issue 8): the real reply plus a pushed (fake) key
    createSession: withPushedKey(createSessionFactory()),
    launcher: (prompts) =>
      createClientLauncher({
        find: { clientPath: bin },
        clients: ['pyhoca-cli'],
        hostKey: { knownHosts: { userFiles: [userFile], globalFiles: [] } },
        prompter: createSshPrompter(prompts, () => undefined),
      }),
  });
  return { backend, seen };
}

function fixtureLine(broker: BrokerFixture): { line: string; fingerprint: string } {
  const s = broker.x2goSession!;
  const fingerprint = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', s.knownHosts], {
    encoding: 'utf8',
  }).stdout.split(' ')[1]!;
  const line = spawnSync('grep', ['-F', `[${s.host}]:${s.sshport} `, s.knownHosts], {
    encoding: 'utf8',
  }).stdout.trim();
  return { line, fingerprint };
}

void test('unknown X2Go server key: the dialog shows host, port and fingerprint; trusted → remembered, the client gets only that key', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const { line, fingerprint } = fixtureLine(broker);
  const userFile = join(await mkdtemp(join(tmpdir(), 'ui-srvkey-kh-')), 'known_hosts');
  const { backend, seen } = await setUp(userFile);
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await page.locator('.vitem[data-profile-id="loopback-xterm"]').click();
  const dialog = page.locator('dialog.prompt-host-key');
  await dialog.waitFor();
  const text = await dialog.innerText();
  assert.ok(text.includes(fingerprint), text);
  assert.ok(
    text.includes(`${broker.x2goSession.host}:${broker.x2goSession.sshport}`),
    'the X2Go server is named',
  );
  assert.equal(existsSync(seen), false, 'no client before the answer');
  await app.screenshot('x2go-server-host-key');
  await page.getByRole('button', { name: 'Trust and remember' }).click();
  for (let i = 0; i < 400 && !existsSync(seen); i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(await readFile(seen, 'utf8'), `${line}\n`, 'the client sees only the verified key');
  assert.equal(await readFile(userFile, 'utf8'), `${line}\n`, 'remembered');
  await page.getByTestId('toast').filter({ hasText: 'ended' }).waitFor();
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('changed X2Go server key: no question, refused with a clear message naming the fingerprint', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const { fingerprint } = fixtureLine(broker);
  const userFile = join(await mkdtemp(join(tmpdir(), 'ui-srvkey-kh-')), 'known_hosts');
  const s = broker.x2goSession;
  const stale = `[${s.host}]:${s.sshport} ${sshEd25519Key()}\n`;
  await writeFile(userFile, stale);
  const { backend, seen } = await setUp(userFile);
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await page.locator('.vitem[data-profile-id="loopback-xterm"]').click();
  const panel = page.locator('[data-screen=launch] [data-error-kind=host-key]');
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /HAS CHANGED/);
  assert.ok(text.includes(fingerprint), text);
  assert.equal(await page.locator('dialog.prompt-host-key').count(), 0, 'nothing was asked');
  await app.screenshot('x2go-server-host-key-changed');
  assert.equal(existsSync(seen), false, 'no client started');
  assert.equal(await readFile(userFile, 'utf8'), stale, 'known_hosts unchanged');
  assert.deepEqual(app.problems, []);
  await app.close();
});
