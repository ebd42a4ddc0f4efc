// "About this configuration": every effective setting with where it came from and whether the
// administrator locks it — the data of the CLI's `config --json` (src/core/cli/commands/config.ts)
// and of the app's read-only view (src/renderer/views/about-config.ts), both made by ONE
// function (src/core/config/report.ts configurationReport). Plain data only (crosses IPC).

/** Where an effective value came from (docs/policy.md "Precedence"). */
export type ConfigurationSource = 'default' | 'policy' | 'user' | 'command line';

export interface ConfigurationSetting {
  /** The effective value (JSON: string, number, boolean, list, object or null). */
  value: unknown;
  source: ConfigurationSource;
  /** The administrator's policy locks the key: user and command line cannot change it. */
  locked: boolean;
  /**
   * The policy file, registry key or managed-preferences plist the value or the lock came
   * from; absent when neither the value nor a lock comes from policy.
   */
  origin?: string;
}

export interface ConfigurationReport {
  policy: {
    /** `json-file`, `windows-registry` or `macos-plist` (src/core/config/sources.ts). */
    kind: string;
    /** The file or registry key read. */
    location: string;
    /** The source exists and was read (false: absent or rejected, see `warnings`). */
    present: boolean;
    /** Bad values, unknown keys, an untrusted source: each ignored, never fatal. */
    warnings: string[];
  };
  /** Every key of the settings table (src/core/config/keys.ts), in its order. */
  settings: Record<string, ConfigurationSetting>;
}
