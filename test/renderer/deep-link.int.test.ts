// Deep links in the renderer against the REAL broker (test/peers): main's DeepLinkRouter
// (src/main/deep-links.ts), controller and IPC layer in this process, the built renderer in
// Debian's Chromium, the real session factory; only the X2Go client is a recorder. A link that
// arrives before the window prefills the sign-in with its broker and, once signed in, SELECTS
// the profile (its folder opened, focused, highlighted) without starting it; a link for a
// profile the broker does not offer says so; a hostile link is refused in plain words; with
// `allowLinkStart` a link starts its profile. "Create desktop shortcut" from the tile's context
// menu writes a Desktop Entry that desktop-file-validate accepts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeDeepLink, parseDeepLink } from '../../src/core/deep-link';
import { DeepLinkRouter, allowedLinkBrokers } from '../../src/main/deep-links';
import { createSessionFactory } from '../../src/main/session-factory';
import { createShortcut } from '../../src/main/shortcuts';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { Backend, RecordingLauncher } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

/** Main's side: the router wired to a Backend as src/main/index.ts wires it to the window. */
function linkedBackend(
  brokerUrl: string,
  allowLinkStart: boolean,
  extra: { launcher?: RecordingLauncher; home?: string } = {},
): { backend: Backend; router: DeepLinkRouter; logged: string[] } {
  const logged: string[] = [];
  const log = {
    info: (m: string) => void logged.push(m),
    warn: (m: string) => void logged.push(m),
    error: (m: string) => void logged.push(m),
  };
  const router = new DeepLinkRouter(log);
  const backend = new Backend({
    createSession: createSessionFactory(),
    launcher: extra.launcher ?? new RecordingLauncher(),
    policy: { brokerUrls: [brokerUrl], allowLinkStart },
    takeDeepLinks: () => router.takePending(),
    ...(extra.home
      ? {
          writeShortcut: (target) =>
            createShortcut(target, {
              platform: 'linux',
              home: extra.home!,
              env: {},
              execPath: process.execPath,
            }),
        }
      : {}),
  });
  router.configure({
    allowedBrokers: () =>
      allowedLinkBrokers(backend.settings.brokerUrls(), {
        brokerUrl: null,
        brokerUrls: [brokerUrl],
        lockBrokerUrl: false,
      }),
    allowStart: () => allowLinkStart,
    send: (link) => {
      backend.emit({ type: 'deep-link', link });
      return true;
    },
    focus: () => undefined,
  });
  return { backend, router, logged };
}

async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

void test('a link before the window: sign-in for its broker, then the profile selected, NOT started', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const launcher = new RecordingLauncher();
  const home = await mkdtemp(join(tmpdir(), 'deep-link-home-'));
  await mkdir(join(home, 'Desktop'));
  const { backend, router, logged } = linkedBackend(url, false, { launcher, home });
  // the first start's command line (or macOS open-url): the profile sits in a folder
  router.open(makeDeepLink(url, 'mate-pool-mapped'), 'command line');
  const app = await openApp(browser, backend, { viewport: { width: 1100, height: 800 } });
  const { page } = app;

  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), url);
  await page.getByTestId('toast').filter({ hasText: `Sign in to ${url}` }).waitFor();
  await app.screenshot('deep-link-signin');
  await signIn(page, 'test', userPassword(broker, 'test'));

  const tile = page.locator('.vitem[data-profile-id="mate-pool-mapped"]');
  await tile.and(page.locator('.link-target.active')).waitFor();
  // its folder was opened, the list has the focus on it, nothing was started
  await page
    .locator('.breadcrumb [aria-current=page]')
    .filter({ hasText: 'MATE Pool (aliases mapped to addresses' })
    .waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'catalogue-list');
  assert.equal(
    await page.locator('#catalogue-list').getAttribute('aria-activedescendant'),
    await tile.getAttribute('id'),
  );
  assert.equal(await page.locator('[data-screen=launch]').count(), 0);
  assert.equal(launcher.launches.length, 0, 'a link selects, it does not start');
  assert.ok(logged.some((l) => /select profile "mate-pool-mapped"/.test(l)));
  await app.screenshot('deep-link-selected');

  // a second instance's link for a profile this broker does not offer to `test`
  router.open(makeDeepLink(url, 'acl-jacques-only'), 'second instance');
  const banner = page.getByTestId('link-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /asks for the session “acl-jacques-only”, but .* does not offer it to you/);
  await app.screenshot('deep-link-not-offered');

  // a hostile one: refused in plain words, one log line, the app carries on
  const before = logged.length;
  router.open(`x2go-launcher://open?broker=${encodeURIComponent('https://evil.example/plain/')}&profile=x`, 'second instance');
  await page.getByTestId('toast').filter({ hasText: 'This x2go-launcher:// link was refused' }).waitFor();
  assert.equal(logged.length, before + 1);
  await app.screenshot('deep-link-refused');
  assert.equal(launcher.launches.length, 0);

  // "Create desktop shortcut" from the context menu of a tile
  await page.locator('.breadcrumb .crumb').first().click();
  const xfce = page.locator('.vitem[data-profile-id="xfce-desktop"]');
  await xfce.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Create desktop shortcut' }).waitFor();
  await app.screenshot('deep-link-context-menu');
  await page.getByRole('menuitem', { name: 'Create desktop shortcut' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Shortcut created:' }).waitFor();
  assert.equal(launcher.launches.length, 0, 'the right click started nothing');
  const toast = await page.getByTestId('toast').innerText();
  const file = toast.replace(/^Shortcut created: /, '');
  assert.ok(file.startsWith(join(home, 'Desktop', 'x2go-launcher-xfce-desktop-')), file);
  assert.equal((await stat(file)).mode & 0o777, 0o755);
  const content = await readFile(file, 'utf8');
  const exec = /^Exec="x2go-launcher" "(.*)"$/m.exec(content)![1]!.replace(/%%/g, '%');
  assert.deepEqual(parseDeepLink(exec, [url]), { broker: url, profileId: 'xfce-desktop' });
  if (existsSync('/usr/bin/desktop-file-validate')) {
    const r = spawnSync('/usr/bin/desktop-file-validate', [file], { encoding: 'utf8' });
    assert.equal(`${r.status} ${r.stdout}${r.stderr}`.trim(), '0');
  }
  assert.deepEqual(app.problems, []);
  // the same menu from the keyboard: Shift+F10 on the active tile, Escape back to the list
  await page.locator('#catalogue-list').focus();
  await page.keyboard.press('End'); // a profile (the first item is a folder: no menu there)
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menuitem', { name: 'Create desktop shortcut' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'menuitem');
  await page.keyboard.press('Escape');
  await page.getByTestId('profile-menu').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'catalogue-list');
  assert.equal(launcher.launches.length, 0);
  assert.deepEqual(app.foreignRequests, []);
  await app.close();
}); // prettier-ignore

void test('allowLinkStart: a link for the signed-in broker starts its profile', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const launcher = new RecordingLauncher();
  const { backend, router } = linkedBackend(url, true, { launcher });
  const app = await openApp(browser, backend, { viewport: { width: 1100, height: 800 } });
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(url);
  await signIn(page, 'test', userPassword(broker, 'test'));
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.equal(launcher.launches.length, 0);

  // a second instance (a desktop shortcut clicked while the launcher runs)
  router.open(makeDeepLink(url, 'loopback-xterm'), 'second instance');
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  // selected under the launch screen, as a click would have
  await page.locator('.vitem[data-profile-id="loopback-xterm"].link-target').waitFor({ state: 'attached' });
  await app.screenshot('deep-link-started');
  assert.equal(launcher.launches.length, 1);
  assert.equal(launcher.launches[0]!.profileId, 'loopback-xterm');
  // the real selectsession reply reached the hand-off
  assert.equal(launcher.launches[0]!.server, broker.x2goSession!.host);
  launcher.launches[0]!.exit(0);
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  assert.deepEqual(app.problems, []);
  await app.close();
}); // prettier-ignore
