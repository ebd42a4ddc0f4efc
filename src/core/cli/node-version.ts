// The CLI loader's first import (./loader.ts), so it runs before any other code: an older
// Node gets one clear sentence instead of a syntax error or a missing API later (the bundle
// needs 20.19: process.getBuiltinModule, require of ES modules). Debian 12 and Ubuntu 22.04
// ship older Node.js. No imports, and syntax that Node 10 parses (the loader is built for it),
// so that sentence reaches even those. Here rather than in the deb/rpm wrapper script, which
// would start a second Node process to ask for the version on every run.

/** The oldest Node.js the CLI runs on (package.json "engines"). */
const NEEDED = [20, 19];

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < NEEDED[0]! || (major === NEEDED[0] && minor < NEEDED[1]!)) {
  process.stderr.write(
    `x2go-launcher: Node.js >= ${NEEDED.join('.')} is needed, this is ${process.versions.node}: install a newer "nodejs" (e.g. from your distribution's backports or NodeSource).\n`,
  );
  process.exit(127);
}
