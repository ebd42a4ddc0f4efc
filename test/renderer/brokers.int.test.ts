// Several brokers in one catalogue (docs/brokers.md) in Chromium, with main's REAL controller
// and IPC layer and two REAL x2gobroker instances (test/peers): `main` (user + password) and
// `noauth` reached through a loopback TCP relay this test can cut, so one broker really goes
// down while the other stays up. Grouped headers, filter chips, search and favourites across
// both, one broker failing alone, the add-broker form (Cancel and add), the stale lists with
// their age at the next start and the background refresh, "Sign in…" for the broker that needs
// a password, Remove back to the one-broker catalogue, and the fail-over URL named on the
// sign-in form.
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createSessionFactory } from '../../src/main/session-factory';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  MemorySettingsStore,
  scopeKey,
} from '../../src/main/settings';
import { DEFAULT_CREDENTIALS, PasswordVault } from '../../src/main/passwords';
import { CHANNELS, type StartupState } from '../../src/shared/api';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { Backend, RecordingLauncher, fakeSafeStorage } from './helpers/backend';
import { browserOrSkip, openApp, type AppPage } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

/**
 * A loopback TCP relay to a real broker instance: `cut()` closes the port and every open
 * connection (the broker is gone for the app), `restore()` listens on the same port again.
 */
async function relay(targetPort: number): Promise<{
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    restore: listen,
  };
}

const header = (page: Page, key: string) =>
  page.locator(`.broker-header[data-broker="${key.replace(/\n/g, '\\a ')}"]`);
const state = (page: Page, key: string) => header(page, key).getByTestId('broker-state');

async function startup(backend: Backend): Promise<StartupState> {
  return (await backend.invoke(CHANNELS.getStartupState, [])) as StartupState;
}

/** The profile ids of the tiles on screen, per broker header they follow (list order). */
async function grouped(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    const headers = [...document.querySelectorAll<HTMLElement>('.broker-header')].map((h) => ({
      key: h.dataset.broker ?? '',
      y: new DOMMatrix(getComputedStyle(h).transform).m42,
    }));
    for (const h of headers) out[h.key] = [];
    for (const tile of document.querySelectorAll<HTMLElement>('.vitem[data-profile-id]')) {
      const y = new DOMMatrix(getComputedStyle(tile).transform).m42;
      const owner = headers.filter((h) => h.y < y).sort((a, b) => b.y - a.y)[0];
      if (owner) out[owner.key]!.push(tile.dataset.profileId ?? '');
    }
    for (const k of Object.keys(out)) out[k]!.sort();
    return out;
  });
}

void test('several brokers: grouped, chips, search and favourites across both, one down alone, add, restart stale → refreshed, sign in…, remove', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const urlA = broker.http.main.plainUrl;
  const passwordA = userPassword(broker, 'test');
  const b = await relay(broker.http.noauth.port);
  t.after(() => b.cut().catch(() => undefined));
  const urlB = `http://127.0.0.1:${b.port}/plain/`;
  const keyA = scopeKey(urlA, 'test');
  const keyB = scopeKey(urlB, null);
  const visible = broker.profiles.visibleTo;
  // the stores survive a "restart" of the app (a second Backend on them)
  const settings = new LauncherSettings(
    new MemorySettingsStore(DEFAULT_SETTINGS),
    new MemorySettingsStore(DEFAULT_PROFILE_CACHE),
  );
  const passwords = new PasswordVault(
    fakeSafeStorage(true),
    new MemorySettingsStore(DEFAULT_CREDENTIALS),
    'linux',
    true,
  );
  const launcher = new RecordingLauncher();
  const backend = new Backend({
    createSession: createSessionFactory(),
    settings,
    passwords,
    launcher,
  });
  let app: AppPage = await openApp(browser, backend, { viewport: { width: 1100, height: 900 } });
  let page = app.page;

  // 1. One broker: the catalogue of today (no broker chrome), with "Add broker…".
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(urlA);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(passwordA);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.equal(await page.locator('.broker-header').count(), 0);
  assert.equal(await page.locator('.broker-chips').count(), 0);

  // 2. "Add broker…": the form in add mode; Cancel goes back to the same catalogue.
  await page.locator('[data-action=add-broker]').click();
  await page.getByRole('heading', { name: 'Add a broker' }).waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), '');
  await app.screenshot('brokers-add-form');
  await page.locator('[data-action=add-cancel]').click();
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.equal(await page.locator('.broker-header').count(), 0);
  await page.locator('[data-action=add-broker]').click();
  await page.getByLabel('Broker address').fill(urlB);
  await page.locator('summary').filter({ hasText: 'More options' }).click();
  await page.getByLabel('This broker needs no sign-in').check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  // 3. Two brokers, grouped: a heading per broker, both live, each with its own profiles.
  await header(page, keyB).waitFor();
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  await state(page, keyB).filter({ hasText: 'Live' }).waitFor();
  assert.deepEqual(
    await page.getByRole('heading', { level: 2 }).allTextContents(),
    // main's order: the broker signed in to last first
    [`127.0.0.1:${b.port}`, `test @ 127.0.0.1:${broker.http.main.port}`],
  );
  // the sign-in with `add` left broker A signed in (main: one session per entry)
  const groups = await grouped(page);
  assert.ok(groups[keyA]!.includes('loopback-xterm'), JSON.stringify(groups));
  assert.ok(groups[keyB]!.includes('loopback-xterm'), JSON.stringify(groups));
  assert.equal(
    await page.locator('.count').textContent(),
    `${visible.test!.length + visible['<anonymous>']!.length} sessions`,
  );
  await app.screenshot('brokers-grouped');
  // the list layout keeps the groups: each broker's rows under its header
  await page.locator('[data-action=view-list]').click();
  const listed = await grouped(page);
  // the first broker's rows under its header, the second's header below them
  assert.ok(listed[keyB]!.includes('kde-pool'), JSON.stringify(listed));
  assert.equal(await page.locator('.broker-header').count(), 2);
  await app.screenshot('brokers-list');
  await page.locator('[data-action=view-grid]').click();

  // 4. Chips: one broker only, then all again (buttons with aria-pressed).
  const chips = page.getByRole('group', { name: 'Brokers' });
  await chips.getByRole('button', { name: `127.0.0.1:${b.port}` }).click();
  assert.equal(await page.locator('.broker-header').count(), 1);
  assert.equal(
    await chips.getByRole('button', { name: `127.0.0.1:${b.port}` }).getAttribute('aria-pressed'),
    'true',
  );
  assert.equal(
    await chips.getByRole('button', { name: 'All brokers' }).getAttribute('aria-pressed'),
    'false',
  );
  assert.equal(
    await page.locator('.count').textContent(),
    `${visible['<anonymous>']!.length} sessions`,
  );
  await app.screenshot('brokers-chip');
  await chips.getByRole('button', { name: 'All brokers' }).click();
  assert.equal(await page.locator('.broker-header').count(), 2);

  // 5. Search across both brokers: each broker's hits under its header.
  await page.keyboard.press('/');
  await page.keyboard.type('xterm');
  await page.locator('.count').filter({ hasText: '4 matches' }).waitFor();
  assert.deepEqual(await grouped(page), {
    [keyA]: ['loopback-xterm', 'rootless-xterm'],
    [keyB]: ['loopback-xterm', 'rootless-xterm'],
  });
  await app.screenshot('brokers-search');

  // 6. A favourite from each broker (F on the active tile; ArrowDown crosses into B's group):
  // stored per broker + user by main, shown pinned in each group.
  await page.keyboard.press('ArrowDown'); // into the list: A's first hit
  await page.keyboard.press('f');
  await page.keyboard.press('ArrowDown'); // next row: B's first hit
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('f');
  await page.locator('.vitem .star.on').nth(1).waitFor();
  assert.deepEqual(settings.favourites(keyA), ['loopback-xterm']);
  assert.deepEqual(settings.favourites(keyB), ['loopback-xterm']);
  await page.keyboard.press('Escape');
  await page.locator('.count').filter({ hasText: 'sessions' }).waitFor();
  await app.screenshot('brokers-favourites');

  // 6b. A launch from broker A's group goes to broker A (the entry key on the call and on its
  // events; the same profile id exists on B), and shows among the recents with its broker.
  const tileOf = async (key: string, id: string) => {
    const index = await page.evaluate(
      ([k, pid]) => {
        const h = document.querySelector<HTMLElement>(
          `.broker-header[data-broker="${CSS.escape(k)}"]`,
        )!;
        const top = new DOMMatrix(getComputedStyle(h).transform).m42;
        const next = [...document.querySelectorAll<HTMLElement>('.broker-header')]
          .map((x) => new DOMMatrix(getComputedStyle(x).transform).m42)
          .filter((y) => y > top)
          .sort((a, b) => a - b)[0];
        const tile = [
          ...document.querySelectorAll<HTMLElement>(`.vitem[data-profile-id="${pid}"]`),
        ].find((t) => {
          const y = new DOMMatrix(getComputedStyle(t).transform).m42;
          return y > top && (next === undefined || y < next);
        });
        return tile?.dataset.index ?? null;
      },
      [key, id] as const,
    );
    assert.ok(index !== null, `${id} under ${key}`);
    return page.locator(`.vitem[data-index="${index}"]`);
  };
  await (await tileOf(keyA, 'published-apps')).click();
  // the profile asks for printing: main asks the user first (docs/local-resources), named
  // with the broker the profile came from
  const ask = page.locator('dialog[open]');
  await ask.waitFor();
  assert.match(await ask.innerText(), new RegExp(`127\\.0\\.0\\.1:${broker.http.main.port}`));
  await ask.getByRole('button', { name: 'Don’t allow' }).click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  assert.equal(launcher.launches.length, 1);
  assert.equal(launcher.launches[0]!.profileId, 'published-apps');
  assert.ok(
    backend.events.some((e) => e.type === 'launch' && e.broker === keyA),
    'launch events name broker A',
  );
  assert.ok(!backend.events.some((e) => e.type === 'launch' && e.broker === keyB));
  launcher.launches[0]!.exit(0);
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  await page.locator(`.recents .chip[data-profile-id="published-apps"]`).waitFor();
  assert.equal(
    await page
      .locator('.recents .chip[data-profile-id="published-apps"]')
      .getAttribute('data-broker'),
    keyA,
  );

  // 7. Broker B goes down: its Refresh fails in its own header; A stays live and usable.
  await b.cut();
  // by keyboard: the header's buttons are ordinary buttons
  await header(page, keyB).locator('[data-action=broker-refresh]').focus();
  await page.keyboard.press('Enter');
  await state(page, keyB).filter({ hasText: 'Failed' }).waitFor();
  assert.match((await state(page, keyB).textContent())!, /Failed: .*127\.0\.0\.1/);
  assert.match((await state(page, keyA).textContent())!, /^Live/);
  await header(page, keyA).locator('[data-action=broker-refresh]').click();
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  assert.match((await state(page, keyB).textContent())!, /^Failed/);
  await app.screenshot('brokers-one-down');
  await b.restore();
  await header(page, keyB).locator('[data-action=broker-refresh]').click();
  await state(page, keyB).filter({ hasText: 'Live' }).waitFor();
  assert.deepEqual(app.problems, []);
  assert.deepEqual(app.foreignRequests, []);
  await app.close();

  // 8. The next start: both last-known lists at once, with their age; B (no-auth) refreshes in
  // the background, A needs a password none is saved for: "Sign in…" in its header.
  const backend2 = new Backend({ createSession: createSessionFactory(), settings, passwords });
  app = await openApp(browser, backend2, { viewport: { width: 1100, height: 900 } });
  page = app.page;
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.equal(await page.locator('.broker-header').count(), 2);
  // B's last list is there at once, whatever its refresh is doing
  assert.ok((await grouped(page))[keyB]!.includes('loopback-xterm'));
  assert.match(
    (await state(page, keyB).textContent())!,
    /^(Not refreshed · list from .* ago|Refreshing…|Live · updated)/,
  );
  assert.match(
    (await state(page, keyA).textContent())!,
    /^Needs your password · Not refreshed · list from .*ago/,
  );
  assert.ok((await grouped(page))[keyA]!.includes('xfce-desktop'));
  await state(page, keyB).filter({ hasText: 'Live' }).waitFor();
  // favourites came back pinned, per broker
  assert.equal(await page.locator('.vitem .star.on').count(), 2);
  await app.screenshot('brokers-restart');
  await header(page, keyA)
    .getByRole('button', { name: /Sign in to test @/ })
    .click();
  await page.getByRole('heading', { name: /^Sign in to test @ 127\.0\.0\.1:/ }).waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), urlA);
  assert.equal(await page.getByLabel('User name').inputValue(), 'test');
  await page.getByLabel('Password', { exact: true }).fill(passwordA);
  await app.screenshot('brokers-signin-for-broker');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await state(page, keyA).filter({ hasText: 'Live' }).waitFor();
  await state(page, keyB).filter({ hasText: 'Live' }).waitFor();

  // 9. Remove B: main forgets it; one broker left, the catalogue of today again.
  await header(page, keyB).locator('[data-action=broker-remove]').click();
  await page.locator('.broker-header').first().waitFor({ state: 'detached' });
  assert.equal(await page.locator('.broker-chips').count(), 0);
  assert.deepEqual(
    (await startup(backend2)).brokerEntries?.map((e) => e.key),
    [keyA],
  );
  assert.deepEqual(settings.favourites(keyB), []);
  await page.getByTestId('toast').filter({ hasText: 'removed' }).waitFor();
  await app.screenshot('brokers-removed');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('several brokers: the sign-in form names the URL that answered last time', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  // a fail-over list whose first URL is down: the second one answers (docs/failover.md)
  const down = await relay(broker.http.main.port);
  await down.cut();
  const dead = `http://127.0.0.1:${down.port}/plain/`;
  const brokerUrls = [dead, broker.http.main.plainUrl];
  // the app's assembly (src/main/index.ts): the session factory gets the policy's list too
  const backend = new Backend({
    createSession: createSessionFactory({ policyBrokerUrls: brokerUrls }),
    policy: { brokerUrls },
  });
  const app = await openApp(browser, backend, { viewport: { width: 1000, height: 800 } });
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  assert.equal(await page.getByLabel('Broker address').inputValue(), dead);
  assert.equal(await page.getByTestId('answered-at').isVisible(), false);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.locator('[data-action=sign-out]').click();
  await page.locator('[data-screen=signin]').waitFor();
  await page
    .getByTestId('answered-at')
    .filter({ hasText: `Last answered at ${broker.http.main.plainUrl}` })
    .waitFor();
  await app.screenshot('brokers-signin-answered');
  assert.deepEqual(app.problems, []);
  await app.close();
});
