// The window's chrome from the command line and policy (fleet-config, issue 11), with
// x2goclient's meaning (docs/command-line.md): `--no-menu` no menu bar, `--maximize` (and
// `--thinclient`, which implies it) the window starts maximized. Pure: index.ts applies it,
// test/main/window-chrome.test.ts and the stub-electron run prove it.
import type { AppArgs } from './args';

export interface WindowChrome {
  /** Remove the application menu (Menu.setApplicationMenu(null)). */
  hideMenu: boolean;
  /** Maximize the window before it is shown. */
  maximize: boolean;
}

/**
 * `platform`: Linux and Windows never get Electron's default menu (it offers nothing a
 * launcher needs); macOS keeps its app menu unless `--no-menu` or a kiosk.
 * `savedMaximized`: the window was maximized when last closed (not restored in a kiosk).
 */
export function windowChrome(
  args: Pick<AppArgs, 'noMenu' | 'maximize'>,
  kiosk: boolean,
  platform: NodeJS.Platform,
  savedMaximized: boolean,
): WindowChrome {
  return {
    hideMenu: kiosk || args.noMenu || platform !== 'darwin',
    maximize: !kiosk && (args.maximize || savedMaximized),
  };
}
