// Builds the three Electron bundles with esbuild (no Electron binary, no vite):
//   main     src/main/index.ts     -> out/main/index.cjs     CJS, Node, every library inlined
//   preload  src/preload/index.ts  -> out/preload/index.cjs  CJS, sandbox-compatible (electron + src/shared only)
//   renderer src/renderer/main.ts  -> out/renderer/main.js   + styles.css + index.html
// Why CJS for main: an ESM bundle containing ssh2 dies on "Dynamic require of net"; the
// preload must be CJS because a sandboxed preload cannot be an ES module.
// Usage: node scripts/build.mjs [main] [preload] [renderer] [--outdir=DIR]
//   (default: all three into ./out; tests build into a temporary --outdir)
// Prints each output's size and the time taken.
import { build } from 'esbuild';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const outRoot = outArg ? resolve(outArg.slice('--outdir='.length)) : join(root, 'out');
/** Output path for `out/…` names (the file list stays readable, the root is switchable). */
const o = (name) => join(outRoot, name.replace(/^out\//, ''));
const started = performance.now();

/** Electron 45 ships Node 22 and a recent Chromium; stay conservative until a binary confirms. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

const common = {
  absWorkingDir: root,
  bundle: true,
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: 'linked',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
};

const targets = {
  main: {
    outputs: ['out/main/index.cjs'],
    run: () =>
      build({
        ...common,
        entryPoints: ['src/main/index.ts'],
        outfile: o('out/main/index.cjs'),
        platform: 'node',
        format: 'cjs',
        target: NODE_TARGET,
        // electron is provided by the runtime; *.node: ssh2's optional native crypto binding
        // (built for plain Node's ABI, useless inside Electron: ssh2 falls back to pure JS).
        external: ['electron', '*.node'],
        // Whitespace/syntax only: 1.09 MB → 0.74 MB while names stay readable in stack traces.
        minifyWhitespace: true,
        minifySyntax: true,
        // electron-store and conf are ESM and read import.meta.url: give them the CJS equivalent.
        define: { ...common.define, 'import.meta.url': '__import_meta_url' },
        banner: {
          js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;",
        },
      }),
  },
  preload: {
    outputs: ['out/preload/index.cjs'],
    run: async () => {
      const result = await build({
        ...common,
        entryPoints: ['src/preload/index.ts'],
        outfile: o('out/preload/index.cjs'),
        // A sandboxed preload has a browser-like environment whose `require` knows only
        // electron (and a few polyfills): bundle everything else, target the browser.
        platform: 'browser',
        format: 'cjs',
        target: CHROME_TARGET,
        external: ['electron'],
      });
      // The preload may only pull in src/preload and src/shared: anything else is a layer leak.
      const leaked = Object.keys(result.metafile.inputs).filter(
        (p) => !p.startsWith('src/preload/') && !p.startsWith('src/shared/'),
      );
      if (leaked.length) throw new Error(`preload bundles foreign modules: ${leaked.join(', ')}`);
      return result;
    },
  },
  renderer: {
    outputs: ['out/renderer/index.html', 'out/renderer/main.js', 'out/renderer/styles.css'],
    run: async () => {
      const result = await build({
        ...common,
        entryPoints: { main: 'src/renderer/main.ts', styles: 'src/renderer/styles.css' },
        outdir: o('out/renderer'),
        platform: 'browser',
        format: 'iife',
        target: CHROME_TARGET,
        loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff2': 'file' },
      });
      await mkdir(o('out/renderer'), { recursive: true });
      await copyFile(join(root, 'src/renderer/index.html'), o('out/renderer/index.html'));
      return result;
    },
  },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--outdir='));
const unknown = wanted.filter((t) => !(t in targets));
if (unknown.length) {
  console.error(`unknown build target(s): ${unknown.join(', ')} (use main, preload, renderer)`);
  process.exit(2);
}
const selected = wanted.length ? wanted : Object.keys(targets);
for (const name of selected) await rm(join(outRoot, name), { recursive: true, force: true });
try {
  await Promise.all(selected.map((name) => targets[name].run()));
} catch (error) {
  // esbuild has already printed the located errors; add one line saying what failed.
  console.error(`build failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  process.exit(1);
}
for (const name of selected) {
  for (const file of targets[name].outputs) {
    const { size } = await stat(o(file));
    const shown = relative(root, o(file));
    console.log(`${shown.padEnd(28)} ${size.toLocaleString('en').padStart(10)} B`);
  }
}
console.log(`built ${selected.join(', ')} in ${Math.round(performance.now() - started)} ms`);
