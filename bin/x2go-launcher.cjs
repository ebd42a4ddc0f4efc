#!/usr/bin/env node
// Headless CLI entry (`x2go-launcher …`, `npx x2go-launcher …`). Runs the bundle that
// scripts/build.mjs makes (out/cli/x2go-launcher.cjs, which loads out/cli/main.cjs with its
// compiled code cached per user: plain JavaScript, every library inside, nothing compiled
// from TypeScript at run time); that is what `npm pack` and the Linux packages ship.
// In a clone the bundle is used only while it is newer than every file under src/core;
// otherwise (never built, or sources edited since; or X2GO_LAUNCHER_FROM_SOURCE=1) the
// TypeScript sources run through tsx, a devDependency, so a clone never runs stale code.
// CommonJS on purpose: an ES-module entry starts Node's ESM loader, ~20 ms of CPU at every
// start (bench B2); bin/x2go-launcher.mjs stays as a wrapper for callers that name it.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (see above) */
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'out', 'cli', 'x2go-launcher.cjs');
const sources = join(__dirname, '..', 'src', 'core');

/** Newest modification time (ms) of the files below `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = `${entry.parentPath ?? entry.path}/${entry.name}`;
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsCurrent() {
  if (process.env.X2GO_LAUNCHER_FROM_SOURCE === '1' || !existsSync(bundle)) return false;
  // An installed package has no sources: its bundle is the CLI.
  return !existsSync(sources) || newestMtime(sources) <= statSync(bundle).mtimeMs;
}

if (bundleIsCurrent()) {
  require(bundle); // its code cache: src/core/cli/loader.ts
} else {
  void (async () => {
    let register;
    try {
      ({ register } = await import('tsx/esm/api'));
    } catch {
      process.stderr.write(
        'x2go-launcher: the CLI is not built (out/cli/x2go-launcher.cjs) and tsx is not installed: run "npm run build" first.\n',
      );
      process.exit(1);
    }
    register();
    const { main } = await import('../src/core/cli/main.ts');
    process.exitCode = await main(process.argv.slice(2));
  })();
}
