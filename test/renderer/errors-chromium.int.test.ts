// Core errors in the German UI, in Chromium with main's real controller and IPC layer: the
// message is translated from the error's code and parameters (not main's English text), the
// `internal` kind has its own heading, and a code this renderer does not know shows main's
// English message instead of a raw key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LauncherError } from '../../src/core/errors';
import type { SessionFactory } from '../../src/main/controller';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';
import { profile, scriptedSessions } from './helpers/synthetic';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

const URL_ = 'https://broker.example/plain/';

/** The scripted broker, except that some user names fail the way the core would. */
const sessions: SessionFactory = (request) => {
  if (request.user === 'busy')
    throw new LauncherError(
      'broker.http.status',
      { where: URL_, status: 502 },
      'The broker answered HTTP 502.',
      { httpStatus: 502 },
    );
  if (request.user === 'bug') throw new TypeError('a bug with /home/alice in it');
  if (request.user === 'future')
    // What an older renderer gets from a newer main: a code it has no line for.
    throw Object.assign(
      new LauncherError('broker.http.status', { where: URL_, status: 599 }, 'English from main.'),
      { code: 'broker.from-the-future', params: {} },
    );
  return scriptedSessions({ profiles: [profile('kde', 'KDE')], password: 'pw' })(request);
};

async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.locator('input[name=url]').fill(URL_);
  await page.locator('input[name=user]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
}

const panelText = (page: Page, kind: string) =>
  page
    .locator(`[data-error-kind=${kind}]`)
    .waitFor()
    .then(() =>
      page.locator(`[data-error-kind=${kind}]`).evaluate((el) => ({
        heading: el.querySelector('h2')!.textContent,
        message: el.querySelector('.error-message')!.textContent,
      })),
    );

void test('German UI: core errors are translated from code + params', async (t) => {
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({ createSession: sessions });
  const app = await openApp(browser, backend, { locale: 'de-DE' });
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();

  await signIn(page, 'alice', 'wrong');
  assert.deepEqual(await panelText(page, 'auth'), {
    heading: 'Anmeldung fehlgeschlagen',
    message: 'Der Broker hat die Anmeldedaten abgelehnt (HTTP 401).',
  });

  await signIn(page, 'busy', 'pw');
  assert.deepEqual(await panelText(page, 'broker'), {
    heading: 'Der Broker hat einen Fehler gemeldet',
    message: `Der Broker unter ${URL_} antwortete mit HTTP 502.`,
  });
  await app.screenshot('error-german-http-502');

  await signIn(page, 'bug', 'pw');
  assert.deepEqual(await panelText(page, 'internal'), {
    heading: 'Im Launcher ist etwas schiefgegangen',
    message: 'Im Launcher ist ein interner Fehler aufgetreten.',
  });
  assert.doesNotMatch(await page.locator('[data-error-kind]').innerText(), /alice|TypeError/);

  await signIn(page, 'future', 'pw');
  const future = await page
    .locator('[data-error-kind]')
    .filter({ hasText: 'English from main.' })
    .innerText();
  assert.doesNotMatch(future, /err\.|broker\.from-the-future|\{/);

  assert.deepEqual(app.problems, []);
  await app.close();
});
