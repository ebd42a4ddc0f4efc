// One interface for the machine policy, one source per OS (as Bitwarden desktop does):
//   Linux (and other Unix)  /etc/x2go-launcher/config.json      managed.ts (JSON)
//   Windows                 HKLM\Software\Policies\X2Go Launcher windows-registry.ts (reg.exe)
//   macOS                   /Library/Managed Preferences/org.x2go.launcher.plist  macos-plist.ts
// Every source returns the same ManagedConfig (values checked against keys.ts, locks, origin)
// and never throws: an unreadable, untrusted or malformed source is a warning, not a stop.
import { MACOS_MANAGED_PLIST, loadPlistPolicy } from './macos-plist';
import { loadManagedConfig, type ManagedConfig } from './managed';
import { WINDOWS_POLICY_KEY, loadRegistryPolicy } from './windows-registry';

export interface PolicySource {
  /** `json-file`, `windows-registry` or `macos-plist`. */
  kind: 'json-file' | 'windows-registry' | 'macos-plist';
  /** The file or registry key read (named in warnings and lock refusals). */
  location: string;
  /** Read it now; `config` null when the source is absent or rejected. */
  read(): Promise<{ config: ManagedConfig | null; warnings: string[] }>;
}

/** The JSON file source (Linux; any OS in tests and `--managed-config` development runs). */
export function jsonFilePolicySource(
  path = '/etc/x2go-launcher/config.json',
  ownerUid: number | null = 0,
): PolicySource {
  return { kind: 'json-file', location: path, read: () => loadManagedConfig(path, ownerUid) };
}

/** The policy source of `platform` (default: this machine's). */
export function systemPolicySource(platform: NodeJS.Platform = process.platform): PolicySource {
  if (platform === 'win32')
    return {
      kind: 'windows-registry',
      location: WINDOWS_POLICY_KEY,
      read: () => loadRegistryPolicy(WINDOWS_POLICY_KEY),
    };
  if (platform === 'darwin')
    return {
      kind: 'macos-plist',
      location: MACOS_MANAGED_PLIST,
      read: () => loadPlistPolicy(MACOS_MANAGED_PLIST),
    };
  return jsonFilePolicySource();
}
