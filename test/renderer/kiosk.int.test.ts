// The kiosk in Chromium against the REAL broker (issue 12): main's controller and IPC layer on
// a fake ipcMain (helpers/backend.ts), the app's KioskApp on that controller, the renderer's
// kiosk screens. Only the X2Go client is replaced, by the recorder at the spawn seam. Every
// state leaves a screenshot in test-artifacts/screenshots/kiosk-*.png. Timers are short
// (helpers/kiosk.ts FAST); the rules are the app's.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { resolvePolicy, type Policy } from '../../src/core/config/managed';
import { hashAdminPin } from '../../src/core/kiosk/admin-pin';
import { kioskSetup } from '../../src/core/kiosk/policy';
import { runPowerAction } from '../../src/core/kiosk/power';
import { createSessionFactory } from '../../src/main/session-factory';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../helpers/broker-env';
import { Backend, RecordingLauncher } from './helpers/backend';
import { browserOrSkip, openApp, type AppPage } from './helpers/harness';
import { Forwarder, freePort, kioskRig, singleProfileBroker, type KioskRig } from './helpers/kiosk';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

/** A kiosk policy as an administrator writes it: no question about local resources. */
function kioskPolicy(brokerUrl: string, extra: Partial<Policy> = {}): Partial<Policy> {
  return {
    kiosk: true,
    brokerUrl,
    lockBrokerUrl: true,
    allowRememberPassword: false,
    allowRememberUser: false,
    // the packaged layer takes the parsed shape (src/core/config/local-resources.ts)
    localResources: {
      base: {
        modes: {
          folders: 'deny',
          printing: 'deny',
          mimebox: 'deny',
          agent: 'deny',
          sshproxy: 'deny',
          kerberos: 'deny',
        },
      },
      brokers: {},
    },
    ...extra,
  };
}

interface Kiosk {
  app: AppPage;
  page: Page;
  backend: Backend;
  rig: KioskRig;
  launcher: RecordingLauncher;
  close(): Promise<void>;
}

async function openKiosk(
  b: Browser,
  brokerUrl: string,
  opts: Parameters<typeof kioskRig>[1] & { policy?: Partial<Policy>; argv?: string[] },
): Promise<Kiosk> {
  const launcher = new RecordingLauncher();
  const backend = new Backend({
    createSession: createSessionFactory(),
    launcher,
    policy: kioskPolicy(brokerUrl, opts.policy),
    ...(opts.argv ? { argv: opts.argv } : {}),
  });
  const rig = kioskRig(backend, opts);
  const app = await openApp(b, backend, { viewport: { width: 1024, height: 720 } });
  rig.attach(app.page);
  rig.kiosk.start();
  return {
    app,
    page: app.page,
    backend,
    rig,
    launcher,
    close: async () => {
      rig.kiosk.stop();
      await app.close();
    },
  };
}

const screen = (page: Page, name: string) => page.locator(`[data-kiosk="${name}"]`);

async function signIn(k: Kiosk, broker: BrokerFixture): Promise<void> {
  const { page } = k;
  await page.locator('[data-screen=signin]').waitFor();
  // after a sign-out both the kiosk's reset and the controller's `signed-out` event redraw
  // the form: let them settle before typing
  await page.waitForTimeout(1_000);
  assert.equal(await page.getByLabel('Broker address').getAttribute('readonly'), '');
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
}

async function waitFor(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

void test('kiosk: boot into network wait, then sign-in; broker down while idle', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const port = await freePort();
  const forwarder = new Forwarder(port, { host: '127.0.0.1', port: broker.http.main.port });
  const url = `http://127.0.0.1:${port}/plain/`;
  const k = await openKiosk(browser, url, { brokerUrl: url });
  try {
    const { page } = k;
    // nothing listens yet: the calm wait, with the retry countdown and the reason
    await screen(page, 'network-wait').waitFor();
    await page
      .locator('.kiosk-detail')
      // issue 13 §8: the reason is the error's translated message (code + params)
      .filter({ hasText: /connection refused|ECONNREFUSED/i })
      .waitFor();
    await page
      .locator('.kiosk-count')
      .filter({ hasText: /Retrying in \d s/ })
      .waitFor();
    assert.ok(await page.locator('[data-action=kiosk-poweroff]').isVisible());
    await k.app.screenshot('kiosk-network-wait');
    // the broker comes: the kiosk proceeds by itself
    await forwarder.open();
    await page.locator('[data-screen=signin]').waitFor();
    await screen(page, 'network-wait').waitFor({ state: 'detached' });
    await k.app.screenshot('kiosk-sign-in');
    // lock-down: no advanced (settings) section, no file pickers, no remember box
    assert.equal(await page.locator('details.advanced').isVisible(), false);
    assert.equal(await page.getByRole('checkbox', { name: /remember/i }).count(), 0);
    await signIn(k, broker);
    await k.app.screenshot('kiosk-catalogue');
    assert.equal(k.backend.controller.signedIn, true);

    // the broker goes away while nobody touches the kiosk: network wait, signed out
    await forwarder.close();
    await screen(page, 'network-wait').waitFor({ timeout: 15_000 });
    await waitFor('sign-out', () => !k.backend.controller.signedIn);
    await k.app.screenshot('kiosk-broker-down');
    await forwarder.open();
    await page.locator('[data-screen=signin]').waitFor();
    await screen(page, 'network-wait').waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('User name').inputValue(), '', 'fields cleared');
    assert.deepEqual(k.app.problems, []);
  } finally {
    await k.close();
    await forwarder.close();
  }
});

void test('kiosk: session end → sign-in; client crash → reason, then sign-in', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const k = await openKiosk(browser, url, { brokerUrl: url });
  try {
    const { page } = k;
    await signIn(k, broker);
    await page.locator('.vitem[data-profile-id="xfce-desktop"]').click();
    await waitFor('the hand-off', () => k.launcher.launches.length === 1);
    await waitFor('in-session', () => k.rig.kiosk.driver.current.screen === 'in-session');
    await page.locator('[data-screen=launch]').waitFor();
    await k.app.screenshot('kiosk-in-session');
    // the session ends normally: autologoff, back to a cleared sign-in
    k.launcher.launches[0]!.exit(0);
    await page.locator('[data-screen=signin]').waitFor();
    await waitFor('sign-out', () => !k.backend.controller.signedIn);
    assert.equal(await page.getByLabel('User name').inputValue(), '');
    await k.app.screenshot('kiosk-session-ended-sign-in');

    // the client crashes: the reason first, then sign-in by itself
    await signIn(k, broker);
    await page.locator('.vitem[data-profile-id="xfce-desktop"]').click();
    await waitFor('the second hand-off', () => k.launcher.launches.length === 2);
    await waitFor('in-session', () => k.rig.kiosk.driver.current.screen === 'in-session');
    k.launcher.launches[1]!.exit(139);
    await screen(page, 'session-ended').waitFor();
    await page.locator('.kiosk-reason').filter({ hasText: 'status 139' }).waitFor();
    await k.app.screenshot('kiosk-client-crash');
    await screen(page, 'session-ended').waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('[data-screen=signin]').waitFor();
    assert.equal(k.backend.controller.signedIn, false);

    // the client fails to start: the same notice with its reason
    k.launcher.failWith = new Error('x2goclient is not installed');
    await signIn(k, broker);
    await page.locator('.vitem[data-profile-id="xfce-desktop"]').click();
    await screen(page, 'session-ended').waitFor();
    await k.app.screenshot('kiosk-client-failed');
    await page.locator('[data-action=kiosk-ok]').click();
    await page.locator('[data-screen=signin]').waitFor();
    await screen(page, 'session-ended').waitFor({ state: 'detached' });
  } finally {
    await k.close();
  }
});

void test('kiosk: idle countdown, input resets it, then the reset to sign-in', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const k = await openKiosk(browser, url, {
    brokerUrl: url,
    options: { idleResetMs: 8_000, idleWarningMs: 5_000 },
  });
  try {
    const { page } = k;
    await signIn(k, broker);
    await screen(page, 'idle-warning').waitFor({ timeout: 15_000 });
    await page
      .locator('.kiosk-count')
      .filter({ hasText: /Signing out in \d s/ })
      .waitFor();
    await k.app.screenshot('kiosk-idle-warning');
    await page.locator('[data-action=kiosk-stay]').click();
    await screen(page, 'idle-warning').waitFor({ state: 'detached' });
    assert.equal(k.rig.kiosk.driver.current.screen, 'catalogue');
    assert.equal(k.backend.controller.signedIn, true);
    // left alone again: countdown, then signed out with every field cleared
    await screen(page, 'idle-warning').waitFor({ timeout: 15_000 });
    await page.locator('[data-screen=signin]').waitFor({ timeout: 15_000 });
    await waitFor('sign-out', () => !k.backend.controller.signedIn);
    assert.equal(await page.getByLabel('User name').inputValue(), '');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
    await k.app.screenshot('kiosk-idle-reset');
  } finally {
    await k.close();
  }
});

void test('kiosk: admin escape with wrong PINs (rate-limited), then the right one', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const k = await openKiosk(browser, url, {
    brokerUrl: url,
    touch: true,
    pinHash: await hashAdminPin('2468'),
    pinLimits: { freeAttempts: 2, firstLockoutMs: 2_000, maxLockoutMs: 2_000 },
  });
  try {
    const { page } = k;
    await page.locator('[data-screen=signin]').waitFor();
    await k.app.screenshot('kiosk-touch-sign-in');
    assert.equal(await page.getByLabel('User name').getAttribute('inputmode'), 'text');
    const buttonHeight = (await page.locator('[data-action=kiosk-admin]').boundingBox())!.height;
    assert.ok(buttonHeight >= 48, `touch target ${buttonHeight}px`);
    await page.locator('[data-action=kiosk-admin]').click();
    await screen(page, 'admin-pin').waitFor();
    assert.equal(await page.locator('#kiosk-pin').getAttribute('inputmode'), 'numeric');
    await k.app.screenshot('kiosk-admin-pin');
    const tryPin = async (pin: string) => {
      await page.locator('#kiosk-pin').fill(pin);
      await page.locator('[data-action=kiosk-unlock]').click();
    };
    await tryPin('1111');
    await page.locator('.kiosk-message').filter({ hasText: 'Wrong PIN' }).waitFor();
    await k.app.screenshot('kiosk-pin-wrong');
    await tryPin('9999');
    await page.locator('.kiosk-message').filter({ hasText: 'Too many wrong PINs' }).waitFor();
    // locked: even the right PIN is not checked now
    await tryPin('2468');
    await page.locator('.kiosk-message').filter({ hasText: 'Too many wrong PINs' }).waitFor();
    assert.equal(k.rig.unlocked(), false);
    assert.equal(k.rig.kiosk.locked, true);
    await k.app.screenshot('kiosk-pin-locked');
    await new Promise((r) => setTimeout(r, 2_100));
    await tryPin('2468');
    await waitFor('unlock', () => k.rig.unlocked());
    await screen(page, 'admin-pin').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#app.kiosk').count(), 0);
    assert.equal(k.rig.kiosk.locked, false);
    await k.app.screenshot('kiosk-unlocked');
  } finally {
    await k.close();
  }
});

void test('kiosk: the shut-down button runs the policy command and writes ~/.halt', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const url = broker.http.main.plainUrl;
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-power-'));
  const marker = join(dir, 'powered-off');
  // the policy as an administrator writes it, through the key table and kioskSetup
  const policy = resolvePolicy(
    {
      haltbt: true,
      writeHaltFile: true,
      powerOffCommand: ['/bin/sh', '-c', `echo "$0" > '${marker}'`, 'poweroff-ran'],
    },
    null,
    {},
  );
  const setup = kioskSetup(policy);
  assert.equal(setup.machine.powerButtons, true);
  const k = await openKiosk(browser, url, {
    brokerUrl: url,
    runPower: async (action) => {
      await runPowerAction(action, setup.power, { home: dir });
    },
  });
  try {
    const { page } = k;
    await page.locator('[data-screen=signin]').waitFor();
    await page.locator('[data-action=kiosk-poweroff]').click();
    await screen(page, 'power-confirm').waitFor();
    await k.app.screenshot('kiosk-power-confirm');
    await page.locator('[data-action=kiosk-power-confirm]').click();
    await screen(page, 'powering-off').waitFor();
    await k.app.screenshot('kiosk-powering-off');
    await waitFor('the command', () => existsSync(marker));
    assert.equal((await readFile(marker, 'utf8')).trim(), 'poweroff-ran');
    assert.equal(await readFile(join(dir, '.halt'), 'utf8'), '\n');
    assert.equal(k.rig.kiosk.locked, false, 'a kiosk that powers off lets its window go');
  } finally {
    await k.close();
  }
});

void test('kiosk: a broker offering exactly one profile starts it at once', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const single = await singleProfileBroker(broker.stateDir);
  if (!single) return t.skip('no x2gobroker-daemon or peer configuration to start one of our own');
  const k = await openKiosk(browser, single.url, {
    brokerUrl: single.url,
    options: { autostartSingleProfile: true },
    argv: ['--broker-noauth'],
  });
  try {
    const { page } = k;
    await waitFor('the automatic hand-off', () => k.launcher.launches.length === 1);
    assert.equal(k.launcher.launches[0]!.profileId, 'kiosk-only');
    await waitFor('in-session', () => k.rig.kiosk.driver.current.screen === 'in-session');
    await screen(page, 'in-session').waitFor();
    await k.app.screenshot('kiosk-autostart');
    k.launcher.launches[0]!.exit(0);
    await page.locator('[data-screen=signin]').waitFor();
    await screen(page, 'in-session').waitFor({ state: 'detached' });
  } finally {
    await k.close();
    single.stop();
  }
});
