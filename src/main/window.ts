// The one application window, hardened: options from security.ts, deny-by-default handlers
// on its webContents (navigation, new windows, webviews), bounds saved on close.
import type { BrowserWindow, WebContents } from 'electron';
import { isAllowedNavigation } from './security';

export interface HardenLog {
  warn(message: string): void;
}

/**
 * Applied to every webContents the app creates (app 'web-contents-created'): no navigation
 * away from app://launcher/index.html, no new windows, no <webview>.
 */
export function hardenWebContents(contents: WebContents, log: HardenLog): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      log.warn(`navigation refused: ${url.slice(0, 200)}`);
    }
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-frame-navigate', (event) => refuseNavigation(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`new window refused: ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

export function currentBounds(win: BrowserWindow): {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
} {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}
