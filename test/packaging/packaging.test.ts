// electron-builder --linux --dir, offline, against a generated stub Electron dist: validates
// electron-builder.yml against the schema, packs the real build output, and reads back what
// ships — the asar's exact contents, resources, and every fuse flipped as configured.
// (AppImage/deb/rpm/nsis/msi/dmg need downloads or other OSes: not checkable here.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { makePlaceholderElectronDist, readFuses } from '../../scripts/lib/electron-placeholder';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repo = join(import.meta.dirname, '..', '..');

void test('linux --dir package: asar holds only the bundles, fuses as configured', async () => {
  const project = await mkdtemp(join(tmpdir(), 'pack-'));
  for (const f of ['package.json', 'electron-builder.yml', 'assets', 'packaging']) {
    await cp(join(repo, f), join(project, f), { recursive: true });
  }
  await symlink(join(repo, 'node_modules'), join(project, 'node_modules'));
  await run(process.execPath, [
    join(repo, 'scripts/build.mjs'),
    `--outdir=${join(project, 'out')}`,
  ]);
  const dist = await makePlaceholderElectronDist(join(project, 'stub-dist'));
  const builder = join(repo, 'node_modules', 'electron-builder', 'cli.js');
  await run(process.execPath, [builder, '--linux', '--dir', `-c.electronDist=${dist}`], {
    cwd: project,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const unpacked = join(project, 'release', 'linux-unpacked');

  const asar = require('@electron/asar') as {
    listPackage(p: string, o: object): string[];
    extractFile(p: string, f: string): Buffer;
  };
  const appAsar = join(unpacked, 'resources', 'app.asar');
  const files = asar
    .listPackage(appAsar, {})
    .filter((p) => /\.[a-z]+$/.test(p))
    .sort();
  assert.deepEqual(files, [
    '/out/main/ajv.cjs',
    '/out/main/app.cjs',
    '/out/main/index.cjs',
    '/out/main/plist.cjs',
    '/out/main/semver.cjs',
    '/out/main/ssh2.cjs',
    '/out/preload/index.cjs',
    '/out/renderer/index.html',
    '/out/renderer/main.js',
    '/out/renderer/styles.css',
    '/package.json',
  ]);
  const pkg = JSON.parse(asar.extractFile(appAsar, 'package.json').toString()) as {
    main: string;
    dependencies?: Record<string, string>;
  };
  assert.equal(pkg.main, 'out/main/index.cjs');
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'runtime libraries are bundled');
  assert.equal(await readFile(join(unpacked, 'resources', 'defaults.json'), 'utf8'), '{}\n');
  JSON.parse(await readFile(join(unpacked, 'resources', 'config.example.json'), 'utf8'));

  // The headless CLI ships in resources/cli and runs there with plain Node, away from the repo.
  const cli = join(unpacked, 'resources', 'cli', 'x2go-launcher.cjs');
  assert.deepEqual((await readdir(join(unpacked, 'resources', 'cli'))).sort(), [
    'main.cjs',
    'plist.cjs',
    'ssh2.cjs',
    'x2go-launcher.cjs',
  ]);
  const version = await run(process.execPath, [cli, '--version'], { cwd: tmpdir() });
  assert.match(version.stdout, /^x2go-launcher \d+\.\d+\.\d+\n$/);
  // The /usr/bin wrapper of the deb/rpm (scripts/package-linux.ts) runs exactly that file of
  // the installed app (/usr/lib/x2go-launcher, electron-installer-debian/-redhat's layout).
  const wrapper = await readFile(join(repo, 'packaging/linux/x2go-launcher-cli'), 'utf8');
  assert.ok(
    wrapper.includes(`cli='/usr/lib/x2go-launcher/resources/cli/x2go-launcher.cjs'`),
    'the wrapper names the installed bundle',
  );
  assert.equal((await stat(join(repo, 'packaging/linux/x2go-launcher-cli'))).mode & 0o111, 0o111);

  assert.deepEqual(readFuses(await readFile(join(unpacked, 'x2go-launcher'))), {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
});
