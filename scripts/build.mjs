// Builds the three Electron bundles with esbuild (no Electron binary, no vite):
//   main     src/main/index.ts     -> out/main/index.cjs     CJS, Node, every library inlined
//   preload  src/preload/index.ts  -> out/preload/index.cjs  CJS, sandbox-compatible (electron + src/shared only)
//   renderer src/renderer/main.ts  -> out/renderer/main.js   + styles.css + index.html
//   cli      src/core/cli/entry.ts -> out/cli/x2go-launcher.cjs  CJS, Node, every library inlined
//            (the headless CLI: bin/x2go-launcher.mjs runs it; npm pack and the Linux packages
//            ship it; nothing to compile at run time)
// Why CJS for main: an ESM bundle containing ssh2 dies on "Dynamic require of net"; the
// preload must be CJS because a sandboxed preload cannot be an ES module.
// Usage: node scripts/build.mjs [main] [preload] [renderer] [cli] [--outdir=DIR]
//   (default: all four into ./out; tests build into a temporary --outdir)
// Prints each output's size and the time taken.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, rm, stat } from 'node:fs/promises';
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

/** The CLI runs on the oldest Node that package.json's engines allow. */
const NODE_CLI_TARGET = 'node20';

function packageVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/**
 * ssh2 is two thirds of the CLI's libraries and only an ssh:// broker needs it, yet the core
 * imports it at module top level (src/core/transport/ssh*.ts). So the CLI bundle gets ssh2 as
 * a second file, out/cli/ssh2.cjs, and every `import … from 'ssh2'` a stand-in that requires
 * that file on first use: `list` against an http(s) broker neither compiles nor runs ssh2
 * (about 40 ms and 13 MB less per run). A build-time shim keeps the core's plain imports.
 */
const lazySsh2 = {
  name: 'lazy-ssh2',
  setup(b) {
    b.onResolve({ filter: /^ssh2$/ }, () => ({ path: 'ssh2', namespace: 'ssh2-lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'ssh2-lazy' }, () => ({
      loader: 'js',
      contents: [
        'let real;',
        "const load = () => (real ??= require('./ssh2.cjs'));",
        // esbuild's interop reads __esModule at import time: answer it without loading (the
        // core touches `ssh2.Client`, `ssh2.utils`, … only when it opens a connection).
        "module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? undefined : load()[key]) });",
      ].join('\n'),
    }));
    // the stand-in's require('./ssh2.cjs') is the separately built file next to the bundle
    b.onResolve({ filter: /^\.\/ssh2\.cjs$/ }, () => ({ path: './ssh2.cjs', external: true }));
  },
};

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
  cli: {
    outputs: ['out/cli/x2go-launcher.cjs', 'out/cli/ssh2.cjs'],
    run: async () => {
      const ssh2 = build({
        ...common,
        stdin: { contents: "module.exports = require('ssh2');", resolveDir: root, loader: 'js' },
        outfile: o('out/cli/ssh2.cjs'),
        platform: 'node',
        format: 'cjs',
        target: NODE_CLI_TARGET,
        external: ['*.node'],
        minifyWhitespace: true,
        minifySyntax: true,
        sourcemap: false,
      });
      const result = await build({
        ...common,
        entryPoints: ['src/core/cli/entry.ts'],
        outfile: o('out/cli/x2go-launcher.cjs'),
        platform: 'node',
        format: 'cjs',
        target: NODE_CLI_TARGET,
        // ssh2's optional native crypto binding is never loaded (pure JS is fast enough for
        // one broker exchange), so the bundle stays one portable file.
        external: ['*.node'],
        minifyWhitespace: true,
        minifySyntax: true,
        // No sourcemap file to ship: stack traces keep readable names (no identifier mangling).
        sourcemap: false,
        define: {
          ...common.define,
          __X2GO_LAUNCHER_VERSION__: JSON.stringify(packageVersion()),
        },
        plugins: [lazySsh2],
        banner: { js: '#!/usr/bin/env node' },
      });
      // Only the CLI's own layers may be bundled: the Electron or DOM layers would be a leak.
      const leaked = Object.keys(result.metafile.inputs).filter(
        (p) =>
          !p.startsWith('src/core/') && !p.includes('node_modules/') && !p.startsWith('ssh2-lazy:'),
      );
      if (leaked.length) throw new Error(`cli bundles foreign modules: ${leaked.join(', ')}`);
      await chmod(o('out/cli/x2go-launcher.cjs'), 0o755);
      await ssh2;
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
  console.error(
    `unknown build target(s): ${unknown.join(', ')} (use main, preload, renderer, cli)`,
  );
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
