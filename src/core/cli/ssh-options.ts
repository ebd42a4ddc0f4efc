// The CLI's SSH broker options (ssh:// URLs), kept apart from the HTTP ones:
//   --broker-ssh-key FILE   private key (OpenSSH, PEM or PKCS#8; repeatable; passphrase asked on the TTY)
//   --broker-autologin      use the SSH agent (SSH_AUTH_SOCK) and ~/.ssh/id_* keys
//   --add-to-known-hosts    trust an unknown host key and append it to ~/.ssh/known_hosts
//   --known-hosts FILE      another known_hosts file to trust (repeatable; read only)
// The password comes from the same sources as for HTTP (file, stdin, prompt) via BrokerSession.
import { LauncherError } from '../errors';
import type { SshTransportOptions } from '../transport/ssh';
import type { SshPrompter } from '../transport/ssh-prompter';

/** For node:util parseArgs({ options }). */
export const SSH_CLI_OPTIONS = {
  'broker-ssh-key': { type: 'string', multiple: true },
  'broker-autologin': { type: 'boolean' },
  'add-to-known-hosts': { type: 'boolean' },
  'known-hosts': { type: 'string', multiple: true },
} as const;

export const SSH_CLI_HELP = `SSH brokers (--broker-url ssh://[user@]host[:port][/path/to/x2gobroker-ssh]):
  --broker-ssh-key FILE   log in with this private key (OpenSSH/PEM/PKCS#8; repeatable)
  --broker-autologin      log in with the SSH agent (SSH_AUTH_SOCK) or ~/.ssh/id_* keys
  --add-to-known-hosts    accept an unknown host key and add it to ~/.ssh/known_hosts
  --known-hosts FILE      also trust the host keys in FILE (repeatable)
  Host keys are checked against ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts; an unknown
  key fails (its SHA256 fingerprint is printed), a changed key always fails.`;

export interface SshCliValues {
  'broker-ssh-key'?: string[];
  'broker-autologin'?: boolean;
  'add-to-known-hosts'?: boolean;
  'known-hosts'?: string[];
}

/** Whether any SSH-only option was given (they make no sense with an http(s) URL). */
export function hasSshOptions(values: SshCliValues): boolean {
  return (
    !!values['broker-ssh-key']?.length ||
    !!values['broker-autologin'] ||
    !!values['add-to-known-hosts'] ||
    !!values['known-hosts']?.length
  );
}

/** The SshTransportOptions for the parsed options; `prompter` = the TTY one, or none. */
export function sshTransportOptions(
  values: SshCliValues,
  prompter: SshPrompter | null,
  password?: string,
): SshTransportOptions {
  for (const f of [...(values['broker-ssh-key'] ?? []), ...(values['known-hosts'] ?? [])])
    if (!f.trim()) throw new LauncherError('usage', 'An SSH option was given an empty file name.');
  return {
    privateKeyFiles: values['broker-ssh-key'] ?? [],
    autologin: values['broker-autologin'] === true,
    addToKnownHosts: values['add-to-known-hosts'] === true,
    knownHosts: { extraFiles: values['known-hosts'] ?? [] },
    ...(prompter ? { prompter } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}
