// The auth-id cookie file of x2goclient's `--auth-id FILE` (docs/protocol.md §6.4): the first
// line is the cookie. We also trim surrounding blanks (the broker strips `authid` anyway). With
// `--auth-id-persist` the rotated cookie is written back atomically (temp file in the same
// directory + rename) with mode 0600, so a crash never leaves a half-written cookie and no
// other user can read it.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LauncherError } from '../errors';

/** Largest cookie file read (a cookie is a UUID; anything huge is a wrong file). */
const MAX_FILE_BYTES = 64 * 1024;
const COOKIE_TOKEN = /^[\x21-\x7e]{1,512}$/;

/**
 * Whether `cookie` is one auth-id token: 1–512 printable ASCII characters, no blanks, no
 * control characters (x2gobroker issues UUIDs, docs/protocol.md §6.1). Anything else — from a
 * file or from a broker's AUTHID:/next-authid — is refused, never sent, stored or printed.
 */
export function isAuthIdToken(cookie: string): boolean {
  return COOKIE_TOKEN.test(cookie);
}

/**
 * The cookie in an auth-id file: its first line, without the line end and surrounding blanks
 * (docs/protocol.md §6.4). Throws `usage` when the file is unreadable, larger than 64 KiB,
 * empty, or its first line is not one printable token (§6.1).
 */
export async function readAuthIdFile(path: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new LauncherError(
      'auth-id.unreadable',
      { path, error: code },
      `Cannot read the auth-id file ${path} (${code}).`,
      {
        code,
        hint: 'Give --auth-id a readable file whose first line is the cookie.',
      },
    );
  }
  if (data.length > MAX_FILE_BYTES)
    throw new LauncherError(
      'auth-id.too-large',
      { path },
      `The auth-id file ${path} is too large to be a cookie file.`,
    );
  const first = data.toString('utf8').split('\n')[0]!.replace(/\r$/, '').trim();
  if (!first)
    throw new LauncherError(
      'auth-id.empty',
      { path },
      `The auth-id file ${path} is empty (its first line is blank).`,
    );
  // A cookie is one printable token (x2gobroker: a UUID). Anything else is the wrong file —
  // and refusing it keeps a mistyped (or maliciously chosen) path such as a key file or
  // ~/.netrc from having its first line sent to a broker.
  if (!COOKIE_TOKEN.test(first))
    throw new LauncherError(
      'auth-id.malformed',
      { path },
      `The first line of ${path} does not look like an auth-id cookie (one word of printable characters).`,
      { hint: 'Give --auth-id the cookie file your administrator or broker provided.' },
    );
  return first;
}

/** Atomically replace the cookie file (0600). Throws 'protocol' for a non-token cookie. */
export async function writeAuthIdFile(path: string, cookie: string): Promise<void> {
  if (!isAuthIdToken(cookie))
    throw new LauncherError(
      'internal.auth-id-malformed',
      {},
      'Refusing to store an auth-id cookie that is not one token of printable characters.',
    );
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${cookie}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new LauncherError(
      'auth-id.write-failed',
      { path, error: code },
      `Cannot write the rotated cookie to ${path} (${code}).`,
      {
        code,
      },
    );
  }
}
