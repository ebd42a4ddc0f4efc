// The kiosk's power buttons (src/core/kiosk/power.ts): the policy's command really runs (a test
// command that leaves a file), x2goclient's ~/.halt file, and failures reported with the reason.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runPowerAction, systemPowerCommand } from '../../../src/core/kiosk/power';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-power-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kiosk power actions', () => {
  it("runs the policy's command without a shell and writes ~/.halt when asked", async () => {
    const marker = join(dir, 'powered-off; echo injected');
    const argv = await runPowerAction(
      'poweroff',
      { commands: { poweroff: ['/usr/bin/touch', marker] }, writeHaltFile: true },
      { home: dir },
    );
    assert.deepEqual(argv, ['/usr/bin/touch', marker]);
    assert.ok(existsSync(marker), 'the command ran with its argument as one word');
    assert.equal(readFileSync(join(dir, '.halt'), 'utf8'), '\n');
  });

  it('writes no .halt file for a reboot or when policy does not ask', async () => {
    const home = mkdtempSync(join(dir, 'h-'));
    await runPowerAction(
      'reboot',
      { commands: { reboot: ['/bin/true'] }, writeHaltFile: true },
      { home },
    );
    await runPowerAction(
      'poweroff',
      { commands: { poweroff: ['/bin/true'] }, writeHaltFile: false },
      { home },
    );
    assert.equal(existsSync(join(home, '.halt')), false);
  });

  it('reports a failing or missing command with its status and stderr', async () => {
    await assert.rejects(
      runPowerAction('reboot', {
        commands: { reboot: ['/bin/sh', '-c', 'echo not allowed by polkit >&2; exit 3'] },
        writeHaltFile: false,
      }),
      /reboot: \/bin\/sh exited with status 3: not allowed by polkit/,
    );
    await assert.rejects(
      runPowerAction('reboot', {
        commands: { reboot: ['/nonexistent/poweroff'] },
        writeHaltFile: false,
      }),
      /reboot: cannot run \/nonexistent\/poweroff: .*ENOENT/,
    );
    await assert.rejects(
      runPowerAction('reboot', { commands: { reboot: [] }, writeHaltFile: false }),
      /empty/,
    );
    await assert.rejects(
      runPowerAction('reboot', {
        commands: { reboot: ['shutdown', '-r', 'now'] },
        writeHaltFile: false,
      }),
      /full path, not "shutdown"/,
    );
  });

  it('knows each OS’s own action', () => {
    assert.deepEqual(systemPowerCommand('poweroff', 'linux'), ['/usr/bin/systemctl', 'poweroff']);
    assert.deepEqual(systemPowerCommand('poweroff', 'freebsd'), ['/sbin/shutdown', '-p', 'now']);
    assert.deepEqual(systemPowerCommand('reboot', 'win32', { SystemRoot: 'D:\\WIN' }), [
      'D:\\WIN\\System32\\shutdown.exe',
      '/r',
      '/t',
      '0',
    ]);
    assert.match(systemPowerCommand('poweroff', 'darwin').join(' '), /System Events" to shut down/);
    assert.throws(() => systemPowerCommand('reboot', 'aix'), /PowerPolicy\.commands/);
  });
});
