// B4 — from a click on a tile to the X2Go client process running, minus the selectsession
// round trip: the launcher's own overhead (renderer click handling, IPC, main's controller,
// the session file, finding and spawning the client). Debian's Chromium runs the real
// renderer; main's real controller and IPC layer (test/renderer/helpers/backend.ts), the real
// BrokerSession against the shared peer's `main` broker (user test) and the real core
// launcher with the real pyhoca-cli. The client is reached through a two-line bash wrapper
// named pyhoca-cli that notes $EPOCHREALTIME and execs /usr/bin/pyhoca-cli, so "spawned" is
// measured when the new process runs its first line (bash's own start-up, ~1–3 ms, counts
// against us). The click time is the page's epoch clock (performance.timeOrigin + now()).
// Profile xfce-desktop (host xfce.example.test: pyhoca-cli gives up at once, no session).
// Target: overhead ≤ 50 ms (median). Run: BROKER_JSON=… npm run bench -- b4
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { SessionFactory } from '../src/main/controller';
import { createClientLauncher } from '../src/main/client-launcher';
import { createSessionFactory } from '../src/main/session-factory';
import { Backend } from '../test/renderer/helpers/backend';
import { CHROMIUM, openApp } from '../test/renderer/helpers/harness';
import { median, recordResult, round } from './lib/results';

const ROUNDS = Number(process.env.BENCH_B4_ROUNDS ?? 7);
const PROFILE = 'xfce-desktop';
const PYHOCA = '/usr/bin/pyhoca-cli';

async function main(): Promise<void> {
  const file = process.env.BROKER_JSON;
  const missing = !file
    ? 'BROKER_JSON is not set'
    : !existsSync(CHROMIUM)
      ? `no Chromium at ${CHROMIUM}`
      : !existsSync(PYHOCA)
        ? `no ${PYHOCA}`
        : null;
  if (missing) {
    console.log(`skipped: ${missing}`);
    recordResult('B4', { skipped: missing });
    return;
  }
  const broker = JSON.parse(readFileSync(file!, 'utf8')) as {
    http: { main: { plainUrl: string } };
    users: { user: string; password: string }[];
  };
  const dir = await mkdtemp(join(tmpdir(), 'x2go-bench-b4-'));
  const mark = join(dir, 'spawned');
  const wrapper = join(dir, 'pyhoca-cli');
  await writeFile(
    wrapper,
    `#!/bin/bash\nprintf '%s' "$EPOCHREALTIME" > '${mark}'\nexec ${PYHOCA} "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const overhead: number[] = [];
  const total: number[] = [];
  const select: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  try {
    for (let r = 0; r <= ROUNDS; r++) {
      await rm(mark, { force: true });
      let selectMs = NaN;
      let selectStart = NaN;
      let selectEnd = NaN;
      const epoch = () => performance.timeOrigin + performance.now();
      const real = createSessionFactory();
      const createSession: SessionFactory = (request) => {
        const session = real(request);
        const selectSession = session.selectSession.bind(session);
        session.selectSession = async (...args) => {
          selectStart = epoch();
          try {
            return await selectSession(...args);
          } finally {
            selectEnd = epoch();
            selectMs = selectEnd - selectStart;
          }
        };
        return session;
      };
      const backend = new Backend({
        createSession,
        launcher: createClientLauncher({ find: { clientPath: wrapper }, clients: ['pyhoca-cli'] }),
      });
      const app = await openApp(browser, backend);
      const { page } = app;
      await page.getByLabel('Broker address').fill(broker.http.main.plainUrl);
      await page.getByLabel('User name').fill('test');
      await page
        .getByLabel('Password', { exact: true })
        .fill(broker.users.find((u) => u.user === 'test')!.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const tile = page.locator(`.vitem[data-profile-id="${PROFILE}"]`);
      await tile.waitFor();
      const clickedAt = await tile.evaluate((el: HTMLElement) => {
        const at = performance.timeOrigin + performance.now();
        el.click();
        return at;
      });
      for (let i = 0; i < 400 && !existsSync(mark); i++)
        await new Promise((s) => setTimeout(s, 25));
      if (!existsSync(mark)) throw new Error('the client was not started within 10 s');
      const spawnedAt = Number(readFileSync(mark, 'utf8')) * 1000;
      // let the client give up and the app settle before closing it
      await page
        .locator('[data-screen=launch]')
        .waitFor({ state: 'detached', timeout: 60_000 })
        .catch(() => undefined);
      await app.close();
      if (r === 0) continue; // warm-up: first build, JIT, the broker's first request
      total.push(spawnedAt - clickedAt);
      select.push(selectMs);
      overhead.push(spawnedAt - clickedAt - selectMs);
      before.push(selectStart - clickedAt);
      after.push(spawnedAt - selectEnd);
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  const section = {
    overheadMs: round(median(overhead)),
    clickToSpawnMs: round(median(total)),
    selectSessionMs: round(median(select)),
    overheadMaxMs: round(Math.max(...overhead)),
    clickToSelectsessionMs: round(median(before)),
    selectsessionToSpawnMs: round(median(after)),
    rounds: ROUNDS,
    client: `${PYHOCA} (through a bash wrapper)`,
    profile: PROFILE,
  };
  console.log(
    `click → client spawned ${section.clickToSpawnMs} ms, selectsession ${section.selectSessionMs} ms, overhead ${section.overheadMs} ms (target ≤ 50) = click→selectsession ${section.clickToSelectsessionMs} + reply→spawn ${section.selectsessionToSpawnMs}`,
  );
  recordResult('B4', section);
}

await main();
