// Which local X2Go client is installed (until src/core/launcher provides detection):
// a plain PATH lookup, no shell, no process started.
import { constants, promises as fs } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LocalClientInfo } from '../shared/api';

export async function findOnPath(
  name: string,
  pathEnv = process.env.PATH ?? '',
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  const names = platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    for (const n of names) {
      const candidate = join(dir, n);
      try {
        await fs.access(candidate, constants.X_OK);
        if ((await fs.stat(candidate)).isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/** pyhoca-cli is preferred: it runs headless and reports its exit; x2goclient is the fallback. */
export async function detectClient(pathEnv?: string): Promise<LocalClientInfo> {
  for (const name of ['pyhoca-cli', 'x2goclient'] as const) {
    if (await findOnPath(name, pathEnv)) return { available: true, name };
  }
  return { available: false, name: null };
}
