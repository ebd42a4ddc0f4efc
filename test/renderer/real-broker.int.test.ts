// The renderer against the REAL broker (test/peers): main's controller and IPC layer with
// the real session factory (core BrokerSession over HTTP/HTTPS), only the X2Go client replaced
// by a recorder at the spawn seam. Sign in, profiles with their icons, search, favourite,
// launch with the real selectsession reply, and the real error states.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createClientLauncher } from '../../src/main/client-launcher';
import { createSessionFactory } from '../../src/main/session-factory';
import { withPushedKey, withServer } from '../helpers/pushed-key';
import { scopeKey } from '../../src/main/settings';
import { brokerOrSkip, userPassword } from '../helpers/broker-env';
import { Backend } from './helpers/backend';
import { browserOrSkip, openApp } from './helpers/harness';

let browser: Browser | null = null;
let skipReason = 'no browser';
before(async () => {
  browser = await browserOrSkip({ skip: (r?: string) => (skipReason = r ?? skipReason) });
});
after(async () => browser?.close());

async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(url);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The X2Go client replaced at the process-spawn boundary: a script pinned as pyhoca-cli that
 * records its argv and the session file it was handed, then waits for `release` to exit.
 */
async function recorderClient(): Promise<{
  bin: string;
  record: string;
  release: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'ui-recorder-'));
  const record = join(dir, 'record.txt');
  const gate = join(dir, 'release');
  const bin = join(dir, 'pyhoca-cli');
  await writeFile(
    bin,
    `#!/bin/sh\n{ printf 'ARG %s\\n' "$@"; echo "HOME $HOME"; find "$HOME" -type f -name sessions -exec cat {} \\; ; } > '${record}.part' && mv '${record}.part' '${record}'\nwhile [ ! -e '${gate}' ]; do sleep 0.05; done\nexit 0\n`,
  );
  await chmod(bin, 0o755);
  return { bin, record, release: () => writeFile(gate, '') };
}

/** A port nothing listens on (bound, then closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

void test('real broker: sign in, icons, search, favourite, launch hand-off', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const client = await recorderClient();
  const backend = new Backend({
    // pyhoca-cli gets only key logins (issue 8): the real reply plus a pushed (fake) key
    createSession: withPushedKey(createSessionFactory()),
    launcher: createClientLauncher({
      find: { clientPath: client.bin },
      clients: ['pyhoca-cli'],
      // an admin's known_hosts vouches for the X2Go server the broker names (verified first)
      hostKey: { knownHosts: { extraFiles: [broker.x2goSession!.knownHosts] } },
    }),
  });
  const app = await openApp(browser, backend, { viewport: { width: 1100, height: 900 } });
  const { page } = app;
  const url = broker.http.main.plainUrl;
  await signIn(page, url, 'test', userPassword(broker, 'test'));
  await page.locator('[data-screen=catalogue]').waitFor();
  await app.screenshot('real-catalogue');

  // Exactly the profiles the broker lets `test` see. A `/` in a name makes a folder, as in
  // x2goclient: "MATE Pool (aliases mapped to addresses/ports)" sits in a folder.
  const tileIds = () =>
    page
      .locator('.vitem')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            (e as HTMLElement).dataset.profileId ?? `folder:${(e as HTMLElement).dataset.folder}`,
        ),
      );
  const root = await tileIds();
  const folder = 'MATE Pool (aliases mapped to addresses';
  assert.ok(root.includes(`folder:${folder}`), JSON.stringify(root));
  await page.locator(`.vitem[data-folder="${folder}"]`).click();
  await page.locator('.breadcrumb [aria-current=page]').filter({ hasText: folder }).waitFor();
  const inFolder = await tileIds();
  assert.deepEqual(inFolder, ['mate-pool-mapped']);
  assert.equal(await page.locator('.vitem .tile-name').textContent(), 'ports)');
  await app.screenshot('real-folder');
  await page.keyboard.press('Escape');
  await page
    .locator('.breadcrumb [aria-current=page]')
    .filter({ hasText: 'All sessions' })
    .waitFor();
  assert.deepEqual(
    [...root.filter((id) => !id.startsWith('folder:')), ...inFolder].sort(),
    [...broker.profiles.visibleTo.test!].sort(),
  );
  assert.equal(
    await page.locator('.count').textContent(),
    `${broker.profiles.visibleTo.test!.length} sessions`,
  );
  // The broker's icons (PNG for xfce-desktop, SVG for published-apps), defaults elsewhere.
  const src = (id: string) =>
    page.locator(`.vitem[data-profile-id="${id}"] img`).getAttribute('src');
  assert.match((await src('xfce-desktop'))!, /^data:image\/png;base64,iVBORw0KGgo/);
  assert.match((await src('published-apps'))!, /^data:image\/svg\+xml;base64,/);
  assert.match((await src('kde-pool'))!, /^data:image\/svg\+xml,/); // bundled default
  assert.equal(
    await page.locator('.vitem[data-profile-id="büro-desktop"] .tile-name').textContent(),
    'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥',
  );

  // Accent-insensitive search.
  await page.keyboard.press('/');
  await page.keyboard.type('buro');
  await page.locator('.count').filter({ hasText: '1 match' }).waitFor();
  assert.equal(await page.locator('.vitem').getAttribute('data-profile-id'), 'büro-desktop');
  await app.screenshot('real-search');
  // Favourite it (F on the active tile) — stored by main for this broker + user.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('f');
  await page.locator('.vitem[data-profile-id="büro-desktop"] .star.on').waitFor();
  assert.deepEqual(backend.settings.favourites(scopeKey(url, 'test')), ['büro-desktop']);
  await page.keyboard.press('Escape');
  assert.equal(
    await page.locator('.vitem').first().getAttribute('data-profile-id'),
    'büro-desktop',
  );

  // Launch the loopback session: the real selectsession answer goes through the real core
  // launcher to the recorded "client" process.
  await page.locator('.vitem[data-profile-id="loopback-xterm"]').click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  await app.screenshot('real-launch-running');
  for (let i = 0; i < 200 && !existsSync(client.record); i++)
    await new Promise((r) => setTimeout(r, 25));
  const handed = await readFile(client.record, 'utf8');
  assert.match(handed, /^ARG --session-profile=/m);
  assert.match(handed, new RegExp(`host=${broker.x2goSession!.host.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(
    handed,
    new RegExp(userPassword(broker, 'test')),
    'no broker password handed on',
  );
  await client.release();
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  // Back on the catalogue, refreshed from the broker after the session ended.
  await page.getByTestId('toast').filter({ hasText: 'ended' }).waitFor();
  assert.deepEqual(app.problems, []);
  assert.deepEqual(app.foreignRequests, []);
  await app.close();
});

void test('real broker: wrong password, broker down with retry, untrusted certificate', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({ createSession: createSessionFactory() });
  const app = await openApp(browser, backend);
  const { page } = app;

  await signIn(page, broker.http.main.plainUrl, 'test', 'not-the-password');
  await page.locator('[data-error-kind=auth]').waitFor();
  // a password over plain http:// is said plainly next to the password field
  assert.equal(await page.getByTestId('plain-http-note').isVisible(), true);
  await app.screenshot('real-error-auth');

  const port = await closedPort();
  await signIn(page, `http://127.0.0.1:${port}/plain/`, 'test', 'x');
  await page.locator('[data-error-kind=unreachable]').waitFor();
  assert.equal(await page.locator('[data-error-kind=unreachable] [data-action=retry]').count(), 1);
  await app.screenshot('real-error-unreachable');
  // Retry does another real attempt (still down: the same error again, nothing closes).
  await page.locator('[data-action=retry]').click();
  await page.locator('[data-error-kind=unreachable]').waitFor();

  if (broker.https) {
    const tls = broker.https['tls-selfsigned'];
    await signIn(page, tls.plainUrl, 'test', userPassword(broker, 'test'));
    const panel = page.locator('[data-error-kind=tls]');
    await panel.waitFor();
    assert.equal(await page.getByTestId('plain-http-note').isVisible(), false); // https://
    assert.match(await panel.innerText(), new RegExp(tls.certFingerprintSha256.replace(/:/g, ':')));
    await app.screenshot('real-error-tls');
  }
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('real broker: JSON dialect and a no-auth broker', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({ createSession: createSessionFactory() });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker.http.main.jsonUrl, 'jacques', userPassword(broker, 'jacques'));
  await page.locator('.vitem[data-profile-id="acl-jacques-only"]').waitFor();
  assert.match(
    (await page.locator('.vitem[data-profile-id="xfce-desktop"] img').getAttribute('src'))!,
    /^data:image\/png;base64,/,
  );
  await page.locator('[data-action=sign-out]').click();
  await page.locator('[data-screen=signin]').waitFor();
  await page.getByLabel('Broker address').fill(broker.http.noauth.plainUrl);
  await page.getByText('More options').click();
  await page.getByLabel('This broker needs no sign-in').check();
  assert.equal(await page.getByLabel('Password', { exact: true }).isVisible(), false);
  await app.screenshot('real-noauth');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.equal(
    await page.locator('.count').textContent(),
    `${broker.profiles.visibleTo['<anonymous>']!.length} sessions`,
  );
  // several brokers (docs/brokers.md §7): the broker signed out of stays under its header with
  // its last list (stale; it needs the password again); the chip shows the broker just chosen
  assert.equal(await page.locator('.broker-chip[aria-pressed=true] .dot').count(), 1);
  await page.locator('.broker-chip[data-broker=""]').click();
  assert.deepEqual(
    await page.locator('.broker-state').evaluateAll((els) => els.map((e) => e.classList[1])),
    ['live', 'needs-password'],
  );
  await page.locator('.vitem[data-profile-id="acl-jacques-only"]').waitFor();
  await app.screenshot('real-noauth-catalogue');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('real SSH broker: host-key question in the UI, accepted and remembered, then signed in', async (t) => {
  const broker = brokerOrSkip(t, 'ssh');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const ssh = broker.ssh;
  const knownHosts = join(await mkdtemp(join(tmpdir(), 'ui-kh-')), 'known_hosts');
  await writeFile(knownHosts, '');
  const backend = new Backend({
    createSession: createSessionFactory({ userKnownHostsFiles: [knownHosts] }),
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await page.locator('[data-screen=signin]').waitFor();
  await page
    .getByLabel('Broker address')
    .fill(`ssh://${ssh.user}@${ssh.host}:${ssh.port}${ssh.command}`);
  await page.getByLabel('User name').fill(ssh.user);
  await page.getByLabel('Password', { exact: true }).fill(ssh.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.locator('dialog.prompt-host-key');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /SHA256:/);
  assert.match(await dialog.innerText(), new RegExp(`${ssh.host}:${ssh.port}`));
  await app.screenshot('real-ssh-host-key');
  await page.getByRole('button', { name: 'Trust and remember' }).click();
  await page.locator('[data-screen=catalogue]').waitFor();
  assert.equal(
    await page.locator('.count').textContent(),
    `${broker.profiles.visibleTo[ssh.user]!.length} sessions`,
  );
  assert.match(await readFile(knownHosts, 'utf8'), new RegExp(`\\[${ssh.host}\\]:${ssh.port} `));
  await app.screenshot('real-ssh-catalogue');
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('real broker, no X2Go client installed: the launch sheet says what to install', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const backend = new Backend({
    createSession: createSessionFactory(),
    launcher: createClientLauncher({
      find: { env: { PATH: '/nonexistent' }, platform: 'linux', isExecutable: () => false },
    }),
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker.http.main.plainUrl, 'test', userPassword(broker, 'test'));
  await page.locator('[data-screen=catalogue]').waitFor();
  await page.locator('.vitem[data-profile-id="xfce-desktop"]').click();
  // x2gobroker's defaults ask for printing: the question comes first (issue 8)
  await page.getByRole('button', { name: 'Don’t allow' }).click();
  const panel = page.locator('[data-screen=launch] [data-error-kind=client]');
  await panel.waitFor();
  assert.match(await panel.innerText(), /sudo apt install x2goclient/);
  await app.screenshot('real-error-no-client');
  // Nothing closed: back to the catalogue, still signed in.
  await page.keyboard.press('Escape');
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-screen=catalogue]').count(), 1);
  assert.deepEqual(app.problems, []);
  await app.close();
});

void test('real broker: a profile that wants printing asks once; "Always for this broker" is remembered and reaches the session file', async (t) => {
  const broker = brokerOrSkip(t, 'x2goSession');
  if (!broker) return;
  if (!browser) return t.skip(skipReason);
  const target = broker.x2goSession;
  const client = await recorderClient();
  const backend = new Backend({
    // a pushed key (pyhoca-cli gets key logins only) and the fixture's sshd as the server,
    // whose host key the admin's known_hosts vouches for (verified before the client starts)
    createSession: withServer(withPushedKey(createSessionFactory()), target.host, target.sshport),
    launcher: createClientLauncher({
      find: { clientPath: client.bin },
      clients: ['pyhoca-cli'],
      hostKey: { knownHosts: { extraFiles: [target.knownHosts] } },
    }),
  });
  const app = await openApp(browser, backend);
  const { page } = app;
  await signIn(page, broker.http.main.plainUrl, 'test', userPassword(broker, 'test'));
  await page.locator('[data-screen=catalogue]').waitFor();
  // x2gobroker fills print=1 into every profile: the broker asks, the user decides
  await page.locator('.vitem[data-profile-id="xfce-desktop"]').click();
  const question = page.locator('dialog.prompt-local-resources');
  await question.waitFor();
  assert.match(await question.innerText(), /printing on your printers/);
  assert.ok(
    (await question.innerText()).includes(broker.http.main.plainUrl),
    'the broker is named',
  );
  await app.screenshot('prompt-local-resources');
  await page.getByRole('button', { name: 'Always for this broker' }).click();
  await page.locator('[data-screen=launch][data-state=running]').waitFor();
  for (let i = 0; i < 200 && !existsSync(client.record); i++)
    await new Promise((r) => setTimeout(r, 25));
  const handed = await readFile(client.record, 'utf8');
  assert.match(handed, /^print=true$/m, 'granted: printing on');
  assert.match(handed, /^useexports=false$/m, 'not asked for, not granted: folders off');
  assert.match(handed, /^fstunnel=false$/m);
  await client.release();
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  // the second launch of a profile wanting the same: no question, the answer is remembered
  await rm(client.record, { force: true });
  await page.locator('.vitem[data-profile-id="xfce-desktop"]').click();
  let again = '';
  for (let i = 0; i < 400 && !/^print=/m.test(again); i++) {
    await new Promise((r) => setTimeout(r, 25));
    again = await readFile(client.record, 'utf8').catch(() => '');
  }
  assert.match(again, /^print=true$/m, 'started without a question');
  assert.equal(await page.locator('dialog.prompt-local-resources').count(), 0);
  await page.locator('[data-screen=launch]').waitFor({ state: 'detached' });
  assert.deepEqual(app.problems, []);
  await app.close();
});
