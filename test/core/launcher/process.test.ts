// Process tracking with real processes: a stand-in "client" (node) that, like x2goclient's
// --unixhelper, leaves a child behind in its own session; the key's time budget; spawn errors.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import { PrivateDir } from '../../../src/core/launcher/private-dir';
import {
  LineSplitter,
  MAX_LINE_CHARS,
  RunningClient,
  markedProcesses,
  type LaunchEvent,
} from '../../../src/core/launcher/process';
import type { BuiltLaunch } from '../../../src/core/launcher/types';

function built(script: string): BuiltLaunch {
  return {
    client: 'x2goclient',
    argv: [process.execPath, '-e', script],
    env: { LAUNCHER_TEST_ENV: 'on-top' },
    sessionFilePath: '',
    sessionFileContent: '[s]\n',
    sectionId: 's',
    dirs: ['home'],
    files: [{ name: 'sessions', content: '[s]\n' }],
    resume: null,
    stopSignal: 'SIGTERM',
    readyLine: null,
    warnings: [],
  };
}

const linux = process.platform === 'linux';

/** Alive and not a zombie (an orphan killed under a PID 1 that does not reap stays Z). */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

void it(
  'exit is reported with the last lines (key-like lines filtered), leftovers ended, dir removed',
  { skip: !linux && 'needs /proc (Linux)' },
  async (t) => {
    const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
    t.after(() => rmSync(base, { recursive: true, force: true }));
    const dir = PrivateDir.create(base);
    // the "client" starts a helper in its own session (escapes the process group), prints, exits 3
    const script = `
    const { spawn } = require('node:child_process');
    const h = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    h.unref();
    console.log('helper ' + h.pid + ' env ' + process.env.LAUNCHER_TEST_ENV);
    console.error('-----BEGIN OPENSSH PRIVATE KEY-----');
    console.error('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW');
    console.error('last words');
    setTimeout(() => process.exit(3), 200);`;
    const events: LaunchEvent[] = [];
    const client = await RunningClient.start(built(script), {
      privateDir: dir,
      onEvent: (e) => events.push(e),
    });
    assert.ok(existsSync(join(dir.path, 'sessions')));
    assert.equal(events[0]?.type, 'started');
    const exit = await client.exited;
    assert.equal(exit.code, 3);
    assert.ok(exit.lastLines.includes('last words'));
    assert.ok(exit.lastLines.some((l) => /^helper \d+ env on-top$/.test(l)));
    assert.ok(
      !exit.lastLines.some((l) => /PRIVATE KEY|b3BlbnNzaC1rZXkt/.test(l)),
      'key material filtered',
    );
    const helperPid = Number(/helper (\d+)/.exec(exit.lastLines.join('\n'))?.[1]);
    await client.done;
    assert.deepEqual(markedProcesses(client.runId), []);
    assert.ok(!isRunning(helperPid), 'the helper that ignored SIGTERM was killed');
    assert.equal(existsSync(dir.path), false);
    const cleaned = events.find((e) => e.type === 'cleaned');
    assert.ok(cleaned && cleaned.type === 'cleaned' && cleaned.killed.includes(helperPid));
    assert.deepEqual(
      events.map((e) => e.type).filter((x) => x !== 'output'),
      ['started', 'exited', 'cleaned'],
    );
  },
);

void it('stop() signals the client; SIGINT reaches it (not ignored)', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  const script = `process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(0); }); console.log('ready'); setInterval(() => {}, 1000);`;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const client = await RunningClient.start(built(script), {
    privateDir: dir,
    onEvent: (e) => e.type === 'output' && e.line === 'ready' && ready(),
  });
  await isReady;
  client.stop('SIGINT');
  const exit = await client.done;
  assert.equal(exit.code, 0);
  assert.ok(exit.lastLines.includes('got SIGINT'));
});

void it('G6: a broker key older than the budget is refused before the spawn, dir removed', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  dir.writeFile('session.key', 'k');
  const now = 1_000_000;
  await assert.rejects(
    RunningClient.start(built('process.exit(0)'), {
      privateDir: dir,
      brokerKeyReceivedAt: now - 20_001,
      now: () => now,
    }),
    (e: unknown) =>
      e instanceof LauncherError &&
      e.kind === 'timeout' &&
      /Select the session again/.test(e.details.hint ?? ''),
  );
  assert.equal(existsSync(dir.path), false);
  // within the budget it starts
  const dir2 = PrivateDir.create(base);
  const ok = await RunningClient.start(built('process.exit(0)'), {
    privateDir: dir2,
    brokerKeyReceivedAt: now - 19_000,
    now: () => now,
  });
  assert.equal((await ok.done).code, 0);
});

void it('a client that cannot be executed is LauncherError kind client', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  const b = { ...built(''), argv: [join(base, 'no-such-client')] };
  await assert.rejects(
    RunningClient.start(b, { privateDir: dir }),
    (e: unknown) =>
      e instanceof LauncherError && e.kind === 'client' && e.details.code === 'ENOENT',
  );
  assert.equal(existsSync(dir.path), false);
});

void it('a stop before the client reports its session up is held back until it does', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  // like pyhoca-cli: an interrupt while the session comes up would leave it running
  const script = `
    let up = false;
    process.on('SIGINT', () => { console.log('SIGINT when up=' + up); process.exit(0); });
    console.log('starting');
    setTimeout(() => { up = true; console.log('Press CTRL+C to terminate the running session...'); }, 600);
    setInterval(() => {}, 1000);`;
  const b = {
    ...built(script),
    stopSignal: 'SIGINT' as const,
    readyLine: /Press CTRL\+C to terminate/,
  };
  const events: LaunchEvent[] = [];
  let started!: () => void;
  const isStarting = new Promise<void>((r) => (started = r));
  const client = await RunningClient.start(b, {
    privateDir: dir,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'output' && e.line === 'starting') started();
    },
  });
  await isStarting;
  assert.equal(client.ready, false);
  client.stop(); // its own stop signal (SIGINT), held back
  const exit = await client.done;
  assert.ok(exit.lastLines.includes('SIGINT when up=true'), exit.lastLines.join(' | '));
  assert.ok(events.some((e) => e.type === 'ready'));
});

void it('I2: a failure writing the launch files removes the private dir (and the key in it)', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  dir.writeFile('session.key', 'k');
  // "owner" exists already (PrivateDir writes it): writeFile refuses to replace it
  const b = { ...built('process.exit(0)'), files: [{ name: 'owner', content: 'x' }] };
  await assert.rejects(RunningClient.start(b, { privateDir: dir }), /EEXIST/);
  assert.equal(existsSync(dir.path), false, 'dir with the key removed');
  const dir2 = PrivateDir.create(base);
  const bad = { ...built('process.exit(0)'), dirs: ['../escape'] };
  await assert.rejects(RunningClient.start(bad, { privateDir: dir2 }), /bad private directory/);
  assert.equal(existsSync(dir2.path), false);
});

void it('I2: the broker key is deleted when the client reports its session up', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  const keyFile = dir.writeFile('session.key', 'k');
  // like pyhoca-cli: logs in (reads the key), says it is up, keeps running until SIGINT
  const script = `
    const fs = require('node:fs');
    console.log('key readable at login: ' + fs.existsSync(${JSON.stringify(keyFile)}));
    setTimeout(() => console.log('Press CTRL+C to terminate the running session...'), 200);
    process.on('SIGINT', () => process.exit(0));
    setInterval(() => {}, 1000);`;
  const b = { ...built(script), stopSignal: 'SIGINT' as const, readyLine: /Press CTRL\+C/ };
  const events: LaunchEvent[] = [];
  let keyGone!: () => void;
  const isKeyGone = new Promise<void>((r) => (keyGone = r));
  const client = await RunningClient.start(b, {
    privateDir: dir,
    brokerKeyFile: keyFile,
    brokerKeyReceivedAt: Date.now(),
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'key-removed') keyGone();
    },
  });
  await isKeyGone;
  assert.equal(existsSync(keyFile), false, 'key deleted while the client runs');
  assert.ok(existsSync(join(dir.path, 'sessions')), 'the rest of the private dir stays');
  client.stop();
  const exit = await client.done;
  assert.ok(exit.lastLines.includes('key readable at login: true'));
  assert.deepEqual(
    events
      .map((e) => (e.type === 'key-removed' ? `key-removed:${e.reason}` : e.type))
      .filter((x) => x !== 'output'),
    ['started', 'ready', 'key-removed:ready', 'exited', 'cleaned'],
  );
});

void it('I2: without a ready line the broker key is deleted when its budget is over', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  const keyFile = dir.writeFile('session.key', 'k');
  const script = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`;
  let keyGone!: (reason: string) => void;
  const isKeyGone = new Promise<string>((r) => (keyGone = r));
  const now = Date.now();
  // the key arrived 19.9 s ago: 100 ms of its 20 s budget are left
  const client = await RunningClient.start(built(script), {
    privateDir: dir,
    brokerKeyFile: keyFile,
    brokerKeyReceivedAt: now - 19_900,
    now: () => now,
    onEvent: (e) => e.type === 'key-removed' && keyGone(e.reason),
  });
  assert.equal(await isKeyGone, 'budget');
  assert.equal(existsSync(keyFile), false);
  assert.equal(client.ready, true);
  client.stop();
  await client.done;
  assert.equal(existsSync(dir.path), false);
});

void it('M5: a client writing 1 MB without a newline: the line is cut at 64 KiB', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-proc-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = PrivateDir.create(base);
  const script = `
    process.stdout.write('x'.repeat(1024 * 1024), () => {
      setTimeout(() => process.stdout.write('y\\nlast words\\n', () => process.exit(0)), 100);
    });`;
  const lines: string[] = [];
  const client = await RunningClient.start(built(script), {
    privateDir: dir,
    onEvent: (e) => e.type === 'output' && lines.push(e.line),
  });
  const exit = await client.done;
  const longest = Math.max(...lines.map((l) => l.length));
  assert.ok(longest <= MAX_LINE_CHARS + 16, `longest line ${longest} characters`);
  const cut = lines.filter((l) => l.startsWith('xxx'));
  assert.equal(cut.length, 1, 'one cut line; the rest of it dropped');
  assert.ok(cut[0]!.startsWith('x'.repeat(MAX_LINE_CHARS)) && cut[0]!.endsWith('cut]'));
  assert.ok(!lines.includes('y'), 'the dropped rest ends at its newline');
  assert.equal(lines.at(-1), 'last words');
  assert.ok(exit.lastLines.includes('last words'));
});

void it('M5: LineSplitter keeps lines across chunks and caps each', () => {
  const s = new LineSplitter(8);
  assert.deepEqual(s.push('ab'), []);
  assert.deepEqual(s.push('c\r\nde'), ['abc']);
  assert.deepEqual(s.push('fghijkl'), ['defghijk [… cut]']);
  assert.deepEqual(s.push('mnop'), [], 'still dropping');
  assert.deepEqual(s.push('q\nok\n'), ['ok']);
  assert.deepEqual(s.push('123456789012\nz'), ['12345678 [… cut]']);
  assert.deepEqual(s.push('\n'), ['z']);
});
