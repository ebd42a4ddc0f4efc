// The renderer's security envelope, as pure functions so it is unit tested without Electron:
// the CSP, the BrowserWindow web preferences, and the deny-by-default policies for
// navigation, new windows, permissions and external links. index.ts only wires them up.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The custom scheme the renderer is served from (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'launcher';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Content-Security-Policy for every app:// response. No inline script, no eval, no remote
 * origin of any kind; images only from the app or data: URLs (broker icons arrive as sniffed,
 * size-capped data URLs); the renderer does no networking at all (connect-src 'none').
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent with every app:// response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface WindowOptionsInput {
  preloadPath: string;
  kiosk: boolean;
  devTools: boolean;
  bounds: WindowBounds | null;
  title: string;
  iconPath?: string;
  /** Background while the renderer loads (follows the OS theme, no white flash). */
  dark: boolean;
}

export const DEFAULT_BOUNDS: Readonly<WindowBounds> = { width: 1024, height: 720 };
export const MIN_SIZE = { width: 480, height: 400 } as const;

export function webPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools,
  };
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const bounds = input.kiosk ? DEFAULT_BOUNDS : sanitizeBounds(input.bounds);
  const options: BrowserWindowConstructorOptions = {
    title: input.title,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: input.dark ? '#1e1f22' : '#f6f7f9',
    autoHideMenuBar: true,
    kiosk: input.kiosk,
    // A kiosk user must not close or minimise the launcher away.
    closable: !input.kiosk,
    minimizable: !input.kiosk,
    webPreferences: webPreferences(input.preloadPath, input.devTools),
  };
  if (!input.kiosk && bounds.x !== undefined && bounds.y !== undefined) {
    options.x = bounds.x;
    options.y = bounds.y;
  }
  if (input.kiosk) options.fullscreen = true;
  if (input.iconPath) options.icon = input.iconPath;
  return options;
}

/** Stored bounds come from a file the user can edit: clamp them to sane numbers. */
export function sanitizeBounds(bounds: WindowBounds | null | undefined): WindowBounds {
  if (!bounds) return { ...DEFAULT_BOUNDS };
  const int = (v: unknown, min: number, max: number): number | undefined =>
    typeof v === 'number' && Number.isFinite(v)
      ? Math.min(max, Math.max(min, Math.round(v)))
      : undefined;
  const width = int(bounds.width, MIN_SIZE.width, 10_000) ?? DEFAULT_BOUNDS.width;
  const height = int(bounds.height, MIN_SIZE.height, 10_000) ?? DEFAULT_BOUNDS.height;
  const x = int(bounds.x, -20_000, 20_000);
  const y = int(bounds.y, -20_000, 20_000);
  const out: WindowBounds = { width, height };
  if (x !== undefined && y !== undefined) {
    out.x = x;
    out.y = y;
  }
  if (bounds.maximized === true) out.maximized = true;
  return out;
}

/**
 * Navigation policy: the window shows the app and nothing else. In-page (hash) changes do
 * not reach `will-navigate`; a reload of our own entry page is the only navigation allowed.
 */
export function isAllowedNavigation(target: string): boolean {
  const url = parseAppUrl(target);
  return url !== null && url.pathname === '/index.html';
}

/**
 * Parse a URL and return it only when it is ours (`app://launcher/…`). Compares scheme and
 * host, not `URL#origin`: WHATWG URL gives non-special schemes the opaque origin "null".
 */
export function parseAppUrl(input: string): URL | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username || url.password || url.port) return null;
  return url;
}

/**
 * The session-wide request filter: the app's own files, data: URLs (icons) and DevTools'
 * own pages; the renderer never talks to a broker or anything else on the network.
 */
export function isAllowedRendererRequest(url: string): boolean {
  return (
    url.startsWith(`${APP_SCHEME}://${APP_HOST}/`) ||
    url.startsWith('data:') ||
    url.startsWith('devtools://')
  );
}

/** Permission requests (camera, notifications, clipboard-read, …): none is ever granted. */
export function decidePermission(_permission: string): boolean {
  return false;
}
