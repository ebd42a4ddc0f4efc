import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';
import { profile, scriptedSessions } from './helpers/synthetic';

void test('smoke: sign in and see tiles', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  try {
    const profiles = [
      profile('a', 'Staff/Linux/KDE Desktop'),
      profile('b', 'Staff/Linux/XFCE Desktop'),
      profile('c', 'Büro-Desktop', { status: 'suspended' }),
      profile('d', 'Office apps', { kind: 'published' }),
      profile('e', 'Windows RDS', { kind: 'rdp', status: 'running' }),
      profile('f', 'Shadow', { kind: 'shadow' }),
    ];
    const backend = new Backend({
      createSession: scriptedSessions({ profiles, password: 'pw', delayMs: 50 }),
    });
    const app = await openApp(browser, backend);
    await app.screenshot('smoke-signin');
    await app.page.getByLabel('Broker address').fill('https://broker.example/plain/');
    await app.page.getByLabel('User name').fill('alice');
    await app.page.getByLabel('Password', { exact: true }).fill('pw');
    await app.page.getByRole('button', { name: 'Sign in' }).click();
    await app.page.locator('[data-screen=catalogue]').waitFor();
    await app.screenshot('smoke-catalogue');
    await app.page.locator('[data-profile-id=c]').click();
    await app.page.waitForTimeout(300);
    await app.screenshot('smoke-launch');
    console.log(app.problems);
    assert.deepEqual(app.problems, []);
    await app.close();
  } finally {
    await browser.close();
  }
});
