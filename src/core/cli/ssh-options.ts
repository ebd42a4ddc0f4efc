// From the CLI's SSH option values to SshTransportOptions (pure: tested without a terminal).
//   --broker-ssh-key FILE   private key (OpenSSH, PEM or PKCS#8; repeatable)
//   --broker-autologin      the SSH agent (SSH_AUTH_SOCK) and ~/.ssh/id_* keys
//   --add-to-known-hosts    trust an unknown host key and append it to ~/.ssh/known_hosts
//   --known-hosts FILE      another known_hosts file to trust (repeatable; read only)
import { LauncherError } from '../errors';
import type { SshTransportOptions } from '../transport/ssh';
import type { SshPrompter } from '../transport/ssh-prompter';

type Values = Readonly<Record<string, unknown>>;

function files(values: Values, name: string): string[] {
  const v = values[name];
  const list = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
  for (const f of list)
    if (!f.trim())
      throw new LauncherError(
        'options.empty-file',
        { option: name },
        `--${name} was given an empty file name.`,
      );
  return list;
}

/**
 * Whether a broker-SSH-only option was given (they make no sense with an http(s) URL).
 * --add-to-known-hosts is not one: `launch` uses it for the X2Go server's host key too.
 */
/** Also the admin's known_hosts files given for the X2Go server at launch. */
export function knownHostsFiles(values: Values): string[] {
  return files(values, 'known-hosts');
}

export function hasSshOptions(values: Values): boolean {
  // --known-hosts is not one either: launch trusts those files for the X2Go server too.
  return files(values, 'broker-ssh-key').length > 0 || values['broker-autologin'] === true;
}

/** The SshTransportOptions for the parsed options; `prompter` = the TTY one, or none. */
export function sshTransportOptions(
  values: Values,
  prompter: SshPrompter | null,
): SshTransportOptions {
  return {
    privateKeyFiles: files(values, 'broker-ssh-key'),
    autologin: values['broker-autologin'] === true,
    addToKnownHosts: values['add-to-known-hosts'] === true,
    knownHosts: { extraFiles: files(values, 'known-hosts') },
    ...(prompter ? { prompter } : {}),
  };
}
