// The renderer is served from app://launcher/… out of out/renderer (never file://), so the
// grantFileProtocolExtraPrivileges fuse stays off and the IPC sender check can compare an
// exact origin. resolveAppPath is the whole security decision and is pure: it maps a request
// URL to a file inside the root or refuses it (other host, traversal, encoded separators,
// NUL, dot files, unknown types).
import { promises as fs } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS, parseAppUrl } from './security';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export type Resolved = { ok: true; file: string; mime: string } | { ok: false; status: 403 | 404 };

export function resolveAppPath(root: string, requestUrl: string): Resolved {
  const url = parseAppUrl(requestUrl);
  if (!url) return { ok: false, status: 403 };
  const rawPath = url.pathname;
  // Refuse encoded separators and dots before decoding: `%2e%2e%2f` must never become `../`.
  if (/%2e|%2f|%5c|%00/i.test(rawPath)) return { ok: false, status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 403 };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 403 };
  if (path === '/' || path === '') path = '/index.html';
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) {
    return { ok: false, status: 403 };
  }
  const rootNorm = normalize(root).replace(/[\\/]+$/, '');
  const file = normalize(join(rootNorm, ...segments));
  if (!file.startsWith(rootNorm + sep)) return { ok: false, status: 403 };
  const mime = MIME_TYPES[extname(file).toLowerCase()];
  if (!mime) return { ok: false, status: 404 };
  return { ok: true, file, mime };
}

/**
 * The app:// handler for protocol.handle: GET/HEAD only, files from `root` only, every
 * response carries the CSP and the other security headers. Uses the global Response
 * (Electron main and Node ≥ 18), so tests call it without Electron.
 */
export function createAppProtocolHandler(
  root: string,
  readFile: (file: string) => Promise<Uint8Array>,
  realpath: (file: string) => Promise<string> = (f) => fs.realpath(f),
): (request: { url: string; method: string }) => Promise<Response> {
  let realRoot: Promise<string> | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: SECURITY_HEADERS });
    }
    const resolved = resolveAppPath(root, request.url);
    if (!resolved.ok)
      return new Response(null, { status: resolved.status, headers: SECURITY_HEADERS });
    // A symlink inside the root must not lead outside it (a dev tree might have one). Where
    // realpath cannot answer (a missing file; inside an asar archive on some versions) the
    // lexical check above already decided.
    let file = resolved.file;
    try {
      realRoot ??= realpath(root).catch(() => root);
      const real = await realpath(resolved.file);
      if (!real.startsWith((await realRoot) + sep)) {
        return new Response(null, { status: 403, headers: SECURITY_HEADERS });
      }
      file = real;
    } catch {
      /* keep the lexically checked path */
    }
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': resolved.mime, 'Cache-Control': 'no-store' },
    });
  };
}
