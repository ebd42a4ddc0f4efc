// Writing the bundle (`diagnose --output FILE`): mode 0600 from the first byte (it describes
// the user's setup, even masked), an existing file refused unless `force`, and a forced
// replacement tightened to 0600 too.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LauncherError } from '../errors';

/**
 * Write `text` to `file` (0600). Throws LauncherError 'diagnostics.output-exists' when the
 * file exists and `force` is false, 'diagnostics.output-failed' for any other failure.
 */
export async function writeDiagnosticsFile(
  file: string,
  text: string,
  force: boolean,
): Promise<string> {
  const path = resolve(file);
  const flags = force
    ? constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC
    : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
  let handle;
  try {
    handle = await open(path, flags | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new LauncherError(
        'diagnostics.output-exists',
        { file: path },
        `${path} already exists; it is replaced only with --force.`,
      );
    throw new LauncherError(
      'diagnostics.output-failed',
      { file: path, reason: code ?? (e as Error).message },
      `Cannot write the diagnostics to ${path}: ${(e as Error).message}`,
    );
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  return path;
}
