// Builds the renderer for the browser tests with the same esbuild settings as
// scripts/build.mjs (entries main.ts + styles.css, svg as data URLs, index.html copied), into
// test-artifacts/renderer/, plus the page-side test bridge as one IIFE string. Always rebuilt
// (≈100 ms) so a test never runs against a stale out/renderer.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_OUT = join(ROOT, 'test-artifacts/renderer');

let built: Promise<{ dir: string; bridgeScript: string }> | null = null;

export function buildRenderer(): Promise<{ dir: string; bridgeScript: string }> {
  built ??= (async () => {
    await mkdir(RENDERER_OUT, { recursive: true });
    await build({
      absWorkingDir: ROOT,
      entryPoints: { main: 'src/renderer/main.ts', styles: 'src/renderer/styles.css' },
      outdir: RENDERER_OUT,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome130',
      loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff2': 'file' },
      logLevel: 'warning',
      legalComments: 'none',
    });
    await copyFile(join(ROOT, 'src/renderer/index.html'), join(RENDERER_OUT, 'index.html'));
    const bridge = await build({
      absWorkingDir: ROOT,
      entryPoints: ['test/renderer/helpers/page-bridge.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'chrome130',
      logLevel: 'warning',
    });
    return { dir: RENDERER_OUT, bridgeScript: bridge.outputFiles[0]!.text };
  })();
  return built;
}

export async function readBuilt(file: string): Promise<Buffer> {
  return readFile(join(RENDERER_OUT, file));
}
