// The kiosk's shutdown / restart buttons (x2goclient's --haltbt, done so that they work).
//
// x2goclient's halt button only writes `$HOME/.halt` (one newline) and leaves the rest to an
// external thin-client script (x2goclient 4.1.2.2, ONMainWindow::slotShutdownThinClient; see
// docs/kiosk.md §Power). We run the system's own action — or the admin's command from policy —
// and, when policy asks, also write that file so existing thin-client scripts keep working.

import type { KioskPowerAction } from '../../shared/api';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, win32 } from 'node:path';

/** Shut down or restart: one home, the IPC contract (src/shared/api.ts). */
export type PowerAction = KioskPowerAction;

/** What policy says about the power buttons (docs/kiosk.md §Power; the policy keys come with the
 * kiosk UI). */
export interface PowerPolicy {
  /** The admin's commands as argv arrays (run without a shell); absent → the system default. */
  commands: Partial<Record<PowerAction, readonly string[]>>;
  /** Also write x2goclient's `~/.halt` file before a poweroff (for existing thin-client scripts). */
  writeHaltFile: boolean;
}

/**
 * The system's own poweroff/reboot for `platform` (Node's process.platform names), as argv.
 * Linux: `systemctl poweroff|reboot`, which asks logind, so an unprivileged kiosk user may do it
 * where polkit allows (the default for the active local seat). FreeBSD: `shutdown -p|-r now`
 * (needs the operator group). Windows: `%SystemRoot%\System32\shutdown.exe /s|/r /t 0`, by its
 * full path (a bare name would also be looked up in the current directory). macOS: System Events
 * through osascript, the Apple menu's path; the first use asks for the Automation permission,
 * which a kiosk's administrator grants once (or names a command in PowerPolicy.commands).
 * @throws Error for a platform with no known action (the caller shows it; policy can name one).
 */
export function systemPowerCommand(
  action: PowerAction,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  switch (platform) {
    case 'linux':
      return ['/usr/bin/systemctl', action];
    case 'freebsd':
      return ['/sbin/shutdown', action === 'poweroff' ? '-p' : '-r', 'now'];
    case 'win32':
      return [
        `${env.SystemRoot ?? 'C:\\Windows'}\\System32\\shutdown.exe`,
        action === 'poweroff' ? '/s' : '/r',
        '/t',
        '0',
      ];
    case 'darwin':
      return [
        '/usr/bin/osascript',
        '-e',
        `tell application "System Events" to ${action === 'poweroff' ? 'shut down' : 'restart'}`,
      ];
    default:
      throw new Error(
        `no known ${action} command on ${platform}: name one in PowerPolicy.commands`,
      );
  }
}

/** Options of runPowerAction; all injectable for tests. */
export interface RunPowerOptions {
  platform?: NodeJS.Platform;
  home?: string;
  /** Give up waiting for the command after this long (ms; default 15,000). */
  timeoutMs?: number;
}

/**
 * Run `action`: write `~/.halt` first when policy asks (poweroff only, as x2goclient does), then
 * the policy's command or the system default, and wait for it to exit.
 * Resolves with the argv that ran. Rejects with an Error naming the command and its exit status
 * or stderr tail when it fails (the kiosk shows that and stays usable).
 */
export async function runPowerAction(
  action: PowerAction,
  policy: PowerPolicy,
  options: RunPowerOptions = {},
): Promise<string[]> {
  if (policy.writeHaltFile && action === 'poweroff') {
    await writeFile(join(options.home ?? homedir(), '.halt'), '\n', { mode: 0o644 });
  }
  const argv = [
    ...(policy.commands[action] ??
      systemPowerCommand(action, options.platform ?? process.platform)),
  ];
  const [file, ...args] = argv;
  if (!file) throw new Error(`the ${action} command from policy is empty`);
  // by its full path: a bare name would be looked up on the kiosk user's PATH (and, on
  // Windows, in the current directory)
  if (!isAbsolute(file) && !win32.isAbsolute(file))
    throw new Error(`the ${action} command must name its program by full path, not "${file}"`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: false,
      timeout: options.timeoutMs ?? 15_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-500);
    });
    child.on('error', (err) => reject(new Error(`${action}: cannot run ${file}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const why = signal ? `was stopped by ${signal}` : `exited with status ${code}`;
        const tail = stderr.trim() ? `: ${stderr.trim().split('\n').slice(-2).join(' ')}` : '';
        reject(new Error(`${action}: ${file} ${why}${tail}`));
      }
    });
  });
  return argv;
}
