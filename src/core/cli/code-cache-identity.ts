// The identity of the CLI bundle file in its code cache's name (loader.ts): which file, in
// which state, the cached V8 code was made from.
import type { BigIntStats } from 'node:fs';

/**
 * `size-mtime-ctime-inode` of the bundle (times in nanoseconds, as the file system keeps
 * them). V8 checks only the source's length, so a bundle replaced by one of the same length
 * must change this name: a replacement by rename gets a new inode; one written in place gets
 * a new ctime, which — unlike the mtime (`touch -d`, `cp -p`, `tar`, `rsync -t` set it back
 * to any value) — no user-space call can set back; the size and the build's hash (also in the
 * name) cover the rest.
 */
export function bundleIdentity(
  st: Pick<BigIntStats, 'size' | 'mtimeNs' | 'ctimeNs' | 'ino'>,
): string {
  return `${st.size}-${st.mtimeNs}-${st.ctimeNs}-${st.ino}`;
}
