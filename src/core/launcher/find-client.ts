// Finds the local X2Go client binary: an explicit path (`--client-path FILE` or the setting)
// wins; else PATH, then the default install locations of Linux, Windows and macOS. A missing
// client is a LauncherError of kind 'client' that says what to install.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter as pathDelimiter, isAbsolute, join, resolve, win32 } from 'node:path';
import { LauncherError } from '../errors';
import { CLIENT_KINDS, type ClientKind } from './types';

/** Where to look for a client binary; the defaults are this process's platform and PATH. */
export interface FindClientOptions {
  /** `--client-path` / setting: used as is (must exist and be executable). */
  clientPath?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Is this an executable file? (injected by tests) */
  isExecutable?: (file: string) => boolean;
}

function defaultIsExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === 'win32' ? constants.R_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Default install locations, most specific first. */
export function defaultClientPaths(
  client: ClientKind,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): string[] {
  if (platform === 'win32') {
    const roots = [
      env.ProgramFiles,
      env['ProgramFiles(x86)'],
      env.LOCALAPPDATA && win32.join(env.LOCALAPPDATA, 'Programs'),
    ].filter((r): r is string => !!r);
    if (roots.length === 0) roots.push('C:\\Program Files', 'C:\\Program Files (x86)');
    return client === 'x2goclient'
      ? roots.map((r) => win32.join(r, 'x2goclient', 'x2goclient.exe'))
      : roots.map((r) => win32.join(r, 'pyhoca-cli', 'pyhoca-cli.exe'));
  }
  if (platform === 'darwin') {
    return client === 'x2goclient'
      ? [
          '/Applications/x2goclient.app/Contents/MacOS/x2goclient',
          join(env.HOME ?? '/', 'Applications/x2goclient.app/Contents/MacOS/x2goclient'),
          '/opt/local/bin/x2goclient',
          '/usr/local/bin/x2goclient',
          '/opt/homebrew/bin/x2goclient',
        ]
      : ['/usr/local/bin/pyhoca-cli', '/opt/homebrew/bin/pyhoca-cli', '/opt/local/bin/pyhoca-cli'];
  }
  return [`/usr/bin/${client}`, `/usr/local/bin/${client}`, `/snap/bin/${client}`];
}

/** What to tell a user whose system has no such client. */
export function installHint(client: ClientKind, platform: NodeJS.Platform): string {
  if (client === 'pyhoca-cli')
    return platform === 'linux'
      ? 'Install it (Debian/Ubuntu: sudo apt install pyhoca-cli), or use --client x2goclient, or give its path with --client-path FILE.'
      : 'pyhoca-cli is mainly packaged for Linux; use --client x2goclient, or give its path with --client-path FILE.';
  if (platform === 'win32' || platform === 'darwin')
    return 'Install X2Go Client from https://wiki.x2go.org/doku.php/download:start, or give its path with --client-path FILE.';
  return 'Install it (Debian/Ubuntu: sudo apt install x2goclient; Fedora: sudo dnf install x2goclient), or give its path with --client-path FILE.';
}

/** The client binary to run (absolute path). Throws LauncherError('client'). */
export function findClient(client: ClientKind, options: FindClientOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? defaultIsExecutable;
  const pathApi = platform === 'win32' ? win32 : { isAbsolute, resolve, join };

  if (options.clientPath) {
    const file = pathApi.resolve(options.clientPath);
    if (!isExecutable(file))
      throw new LauncherError(
        'client.not-executable',
        { file },
        `The X2Go client ${file} does not exist or is not executable.`,
        {
          hint: `Check --client-path (it should point at the ${client} program). ${installHint(client, platform)}`,
        },
      );
    return file;
  }

  const exe = platform === 'win32' ? `${client}.exe` : client;
  const searchPath = (platform === 'win32' ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const delimiter =
    platform === 'win32' ? ';' : platform === process.platform ? pathDelimiter : ':';
  for (const dir of searchPath.split(delimiter)) {
    // only absolute PATH entries: a relative one ('' = cwd) would run whatever lies there
    if (!dir || !pathApi.isAbsolute(dir)) continue;
    const file = pathApi.join(dir, exe);
    if (isExecutable(file)) return file;
  }
  for (const file of defaultClientPaths(client, platform, env)) if (isExecutable(file)) return file;

  throw new LauncherError(
    'client.not-installed',
    { client },
    `The X2Go client "${client}" is not installed (not found in PATH or the usual places).`,
    {
      hint: installHint(client, platform),
    },
  );
}

/** The clients installed here (no override), in order of preference (CLIENT_KINDS). */
export function detectClients(
  options: Omit<FindClientOptions, 'clientPath'> = {},
): Array<{ client: ClientKind; path: string }> {
  const found: Array<{ client: ClientKind; path: string }> = [];
  for (const client of CLIENT_KINDS) {
    try {
      found.push({ client, path: findClient(client, options) });
    } catch {
      // not installed
    }
  }
  return found;
}
