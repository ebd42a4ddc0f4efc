// A PLACEHOLDER Electron distribution for `electron-builder --dir -c.electronDist=…` where the
// real binary cannot be downloaded (scripts/package-linux.ts, test/packaging): an executable
// named like the Electron binary that says it is a placeholder and exits 1, carrying Electron's
// fuse sentinel, fuse-wire version 1, the wire length and one ASCII byte per fuse with
// Electron's defaults — enough for electron-builder to copy it and flip the fuses, so the tests
// can read them back — and the `version` file the Linux installers read.
// Generated per run: a binary is never committed.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @electron/fuses 1.8 constants.SENTINEL */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** FuseV1Options order (@electron/fuses 1.8 config.js). */
export const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

/** Electron's shipped defaults: the packaging must change every one that matters. */
export const ELECTRON_DEFAULT_WIRE = '10110001';

/** The Electron version the placeholder claims (package.json pins electron exactly). */
const ELECTRON_VERSION = '45.4.1';

/** Write the placeholder dist into `dir`; returns `dir`. */
export async function makePlaceholderElectronDist(
  dir: string,
  executable = 'electron',
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, executable);
  await writeFile(
    file,
    Buffer.concat([
      Buffer.from(
        '#!/bin/sh\necho "X2Go Launcher PLACEHOLDER build: no Electron binary in this package (docs/packaging.md)" >&2\nexit 1\n',
      ),
      Buffer.alloc(32),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSE_ORDER.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE),
      Buffer.alloc(32),
    ]),
  );
  await chmod(file, 0o755);
  await writeFile(join(dir, 'version'), `${ELECTRON_VERSION}\n`);
  return dir;
}

/** Read the fuse wire back from a (packaged) binary as { fuseName: boolean }. */
export function readFuses(binary: Buffer): Record<(typeof FUSE_ORDER)[number], boolean> {
  const at = binary.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error('fuse sentinel not found');
  const version = binary[at + FUSE_SENTINEL.length];
  const length = binary[at + FUSE_SENTINEL.length + 1]!;
  if (version !== 1 || length !== FUSE_ORDER.length)
    throw new Error(`unexpected fuse wire v${version} len ${length}`);
  const wire = binary
    .subarray(at + FUSE_SENTINEL.length + 2, at + FUSE_SENTINEL.length + 2 + length)
    .toString('latin1');
  return Object.fromEntries(FUSE_ORDER.map((name, i) => [name, wire[i] === '1'])) as Record<
    (typeof FUSE_ORDER)[number],
    boolean
  >;
}
