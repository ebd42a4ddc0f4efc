// The kiosk window's lock (src/main/kiosk-window.ts) on the recording electron stub's
// BrowserWindow: closing, minimising, leaving full screen, devtools and reload keys are refused
// while the kiosk is locked, allowed after the admin PIN (unlock) or while powering off.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { test } from 'node:test';
import { isBlockedKey, lockKioskWindow, type KioskWindow } from '../../src/main/kiosk-window';

register('../stubs/electron-esm-hooks.mjs', import.meta.url);
const electron = (await import('electron')) as unknown as {
  BrowserWindow: new (options: object) => KioskWindow & {
    emit(event: string, ...args: unknown[]): boolean;
    webContents: { emit(event: string, ...args: unknown[]): boolean };
  };
};

function stubWindow() {
  const win = new electron.BrowserWindow({ width: 800, height: 600, kiosk: true, closable: false });
  const calls: string[] = [];
  Object.assign(win, {
    restore: () => calls.push('restore'),
    setFullScreen: (on: boolean) => calls.push(`fullscreen:${on}`),
    setKiosk: (on: boolean) => calls.push(`kiosk:${on}`),
    setClosable: (on: boolean) => calls.push(`closable:${on}`),
    setMinimizable: (on: boolean) => calls.push(`minimizable:${on}`),
  });
  Object.assign(win.webContents, { closeDevTools: () => calls.push('closeDevTools') });
  return { win, calls };
}

function attempt(emit: (event: { preventDefault(): void }) => void): boolean {
  let prevented = false;
  emit({ preventDefault: () => (prevented = true) });
  return prevented;
}

void test('a locked kiosk window refuses to close, minimise, leave full screen or open devtools', () => {
  const { win, calls } = stubWindow();
  let locked = true;
  const log: string[] = [];
  lockKioskWindow(
    win,
    () => locked,
    (m) => log.push(m),
  );
  assert.equal(
    attempt((e) => win.emit('close', e)),
    true,
    'close refused',
  );
  assert.match(log.join('\n'), /may not be closed/);
  win.emit('minimize');
  win.emit('leave-full-screen');
  win.webContents.emit('devtools-opened');
  assert.deepEqual(calls, ['restore', 'fullscreen:true', 'closeDevTools']);
  const key = (k: Partial<Electron.Input>) =>
    attempt((e) =>
      win.webContents.emit('before-input-event', e, {
        type: 'keyDown',
        key: '',
        control: false,
        meta: false,
        shift: false,
        alt: false,
        ...k,
      }),
    );
  assert.equal(key({ key: 'w', control: true }), true);
  assert.equal(key({ key: 'F4', alt: true }), true);
  assert.equal(key({ key: 'I', control: true, shift: true }), true);
  assert.equal(key({ key: 'a' }), false, 'typing is not blocked');
  // powering off (the driver says unlocked): the window may go
  locked = false;
  assert.equal(
    attempt((e) => win.emit('close', e)),
    false,
  );
});

void test('unlock gives the window its controls back', () => {
  const { win, calls } = stubWindow();
  const lock = lockKioskWindow(
    win,
    () => false,
    () => undefined,
  );
  lock.unlock();
  assert.deepEqual(calls, ['kiosk:false', 'fullscreen:false', 'closable:true', 'minimizable:true']);
  assert.equal(
    attempt((e) => win.emit('close', e)),
    false,
  );
});

void test('isBlockedKey: reload, devtools and close keys; key-up and plain keys pass', () => {
  const base = { type: 'keyDown', control: false, meta: false, shift: false, alt: false };
  assert.equal(isBlockedKey({ ...base, key: 'F5' }), true);
  assert.equal(isBlockedKey({ ...base, key: 'r', meta: true }), true);
  assert.equal(isBlockedKey({ ...base, key: 'F12' }), true);
  assert.equal(isBlockedKey({ ...base, type: 'keyUp', key: 'F5' }), false);
  assert.equal(isBlockedKey({ ...base, key: 'Enter' }), false);
});
