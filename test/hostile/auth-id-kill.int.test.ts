// Secrets: a kill -9 while the rotated cookie is written (--auth-id-persist,
// src/core/broker/auth-id-file.ts) leaves the old or a new cookie — never a broken file —
// whatever the moment of the kill; left-over temporary files are private (0600). Once with
// the writer alone (many kills at spread moments), once through the real CLI against a broker
// double that rotates the AUTHID on every reply.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PLAIN_PROFILE, plainList, send, startHttpDouble } from '../helpers/hostile-double';
import { privateHome } from '../helpers/hostile-env';
import { BIN, REPO } from '../helpers/run-cli';

const WRITER = new URL('../helpers/hostile-authid-writer.ts', import.meta.url).pathname;
const OLD = '11111111-2222-4333-8444-555555555555';

function checkDir(
  dir: string,
  file: string,
  valid: (text: string) => boolean,
  when: string,
): number {
  const text = readFileSync(file, 'utf8');
  assert.ok(valid(text), `${when}: broken cookie file ${JSON.stringify(text.slice(0, 200))}`);
  assert.equal(statSync(file).mode & 0o777, 0o600, `${when}: cookie file not 0600`);
  let leftovers = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.tmp')) continue;
    leftovers++;
    assert.equal(
      statSync(join(dir, name)).mode & 0o077,
      0,
      `${when}: temp file ${name} readable by others`,
    );
  }
  return leftovers;
}

describe('secrets: kill -9 during the cookie write', () => {
  it('cookie-write-kill: 25 kills at 0–60 ms into a write loop leave the old or a new cookie', async () => {
    const home = privateHome();
    try {
      const file = join(home.root, 'authid');
      writeFileSync(file, `${OLD}\n`, { mode: 0o600 });
      const valid = (t: string) => t === `${OLD}\n` || /^k-\d+-c*\n$/.test(t);
      let leftovers = 0;
      let rotated = 0;
      for (let i = 0; i < 25; i++) {
        const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, 'k'], {
          cwd: REPO,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        await new Promise<void>((r) => child.stdout.once('data', () => r()));
        await sleep((i * 37) % 61);
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        leftovers += checkDir(home.root, file, valid, `kill ${i}`);
        if (readFileSync(file, 'utf8') !== `${OLD}\n`) rotated++;
      }
      assert.ok(rotated > 0, 'no write ever completed: the kills did not hit a writing process');
      console.log(
        `# cookie-write-kill: 25 kills, ${rotated} after ≥1 rotation, ${leftovers} temp files left (0600)`,
      );
    } finally {
      home.remove();
    }
  });

  it('cookie-write-kill: kill -9 of the real CLI (--auth-id-persist) at spread moments', async () => {
    let n = 0;
    const issued = new Set<string>();
    const d = await startHttpDouble(async (_req, res) => {
      const cookie = `c0ffee00-0000-4000-8000-${String(++n).padStart(12, '0')}`;
      issued.add(cookie);
      await sleep(n % 3 === 0 ? 50 : 0);
      send(res, plainList({ p: PLAIN_PROFILE }, cookie));
    });
    const home = privateHome();
    try {
      const file = join(home.root, 'authid');
      writeFileSync(file, `${OLD}\n`, { mode: 0o600 });
      const valid = (t: string) =>
        t === `${OLD}\n` || (issued.has(t.replace(/\n$/, '')) && t.endsWith('\n'));
      for (let i = 0; i < 8; i++) {
        const child = spawn(
          process.execPath,
          [
            BIN,
            'list',
            '--broker-url',
            d.plainUrl,
            '--auth-id',
            file,
            '--auth-id-persist',
            '--json',
          ],
          {
            cwd: REPO,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...home.env },
            stdio: 'ignore',
          },
        );
        // wait for the request to reach the broker, then kill at a spread moment after it
        const before = d.requests.length;
        for (let j = 0; j < 600 && d.requests.length === before && child.exitCode === null; j++)
          await sleep(10);
        await sleep((i * 7) % 40);
        const exited = new Promise((r) =>
          child.exitCode !== null ? r(null) : child.once('exit', r),
        );
        child.kill('SIGKILL');
        await exited;
        checkDir(home.root, file, valid, `CLI kill ${i}`);
      }
    } finally {
      await d.close();
      home.remove();
    }
  });
});
