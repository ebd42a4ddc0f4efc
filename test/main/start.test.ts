// `npm start` without and with an Electron binary (a recording script stands in for it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(import.meta.dirname, '..', '..');
const start = join(repo, 'scripts', 'start.mjs');

function runStart(env: Record<string, string>, args: string[]) {
  return spawnSync(process.execPath, [start, ...args], {
    cwd: repo,
    env: { ...process.env, X2GO_START_NO_BUILD: '1', ...env },
    encoding: 'utf8',
  });
}

void test('no Electron binary: a clear message, the CLI suggested, exit 1, no stack trace', () => {
  const r = runStart({ ELECTRON_PATH: '/nonexistent/electron' }, [
    '--broker-url=https://broker.example/plain/',
    '--kiosk',
    '--broker-noauth',
  ]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /Cannot start the desktop app: ELECTRON_PATH=\/nonexistent\/electron does not exist/,
  );
  assert.match(r.stderr, /node node_modules\/electron\/install\.js/);
  assert.match(
    r.stderr,
    /npx x2go-launcher list --broker-url=https:\/\/broker\.example\/plain\/ --broker-noauth\n/,
    'the CLI suggestion keeps the broker options and drops GUI-only ones',
  );
  assert.doesNotMatch(r.stderr, /^\s+at /m);
});

void test('with a binary: launched on the app dir with the arguments passed through, exit code kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'start-'));
  const fake = join(dir, 'electron');
  const record = join(dir, 'argv.txt');
  await writeFile(fake, `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\nexit 7\n`);
  await chmod(fake, 0o755);
  const r = runStart({ ELECTRON_PATH: fake }, [
    '--broker-url=http://127.0.0.1:18080/plain/',
    '--kiosk',
  ]);
  assert.equal(r.status, 7);
  assert.deepEqual((await readFile(record, 'utf8')).trim().split('\n'), [
    repo,
    '.',
    '--broker-url=http://127.0.0.1:18080/plain/',
    '--kiosk',
  ]);
});
