// The app's everyday paths in Chromium, with main's real controller and IPC layer and a
// scripted broker session: keyboard-only sign-in, folders and breadcrumb, search across
// folders, favourites pinned first (stored per broker + user), launch states back to the
// catalogue, resume choice, the cached list on the next start, error states, themes, German.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LauncherError } from '../../src/core/errors';
import { scopeKey } from '../../src/main/settings';
import { Backend, RecordingLauncher, TerminatingLauncher } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';
import { profile, scriptedSessions } from './helpers/synthetic';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

const URL_ = 'https://broker.example/plain/';
const PROFILES = [
  profile('kde', 'Staff/Linux/KDE Plasma', { command: 'KDE' }),
  profile('xfce', 'Staff/Linux/XFCE', { status: 'running' }),
  profile('buero-linux', 'Staff/Linux/Büro (Linux)', { command: 'LXDE' }),
  profile('rds', 'Staff/Windows RDS', { kind: 'rdp', command: 'RDP' }),
  profile('buero', 'Büro-Desktop', { status: 'suspended' }),
  profile('apps', 'Office apps', { kind: 'published', command: 'PUBLISHED' }),
  profile('shadow', 'Help desk (shadow)', { kind: 'shadow', command: 'SHADOW' }),
];

async function signInWithKeyboard(page: Page, password = 'pw'): Promise<void> {
  // Focus starts in the broker field on a first start.
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).name), 'url');
  await page.keyboard.type(URL_);
  await page.keyboard.press('Tab');
  await page.keyboard.type('alice');
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

const activeId = (page: Page) =>
  page.evaluate(() => {
    const id = document.querySelector('.vlist')!.getAttribute('aria-activedescendant');
    const el = id ? document.getElementById(id) : null;
    return el?.dataset.profileId ?? (el?.dataset.folder ? `folder:${el.dataset.folder}` : null);
  });

void test('keyboard only: sign in, folders, search, favourite, launch to the end', async (t) => {
  if (!browser) return t.skip(skipReason);
  const launcher = new RecordingLauncher();
  const backend = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, password: 'pw', delayMs: 30 }),
    launcher,
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signInWithKeyboard(page);
  await page.locator('[data-screen=catalogue]').waitFor();
  await app.screenshot('catalogue-root');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'vlist');

  // Root: the Staff folder first, then root profiles. Enter opens the folder.
  assert.equal(await activeId(page), 'folder:Staff');
  await page.keyboard.press('Enter');
  await page.locator('.breadcrumb [aria-current=page]').filter({ hasText: 'Staff' }).waitFor();
  assert.equal(await activeId(page), 'folder:Staff/Linux');
  await page.keyboard.press('Enter');
  await page.locator('[data-profile-id=kde]').waitFor();
  await app.screenshot('catalogue-folder');
  assert.deepEqual(await page.locator('.breadcrumb button').allTextContents(), [
    'All sessions',
    'Staff',
    'Linux',
  ]);
  // Arrow keys move through the grid; F makes XFCE a favourite.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await activeId(page), 'xfce');
  await page.keyboard.press('f');
  await page.locator('[data-profile-id=xfce] .star.on').waitFor();
  // Backspace goes up (to the Linux folder tile), Esc goes up again.
  await page.keyboard.press('Backspace');
  assert.equal(await activeId(page), 'folder:Staff/Linux');
  await page.keyboard.press('Escape');
  await page
    .locator('.breadcrumb [aria-current=page]')
    .filter({ hasText: 'All sessions' })
    .waitFor();
  // The favourite is pinned first at the top; stored per broker + user by main.
  assert.equal(await page.locator('.vitem').first().getAttribute('data-profile-id'), 'xfce');
  assert.deepEqual(backend.settings.favourites(scopeKey(URL_, 'alice')), ['xfce']);
  await app.screenshot('catalogue-favourite');

  // `/` searches across all folders, accent- and case-insensitive.
  await page.keyboard.press('/');
  await page.keyboard.type('BURO');
  await page.locator('.count').filter({ hasText: '2 matches' }).waitFor();
  assert.deepEqual(
    (
      await page
        .locator('.vitem')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.profileId))
    ).sort(),
    ['buero', 'buero-linux'],
  );
  await app.screenshot('catalogue-search');
  // Esc clears the search; Ctrl+F comes back to it.
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('searchbox').inputValue(), '');
  await page.locator('.vlist').focus();
  await page.keyboard.press('Control+f');
  assert.equal(
    await page.evaluate(() => (document.activeElement as HTMLInputElement).type),
    'search',
  );
  await page.keyboard.type('office');
  await page.keyboard.press('Enter'); // a single match starts at once

  // Launch: asking broker → starting client → running; the recorder got the hand-off.
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  await app.screenshot('launch-running');
  assert.equal(launcher.launches.length, 1);
  assert.equal(launcher.launches[0]!.profileId, 'apps');
  assert.equal(launcher.launches[0]!.server, '127.0.0.1');
  assert.deepEqual(
    backend.events
      .filter((e) => e.type === 'launch')
      .map((e) => (e.type === 'launch' ? e.state : '')),
    ['asking-broker', 'starting-client', 'running'],
  );
  // The client exits: back to the catalogue, the toast says so, a recent entry appears.
  launcher.launches[0]!.exit(0);
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  await page.getByTestId('toast').filter({ hasText: 'Office apps ended.' }).waitFor();
  await page.getByRole('searchbox').fill('');
  await page.locator('.recents .chip[data-profile-id=apps]').waitFor();
  await app.screenshot('catalogue-after-session');
  assert.deepEqual(app.problems, []);
  assert.deepEqual(app.foreignRequests, []);
  await app.close();
});

void test('resume / new choice when the broker reports sessions; list view', async (t) => {
  if (!browser) return t.skip(skipReason);
  const launcher = new RecordingLauncher();
  const sessionInfo = [
    {
      agentPid: 1234,
      name: 'alice-50-1414759661_stDMATE_dp24',
      display: 50,
      host: 'x2go-01',
      status: 'S' as const,
      createdAt: '2026-11-21T20:14:00',
      clientIp: '10.0.0.5',
      typeLetter: 'D',
      command: 'MATE',
      depth: 24,
      line: '',
    },
  ];
  const backend = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, sessionInfo }),
    launcher,
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signInWithKeyboard(page);
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.locator('[data-action=view-list]').click();
  await page.locator('.tile.list').first().waitFor();
  await app.screenshot('catalogue-list');
  await page.locator('.vitem[data-profile-id=buero]').click();
  await page.locator('[data-screen=launch][data-state=choose]').waitFor();
  await app.screenshot('launch-choose');
  assert.equal(launcher.launches.length, 0, 'nothing started before the choice');
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  assert.equal(launcher.launches[0]!.resume, 'alice-50-1414759661_stDMATE_dp24');
  // Esc goes back to the catalogue while the session runs.
  await page.keyboard.press('Escape');
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  // Start a new one instead.
  await page.locator('.vitem[data-profile-id=buero]').click();
  await page.getByRole('button', { name: 'Start a new session' }).click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  assert.equal(launcher.launches[1]!.resume, undefined);
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('next start: the cached list at once with its age, sign-in to refresh, then launch', async (t) => {
  if (!browser) return t.skip(skipReason);
  const first = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, password: 'pw' }),
  });
  const app1 = await openApp(browser, first);
  await signInWithKeyboard(app1.page);
  await app1.page.locator('[data-screen=catalogue]').waitFor();
  await app1.close();

  // Same stores, new window: the list is there before any broker traffic.
  const launcher = new RecordingLauncher();
  const second = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, password: 'pw' }),
    settings: first.settings,
    passwords: first.passwords,
    launcher,
  });
  const app = await openApp(browser, second);
  const { page } = app;
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.getByTestId('stale-banner').waitFor();
  assert.match((await page.getByTestId('age').textContent())!, /^Updated /);
  await app.screenshot('cached-start');
  // "Sign in to refresh", then Esc: back to the cached list.
  await page.locator('[data-action=sign-in]').click();
  await page.locator('[data-screen=signin]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('[data-screen=catalogue]').waitFor();
  // Picking a session needs a sign-in first; afterwards it launches by itself.
  await page.locator('.vitem[data-profile-id=apps]').click();
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), URL_);
  assert.equal(await page.getByLabel('User name').inputValue(), 'alice');
  assert.equal(
    await page.evaluate(() => (document.activeElement as HTMLInputElement).name),
    'password',
  );
  await page.keyboard.type('pw');
  await page.keyboard.press('Enter');
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  assert.equal(launcher.launches[0]!.profileId, 'apps');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('a remembered password (keychain available) refreshes the cached list in the background', async (t) => {
  if (!browser) return t.skip(skipReason);
  const first = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, password: 'pw' }),
    keychain: true,
  });
  const app1 = await openApp(browser, first);
  const { page: p1 } = app1;
  await p1.getByLabel('Broker address').fill(URL_);
  await p1.getByLabel('User name').fill('alice');
  await p1.getByLabel('Password', { exact: true }).fill('pw');
  await p1.getByLabel('Remember password in the system keychain').check();
  await app1.screenshot('signin-keychain');
  await p1.getByRole('button', { name: 'Sign in' }).click();
  await p1.locator('[data-screen=catalogue]').waitFor();
  await app1.close();
  assert.ok(first.passwords.has(scopeKey(URL_, 'alice')));

  const second = new Backend({
    createSession: scriptedSessions({
      profiles: [...PROFILES, profile('new', 'Brand new')],
      password: 'pw',
      delayMs: 300,
    }),
    settings: first.settings,
    passwords: first.passwords,
    keychain: true,
  });
  const app = await openApp(browser, second);
  const { page } = app;
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.getByTestId('age').filter({ hasText: 'Refreshing' }).waitFor();
  await app.screenshot('cached-refreshing');
  await page.locator('[data-profile-id=new]').waitFor();
  assert.equal(await page.getByTestId('stale-banner').count(), 0);
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('errors in place: wrong password, cancel while waiting, missing X2Go client', async (t) => {
  if (!browser) return t.skip(skipReason);
  const launcher = new RecordingLauncher();
  launcher.failWith = new LauncherError(
    'client.none',
    {},
    'No X2Go client (x2goclient or pyhoca-cli) was found.',
    {
      hint: 'Install x2goclient or pyhoca-cli.',
    },
  );
  const backend = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, password: 'pw', delayMs: 400 }),
    launcher,
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signInWithKeyboard(page, 'wrong');
  await page
    .locator('.progress')
    .filter({ hasText: /Signing in|Loading|Connecting/ })
    .waitFor();
  await app.screenshot('signin-progress');
  await page.locator('[data-error-kind=auth]').waitFor();
  await app.screenshot('error-wrong-password');
  // The password field is focused and selected for retyping.
  assert.equal(
    await page.evaluate(() => (document.activeElement as HTMLInputElement).name),
    'password',
  );
  // Cancel while waiting: back to the form, no error, nothing closed.
  await page.keyboard.type('pw');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('form[aria-busy=false]').waitFor();
  assert.equal(await page.locator('[data-error-kind]').count(), 0);
  // Sign in for real, then the client is missing: the sheet says how to install one.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.locator('.vitem[data-profile-id=buero]').click();
  await page.locator('[data-screen=launch] [data-error-kind=client]').waitFor();
  assert.match(
    await page.locator('[data-error-kind=client]').innerText(),
    /sudo apt install x2goclient/,
  );
  await app.screenshot('error-no-client');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('dark theme and German follow the system', async (t) => {
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({ createSession: scriptedSessions({ profiles: PROFILES }) });
  const app = await openApp(browser, backend, { colorScheme: 'dark', locale: 'de-DE' });
  const { page } = app;
  await page.getByRole('button', { name: 'Anmelden' }).waitFor();
  await app.screenshot('signin-dark-de');
  await page.getByLabel('Broker-Adresse').fill(URL_);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.match((await page.locator('.count').textContent())!, /7 Sitzungen/);
  await app.screenshot('catalogue-dark-de');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(23, 25, 29)');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('questions from main: unknown SSH host key and a one-time code, ssh:// options', async (t) => {
  if (!browser) return t.skip(skipReason);
  const answers: unknown[] = [];
  const fingerprint = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
  const backend = new Backend({
    createSession: scriptedSessions({
      profiles: PROFILES,
      askHostKey: { host: 'broker.example', port: 22, keyType: 'ssh-ed25519', fingerprint },
      askOtp: true,
      answers,
    }),
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill('ssh://alice@broker.example/usr/bin/x2gobroker-ssh');
  // ssh:// shows the key and agent options.
  await page.getByLabel('SSH private key file').waitFor();
  await page.getByLabel('Use SSH agent or default keys').check();
  await app.screenshot('signin-ssh');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const hostKey = page.locator('dialog.prompt-host-key');
  await hostKey.waitFor();
  assert.match(await hostKey.innerText(), new RegExp(fingerprint.replace(/[+/]/g, '\\$&')));
  await app.screenshot('prompt-host-key');
  await page.getByRole('button', { name: 'Trust and remember' }).click();
  const otp = page.locator('dialog.prompt-keyboard-interactive');
  await otp.waitFor();
  await app.screenshot('prompt-otp');
  await page.getByLabel('Code:').fill('123456');
  await page.keyboard.press('Enter');
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.deepEqual(answers, [true, ['123456']]);
  assert.equal(await page.locator('dialog').count(), 0);
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('terminate a reported session; kiosk signs out after the session ends', async (t) => {
  if (!browser) return t.skip(skipReason);
  const launcher = new TerminatingLauncher();
  const sessionInfo = [
    {
      agentPid: 99,
      name: 'alice-51-1414759662_stDXFCE_dp24',
      display: 51,
      host: 'x2go-02',
      status: 'R' as const,
      createdAt: '2026-11-21T21:00:00',
      clientIp: '10.0.0.6',
      typeLetter: 'D',
      command: 'XFCE',
      depth: 24,
      line: '',
    },
  ];
  const backend = new Backend({
    createSession: scriptedSessions({ profiles: PROFILES, sessionInfo }),
    launcher,
    policy: { kiosk: true },
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signInWithKeyboard(page);
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.locator('.vitem[data-profile-id=buero]').click();
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByTestId('toast').filter({ hasText: 'The session was ended.' }).waitFor();
  assert.deepEqual(launcher.terminated, ['alice-51-1414759662_stDXFCE_dp24']);
  // Still reported by the (scripted) broker: the choice comes back; start a new one.
  await page.getByRole('button', { name: 'Start a new session' }).click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  launcher.launches[0]!.exit(0);
  // Kiosk: main forgets the sign-in after the session; the app shows sign-in again.
  await page.locator('[data-screen=signin]').waitFor();
  // … with the broker and user main remembered already filled in.
  await page.getByLabel('Password', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), URL_);
  await app.screenshot('kiosk-after-session');
  assert.ok(backend.events.some((e) => e.type === 'signed-out'));
  assert.deepEqual(app.problems, []);
  await app.close();
});
