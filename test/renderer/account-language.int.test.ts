// The language choice, French, "Change password" and "Test connection" in Chromium, against
// the REAL broker (test/peers): main's real controller and IPC on a fake ipcMain, the real
// session factory. Screenshots: test-artifacts/screenshots/fr-*.png, language-*.png.
// x2gobroker 0.0.4.3 does not change passwords: the dialog must say so (never "changed").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createSessionFactory } from '../../src/main/session-factory';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

async function signIn(
  page: Page,
  url: string,
  user: string,
  password: string,
  labels: { url: string; user: string; password: string; submit: string },
) {
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel(labels.url).fill(url);
  await page.getByLabel(labels.user).fill(user);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
}

const FR = {
  url: 'Adresse du broker',
  user: 'Identifiant',
  password: 'Mot de passe',
  submit: 'Se connecter',
};

void test('language: system by default (French browser → French), switch to English and back, stored in settings', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({ createSession: createSessionFactory() });
  const app = await openApp(browser, backend, {
    locale: 'fr-FR',
    viewport: { width: 1100, height: 760 },
  });
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('heading', { name: 'Connexion à votre broker de sessions' }).waitFor();
  const choice = page.getByTestId('language-choice');
  assert.equal(await choice.inputValue(), '', 'system language by default');
  assert.match(
    (await choice.locator('option').first().textContent()) ?? '',
    /Langue du système \(Français\)/,
  );
  await app.screenshot('fr-signin');

  await choice.selectOption('en');
  await page.getByRole('heading', { name: 'Sign in to your session broker' }).waitFor();
  assert.equal(backend.settings.locale(), 'en', 'stored in settings');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await app.screenshot('language-en-chosen');

  await page.getByTestId('language-choice').selectOption('fr');
  await page.getByRole('heading', { name: 'Connexion à votre broker de sessions' }).waitFor();
  assert.equal(backend.settings.locale(), 'fr');

  // the French catalogue with the account actions, against the real broker
  await signIn(page, broker.http.main.plainUrl, 'test', userPassword(broker, 'test'), FR);
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  await page.getByRole('button', { name: 'Changer le mot de passe' }).waitFor();
  await app.screenshot('fr-catalogue');

  // Test de connectivité: the real broker's testcon, its round trip shown
  await page.getByRole('button', { name: 'Test de connectivité' }).click();
  const testcon = page.getByTestId('testcon-outcome');
  await testcon.getByText(/a répondu au test de connectivité en \d+ ms/).waitFor();
  await app.screenshot('fr-testcon');
  await page
    .locator('dialog[data-dialog=testcon-heading]')
    .getByRole('button', { name: 'Fermer' })
    .click();

  // Changer le mot de passe: x2gobroker 0.0.4.3 ignores setpass → said plainly, in French
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  const dialog = page.locator('dialog[data-dialog=setpass-heading]');
  await dialog.getByLabel('Ancien mot de passe').fill(userPassword(broker, 'test'));
  await dialog.getByLabel('Nouveau mot de passe').fill('nouveau-secret');
  await dialog.getByLabel('Confirmez le mot de passe').fill('autre');
  await dialog.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await dialog.getByText('Les mots de passe ne correspondent pas.').waitFor();
  await dialog.getByLabel('Confirmez le mot de passe').fill('nouveau-secret');
  await dialog.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await dialog
    .getByText(/ce broker ne modifie pas les mots de passe \(x2gobroker 0\.0\.4\.3/)
    .waitFor();
  await app.screenshot('fr-setpass-ignored');
  assert.equal(await dialog.getByText(/a été modifié/).count(), 0, 'never a false success');

  // a wrong current password: the broker's 401, said as such
  await dialog.getByLabel('Ancien mot de passe').fill('pas-le-bon');
  await dialog.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await dialog
    .getByText('Le broker a refusé votre mot de passe actuel. Rien n’a été modifié.')
    .waitFor();
  await app.screenshot('fr-setpass-wrong');
  await app.close();
});

void test('language fixed by policy: choice shown locked, the UI in the policy language', async (t) => {
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({
    createSession: createSessionFactory(),
    managed: {
      source: { kind: 'json-file', location: '/etc/x2go-launcher/config.json' },
      read: {
        config: {
          values: { language: 'fr' },
          locked: [],
          warnings: [],
          origin: '/etc/x2go-launcher/config.json',
        },
        warnings: [],
      },
    },
  });
  const app = await openApp(browser, backend, { locale: 'de-DE' });
  const { page } = app;
  await page.getByRole('heading', { name: 'Connexion à votre broker de sessions' }).waitFor();
  const choice = page.getByTestId('language-choice');
  assert.ok(await choice.isDisabled(), 'locked');
  assert.equal(await choice.inputValue(), 'fr');
  await page.getByText('Défini par votre administrateur').first().waitFor();
  await app.screenshot('language-locked-by-policy');
  // main refuses a change too (the renderer is not trusted to respect the lock)
  const r = await page.evaluate(() => window.x2go.setUiPreferences({ locale: 'en' }));
  assert.equal(r.ok, false);
  assert.equal(backend.settings.locale(), null);
  await app.close();
});
