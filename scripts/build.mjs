// Builds the three Electron bundles with esbuild (no Electron binary, no vite):
//   main     src/main/boot.ts      -> out/main/index.cjs     compile cache on, then requires
//            src/main/index.ts     -> out/main/app.cjs       CJS, Node, every library inlined
//            (ssh2, ajv, semver: out/main/ssh2.cjs, …, loaded on first use)
//   preload  src/preload/index.ts  -> out/preload/index.cjs  CJS, sandbox-compatible (electron + src/shared only)
//   renderer src/renderer/main.ts  -> out/renderer/main.js   + styles.css + index.html
//   cli      src/core/cli/loader.ts -> out/cli/x2go-launcher.cjs  the CLI's first file: loads
//            src/core/cli/entry.ts -> out/cli/main.cjs  CJS, Node, every library inlined,
//            with V8's compiled code kept between runs (see loader.ts)
//            (ssh2, plist: out/cli/ssh2.cjs, out/cli/plist.cjs, loaded on first use)
//            (the headless CLI: bin/x2go-launcher.cjs runs it; npm pack and the Linux packages
//            ship it; nothing to compile at run time)
// Why CJS for main: an ESM bundle containing ssh2 dies on "Dynamic require of net"; the
// preload must be CJS because a sandboxed preload cannot be an ES module.
// Usage: node scripts/build.mjs [main] [preload] [renderer] [cli] [--outdir=DIR]
//   (default: all four into ./out; tests build into a temporary --outdir)
// Prints each output's size and the time taken.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
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
 * Libraries only some code paths need, kept out of the start-up path. The core imports ssh2
 * (only ssh:// brokers need it) at module top level, and
 * electron-store's conf imports ajv (only for a `schema`, which we never pass) and semver
 * (only for `migrations`, never passed either). In a bundle, each such `import` gets a
 * stand-in whose first real use requires the library from its own file next to the bundle
 * (out/main/ssh2.cjs, out/cli/ssh2.cjs, …): the sign-in screen and `--help` compile and
 * run none of them, `list` over http(s) never touches ssh2. The stand-in knows the library's
 * export names (read here, at build time) so esbuild's import interop sees them without
 * loading anything. Groups: one file per entry, holding the modules listed (ajv and
 * ajv-formats share one copy of ajv's code).
 * A build-time shim, because the alternative is editing the core's plain static imports
 * (and electron-store's); Node's own lazy loading has no such hook for a bundle.
 */
const LAZY_CLI = { ssh2: ['ssh2'], plist: ['plist', 'bplist-parser'] };
const LAZY_MAIN = { ...LAZY_CLI, ajv: ['ajv/dist/2020.js', 'ajv-formats'], semver: ['semver'] };

/**
 * Modules evaluated on first use, not at start: Node builtins that cost start-up time (first
 * load, CPU ms on the 2-core bench machine: crypto 10, child_process 4–9, fs/promises 3,
 * tty 7, zlib 6) and saxes (its XML character tables, ~10 ms; only SVG icons need it). The
 * core imports them at module top level (crypto for known_hosts hashing and auth-id files,
 * child_process for the launcher, …), so a bundle would evaluate them all at every start;
 * with a stand-in (deferredStandIn) `list` over http loads none of them but http and, for an
 * SVG icon, saxes. saxes stays inside the bundle (evaluated at its first call); builtins are
 * required from Node. fs, path, util and os are loaded by Node's own start and stay direct.
 */
const DEFERRED = [
  'saxes',
  'node:crypto',
  'node:child_process',
  'node:fs/promises',
  // the health check's name lookups only (1.5–6 ms at start otherwise)
  'node:dns/promises',
  'node:timers/promises',
  'node:tty',
  'node:zlib',
  'node:net',
  'node:tls',
  'node:http',
  'node:https',
];
const requireHere = createRequire(join(root, 'package.json'));

/** Whether `name` loads with require() (plist, for one, exports an ES module only). */
function requirable(name) {
  try {
    requireHere.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** A module's export names, as esbuild's CJS interop will enumerate them. */
async function exportNames(name) {
  try {
    return Object.keys(requirable(name) ? requireHere(name) : await import(name));
  } catch {
    return [];
  }
}

/**
 * A deferred module's stand-in: an ES module with one wrapper per exported function or class,
 * which loads the module at its first call (or `new`); its `require` resolves normally (a
 * builtin stays external, a library is bundled in esbuild's lazily evaluated wrapper). As an ES module it costs nothing at start:
 * esbuild links the importers straight to the wrappers they use (a CommonJS stand-in is copied
 * name by name into every importing file, milliseconds for node:crypto's 80 names). Exports
 * that are not functions (e.g. `constants`) are left out: importing one fails the build
 * ("No matching export"), so a builtin whose constants a module needs cannot be listed by mistake.
 * Not for `instanceof` or subclassing (the wrapper is not the class); no source does either.
 */
function deferredStandIn(load, module) {
  const real = requireHere(module);
  const names = Object.keys(real).filter(
    (n) => typeof real[n] === 'function' && /^[A-Za-z_$][\w$]*$/.test(n),
  );
  return [
    'let real;',
    `const load = () => (real ??= ${load});`,
    ...names.map(
      (n) =>
        `export function ${n}(...args) { return new.target ? new (load().${n})(...args) : load().${n}(...args); }`,
    ),
    // `import crypto from 'node:crypto'` (electron-store's conf does): the module object,
    // loaded at its first property read.
    'export default /* @__PURE__ */ new Proxy({}, { get: (_, key) => load()[key] });',
  ].join('\n');
}

/** A library's stand-in: a Proxy, because a library's export may be called or constructed. */
function libraryStandIn(load, names) {
  return [
    'let real;',
    `const load = () => (real ??= ${load});`,
    `const names = new Set(${JSON.stringify(names)});`,
    'module.exports = new Proxy(function lazyLibrary() {}, {',
    "  get: (_, key) => (key === '__esModule' ? undefined : load()[key]),",
    '  apply: (_, self, args) => Reflect.apply(load(), self, args),',
    '  construct: (_, args, target) => Reflect.construct(load(), args, target),',
    '  ownKeys: (t) => [...new Set([...Reflect.ownKeys(t), ...names])],',
    '  getOwnPropertyDescriptor: (t, key) =>',
    '    Reflect.getOwnPropertyDescriptor(t, key) ??',
    '    (names.has(key) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined),',
    '});',
  ].join('\n');
}

function lazyLibraries(groups, deferred = []) {
  const fileOf = new Map(Object.entries(groups).flatMap(([f, ms]) => ms.map((m) => [m, f])));
  const escape = (m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const names = [...fileOf.keys(), ...deferred];
  const filter = new RegExp(`^(${names.map(escape).join('|')})$`);
  /** The expression that loads the real module: deferred by name, a library from its file. */
  const loader = (m) =>
    deferred.includes(m)
      ? `require(${JSON.stringify(m)})`
      : `require('./${fileOf.get(m)}.cjs')[${JSON.stringify(m)}]`;
  return {
    name: 'lazy-libraries',
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.namespace === 'lazy-library'
          ? undefined
          : { path: args.path, namespace: 'lazy-library' },
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, async (args) => ({
        loader: 'js',
        contents: deferred.includes(args.path)
          ? deferredStandIn(loader(args.path), args.path)
          : libraryStandIn(loader(args.path), await exportNames(args.path)),
        resolveDir: root,
      }));
      b.onResolve({ filter: /^\.\/[\w-]+\.cjs$/ }, (args) =>
        args.namespace === 'lazy-library' ? { path: args.path, external: true } : undefined,
      );
    },
  };
}

/**
 * The source of a group's file: each module exported under its own name, as `require` gives
 * it (CommonJS libraries), or as its namespace object (ES-module-only ones such as plist).
 */
function groupSource(modules) {
  return modules
    .map((m, i) =>
      requirable(m)
        ? `const m${i} = require(${JSON.stringify(m)});\nexport { m${i} as ${JSON.stringify(m)} };`
        : `import * as m${i} from ${JSON.stringify(m)};\nexport { m${i} as ${JSON.stringify(m)} };`,
    )
    .join('\n');
}

/** The lazily loaded libraries of `groups`, one CJS file per group in `dir`. */
function buildLibraries(groups, dir, target) {
  return Object.entries(groups).map(([file, modules]) =>
    build({
      ...common,
      stdin: {
        contents: groupSource(modules),
        resolveDir: root,
        loader: 'js',
      },
      outfile: join(dir, `${file}.cjs`),
      platform: 'node',
      format: 'cjs',
      target,
      // ssh2's optional native crypto binding: built for plain Node's ABI (useless inside
      // Electron) and not portable; ssh2 falls back to pure JS.
      external: ['*.node'],
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: false,
    }),
  );
}

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
    outputs: [
      'out/main/index.cjs',
      'out/main/app.cjs',
      ...Object.keys(LAZY_MAIN).map((l) => `out/main/${l}.cjs`),
    ],
    run: async () => {
      const libraries = buildLibraries(LAZY_MAIN, o('out/main'), NODE_TARGET);
      // index.cjs turns on the compile cache, then requires app.cjs (the app) — see boot.ts.
      const boot = build({
        ...common,
        entryPoints: ['src/main/boot.ts'],
        outfile: o('out/main/index.cjs'),
        platform: 'node',
        format: 'cjs',
        target: NODE_TARGET,
        external: ['electron'],
      });
      const app = build({
        ...common,
        entryPoints: ['src/main/index.ts'],
        outfile: o('out/main/app.cjs'),
        platform: 'node',
        format: 'cjs',
        target: NODE_TARGET,
        // electron is provided by the runtime; *.node: see buildLibrary.
        external: ['electron', '*.node'],
        // Whitespace/syntax only: names stay readable in stack traces.
        minifyWhitespace: true,
        minifySyntax: true,
        // electron-store and conf are ESM and read import.meta.url: give them the CJS equivalent.
        define: { ...common.define, 'import.meta.url': '__import_meta_url' },
        banner: {
          js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;",
        },
        plugins: [lazyLibraries(LAZY_MAIN, DEFERRED)],
      });
      await Promise.all([boot, ...libraries]);
      return app;
    },
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
    outputs: [
      'out/cli/x2go-launcher.cjs',
      'out/cli/main.cjs',
      ...Object.keys(LAZY_CLI).map((l) => `out/cli/${l}.cjs`),
    ],
    run: async () => {
      const libraries = buildLibraries(LAZY_CLI, o('out/cli'), NODE_CLI_TARGET);
      const result = await build({
        ...common,
        entryPoints: ['src/core/cli/entry.ts'],
        outfile: o('out/cli/main.cjs'),
        platform: 'node',
        format: 'cjs',
        target: NODE_CLI_TARGET,
        minifyWhitespace: true,
        minifySyntax: true,
        // No sourcemap file to ship: stack traces keep readable names (no identifier mangling).
        sourcemap: false,
        // ASCII (esbuild escapes the rest): the loader reads it as latin1, no UTF-8 decoding.
        charset: 'ascii',
        define: {
          ...common.define,
          __X2GO_LAUNCHER_VERSION__: JSON.stringify(packageVersion()),
        },
        plugins: [lazyLibraries(LAZY_CLI, DEFERRED)],
      });
      // Only the CLI's own layer and the plain shared modules may be bundled: the Electron or
      // DOM layers would be a leak.
      const leaked = Object.keys(result.metafile.inputs).filter(
        (p) =>
          !p.startsWith('src/core/') &&
          !p.startsWith('src/shared/') &&
          !p.includes('node_modules/') &&
          !p.startsWith('lazy-library:'),
      );
      if (leaked.length) throw new Error(`cli bundles foreign modules: ${leaked.join(', ')}`);
      // The loader (src/core/cli/loader.ts) keys its code cache by the bundle's hash and length.
      const bundle = await readFile(o('out/cli/main.cjs'));
      if (bundle.some((b) => b > 0x7f)) throw new Error('out/cli/main.cjs is not ASCII');
      const loader = await build({
        ...common,
        entryPoints: ['src/core/cli/loader.ts'],
        outfile: o('out/cli/x2go-launcher.cjs'),
        platform: 'node',
        format: 'cjs',
        // parsed by any Node, so that node-version.ts can say which one is needed
        target: 'node10',
        minifyWhitespace: true,
        minifySyntax: true,
        sourcemap: false,
        define: {
          __X2GO_CLI_MAIN_SHA256__: JSON.stringify(
            createHash('sha256').update(bundle).digest('hex'),
          ),
          __X2GO_CLI_MAIN_BYTES__: String(bundle.length),
        },
        banner: { js: '#!/usr/bin/env node' },
      });
      // the loader's own small, import-free helpers only (nothing here may cost what it saves)
      const own = [
        'src/core/cli/loader.ts',
        'src/core/cli/node-version.ts',
        'src/core/cli/code-cache-identity.ts',
      ];
      const foreign = Object.keys(loader.metafile.inputs).filter((p) => !own.includes(p));
      if (foreign.length) throw new Error(`the CLI loader imports ${foreign.join(', ')}`);
      await chmod(o('out/cli/x2go-launcher.cjs'), 0o755);
      await Promise.all(libraries);
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
