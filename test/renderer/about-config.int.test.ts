// "About this configuration" and the fleet switches in the renderer, in German, on Debian's
// Chromium with main's REAL controller and IPC layer (test/renderer/helpers) and the REAL
// broker: a machine policy that locks keys is read by the real JSON policy source; the view
// shows exactly the report the CLI's `config --json` prints for the same file (one maker,
// src/core/config/report.ts); the broker's display name is on the sign-in screen and in the
// title; --broker-logoutbt makes Sign out a prominent button that signs out.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { main as cliMain } from '../../src/core/cli/main';
import { setPolicySourceForTests } from '../../src/core/cli/policy';
import { SETTING_KEYS } from '../../src/core/config/keys';
import { jsonFilePolicySource } from '../../src/core/config/sources';
import { createSessionFactory } from '../../src/main/session-factory';
import type { ConfigurationReport } from '../../src/shared/configuration';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

const uid = process.getuid?.() ?? 0;

/** `x2go-launcher config --json` run in-process on the same policy source. */
async function cliConfigJson(): Promise<ConfigurationReport> {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  const code = await cliMain(['config', '--json'], {
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
  });
  assert.equal(code, 0);
  return JSON.parse(chunks.join('')) as ConfigurationReport;
}

void test('About this configuration (German): locked policy keys, sources, origin — the same report as config --json; broker name; Sign out button', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const file = join(await mkdtemp(join(tmpdir(), 'about-config-')), 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      brokerUrl: url,
      brokerName: 'Rechenzentrum Süd',
      allowRememberPassword: false,
      allowAddHostKeys: false,
      idleMinutes: 5000, // out of range: a warning, ignored
      locked: ['brokerUrl', 'allowRememberPassword', 'allowAddHostKeys'],
    }),
  );
  await chmod(file, 0o644);
  const source = jsonFilePolicySource(file, uid);
  const read = await source.read();
  assert.ok(read.config, JSON.stringify(read.warnings));

  const backend = new Backend({
    createSession: createSessionFactory(),
    managed: { source, read },
    argv: ['--broker-logoutbt'],
  });
  const app = await openApp(browser, backend, {
    locale: 'de-DE',
    viewport: { width: 1000, height: 820 },
  });
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();

  // the broker's display name: sign-in header and window title
  assert.equal(await page.getByTestId('broker-name').textContent(), 'Rechenzentrum Süd');
  assert.equal(await page.title(), 'Rechenzentrum Süd – X2Go Launcher');

  // the view, from the sign-in screen
  await page.getByRole('button', { name: 'Über diese Konfiguration' }).click();
  const dialog = page.getByTestId('about-config');
  await dialog.locator('tr[data-setting=brokerUrl]').waitFor();
  const rows = await dialog.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      key: (tr as HTMLElement).dataset.setting!,
      cells: [...tr.children].map((c) => c.textContent ?? ''),
    })),
  );
  assert.deepEqual(
    rows.map((r) => r.key),
    SETTING_KEYS,
    'every setting, in the table order',
  );
  const row = (key: string) => rows.find((r) => r.key === key)!.cells;
  assert.deepEqual(row('brokerUrl'), ['brokerUrl', url, `Richtlinie aus ${file}`, 'gesperrt']);
  assert.deepEqual(row('allowAddHostKeys'), [
    'allowAddHostKeys',
    'false',
    `Richtlinie aus ${file}`,
    'gesperrt',
  ]);
  assert.deepEqual(row('brokerName'), [
    'brokerName',
    'Rechenzentrum Süd',
    `Richtlinie aus ${file}`,
    '',
  ]);
  assert.deepEqual(row('kiosk'), ['kiosk', 'false', 'Standard', '']);
  assert.deepEqual(row('proxy'), ['proxy', '(nicht gesetzt)', 'Standard', '']);
  assert.equal(await dialog.getByTestId('about-policy').textContent(), `Richtlinie: ${file}`);
  assert.match(
    (await dialog.locator('[role=note]').textContent()) ?? '',
    /"idleMinutes" must be a whole number from 1 to 1440/,
  );
  // read only: no input, select or editable cell anywhere in the view
  assert.equal(await dialog.locator('input, select, textarea, [contenteditable]').count(), 0);
  await app.screenshot('about-config-de');

  // the same data as the CLI's `config --json` for the same policy file
  setPolicySourceForTests(source);
  const viaIpc = (await backend.invoke('x2go:get-configuration', [])) as ConfigurationReport;
  assert.deepEqual(viaIpc, await cliConfigJson());
  // the IPC call is validated in main: an argument (a compromised renderer) is refused
  await assert.rejects(
    Promise.resolve().then(() => backend.invoke('x2go:get-configuration', ['x'])),
    /expected 0 argument/,
  );

  await dialog.getByRole('button', { name: 'Schließen' }).click();
  await dialog.waitFor({ state: 'detached' });

  // sign in; the catalogue has the view too, and --broker-logoutbt's prominent Sign out
  await page.getByLabel('Benutzername').fill('test');
  await page.getByLabel('Passwort', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  const signOut = page.locator('[data-action=sign-out]');
  assert.match((await signOut.getAttribute('class')) ?? '', /\bprimary\b/);
  assert.ok(await signOut.isVisible());
  await page.getByRole('button', { name: 'Über diese Konfiguration' }).click();
  await page.getByTestId('about-config').locator('tr[data-setting=brokerUrl]').waitFor();
  await app.screenshot('about-config-catalogue-de');
  await page.keyboard.press('Escape');
  await page.getByTestId('about-config').waitFor({ state: 'detached' });
  await app.screenshot('logoutbt-catalogue-de');
  await signOut.click();
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(backend.controller.signedIn, false);
  assert.deepEqual(app.problems, []);
  assert.deepEqual(app.foreignRequests, []);
  await app.close();
});

void test('without --broker-logoutbt the Sign out button stays a quiet one', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({ createSession: createSessionFactory() });
  const app = await openApp(browser, backend);
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.title(), 'X2Go Launcher');
  await page.getByLabel('Broker address').fill(broker.http.main.plainUrl);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  const cls = (await page.locator('[data-action=sign-out]').getAttribute('class')) ?? '';
  assert.doesNotMatch(cls, /\bprimary\b/);
  await app.close();
});
