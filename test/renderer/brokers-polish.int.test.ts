// Several brokers (docs/brokers.md), the gaps after the first version, in Chromium with main's
// REAL controller, IPC layer and session factory against REAL x2gobroker instances (BROKER_JSON):
// "Check connection" on broker B's copy of a profile id both brokers offer reaches B; a deep
// link for that id highlights B's tile only; folders of the same path and count on two brokers
// never share a tile; a broker that refuses what we hold (a loopback relay switched to another
// real instance that does not know the session's cookie: a real 401) signs out alone; the
// header names the URL that answered when fail-over moved it. Only the X2Go client is a
// recorder.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeDeepLink } from '../../src/core/deep-link';
import { DeepLinkRouter, allowedLinkBrokers } from '../../src/main/deep-links';
import { createSessionFactory } from '../../src/main/session-factory';
import { scopeKey } from '../../src/main/settings';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { Backend, RecordingLauncher } from './helpers/backend';
import { brokerRelay } from './helpers/broker-relay';
import { browserOrSkip, openApp, type AppPage } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

const header = (page: Page, key: string) =>
  page.locator(`.broker-header[data-broker="${key.replace(/\n/g, '\\a ')}"]`);
const state = (page: Page, key: string) => header(page, key).getByTestId('broker-state');

/** The list index of the tile matching `selector` under `key`'s header (null: none shown). */
async function indexUnder(page: Page, key: string, selector: string): Promise<string | null> {
  return page.evaluate(
    // no named functions in here: the test's transpiler would wrap them in a helper the
    // page does not have
    ([k, sel]) => {
      const h = document.querySelector(`.broker-header[data-broker="${CSS.escape(k)}"]`)!;
      const top = new DOMMatrix(getComputedStyle(h).transform).m42;
      const next = [...document.querySelectorAll('.broker-header')]
        .map((e) => new DOMMatrix(getComputedStyle(e).transform).m42)
        .filter((v) => v > top)
        .sort((a, b) => a - b)[0];
      const tile = [...document.querySelectorAll<HTMLElement>(sel)]
        .map((e) => ({ e, at: new DOMMatrix(getComputedStyle(e).transform).m42 }))
        .find((x) => x.at > top && (next === undefined || x.at < next));
      return tile?.e.dataset.index ?? null;
    },
    [key, selector] as const,
  );
}

async function tileUnder(page: Page, key: string, selector: string) {
  const index = await indexUnder(page, key, selector);
  assert.ok(index !== null, `${selector} under ${JSON.stringify(key)}`);
  return page.locator(`.vitem[data-index="${index}"]`);
}

/** Sign in on the form, then "Add broker…" for a no-auth broker: the grouped catalogue. */
async function signInAndAdd(
  app: AppPage,
  first: { url: string; user: string; password: string } | null,
  noauthUrl: string,
): Promise<void> {
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  if (first) {
    await page.getByLabel('Broker address').fill(first.url);
    await page.getByLabel('User name').fill(first.user);
    await page.getByLabel('Password', { exact: true }).fill(first.password);
  }
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.locator('[data-action=add-broker]').click();
  await page.getByLabel('Broker address').fill(noauthUrl);
  await page.locator('summary').filter({ hasText: 'More options' }).click();
  await page.getByLabel('This broker needs no sign-in').check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.broker-header').nth(1).waitFor();
}

void test('two brokers offering the same ids: folder tiles never shared, Check connection and a deep link reach broker B only', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const urlA = broker.http.main.plainUrl;
  const urlB = broker.http.noauth.plainUrl;
  const keyA = scopeKey(urlA, 'test');
  const keyB = scopeKey(urlB, null);
  const router = new DeepLinkRouter({ info: () => {}, warn: () => {}, error: () => {} });
  const launcher = new RecordingLauncher();
  const backend = new Backend({
    createSession: createSessionFactory(),
    launcher,
    takeDeepLinks: () => router.takePending(),
  });
  router.configure({
    allowedBrokers: () =>
      allowedLinkBrokers(backend.settings.brokerUrls(), {
        brokerUrl: null,
        brokerUrls: [],
        lockBrokerUrl: false,
      }),
    allowStart: () => false,
    send: (link) => {
      backend.emit({ type: 'deep-link', link });
      return true;
    },
    focus: () => undefined,
  });
  // tall enough that both groups' tiles are rendered at once
  const app = await openApp(browser, backend, { viewport: { width: 1200, height: 1700 } });
  const { page } = app;
  await signInAndAdd(
    app,
    { url: urlA, user: 'test', password: userPassword(broker, 'test') },
    urlB,
  );
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  await state(page, keyB).filter({ hasText: 'Live' }).waitFor();

  // 1. The same folder (path and count) on both brokers: one broker's folder tile is never the
  // other's element reused (the render key names the broker). Both tile elements are marked;
  // with one broker's chip chosen, its folder tile must not be the element that was the other's.
  const folder = '.vitem[data-folder="MATE Pool (aliases mapped to addresses"]';
  const chips = page.getByRole('group', { name: 'Brokers' });
  const chipOf = {
    [keyA]: `test @ 127.0.0.1:${broker.http.main.port}`,
    [keyB]: `127.0.0.1:${broker.http.noauth.port}`,
  };
  for (const [only, other] of [
    [keyA, keyB],
    [keyB, keyA],
  ] as const) {
    const [io, ix] = [await indexUnder(page, only, folder), await indexUnder(page, other, folder)];
    assert.ok(io !== null && ix !== null, 'the folder under both headers');
    await page.evaluate(
      ([a, b]) => {
        type Marked = HTMLElement & { mark?: string };
        (document.querySelector(`.vitem[data-index="${a}"]`) as Marked).mark = 'own';
        (document.querySelector(`.vitem[data-index="${b}"]`) as Marked).mark = 'other';
      },
      [io, ix] as const,
    );
    await chips.getByRole('button', { name: chipOf[only], exact: true }).click();
    assert.equal(await page.locator('.broker-header').count(), 1);
    assert.notEqual(
      await page
        .locator(folder)
        .evaluate((e) => (e as HTMLElement & { mark?: string }).mark ?? 'new'),
      'other',
      `the folder tile of ${JSON.stringify(only)} is not the other broker's element`,
    );
    await chips.getByRole('button', { name: 'All brokers' }).click();
    await page.locator('.broker-header').nth(1).waitFor();
  }

  // 2. "Check connection" on B's loopback-xterm (A offers the same id): the health panel's
  // broker line names B's URL, not A's.
  const tileB = await tileUnder(page, keyB, '.vitem[data-profile-id="loopback-xterm"]');
  await tileB.hover();
  await tileB.locator('[data-action=check-connection]').click();
  const panel = page.locator('[data-screen=health]');
  await panel.locator('.health-summary').waitFor({ timeout: 60_000 });
  const brokerLine = (await panel.locator('.health-line[data-check=broker]').innerText()).trim();
  assert.match(brokerLine, new RegExp(`127\\.0\\.0\\.1:${broker.http.noauth.port}`));
  assert.doesNotMatch(brokerLine, new RegExp(`:${broker.http.main.port}`));
  await app.screenshot('brokers-check-broker-b');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });

  // 3. A deep link for B's loopback-xterm: B's tile highlighted and active, A's not.
  router.open(makeDeepLink(urlB, 'loopback-xterm'), 'second instance');

  await page.locator('.link-target').first().waitFor();
  assert.equal(await page.locator('.vitem .link-target, .vitem.link-target').count(), 1);
  const linked = await indexUnder(page, keyB, '.link-target');
  assert.ok(linked !== null, 'the highlighted tile is under B');
  assert.equal(await indexUnder(page, keyA, '.link-target'), null);
  assert.equal(
    await page.locator('.link-target').getAttribute('data-profile-id'),
    'loopback-xterm',
  );
  await app.screenshot('brokers-deep-link-b');
  assert.equal(launcher.launches.length, 0, 'a link selects, it does not start');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('a broker refusing what we hold (a real 401 for its cookie) signs out alone: "Sign in…" in its header, the other stays live and launchable', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  // A: the `main` instance (user + password, one-time AUTHID cookies) behind a relay
  const relayA = await brokerRelay(broker.http.main.port);
  t.after(() => relayA.cut());
  const urlA = `http://127.0.0.1:${relayA.port}/plain/`;
  const urlB = broker.http.noauth.plainUrl;
  const keyA = scopeKey(urlA, 'test');
  const keyB = scopeKey(urlB, null);
  const launcher = new RecordingLauncher();
  const backend = new Backend({ createSession: createSessionFactory(), launcher });
  const app = await openApp(browser, backend, { viewport: { width: 1100, height: 900 } });
  const { page } = app;
  const password = userPassword(broker, 'test');
  await signInAndAdd(app, { url: urlA, user: 'test', password }, urlB);
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  await state(page, keyB).filter({ hasText: 'Live' }).waitFor();

  // A's address now reaches the `cookie` instance, which takes nothing but its pre-shared
  // cookie: the cookie (AUTHID) the session holds from `main` is refused with HTTP 401.
  relayA.retarget(broker.http.cookie.port);
  const before = backend.events.length;
  await header(page, keyA).locator('[data-action=broker-refresh]').click();
  const signIn = header(page, keyA).locator('[data-action=broker-sign-in]');
  await signIn.waitFor();
  assert.match((await state(page, keyA).textContent())!, /^Failed: /);
  assert.match((await state(page, keyB).textContent())!, /^Live/);
  const outs = backend.events.slice(before).filter((e) => e.type === 'signed-out');
  assert.ok(
    outs.length > 0 && outs.every((e) => e.type === 'signed-out' && e.broker === keyA),
    JSON.stringify(outs),
  );
  await app.screenshot('brokers-refused');

  // B stays live and launches (the launch names B)
  await (await tileUnder(page, keyB, '.vitem[data-profile-id="loopback-xterm"]')).click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  assert.equal(launcher.launches.length, 1);
  assert.equal(launcher.launches[0]!.profileId, 'loopback-xterm');
  assert.ok(backend.events.some((e) => e.type === 'launch' && e.broker === keyB));
  assert.ok(!backend.events.some((e) => e.type === 'launch' && e.broker === keyA));
  launcher.launches[0]!.exit(0);
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  assert.match((await state(page, keyA).textContent())!, /^Failed: /);

  // the broker is back (the relay reaches `main` again): "Sign in…" on A, the form for A,
  // the password signs in again
  relayA.retarget(broker.http.main.port);
  await signIn.click();
  await page.getByRole('heading', { name: /^Sign in to test @ 127\.0\.0\.1:/ }).waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), urlA);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  assert.match((await state(page, keyB).textContent())!, /^Live/);
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('fail-over with several brokers: the header names the URL that answered', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  // the policy's fail-over list: its first URL is dead, the second answers (docs/failover.md)
  const down = await brokerRelay(broker.http.main.port);
  await down.cut();
  const dead = `http://127.0.0.1:${down.port}/plain/`;
  const good = broker.http.main.plainUrl;
  const brokerUrls = [dead, good];
  const urlB = broker.http.noauth.plainUrl;
  // the app's assembly (src/main/index.ts): the session factory gets the policy's list too
  const backend = new Backend({
    createSession: createSessionFactory({ policyBrokerUrls: brokerUrls }),
    policy: { brokerUrls },
  });
  const app = await openApp(browser, backend, { viewport: { width: 1100, height: 900 } });
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), dead);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await signInAndAdd(app, null, urlB);
  const keyA = scopeKey(dead, 'test');
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  assert.match((await state(page, keyA).textContent())!, new RegExp(`\\(answered at ${good}\\)`));
  // B answered at its own URL: nothing more named
  assert.doesNotMatch((await state(page, scopeKey(urlB, null)).textContent())!, /answered at/);
  await app.screenshot('brokers-answered-url');
  assert.deepEqual(app.problems, []);
  await app.close();
});
