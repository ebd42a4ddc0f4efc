// `npm run package:linux` (scripts/package-linux.ts): the deb and rpm built offline through the
// system's dpkg-deb and rpmbuild, read back with dpkg-deb / rpm / lintian, and the deb installed
// with dpkg -i and inspected on the machine, then purged. Without the Electron binary the
// packages carry the marked placeholder (docs/packaging.md), which says so when started.
//
// Installing changes the machine, so that part runs only as root under CI=true or with
// X2GO_TEST_INSTALL_DEB=1 (CI installs the deb's dependencies: scripts/ci-install-packages.sh).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { packagingOrSkip, packagingUnavailable } from '../helpers/packaging-env';

const exec = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const version = (
  JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
).version;
const unavailable = packagingUnavailable();

let out = '';
let deb = '';
let rpm = '';

describe('Linux packages (deb, rpm)', () => {
  before(async () => {
    if (unavailable) return;
    out = await mkdtemp(join(tmpdir(), 'x2go-linux-packages-'));
    await exec(process.execPath, ['--import', 'tsx', join(repo, 'scripts', 'package-linux.ts'), `--out=${out}`], {
      cwd: repo,
      maxBuffer: 16 * 1024 * 1024,
    });
    const files = await readdir(out);
    deb = join(out, files.find((f) => f.endsWith('.deb')) ?? 'no .deb built');
    rpm = join(out, files.find((f) => f.endsWith('.rpm')) ?? 'no .rpm built');
  });
  after(() => (out ? rm(out, { recursive: true, force: true }) : undefined));

  it('deb: metadata, the placeholder marked, every file where it belongs', async (t) => {
    if (!packagingOrSkip(t)) return;
    assert.match(deb, new RegExp(`x2go-launcher_${version}-1\\+placeholder_amd64\\.deb$`));
    const field = async (name: string) => (await exec('dpkg-deb', ['-f', deb, name])).stdout.trim();
    assert.equal(await field('Package'), 'x2go-launcher');
    assert.equal(await field('Version'), `${version}-1`);
    assert.equal(await field('Architecture'), 'amd64');
    assert.match(await field('Depends'), /libgtk-3-0, .*libnss3/);
    assert.match(await field('Recommends'), /pyhoca-cli \| x2goclient, nodejs/);
    assert.match(await field('Description'), /PLACEHOLDER BUILD/);
    const list = (await exec('dpkg-deb', ['-c', deb])).stdout;
    for (const path of [
      './usr/bin/x2go-launcher -> ../lib/x2go-launcher/x2go-launcher',
      './usr/bin/x2go-launcher-cli',
      './usr/lib/x2go-launcher/resources/app.asar',
      './usr/lib/x2go-launcher/resources/cli/x2go-launcher.cjs',
      './usr/lib/x2go-launcher/PLACEHOLDER',
      './usr/share/applications/x2go-launcher.desktop',
      './usr/share/icons/hicolor/512x512/apps/x2go-launcher.png',
      './usr/share/icons/hicolor/scalable/apps/x2go-launcher.svg',
      './usr/share/doc/x2go-launcher/copyright',
      './usr/share/doc/x2go-launcher/README.policy',
      './usr/share/doc/x2go-launcher/config.example.json',
      './etc/x2go-launcher/',
    ])
      assert.ok(list.includes(` ${path}`), `${path} in the deb`);
    assert.match(list, /^-rwxr-xr-x root\/root .* \.\/usr\/bin\/x2go-launcher-cli$/m);
    const desktop = (
      await exec('sh', ['-c', `dpkg-deb --fsys-tarfile '${deb}' | tar -xO ./usr/share/applications/x2go-launcher.desktop`])
    ).stdout;
    assert.match(desktop, /^MimeType=x-scheme-handler\/x2go-launcher;$/m);
    assert.match(desktop, /^Exec=x2go-launcher %U$/m);
    assert.match(desktop, /^Icon=x2go-launcher$/m);
  });

  it('deb: lintian reports nothing but the overridden tags, each listed with its reason', async (t) => {
    if (!packagingOrSkip(t)) return;
    const { stdout } = await exec('lintian', ['--fail-on', 'none', '--show-overrides', '-I', deb], { maxBuffer: 8 * 1024 * 1024 });
    const tags = stdout.split('\n').filter((l) => /^[EWIO]: /.test(l));
    assert.deepEqual(tags.filter((l) => !l.startsWith('O: ')), [], 'no error, warning or info tag');
    const source = readFileSync(join(repo, 'scripts', 'package-linux.ts'), 'utf8');
    for (const line of tags) {
      const tag = /^O: x2go-launcher: (\S+)/.exec(line)?.[1] ?? line;
      assert.match(source, new RegExp(`// .*\\n\\s*'${tag}`), `override ${tag} carries a comment`);
    }
  });

  it('rpm: metadata and the same files', async (t) => {
    if (!packagingOrSkip(t)) return;
    assert.match(rpm, new RegExp(`x2go-launcher-${version}-1\\+placeholder\\.x86_64\\.rpm$`));
    const files = (await exec('rpm', ['-qlp', rpm])).stdout.split('\n');
    for (const path of [
      '/usr/bin/x2go-launcher',
      '/usr/bin/x2go-launcher-cli',
      '/usr/lib/x2go-launcher/resources/app.asar',
      '/usr/lib/x2go-launcher/resources/cli/x2go-launcher.cjs',
      '/usr/share/applications/x2go-launcher.desktop',
      '/usr/share/icons/hicolor/512x512/apps/x2go-launcher.png',
      '/usr/share/doc/x2go-launcher/README.policy',
      '/etc/x2go-launcher',
    ])
      assert.ok(files.includes(path), `${path} in the rpm`);
    const requires = (await exec('rpm', ['-qRp', rpm])).stdout;
    assert.match(requires, /^nodejs >= 20\.19$/m);
    assert.match(requires, /^gtk3$/m);
    assert.match((await exec('rpm', ['-qip', rpm])).stdout, /PLACEHOLDER BUILD/);
  });

  const installSkip =
    process.getuid?.() !== 0
      ? 'installing a deb needs root'
      : process.env.CI !== 'true' && process.env.X2GO_TEST_INSTALL_DEB !== '1'
        ? 'installs a package on this machine: only under CI=true or X2GO_TEST_INSTALL_DEB=1'
        : false;
  it('deb: dpkg -i installs it; desktop entry, icons, /usr/bin entries, policy directory; purge removes it', { skip: installSkip }, async (t) => {
    if (!packagingOrSkip(t)) return;
    await exec('dpkg', ['-i', deb]).catch((err: Error & { stderr?: string }) => {
      throw new Error(`dpkg -i failed (missing dependencies? scripts/ci-install-packages.sh): ${err.stderr ?? err.message}`);
    });
    try {
      assert.match(readFileSync('/usr/share/applications/x2go-launcher.desktop', 'utf8'), /^MimeType=x-scheme-handler\/x2go-launcher;$/m);
      assert.ok(statSync('/usr/share/icons/hicolor/512x512/apps/x2go-launcher.png').size > 1000);
      assert.ok(statSync('/etc/x2go-launcher').isDirectory());
      assert.match(readFileSync('/usr/share/doc/x2go-launcher/README.policy', 'utf8'), /\/etc\/x2go-launcher\/config\.json/);
      // The CLI runs from the installed package with the system's Node (no repository, no display).
      const cli = await exec('/usr/bin/x2go-launcher-cli', ['--version'], { cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() } });
      assert.equal(cli.stdout, `x2go-launcher ${version}\n`);
      // The placeholder says what it is instead of failing obscurely.
      const gui = await exec('/usr/bin/x2go-launcher', []).then(
        () => assert.fail('the placeholder must exit non-zero'),
        (err: { code?: number; stderr?: string }) => err,
      );
      assert.equal(gui.code, 1);
      assert.match(gui.stderr ?? '', /PLACEHOLDER build/);
      await exec('dpkg', ['--verify', 'x2go-launcher']);
    } finally {
      await exec('dpkg', ['--purge', 'x2go-launcher']);
    }
    assert.equal(existsSync('/usr/bin/x2go-launcher'), false);
    assert.equal(existsSync('/usr/bin/x2go-launcher-cli'), false);
  });
}); // prettier-ignore
