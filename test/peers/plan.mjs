// plan.mjs — which test files run, which need test peers that are not available, and whether
// the peers must be installed and started first. Used by scripts/run-tests.sh (npm test,
// npm run test:unit); prints a line protocol on stdout:
//
//   INSTALL <group>…      root only: install.sh installs the packages of these groups
//   START_PEERS           root only: start.sh starts the peers (no BROKER_JSON that answers)
//   RUN <file>            a test file to run
//   SKIP <file>           a test file left out: it needs a peer that is not available
//   SUMMARY <text>        the lines to print once at the end (which groups, the one command)
//
//   usage: node test/peers/plan.mjs --mode=all|unit|check [PATH…]   (PATH: test files or folders)
//
// The rule (test/README.md, "How to add a test"): a test file needs a peer group when it
// imports, directly or through other helpers, that group's helper module (PEER_HELPERS), and
// exactly those files are named `*.int.test.ts` (integration); every other `*.test.ts` is a
// unit test. The name lets a reader tell them apart at a glance; the import graph is the
// truth, and a file whose name and imports disagree stops the run (--mode=check lists every
// such file; test/scripts/test-naming.test.ts runs it over test/). The import graph comes from
// esbuild (a real TypeScript parser: `import type` does not count, comments and strings do not
// fool it) rather than from a regular expression.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

const REPO = resolve(import.meta.dirname, '..', '..');

/** Helper module (repo-relative) → the peer group its importers need. */
const PEER_HELPERS = {
  'test/helpers/broker-env.ts': 'broker',
  'test/helpers/x2go-env.ts': 'clients',
  'test/helpers/daemon-env.ts': 'daemon',
  'test/helpers/packaging-env.ts': 'packaging',
  'test/renderer/helpers/harness.ts': 'chromium',
};

/** What each group is, for the summary. */
const GROUP_LABEL = {
  broker: 'x2gobroker (HTTP, HTTPS, SSH broker), its sshd and x2goserver',
  clients: 'x2goclient, pyhoca-cli and Xvfb',
  daemon: "Debian's x2gobroker-daemon, run as root",
  packaging: 'the Linux packaging tools (dpkg-deb, rpmbuild, lintian), and root to install the deb',
  chromium: 'Chromium',
};

/** The name of an integration test file (one that needs a peer group). */
const INTEGRATION_SUFFIX = '.int.test.ts';

/** Folders a folder walk does not enter (test/fixtures holds data for tests, e.g. this
 * script's own fixtures, which are named like tests; name such a file explicitly to plan it). */
const NOT_WALKED = new Set(['node_modules', 'fixtures']);

/** Test files under the given paths (files or folders), sorted, repo-relative. */
function testFiles(paths) {
  const found = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new Error(`no such file or folder: ${p}`);
    if (statSync(abs).isFile()) {
      found.push(abs);
      continue;
    }
    for (const f of readdirSync(abs, { recursive: true })) {
      const file = join(abs, String(f));
      const inside = relative(abs, file).split(sep);
      if (file.endsWith('.test.ts') && !inside.some((part) => NOT_WALKED.has(part)))
        found.push(file);
    }
  }
  return [...new Set(found.map((f) => relative(REPO, f)))].sort();
}

/**
 * For each test file, the peer groups it needs: the PEER_HELPERS among the test/ modules it
 * imports, transitively. Only test/ is walked (src/ and packages are left external).
 */
async function peerGroups(files) {
  const testDir = join(REPO, 'test') + sep;
  const result = await build({
    absWorkingDir: REPO,
    entryPoints: files,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: join(REPO, 'out', 'test-plan'),
    logLevel: 'silent',
    packages: 'external',
    plugins: [
      {
        name: 'test-folder-only',
        setup(b) {
          b.onResolve({ filter: /^\./ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            const target = resolve(args.resolveDir, args.path);
            return target.startsWith(testDir) ? undefined : { path: args.path, external: true };
          });
        },
      },
    ],
  });
  // Walk the import edges (not the bundle's contents: tree-shaking drops a module whose
  // exports go unused, yet importing it still runs it and still needs its peer).
  const { inputs } = result.metafile;
  const groups = new Map();
  for (const file of files) {
    const found = new Set();
    const seen = new Set([file]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.pop();
      const group = PEER_HELPERS[current];
      if (group) found.add(group);
      for (const edge of inputs[current]?.imports ?? []) {
        if (edge.external || seen.has(edge.path)) continue;
        seen.add(edge.path);
        queue.push(edge.path);
      }
    }
    groups.set(file, found);
  }
  return groups;
}

/** Does the broker.json at `file` describe peers that answer (main HTTP instance and sshd)? */
async function peersAnswer(file) {
  let broker;
  try {
    broker = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  const httpOk = (port) =>
    new Promise((done) => {
      const req = get({ host: '127.0.0.1', port, path: '/', timeout: 3000 }, (res) => {
        res.resume();
        done(res.statusCode === 200);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => done(false));
    });
  const tcpOk = (port) =>
    new Promise((done) => {
      const s = connect({ host: '127.0.0.1', port, timeout: 3000 }, () => {
        s.destroy();
        done(true);
      });
      s.on('timeout', () => s.destroy());
      s.on('error', () => done(false));
      s.on('close', () => done(false));
    });
  const mainPort = broker?.http?.main?.port;
  if (!Number.isInteger(mainPort) || !(await httpOk(mainPort))) return false;
  return broker.ssh ? tcpOk(broker.ssh.port) : true;
}

function programOnPath(name) {
  return (process.env.PATH ?? '')
    .split(':')
    .some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** Test files → the install.sh group of packages they use without needing a peer. */
const INSTALL_ONLY = { 'test/core/transport/ssh-login-shells.test.ts': 'shells' };

/**
 * The files whose name disagrees with their imports, each with what to do: a file that needs
 * a peer group must end in INTEGRATION_SUFFIX, and a file that ends in it must need one.
 */
function misnamed(files, needs) {
  const wrong = [];
  for (const file of files) {
    const groups = [...needs.get(file)];
    const named = file.endsWith(INTEGRATION_SUFFIX);
    if (groups.length > 0 && !named) {
      const helpers = Object.keys(PEER_HELPERS).filter((h) => groups.includes(PEER_HELPERS[h]));
      wrong.push(
        `${file}: imports ${helpers.join(', ')} (peer group ${groups.join(', ')}): ` +
          `rename it to ${file.slice(0, -'.test.ts'.length)}${INTEGRATION_SUFFIX} (git mv)`,
      );
    } else if (groups.length === 0 && named) {
      wrong.push(
        `${file}: imports no peer helper (${Object.keys(PEER_HELPERS).join(', ')}): ` +
          `rename it to ${file.slice(0, -INTEGRATION_SUFFIX.length)}.test.ts (git mv)`,
      );
    }
  }
  return wrong;
}

async function main() {
  const args = process.argv.slice(2);
  const mode = (args.find((a) => a.startsWith('--mode=')) ?? '--mode=all').slice(7);
  if (!['all', 'unit', 'check'].includes(mode))
    throw new Error(`--mode must be all, unit or check, not ${mode}`);
  const paths = args.filter((a) => !a.startsWith('--mode='));
  const files = testFiles(paths.length > 0 ? paths : ['test']);
  if (files.length === 0) throw new Error(`no test files under ${paths.join(' ')}`);
  const needs = await peerGroups(files);
  const wrong = misnamed(files, needs);
  if (mode === 'check') {
    const integration = files.filter((f) => f.endsWith(INTEGRATION_SUFFIX)).length;
    for (const w of wrong) process.stdout.write(`MISNAMED ${w}\n`);
    process.stdout.write(
      `CHECKED ${files.length - integration} unit, ${integration} integration test files\n`,
    );
    process.exitCode = wrong.length > 0 ? 1 : 0;
    return;
  }
  if (wrong.length > 0)
    throw new Error(
      `a test file's name disagrees with its imports (test/README.md, "How to add a test"):\n  ${wrong.join('\n  ')}`,
    );
  const needed = new Set([...needs.values()].flatMap((s) => [...s]));
  // files that need Debian packages but no peer (without them they skip, saying why): as
  // root `npm test` installs those too, as .ci/run does
  const installOnly = new Set(files.map((f) => INSTALL_ONLY[f]).filter(Boolean));

  const root = process.getuid?.() === 0;
  const brokerJson = process.env.BROKER_JSON;
  const out = [];
  const available = new Set();
  if (mode === 'all' && root && needed.size === 0 && installOnly.size > 0)
    out.push(`INSTALL ${[...installOnly].join(' ')}`);
  if (mode === 'all' && needed.size > 0) {
    const answers = brokerJson ? await peersAnswer(brokerJson) : false;
    if (brokerJson && !answers)
      process.stderr.write(`[test] BROKER_JSON=${brokerJson}: those peers do not answer\n`);
    if (root) {
      out.push(`INSTALL ${[...needed, ...installOnly].join(' ')}`);
      if (needed.has('broker') && !answers) out.push('START_PEERS');
      for (const g of needed) available.add(g);
    } else {
      if (answers) available.add('broker');
      if (['x2goclient', 'pyhoca-cli', 'Xvfb'].every(programOnPath)) available.add('clients');
      if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) available.add('chromium');
    }
  }

  const skipped = new Map(); // group -> files
  for (const file of files) {
    const missing = [...needs.get(file)].filter((g) => !available.has(g));
    out.push(`${missing.length === 0 ? 'RUN' : 'SKIP'} ${file}`);
    for (const g of missing) skipped.set(g, [...(skipped.get(g) ?? []), file]);
  }
  if (skipped.size > 0) {
    const count = files.filter((f) => [...needs.get(f)].some((g) => !available.has(g))).length;
    const why =
      mode === 'unit'
        ? 'npm run test:unit runs only the tests that need no peer'
        : `not root, and ${brokerJson ? `BROKER_JSON=${brokerJson} does not answer` : 'no BROKER_JSON'}`;
    out.push(
      `SUMMARY ${count} of ${files.length} test files skipped: they need test peers (${why}).`,
    );
    for (const [g, list] of skipped) {
      out.push(`SUMMARY   ${GROUP_LABEL[g]}: ${list.length} file(s): ${list.join(' ')}`);
    }
    const narrowed = paths.length > 0 ? ` -- ${paths.join(' ')}` : '';
    out.push(
      'SUMMARY Run them (as root npm test installs and starts the peers, and stops them afterwards):',
    );
    out.push(`SUMMARY   sudo env "PATH=$PATH" npm test${narrowed}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`[test] ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
