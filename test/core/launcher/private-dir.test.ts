import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { PrivateDir, sweepStaleDirs } from '../../../src/core/launcher/private-dir';

function base(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

void it('private dir is 0700, files 0600, created exclusively, removed with everything in it', (t) => {
  const dir = PrivateDir.create(base(t));
  assert.equal(statSync(dir.path).mode & 0o777, 0o700);
  const key = dir.writeFile('session.key', 'secret\n');
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.throws(() => dir.writeFile('session.key', 'again'), /EEXIST/);
  assert.throws(() => dir.writeFile('../escape', 'x'), /bad private file name/);
  assert.throws(() => dir.writeFile('/etc/passwd', 'x'), /bad private file name/);
  const home = dir.mkdir('home/.x2goclient');
  assert.equal(statSync(home).mode & 0o777, 0o700);
  dir.writeFile('home/.x2goclient/sessions', '[a]\n');
  dir.remove();
  assert.equal(existsSync(dir.path), false);
  dir.remove(); // idempotent
});

void it('sweep removes only our stale dirs: dead owner pid, our prefix, a real directory', (t) => {
  const b = base(t);
  const dead = deadPid();
  const stale = join(b, `x2go-launcher-${dead}-AbC123`);
  mkdirSync(stale, { mode: 0o700 });
  writeFileSync(join(stale, 'session.key'), 'secret');
  const live = PrivateDir.create(b); // ours, alive
  const liveOther = join(b, `x2go-launcher-1-Zz9999`); // pid 1 is alive (init)
  mkdirSync(liveOther);
  writeFileSync(join(liveOther, 'owner'), `1 ${'x'}\n`); // recorded start time differs → pid reused
  const liveOtherSame = join(b, `x2go-launcher-1-Yy8888`); // pid 1, no owner file: kept
  mkdirSync(liveOtherSame);
  const foreign = join(b, `x2go-launcher-${dead}-abc`); // not our name pattern
  mkdirSync(foreign);
  const target = join(b, 'target');
  mkdirSync(target);
  const link = join(b, `x2go-launcher-${dead}-LnK000`); // symlink: never followed
  symlinkSync(target, link);
  const file = join(b, `x2go-launcher-${dead}-FiLe00`);
  writeFileSync(file, '');

  const removed = sweepStaleDirs(b);
  assert.deepEqual(removed.sort(), [liveOther, stale].sort());
  assert.equal(existsSync(stale), false);
  assert.ok(existsSync(live.path));
  assert.ok(existsSync(liveOtherSame));
  assert.ok(existsSync(foreign));
  assert.ok(existsSync(link) && existsSync(target));
  assert.ok(existsSync(file));
  live.remove();
});

void it('sweep of a missing base dir is a no-op', () => {
  assert.deepEqual(sweepStaleDirs('/nonexistent/launcher-base'), []);
});
