// The kiosk window's lock (issue 12): while the kiosk is locked it cannot be closed,
// minimised, taken out of full screen or reloaded, and its developer tools do not open. The
// right admin PIN (or powering off) releases it. Only `import type` from electron: the logic
// runs under the recording stub (test/stubs/electron) in test/main/kiosk-window.test.ts.
import type { BrowserWindow, Event, Input } from 'electron';

/** The window methods the lock uses (a BrowserWindow has them all). */
export type KioskWindow = Pick<
  BrowserWindow,
  'on' | 'restore' | 'setFullScreen' | 'setKiosk' | 'setClosable' | 'setMinimizable'
> & {
  webContents: Pick<BrowserWindow['webContents'], 'on' | 'closeDevTools'>;
};

/** Keys that would reload the page, open the developer tools or close the window. */
export function isBlockedKey(
  input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>,
): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f5' || key === 'f11' || key === 'f12') return true;
  if (mod && (key === 'r' || key === 'w' || key === 'q')) return true;
  if (mod && input.shift && (key === 'i' || key === 'j' || key === 'c')) return true;
  return input.alt && key === 'f4';
}

export interface KioskWindowLock {
  /** Give the window back its normal controls (the admin PIN was right). */
  unlock(): void;
}

/**
 * Lock `win` while `isLocked()` says so; refusals are logged with `log`. The check is asked at
 * each attempt, so powering off (which must let the window go) needs no call here.
 */
export function lockKioskWindow(
  win: KioskWindow,
  isLocked: () => boolean,
  log: (message: string) => void,
): KioskWindowLock {
  win.on('close', (event: Event) => {
    if (!isLocked()) return;
    event.preventDefault();
    log('kiosk: the window may not be closed');
  });
  win.on('minimize', () => {
    if (isLocked()) win.restore();
  });
  win.on('leave-full-screen', () => {
    if (isLocked()) win.setFullScreen(true);
  });
  win.webContents.on('devtools-opened', () => {
    if (isLocked()) win.webContents.closeDevTools();
  });
  win.webContents.on('before-input-event', (event: Event, input: Input) => {
    if (isLocked() && isBlockedKey(input)) event.preventDefault();
  });
  return {
    unlock: () => {
      win.setKiosk(false);
      win.setFullScreen(false);
      win.setClosable(true);
      win.setMinimizable(true);
    },
  };
}
