// For tests that make the launcher write a host key into a shared known_hosts file (the
// passwd home's, which x2goclient's libssh reads whatever $HOME is): remember which lines for
// host:port were there, and afterwards remove only the ones added since — other test runs on
// this machine use the same file at the same time.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The lines of `file` naming host:port (`host ` on 22, `[host]:port ` otherwise). */
export function linesFor(file: string, host: string, port: number): string[] {
  const prefix = port === 22 ? `${host} ` : `[${host}]:${port} `;
  return (readOrNull(file) ?? '').split('\n').filter((l) => l.startsWith(prefix));
}

/** Call now; the returned function removes the host:port lines added to `file` meanwhile. */
export function guardKnownHosts(file: string, host: string, port: number): () => string[] {
  const before = readOrNull(file);
  const old = new Set(linesFor(file, host, port));
  return () => {
    const now = readOrNull(file);
    if (now === null) return [];
    const added = linesFor(file, host, port).filter((l) => !old.has(l));
    if (added.length === 0) return [];
    const kept = now
      .split('\n')
      .filter((l) => !added.includes(l))
      .join('\n');
    if (before === null && kept.trim() === '') rmSync(file, { force: true });
    else writeFileSync(file, kept);
    return added;
  };
}
