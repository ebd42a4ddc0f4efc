// A fake Electron distribution for `electron-builder --dir -c.electronDist=…`: an executable
// file named like the Electron binary that carries Electron's fuse sentinel, fuse-wire
// version 1, the wire length and one ASCII byte per fuse with Electron's defaults. Enough
// for electron-builder to copy it and flip the fuses, so the test can read them back.
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

export async function makeStubElectronDist(dir: string, executable = 'electron'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, executable);
  await writeFile(
    file,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stub electron: not a real binary" >&2\nexit 1\n'),
      Buffer.alloc(32),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSE_ORDER.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE),
      Buffer.alloc(32),
    ]),
  );
  await chmod(file, 0o755);
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
