// The administrator's client and host-key policy at launch, in the real renderer: main's
// controller with the real broker session and the real core launcher wired as index.ts wires
// it (src/main/app-config.ts appLauncherOptions); the X2Go server's host key is fetched from
// the fixture's real sshd. Only the client program is a recorder, named by policy clientPath.
//  - preferredClient pyhoca-cli + clientPath: that program is started (not /usr/bin/x2goclient);
//  - --add-to-known-hosts: the unknown X2Go server key is added without a question;
//  - allowAddHostKeys false: refused with the known_hosts files named; no client started.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { validateManagedValues } from '../../src/core/config/managed';
import { appConfiguration, appLauncherOptions } from '../../src/main/app-config';
import { parseAppArgs } from '../../src/main/args';
import { createClientLauncher } from '../../src/main/client-launcher';
import { createSshPrompter } from '../../src/main/prompts';
import { createSessionFactory } from '../../src/main/session-factory';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../helpers/broker-env';
import { withPushedKey } from '../helpers/pushed-key';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

const ORIGIN = '/etc/x2go-launcher/config.json';

async function signIn(page: Page, broker: BrokerFixture): Promise<void> {
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(broker.http.main.plainUrl);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
}

/** The app's launcher for `policyJson` + `argv`, the client program a recorder at clientPath. */
async function setUp(policyJson: Record<string, unknown>, argv: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'ui-fleet-client-'));
  const started = join(dir, 'started');
  const bin = join(dir, 'pyhoca-cli');
  await writeFile(
    bin,
    `#!/bin/sh\necho "$0" > '${started}.part' && mv '${started}.part' '${started}'\nexit 0\n`,
  );
  await chmod(bin, 0o755);
  const userFile = join(dir, 'known_hosts');
  await writeFile(userFile, '');
  const json: Record<string, unknown> = {
    preferredClient: 'pyhoca-cli',
    clientPath: bin,
    ...policyJson,
  };
  const read = { config: validateManagedValues(json, json.locked, ORIGIN), warnings: [] };
  const source = { kind: 'json-file', location: ORIGIN } as const;
  const args = parseAppArgs(argv);
  const { policy } = appConfiguration(args, {}, source, read);
  const backend = new Backend({
    createSession: withPushedKey(createSessionFactory()),
    managed: { source, read },
    argv,
    launcher: (prompts) =>
      createClientLauncher({
        // as index.ts: client order, program path and host-key rule from policy + args
        ...appLauncherOptions(
          policy,
          args,
          createSshPrompter(prompts, () => undefined),
        ),
        hostKey: { knownHosts: { userFiles: [userFile], globalFiles: [] } },
      }),
  });
  return { backend, started, bin, userFile };
}

void test('preferredClient + clientPath start that program; --add-to-known-hosts adds the X2Go server key without a question', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const { backend, started, bin, userFile } = await setUp({}, ['--add-to-known-hosts']);
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await page.locator('.vitem[data-profile-id="loopback-xterm"]').click();
  for (let i = 0; i < 400 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal((await readFile(started, 'utf8')).trim(), bin, 'the policy client program ran');
  assert.equal(await page.locator('dialog.prompt-host-key').count(), 0, 'nobody was asked');
  const s = broker.x2goSession;
  assert.match(await readFile(userFile, 'utf8'), new RegExp(`^\\[${s.host}\\]:${s.sshport} `));
  await page.getByTestId('toast').filter({ hasText: 'ended' }).waitFor();
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('allowAddHostKeys false: the unknown X2Go server key is refused naming the known_hosts file; no question, no client', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const { backend, started, userFile } = await setUp(
    { allowAddHostKeys: false, locked: ['allowAddHostKeys'] },
    ['--add-to-known-hosts'],
  );
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await page.locator('.vitem[data-profile-id="loopback-xterm"]').click();
  const panel = page.locator('[data-screen=launch] [data-error-kind=host-key]');
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /known_hosts/);
  assert.match(text, /administrator does not allow adding host keys/);
  await app.screenshot('host-key-add-not-allowed');
  assert.equal(await page.locator('dialog.prompt-host-key').count(), 0);
  assert.equal(existsSync(started), false, 'no client started');
  assert.equal(await readFile(userFile, 'utf8'), '', 'nothing added');
  await app.close();
});
