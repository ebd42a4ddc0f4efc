// SSH broker options (ssh:// URLs), a group of their own next to the HTTP ones (declared in
// the one option table, src/core/command-line/options.ts):
//   --broker-ssh-key FILE   private key (OpenSSH, PEM or PKCS#8; repeatable; passphrase asked on the TTY)
//   --broker-autologin      the SSH agent (SSH_AUTH_SOCK) and ~/.ssh/id_* keys
//   --add-to-known-hosts    trust an unknown host key and append it to ~/.ssh/known_hosts
//   --known-hosts FILE      another known_hosts file to trust (repeatable; read only); launch
//                           also hands it to pyhoca-cli for the X2Go server
// The SSH password comes from the broker group's sources (file, stdin, env); without one, it is
// asked on the terminal only if the SSH server wants it (after the keys), as ssh does.
import { LauncherError } from '../../errors';
import { parseBrokerUrl } from '../../broker/url';
import { hasSshOptions, sshTransportOptions } from '../ssh-options';
import { createTtyPrompter } from '../tty-prompter';
import type { OptionGroup } from '../types';
import { groupOptions } from './table';
import { cliPolicy } from '../policy';

export const sshOptions: OptionGroup = {
  title: 'SSH broker (--broker-url ssh://[user@]host[:port][/usr/bin/x2gobroker-ssh])',
  options: groupOptions('ssh'),

  async apply(values, target, io) {
    const url = typeof target.url === 'string' ? parseBrokerUrl(target.url) : target.url;
    if (url.scheme !== 'ssh') {
      if (hasSshOptions(values))
        throw new LauncherError(
          'options.ssh-only',
          {},
          '--broker-ssh-key and --broker-autologin apply only to ssh:// broker URLs.',
        );
      return;
    }
    // Prompts (password after refused keys, key passphrase, keyboard-interactive) on the
    // terminal; without one the login fails with a clear message instead of waiting.
    const prompter = io.stdin.isTTY
      ? createTtyPrompter({ input: io.stdin, output: io.stderr })
      : null;
    const ssh = sshTransportOptions(values, prompter);
    // the administrator's known_hosts vouches for the SSH broker as in the app (docs/policy.md)
    const adminKnownHosts = (await cliPolicy()).config?.values.sshKnownHostsFile;
    if (adminKnownHosts)
      ssh.knownHosts = { extraFiles: [...(ssh.knownHosts?.extraFiles ?? []), adminKnownHosts] };
    target.transportOptions = { ...target.transportOptions, ssh };
  },
};
