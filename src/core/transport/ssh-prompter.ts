// The questions an SSH login may have to ask a person. The transport never talks to a TTY or
// a window itself: the CLI implements this on the terminal, the GUI with dialogs, tests with
// canned answers. Every method may be missing (= "cannot ask": the transport fails clearly
// instead) and may answer null (= the user cancelled / has no answer).

export interface PasswordContext {
  user: string;
  host: string;
  port: number;
  /** 1 for the first prompt, 2… after a refusal. */
  attempt: number;
}

export interface KeyboardInteractivePrompt {
  prompt: string;
  /** Whether the answer may be shown while typed (false for passwords and codes). */
  echo: boolean;
}

export interface SshPrompter {
  /** The SSH password for user@host:port. */
  password?(ctx: PasswordContext): Promise<string | null>;
  /** The passphrase of an encrypted private key file. */
  passphrase?(keyFile: string, attempt: number): Promise<string | null>;
  /** One keyboard-interactive round (PAM conversation, OTP …): one answer per prompt. */
  keyboardInteractive?(
    name: string,
    instructions: string,
    prompts: KeyboardInteractivePrompt[],
  ): Promise<string[] | null>;
  /**
   * First contact with a host whose key is in no known_hosts file: trust it? (GUI dialog.)
   * `fingerprintSha256` is `SHA256:…` exactly as ssh prints it. True = accept and remember.
   */
  confirmUnknownHostKey?(
    host: string,
    port: number,
    keyType: string,
    fingerprintSha256: string,
  ): Promise<boolean>;
}
