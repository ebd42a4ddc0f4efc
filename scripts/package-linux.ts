// `npm run package:linux` — the deb and rpm of X2Go Launcher, built offline.
//
//   1. scripts/build.mjs: the app's bundles and the CLI bundle, into a scratch copy of the
//      project (the repository's out/ is left alone: tests may be reading it);
//   2. electron-builder --linux --dir: the unpacked app (asar, fuses, resources/cli);
//   3. electron-installer-debian / electron-installer-redhat (electron-userland, maintained):
//      the packages through the system's dpkg-deb (under fakeroot) and rpmbuild. electron-builder's
//      own deb/rpm targets download fpm and a Ruby at build time, which a build machine without
//      internet cannot; these two need only the system tools.
//
// Without a real Electron binary (node_modules/electron/dist/electron, absent wherever
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 was needed) the packages carry a PLACEHOLDER that prints so
// and exits 1: layout, metadata, desktop entry, icons and the CLI are real and testable, the GUI
// is not. The placeholder is marked in the file name (`+placeholder`), the package description
// and /usr/lib/x2go-launcher/PLACEHOLDER. docs/packaging.md describes the release build.
//
// Options: --out=DIR (default release/linux), --electron-dist=DIR (a real Electron dist),
//          --only=deb|rpm, --skip-build (reuse out/**).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  copyFile,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { makePlaceholderElectronDist } from './lib/electron-placeholder';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repo = resolve(import.meta.dirname, '..');

/** The name the packages install under: /usr/lib/NAME, /usr/bin/NAME, NAME.desktop. */
export const PACKAGE_NAME = 'x2go-launcher';
/** The URL scheme of deep links (docs/packaging.md; the desktop entry declares it). */
export const URL_SCHEME = 'x2go-launcher';

interface Pkg {
  version: string;
  description: string;
  homepage: string;
  license: string;
  author: string;
}

const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: join(repo, 'release', 'linux') },
    'electron-dist': { type: 'string' },
    only: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
  },
});

function log(message: string): void {
  console.log(`[package:linux] ${message}`);
}

/** A real Electron dist, or null: the electron package's binary when it was downloaded. */
function realElectronDist(): string | null {
  if (opts['electron-dist']) return resolve(opts['electron-dist']);
  const dist = join(repo, 'node_modules', 'electron', 'dist');
  return existsSync(join(dist, 'electron')) && existsSync(join(dist, 'resources.pak'))
    ? dist
    : null;
}

async function main(): Promise<void> {
  const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as Pkg;
  const out = resolve(opts.out);
  const work = await mkdtemp(join(tmpdir(), 'x2go-package-linux-'));
  try {
    let dist = realElectronDist();
    const placeholder = dist === null;
    if (placeholder) {
      dist = await makePlaceholderElectronDist(join(work, 'electron-dist'));
      log('no Electron binary here: packaging a marked PLACEHOLDER (see docs/packaging.md)');
    }
    const unpacked = await unpackedApp(work, dist!);
    if (placeholder) {
      await writeFile(
        join(unpacked, 'PLACEHOLDER'),
        'This package was built without the Electron binary (a placeholder stands in for\n' +
          'x2go-launcher). Layout, metadata and the CLI are real; the GUI is not. Build a\n' +
          'release package on a machine with the Electron binary (docs/packaging.md).\n',
      );
    }
    await mkdir(out, { recursive: true });
    const suffix = placeholder ? '+placeholder' : '';
    const common = await commonOptions(pkg, unpacked, placeholder);
    if (opts.only !== 'rpm') log(`deb: ${await buildDeb(common, out, pkg, suffix)}`);
    if (opts.only !== 'deb') log(`rpm: ${await buildRpm(common, out, pkg, suffix)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** electron-builder --linux --dir in a scratch copy of the project; the linux-unpacked path. */
async function unpackedApp(work: string, dist: string): Promise<string> {
  const project = join(work, 'project');
  await mkdir(project);
  for (const f of ['package.json', 'electron-builder.yml', 'assets']) {
    await cp(join(repo, f), join(project, f), { recursive: true });
  }
  if (opts['skip-build']) await cp(join(repo, 'out'), join(project, 'out'), { recursive: true });
  else {
    log('building the bundles (scripts/build.mjs)');
    await run(
      process.execPath,
      [join(repo, 'scripts', 'build.mjs'), `--outdir=${join(project, 'out')}`],
      {
        cwd: repo,
      },
    );
  }
  await symlink(join(repo, 'node_modules'), join(project, 'node_modules'));
  log('electron-builder --linux --dir');
  await run(
    process.execPath,
    [
      join(repo, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      '--dir',
      `-c.electronDist=${dist}`,
    ],
    {
      cwd: project,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return join(project, 'release', 'linux-unpacked');
}

/** Options both installers share (electron-installer-common's names). */
async function commonOptions(pkg: Pkg, src: string, placeholder: boolean) {
  const icons = join(src, '..', 'icons');
  await mkdir(icons, { recursive: true });
  await copyFile(join(repo, 'assets', 'icon.png'), join(icons, '512.png'));
  await copyFile(join(repo, 'assets', 'icon.svg'), join(icons, 'scalable.svg'));
  const note = placeholder
    ? '\n\nPLACEHOLDER BUILD: this package carries no Electron binary; the GUI does not start.'
    : '';
  return {
    src,
    name: PACKAGE_NAME,
    bin: PACKAGE_NAME,
    productName: 'X2Go Launcher',
    genericName: 'Remote desktop launcher',
    description: 'X2Go session broker launcher',
    productDescription:
      'Sign in to an X2Go Session Broker over HTTP(S) or SSH, pick a session profile and ' +
      'start it with the local X2Go client (x2goclient or pyhoca-cli). Includes the ' +
      `headless command line x2go-launcher-cli.${note}`,
    version: pkg.version,
    revision: '1',
    arch: 'amd64',
    homepage: pkg.homepage,
    license: pkg.license,
    categories: ['Network', 'RemoteAccess'],
    mimeType: [`x-scheme-handler/${URL_SCHEME}`],
    desktopTemplate: join(repo, 'packaging', 'linux', 'desktop.ejs'),
    icon: { '512x512': join(icons, '512.png'), scalable: join(icons, 'scalable.svg') },
    logger: () => undefined,
  };
}

type Common = Awaited<ReturnType<typeof commonOptions>>;

/** The extra files both packages carry beside the app (staged at `root`, e.g. …/usr). */
async function stageExtras(usr: string): Promise<void> {
  await copyFile(
    join(repo, 'packaging', 'linux', 'copyright'),
    join(usr, 'share', 'doc', PACKAGE_NAME, 'copyright'),
  ).catch(async () => {
    await mkdir(join(usr, 'share', 'doc', PACKAGE_NAME), { recursive: true });
    await copyFile(
      join(repo, 'packaging', 'linux', 'copyright'),
      join(usr, 'share', 'doc', PACKAGE_NAME, 'copyright'),
    );
  });
  await mkdir(join(usr, 'bin'), { recursive: true });
  await copyFile(
    join(repo, 'packaging', 'linux', 'x2go-launcher-cli'),
    join(usr, 'bin', 'x2go-launcher-cli'),
  );
  const doc = join(usr, 'share', 'doc', PACKAGE_NAME);
  await mkdir(doc, { recursive: true });
  await copyFile(join(repo, 'assets', 'config.example.json'), join(doc, 'config.example.json'));
  await copyFile(join(repo, 'packaging', 'linux', 'README.policy'), join(doc, 'README.policy'));
}

async function buildDeb(common: Common, out: string, pkg: Pkg, suffix: string): Promise<string> {
  const debian = require('electron-installer-debian') as {
    Installer: new (options: object) => DebInstaller;
    transformVersion(v: string): string;
  };
  const file = join(
    out,
    `${PACKAGE_NAME}_${debian.transformVersion(pkg.version)}-1${suffix}_amd64.deb`,
  );
  interface DebInstaller {
    readonly contentFunctions: string[];
    stagingDir: string;
    baseAppDir: string;
    options: { rename: (dest: string) => string };
    generateDefaults(): Promise<void>;
    generateOptions(): void;
    createStagingDir(): Promise<void>;
    createContents(): Promise<void>;
    createPackage(): Promise<void>;
    movePackage(): Promise<void>;
  }
  // The CLI wrapper, the example policy and the policy README go in with the app.
  class Installer extends debian.Installer {
    override get contentFunctions(): string[] {
      // createCopyright would copy Electron's LICENSE as the package's copyright file; ours
      // (packaging/linux/copyright, DEP-5) names both licenses and is written by stageExtras.
      return [...super.contentFunctions.filter((f) => f !== 'createCopyright'), 'stageExtras'];
    }
    async stageExtras(): Promise<void> {
      await stageExtras(join(this.stagingDir, this.baseAppDir));
      // The policy directory exists from the start, so admins find it (README.policy).
      await mkdir(join(this.stagingDir, 'etc', PACKAGE_NAME), { recursive: true });
    }
    // dpkg-deb writes no DEBIAN/md5sums; dpkg --verify and debsums need it.
    override async createPackage(): Promise<void> {
      await writeMd5sums(this.stagingDir);
      await super.createPackage();
    }
    // The installer wraps at 80 columns plus the leading space (lintian's
    // extended-description-line-too-long): wrap at 78, no trailing blanks.
    normalizeExtendedDescription(text: string): string {
      return text
        .split(/\r?\n/)
        .map((line) => (line.trim() === '' ? ' .' : wrapLine(line, 78)))
        .join('\n');
    }
  }
  const deb = new Installer({
    ...common,
    dest: out,
    section: 'net',
    priority: 'optional',
    maintainer: pkg.author,
    depends: ['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'libasound2', 'libgbm1', 'xdg-utils'],
    recommends: ['pyhoca-cli | x2goclient', 'nodejs'],
    lintianOverrides: LINTIAN_OVERRIDES,
    rename: () => file,
  });
  await deb.generateDefaults();
  deb.generateOptions();
  await deb.createStagingDir();
  await deb.createContents();
  await deb.createPackage();
  await deb.movePackage();
  return file;
}

/** DEBIAN/md5sums of every regular file under `root` except DEBIAN/ (dpkg's format). */
async function writeMd5sums(root: string): Promise<void> {
  const lines: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name));
    if (path.startsWith('DEBIAN/')) continue;
    const sum = createHash('md5')
      .update(await readFile(join(root, path)))
      .digest('hex');
    lines.push(`${sum}  ${path}`);
  }
  await writeFile(join(root, 'DEBIAN', 'md5sums'), `${lines.sort().join('\n')}\n`, { mode: 0o644 });
}

/** `line` wrapped at `width` columns (each output line indented by one space, as control files want). */
function wrapLine(line: string, width: number): string {
  const out: string[] = [];
  let current = '';
  for (const word of line.trim().split(/\s+/)) {
    if (current && current.length + 1 + word.length > width - 1) {
      out.push(` ${current}`);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(` ${current}`);
  return out.join('\n');
}

/**
 * Lintian tags the deb keeps, each with the reason (docs/packaging.md §lintian lists them too).
 * electron-installer-debian writes them to /usr/share/lintian/overrides/x2go-launcher.
 */
export const LINTIAN_OVERRIDES: string[] = [
  // No upstream changelog is kept in the package (the project's git history is the changelog).
  'no-changelog',
  // The app has no manual page yet; `x2go-launcher-cli --help` is the reference.
  'no-manual-page',
];

async function buildRpm(common: Common, out: string, pkg: Pkg, suffix: string): Promise<string> {
  const file = join(out, `${PACKAGE_NAME}-${pkg.version}-1${suffix}.x86_64.rpm`);
  const redhat = require('electron-installer-redhat') as {
    Installer: new (options: object) => RpmInstaller;
  };
  interface RpmInstaller {
    readonly contentFunctions: string[];
    stagingDir: string;
    baseAppDir: string;
    generateDefaults(): Promise<void>;
    generateOptions(): void;
    generateScripts(): Promise<void>;
    createStagingDir(): Promise<void>;
    createContents(): Promise<void>;
    createPackage(): Promise<void>;
    movePackage(): Promise<void>;
    specPath: string;
    createTemplatedFile(src: string, dest: string): Promise<void>;
  }
  class Installer extends redhat.Installer {
    override get contentFunctions(): string[] {
      // createCopyright would copy Electron's LICENSE as the package's copyright file; ours
      // (packaging/linux/copyright, DEP-5) names both licenses and is written by stageExtras.
      return [...super.contentFunctions.filter((f) => f !== 'createCopyright'), 'stageExtras'];
    }
    // Our spec: electron-installer-redhat's own lists its %files explicitly and would leave out
    // /usr/bin/x2go-launcher-cli, the policy documentation and /etc/x2go-launcher.
    async createSpec(): Promise<void> {
      await this.createTemplatedFile(
        join(repo, 'packaging', 'linux', 'rpm.spec.ejs'),
        this.specPath,
      );
    }
    async stageExtras(): Promise<void> {
      await stageExtras(join(this.stagingDir, this.baseAppDir));
    }
  }
  const rpm = new Installer({
    ...common,
    dest: out,
    arch: 'x86_64',
    requires: [
      'gtk3',
      'nss',
      'libXScrnSaver',
      'libXtst',
      'alsa-lib',
      'mesa-libgbm',
      'xdg-utils',
      'nodejs >= 20.19',
    ],
    rename: () => file,
  });
  await rpm.generateDefaults();
  rpm.generateOptions();
  await rpm.generateScripts();
  await rpm.createStagingDir();
  await rpm.createContents();
  await rpm.createPackage();
  await rpm.movePackage();
  return file;
}

await main();
