// "Check connection" and "Copy diagnostics" in the real renderer (Chromium), with main's REAL
// controller and the REAL broker session (BROKER_JSON): the health check's lines for a profile,
// a failing line naming the file, the rescue buttons wired to the controller's resume /
// terminate / new, and the bundle main puts on the clipboard without the password.
// docs/health-check.md, docs/diagnostics.md.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseSessionInfoLine } from '../../src/core/broker/session-info';
import type { SessionFactory } from '../../src/main/controller';
import { createSessionFactory } from '../../src/main/session-factory';
import type { SessionInfo } from '../../src/shared/model';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../helpers/broker-env';
import { Backend, TerminatingLauncher } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

async function signIn(page: Page, broker: BrokerFixture): Promise<void> {
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(broker.http.main.plainUrl);
  await page.getByLabel('User name').fill('test');
  await page.getByLabel('Password', { exact: true }).fill(userPassword(broker, 'test'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
}

async function openCheck(page: Page, profileId: string): Promise<void> {
  const tile = page.locator(`.vitem[data-profile-id="${profileId}"]`);
  await tile.hover();
  await tile.locator('[data-action=check-connection]').click();
  await page.locator('[data-screen=health]').waitFor();
  await page.locator('[data-screen=health] .health-summary').waitFor({ timeout: 60_000 });
}

/**
 * The REAL session, with SESSION_INFO laid on its selectsession reply: the test broker runs
 * without the broker agent that reports sessions (docs/protocol.md §8.4), so the rescue
 * buttons are driven with a reported suspended session on the real server.
 */
function withSession(factory: SessionFactory, info: SessionInfo): SessionFactory {
  return (request) => {
    const session = factory(request);
    const selectSession = session.selectSession.bind(session);
    return Object.assign(session, {
      selectSession: async (...args: Parameters<typeof selectSession>) => ({
        ...(await selectSession(...args)),
        sessionInfo: [info],
      }),
    });
  };
}

void test('Check connection: every line passes for a good profile; screenshot', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const s = broker.x2goSession;
  const backend = new Backend({
    createSession: createSessionFactory(),
    health: { knownHostsFiles: [s.knownHosts] },
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await openCheck(page, s.profile);
  const panel = page.locator('[data-screen=health]');
  assert.equal(await panel.locator('.sheet').count(), 1);
  const states = await panel
    .locator('.health-line')
    .evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-status')]),
    );
  assert.deepEqual(
    states.map(([id]) => id),
    [
      'broker',
      'tls',
      'profile',
      'selectsession',
      'dns',
      'ssh-port',
      'host-key',
      'client',
      'sessions',
    ],
  );
  for (const [id, status] of states)
    assert.ok(status === 'pass' || status === 'skip', `${id}: ${status}`);
  const text = await panel.innerText();
  assert.match(text, /Everything a launch needs is in order/);
  assert.ok(text.includes(`${s.host}:${s.sshport}`), 'the server is named');
  await app.screenshot('health-check-ok');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('Check connection: an unknown server key fails naming the file; Copy diagnostics puts a masked bundle on the clipboard', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const s = broker.x2goSession;
  const userFile = join(await mkdtemp(join(tmpdir(), 'ui-health-kh-')), 'known_hosts');
  const backend = new Backend({
    createSession: createSessionFactory(),
    health: {
      hostKey: {
        knownHosts: { userFiles: [userFile], globalFiles: [] },
        libsshFile: join(tmpdir(), 'no-such-dir', 'known_hosts'),
      },
    },
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await openCheck(page, s.profile);
  const line = page.locator('[data-screen=health] .health-line[data-check=host-key]');
  assert.equal(await line.getAttribute('data-status'), 'fail');
  const text = await line.innerText();
  assert.ok(text.includes(userFile), text);
  await app.screenshot('health-check-unknown-key');
  await page.locator('[data-screen=health] [data-action=copy-diagnostics]').click();
  await page.getByText(/Diagnostics copied to the clipboard/).waitFor();
  assert.equal(backend.clipboard.length, 1);
  const bundle = backend.clipboard[0]!;
  const parsed = JSON.parse(bundle) as { format: string; health: { lines: unknown[] } };
  assert.equal(parsed.format, 'x2go-launcher-diagnostics/1');
  assert.equal(parsed.health.lines.length, 9);
  const password = userPassword(broker, 'test');
  for (const form of [password, Buffer.from(password).toString('base64')])
    assert.ok(!bundle.includes(form), `the bundle contains ${form}`);
  assert.doesNotMatch(bundle, /AUTHID:[0-9a-f]{8}-/);
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('Check connection: a reported session offers resume / end / new, wired to the controller', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const s = broker.x2goSession;
  const name = `${s.user}-50-1764440000_stDxterm_dp24`;
  const info = parseSessionInfoLine(
    `4242|${name}|50|x2go-test-server|S|2026-11-29T10:00:00|0123456789abcdef0123456789abcdef|127.0.0.1|30001|30002|2026-11-29T11:00:00|${s.user}|34|30003`,
  );
  assert.ok(info, 'a valid x2golistsessions line');
  const launcher = new TerminatingLauncher();
  const backend = new Backend({
    createSession: withSession(createSessionFactory(), info),
    launcher,
    health: { knownHostsFiles: [s.knownHosts] },
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker);
  await openCheck(page, s.profile);
  const row = page.locator(`[data-screen=health] .session-row[data-session="${name}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Suspended/);
  await app.screenshot('health-check-sessions');
  // end it: the controller's terminate, then the check runs again
  await row.locator('[data-action=terminate]').click();
  await page.getByText('The session was ended.').waitFor();
  assert.deepEqual(launcher.terminated, [name]);
  // resume it: the controller's launch with that session
  await page
    .locator(`[data-screen=health] .session-row[data-session="${name}"] [data-action=resume]`)
    .click();
  for (let i = 0; i < 400 && launcher.launches.length === 0; i++)
    await new Promise((r) => setTimeout(r, 25));
  assert.equal(launcher.launches[0]?.resume, name);
  assert.equal(await page.locator('[data-screen=health]').count(), 0, 'the panel closed');
  launcher.launches[0].exit(0);
  assert.deepEqual(app.problems, []);
  await app.close();
});
