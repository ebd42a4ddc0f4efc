// Electron main entry (out/main/index.cjs; package.json "main"). It only turns on Node's
// compile cache and then requires the app bundle (out/main/app.cjs, built from index.ts):
// the cache must be on before that bundle is compiled, so it cannot be done inside it.
// With the cache, V8's compiled code for app.cjs (and the lazily loaded library files)
// is reused from disk on the next start instead of compiled again.
import { app } from 'electron';
import module from 'node:module';
import { join } from 'node:path';

/** node:module's compile cache (Node ≥ 22.1, so Electron ≥ 33); absent on older runtimes. */
const enableCompileCache = (
  module as { enableCompileCache?: (directory?: string) => { status: number; message?: string } }
).enableCompileCache;
if (enableCompileCache) {
  // In the user's own profile directory, never the shared default under the OS temp dir,
  // where another local user could plant compiled code for us to run.
  try {
    enableCompileCache(join(app.getPath('userData'), 'CompileCache'));
  } catch {
    /* no cache is only slower */
  }
}
module.createRequire(__filename)('./app.cjs');
