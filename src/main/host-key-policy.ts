// The app's rule for an UNKNOWN SSH host key (the SSH broker's and the X2Go server's), from
// policy `allowAddHostKeys` and x2goclient's `--add-to-known-hosts` (docs/host-keys.md,
// docs/policy.md). Known keys pass and changed or revoked keys are refused before any of this
// (core/transport/known-hosts.ts checkOrAcceptHostKey); this only decides the unknown case,
// by wrapping the GUI prompter's confirmUnknownHostKey:
//   allowAddHostKeys false            → refused, naming the known_hosts files that count;
//   allowed and --add-to-known-hosts  → accepted without asking (added to ~/.ssh/known_hosts);
//   allowed                           → the person is asked (the dialog).
import { LauncherError } from '../core/errors';
import { defaultUserKnownHostsFiles, knownHostsName } from '../core/transport/known-hosts';
import type { EffectivePolicy } from '../core/config/managed';
import type { AppArgs } from './args';

export interface HostKeyRules {
  /** Effective `allowAddHostKeys` (policy, or --add-to-known-hosts where policy allows it). */
  allowAdd: boolean;
  /** `--add-to-known-hosts` given and allowed: accept an unknown key without asking. */
  addWithoutAsking: boolean;
  /** The known_hosts files that vouch for hosts (named when an unknown key is refused). */
  knownHostsFiles: string[];
}

/** The rules of this app run: the effective policy and the command line. */
export function hostKeyRulesFor(
  policy: Pick<EffectivePolicy, 'allowAddHostKeys' | 'sshKnownHostsFile'>,
  args: Pick<AppArgs, 'addToKnownHosts'>,
  userFiles: readonly string[] = defaultUserKnownHostsFiles(),
): HostKeyRules {
  return {
    allowAdd: policy.allowAddHostKeys,
    addWithoutAsking: policy.allowAddHostKeys && args.addToKnownHosts,
    knownHostsFiles: [
      ...(userFiles[0] ? [userFiles[0]] : []),
      ...(policy.sshKnownHostsFile ? [policy.sshKnownHostsFile] : []),
    ],
  };
}

/**
 * Why `--add-to-known-hosts` has no effect in this run (for the log), or null when it has one
 * or was not given. `origin`: where the policy was read.
 */
export function addToKnownHostsIgnored(
  policy: Pick<EffectivePolicy, 'allowAddHostKeys' | 'locked'>,
  args: Pick<AppArgs, 'addToKnownHosts'>,
  origin: string,
): string | null {
  if (!args.addToKnownHosts || policy.allowAddHostKeys) return null;
  return `--add-to-known-hosts ignored: the administrator's policy (${origin}) sets allowAddHostKeys to false${policy.locked.includes('allowAddHostKeys') ? ' and locks it' : ''}; unknown host keys are refused`;
}

type UnknownKeyConfirm = (
  host: string,
  port: number,
  keyType: string,
  fingerprint: string,
) => Promise<boolean>;

/**
 * `prompter` with its confirmUnknownHostKey decided by `rules` (see the file comment). A refusal
 * throws LauncherError('host-key.add-not-allowed'), which the SSH transport and the X2Go server
 * check pass on unchanged.
 */
export function withHostKeyRules<P extends { confirmUnknownHostKey: UnknownKeyConfirm }>(
  prompter: P,
  rules: HostKeyRules,
): P {
  const ask = prompter.confirmUnknownHostKey.bind(prompter);
  const confirmUnknownHostKey: UnknownKeyConfirm = (host, port, keyType, fingerprint) => {
    if (!rules.allowAdd) {
      const name = knownHostsName(host, port);
      const files = rules.knownHostsFiles.join(', ') || 'known_hosts';
      return Promise.reject(
        new LauncherError(
          'host-key.add-not-allowed',
          { host: name, keyType, fingerprint, files },
          `The ${keyType} host key of ${name} (${fingerprint}) is not in ${files}, and the administrator's policy does not allow adding host keys (allowAddHostKeys). Connection refused.`,
          {
            hostKeyFingerprint: fingerprint,
            hint: `Ask the administrator to add the key of ${name} to ${files}.`,
          },
        ),
      );
    }
    if (rules.addWithoutAsking) return Promise.resolve(true);
    return ask(host, port, keyType, fingerprint);
  };
  return { ...prompter, confirmUnknownHostKey };
}
