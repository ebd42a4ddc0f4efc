// SSH user authentication, in OpenSSH's order and with its habits: `none` first (to learn
// what the server accepts), then public keys (agent, the given key files, the default key
// files), then keyboard-interactive, then password; a refused password is asked again (up to
// 3 times) when someone can be asked. Every refusal ends in its own clear LauncherError:
// wrong password, key refused, encrypted key without passphrase, wrong passphrase, or no
// method left. Questions go through SshPrompter (CLI: TTY, GUI: dialogs).
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ParsedKey, Prompt } from 'ssh2';
import { LauncherError } from '../errors';
import type { SshPrompter } from './ssh-prompter';

export interface SshAuthOptions {
  /** Explicit private key files (`--broker-ssh-key`), tried in order. */
  privateKeyFiles?: string[];
  /** Use the SSH agent and the default key files (`--broker-autologin`). */
  autologin?: boolean;
  /** The agent socket; default `SSH_AUTH_SOCK`. */
  agentSocket?: string;
  /** Default key files for autologin; default ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  defaultKeyFiles?: string[];
  /** Password known up front (from the session / the CLI's password sources). */
  password?: string;
  /** How often to ask for a password after refusals (OpenSSH NumberOfPasswordPrompts). */
  passwordPrompts?: number;
  prompter?: SshPrompter;
}

export function defaultKeyFiles(): string[] {
  const dir = join(homedir(), '.ssh');
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(dir, f));
}

/** SSH_AUTH_SOCK; on Windows the OpenSSH agent's pipe when that is unset. */
export function defaultAgentSocket(): string | undefined {
  const sock = process.env.SSH_AUTH_SOCK;
  if (sock) return sock;
  return process.platform === 'win32' ? '\\\\.\\pipe\\openssh-ssh-agent' : undefined;
}

/** Stable codes in LauncherError.details.code for the distinct SSH login refusals. */
export const SSH_AUTH_CODES = {
  passwordRefused: 'SSH_PASSWORD_REFUSED',
  keyRefused: 'SSH_KEY_REFUSED',
  keyEncrypted: 'SSH_KEY_ENCRYPTED',
  badPassphrase: 'SSH_KEY_BAD_PASSPHRASE',
  keyUnreadable: 'SSH_KEY_UNREADABLE',
  noMethods: 'SSH_NO_AUTH_METHODS',
  tooManyFailures: 'SSH_TOO_MANY_AUTH_FAILURES',
} as const;

/**
 * Whether an error is the SSH server refusing the login (not the broker refusing a cookie):
 * BrokerSession must not treat it as a rejected auth-id cookie, nor retry it.
 */
export function isSshLoginRefusal(e: unknown): boolean {
  const code = (e as { details?: { code?: unknown } } | null)?.details?.code;
  return (Object.values(SSH_AUTH_CODES) as unknown[]).includes(code);
}

type KeyLoad =
  | { ok: true; key: ParsedKey }
  | { ok: false; reason: 'encrypted' | 'passphrase' | 'unreadable'; message: string };

/**
 * Parse a private key file: OpenSSH format (`BEGIN OPENSSH PRIVATE KEY`), PEM (`BEGIN RSA/EC
 * PRIVATE KEY`, optionally encrypted) through ssh2; PKCS#8 (`BEGIN [ENCRYPTED] PRIVATE KEY`,
 * what `ssh-keygen -m PKCS8` writes) through Node's crypto, converted to PEM for RSA and EC.
 */
export function parsePrivateKey(text: string, passphrase?: string): KeyLoad {
  let data = text;
  if (/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
    const encrypted = text.includes('BEGIN ENCRYPTED PRIVATE KEY');
    if (encrypted && !passphrase)
      return { ok: false, reason: 'encrypted', message: 'encrypted PKCS#8 key' };
    try {
      const k = createPrivateKey({ key: text, format: 'pem', passphrase });
      const type = k.asymmetricKeyType;
      if (type === 'rsa') data = k.export({ format: 'pem', type: 'pkcs1' }) as string;
      else if (type === 'ec') data = k.export({ format: 'pem', type: 'sec1' }) as string;
      else
        return {
          ok: false,
          reason: 'unreadable',
          message: `PKCS#8 ${type ?? 'unknown'} keys are not supported; convert it with ssh-keygen -p -f FILE (OpenSSH format)`,
        };
    } catch (e) {
      return encrypted
        ? { ok: false, reason: 'passphrase', message: 'wrong passphrase' }
        : { ok: false, reason: 'unreadable', message: (e as Error).message };
    }
  }
  const parsed = ssh2.utils.parseKey(data, passphrase);
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (key instanceof Error) {
    const m = key.message;
    if (/no passphrase given/i.test(m)) return { ok: false, reason: 'encrypted', message: m };
    if (/bad passphrase|integrity check failed|bad decrypt/i.test(m) && passphrase)
      return { ok: false, reason: 'passphrase', message: 'wrong passphrase' };
    return { ok: false, reason: 'unreadable', message: m };
  }
  if (!key || !key.isPrivateKey())
    return { ok: false, reason: 'unreadable', message: 'not a private key' };
  return { ok: true, key };
}

interface Attempt {
  method: 'none' | 'publickey' | 'agent' | 'keyboard-interactive' | 'password';
  label: string;
}

/**
 * One login's authentication state. `handler` is ssh2's authHandler; the transport pauses
 * its auth timeout around `onPromptStart/End` (a person typing is not a slow server).
 */
export class SshAuthenticator {
  private readonly keyFiles: { file: string; explicit: boolean }[];
  private readonly attempts: Attempt[] = [];
  private current: Attempt | null = null;
  private keyIndex = 0;
  private agentTried = false;
  private kbdTried = false;
  private knownPasswordUsed = false;
  private passwordsAsked = 0;
  private readonly refused: string[] = [];
  private passwordRefusals = 0;
  private readonly keyProblems: { file: string; reason: string; message: string }[] = [];
  private serverMethods: string[] = [];
  private cancelled = false;

  constructor(
    private readonly user: string,
    private readonly host: string,
    private readonly port: number,
    private readonly options: SshAuthOptions,
    private readonly hooks: { onPromptStart(): void; onPromptEnd(): void },
  ) {
    this.keyFiles = (options.privateKeyFiles ?? []).map((file) => ({ file, explicit: true }));
    if (options.autologin)
      for (const file of options.defaultKeyFiles ?? defaultKeyFiles())
        if (existsSync(file)) this.keyFiles.push({ file, explicit: false });
  }

  get where(): string {
    return `${this.user}@${this.host}:${this.port}`;
  }

  /** ssh2 authHandler: called first with null, then after every refused attempt. */
  readonly handler = (
    methodsLeft: AuthenticationType[] | null,
    _partial: boolean | null,
    next: (auth: AnyAuthMethod | false) => void,
  ): void => {
    if (this.current) this.recordRefusal(this.current);
    if (methodsLeft) this.serverMethods = methodsLeft;
    this.pick(methodsLeft)
      .then((auth) => {
        this.current = auth ? auth.attempt : null;
        next(auth ? auth.method : false);
      })
      .catch(() => next(false));
  };

  private recordRefusal(a: Attempt): void {
    if (a.method === 'none') return;
    if (a.method === 'password') this.passwordRefusals++;
    if (a.method === 'keyboard-interactive' && a.label.includes('password'))
      this.passwordRefusals++;
    this.refused.push(a.label);
  }

  private async pick(
    methodsLeft: AuthenticationType[] | null,
  ): Promise<{ method: AnyAuthMethod; attempt: Attempt } | null> {
    const username = this.user;
    if (methodsLeft === null)
      return { method: { type: 'none', username }, attempt: { method: 'none', label: 'none' } };
    if (this.cancelled) return null;
    const allows = (m: string): boolean => methodsLeft.includes(m as AuthenticationType);

    if (allows('publickey')) {
      const agent = this.options.agentSocket ?? defaultAgentSocket();
      if (this.options.autologin && agent && !this.agentTried) {
        this.agentTried = true;
        return {
          method: { type: 'agent', username, agent },
          attempt: { method: 'agent', label: 'the keys of the SSH agent' },
        };
      }
      while (this.keyIndex < this.keyFiles.length) {
        const { file } = this.keyFiles[this.keyIndex++]!;
        const key = await this.loadKey(file);
        if (key)
          return {
            method: { type: 'publickey', username, key },
            attempt: { method: 'publickey', label: `key ${file}` },
          };
      }
    }
    const password = this.options.password;
    if (allows('keyboard-interactive') && !this.kbdTried) {
      const p = this.options.prompter;
      if (
        (password !== undefined && !this.knownPasswordUsed) ||
        p?.keyboardInteractive ||
        p?.password
      ) {
        this.kbdTried = true;
        const attempt: Attempt = { method: 'keyboard-interactive', label: 'keyboard-interactive' };
        return {
          method: {
            type: 'keyboard-interactive',
            username,
            prompt: (name, instructions, _lang, prompts, finish) => {
              this.answerKeyboard(attempt, name, instructions, prompts)
                .then(finish)
                .catch(() => finish([]));
            },
          },
          attempt,
        };
      }
    }
    if (allows('password')) {
      if (password !== undefined && !this.knownPasswordUsed) {
        this.knownPasswordUsed = true;
        return {
          method: { type: 'password', username, password },
          attempt: { method: 'password', label: 'password' },
        };
      }
      const prompter = this.options.prompter;
      const ask = prompter?.password?.bind(prompter);
      const max = this.options.passwordPrompts ?? 3;
      if (ask && this.passwordsAsked < max) {
        this.passwordsAsked++;
        const typed = await this.prompt(() =>
          ask({ user: this.user, host: this.host, port: this.port, attempt: this.passwordsAsked }),
        );
        if (typed === null) {
          this.cancelled = true;
          return null;
        }
        return {
          method: { type: 'password', username, password: typed },
          attempt: { method: 'password', label: 'password' },
        };
      }
    }
    return null;
  }

  /** Answer one keyboard-interactive round: the known password for a lone password prompt. */
  private async answerKeyboard(
    attempt: Attempt,
    name: string,
    instructions: string,
    prompts: Prompt[],
  ): Promise<string[]> {
    if (prompts.length === 0) return [];
    const lonePassword =
      prompts.length === 1 && !prompts[0]!.echo && /password/i.test(prompts[0]!.prompt);
    if (lonePassword) {
      attempt.label = 'password (keyboard-interactive)';
      if (this.options.password !== undefined && !this.knownPasswordUsed) {
        this.knownPasswordUsed = true;
        return [this.options.password];
      }
    }
    const p = this.options.prompter;
    if (p?.keyboardInteractive) {
      const list = prompts.map((x) => ({ prompt: x.prompt, echo: x.echo === true }));
      const answers = await this.prompt(() => p.keyboardInteractive!(name, instructions, list));
      if (answers === null) {
        this.cancelled = true;
        return [];
      }
      return answers;
    }
    if (lonePassword && p?.password) {
      this.passwordsAsked++;
      const ask = p.password.bind(p);
      const typed = await this.prompt(() =>
        ask({ user: this.user, host: this.host, port: this.port, attempt: this.passwordsAsked }),
      );
      if (typed === null) this.cancelled = true;
      return typed === null ? [] : [typed];
    }
    return prompts.map(() => '');
  }

  private async loadKey(file: string): Promise<ParsedKey | null> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      this.keyProblems.push({
        file,
        reason: 'unreadable',
        message: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
      });
      return null;
    }
    let result = parsePrivateKey(text);
    const prompter = this.options.prompter;
    const ask = prompter?.passphrase?.bind(prompter);
    for (let attempt = 1; !result.ok && result.reason !== 'unreadable' && attempt <= 3; attempt++) {
      if (!ask) break;
      const passphrase = await this.prompt(() => ask(file, attempt));
      if (passphrase === null) break;
      result = parsePrivateKey(text, passphrase);
    }
    if (result.ok) return result.key;
    this.keyProblems.push({ file, reason: result.reason, message: result.message });
    return null;
  }

  private async prompt<T>(fn: () => Promise<T>): Promise<T> {
    this.hooks.onPromptStart();
    try {
      return await fn();
    } finally {
      this.hooks.onPromptEnd();
    }
  }

  /**
   * The error for a login that ran out of methods (or that the server ended: `serverReason`,
   * e.g. "Too many authentication failures"): the most specific reason first.
   */
  failure(serverReason?: string): LauncherError {
    if (this.current) this.recordRefusal(this.current);
    this.current = null;
    if (serverReason && !this.cancelled)
      return new LauncherError(
        'ssh.login-ended',
        { where: `${this.host}:${this.port}`, user: this.user, reason: serverReason },
        `The SSH server at ${this.host}:${this.port} ended the login of ${this.user}: ${serverReason}.${this.refused.length ? ` Tried: ${[...new Set(this.refused)].join(', ')}.` : ''}`,
        /too many authentication failures/i.test(serverReason)
          ? {
              code: SSH_AUTH_CODES.tooManyFailures,
              hint: 'Too many keys were offered (e.g. by the SSH agent): give the right one with --broker-ssh-key instead of --broker-autologin.',
            }
          : { code: SSH_AUTH_CODES.noMethods },
      );
    const where = this.where;
    const tried = this.refused.length ? ` Tried: ${[...new Set(this.refused)].join(', ')}.` : '';
    const accepts = this.serverMethods.length
      ? ` The server accepts: ${this.serverMethods.join(', ')}.`
      : '';
    if (this.cancelled)
      return new LauncherError(
        'ssh.login-cancelled',
        { where },
        `SSH login to ${where} was cancelled.`,
      );
    if (this.passwordRefusals > 0)
      return new LauncherError(
        'ssh.password-refused',
        { where },
        `SSH login refused: wrong password for ${where}.${tried}`,
        {
          code: SSH_AUTH_CODES.passwordRefused,
          hint: 'Check the user name and password (Caps Lock?).',
        },
      );
    const refusedKeys = this.refused.filter((l) => l.startsWith('key ') || l.includes('agent'));
    if (refusedKeys.length > 0)
      return new LauncherError(
        'ssh.keys-refused',
        { where: `${this.host}:${this.port}`, user: this.user, keys: refusedKeys.join(', ') },
        `SSH login refused: the server at ${this.host}:${this.port} did not accept ${refusedKeys.join(', ')} for user ${this.user}.${accepts}`,
        {
          code: SSH_AUTH_CODES.keyRefused,
          hint: 'Is the public key in the authorized_keys of this user on the broker host? Is the user name right?',
        },
      );
    const encrypted = this.keyProblems.find((k) => k.reason === 'encrypted');
    if (encrypted)
      return new LauncherError(
        'ssh.key-encrypted',
        { file: encrypted.file },
        `The SSH key ${encrypted.file} is encrypted and no passphrase was given.`,
        {
          code: SSH_AUTH_CODES.keyEncrypted,
          hint: 'Run interactively to be asked for the passphrase, or load the key into ssh-agent and use --broker-autologin.',
        },
      );
    const badPass = this.keyProblems.find((k) => k.reason === 'passphrase');
    if (badPass)
      return new LauncherError(
        'ssh.key-bad-passphrase',
        { file: badPass.file },
        `Wrong passphrase for the SSH key ${badPass.file}.`,
        {
          code: SSH_AUTH_CODES.badPassphrase,
        },
      );
    const unreadable = this.keyProblems.find((k) => k.reason === 'unreadable');
    if (unreadable)
      return new LauncherError(
        'ssh.key-unreadable',
        { file: unreadable.file, reason: unreadable.message },
        `The SSH key ${unreadable.file} cannot be used: ${unreadable.message}.`,
        { code: SSH_AUTH_CODES.keyUnreadable },
      );
    return new LauncherError(
      'ssh.no-method-left',
      { where },
      `SSH login to ${where} impossible: no authentication method left.${accepts}${tried}`,
      {
        code: SSH_AUTH_CODES.noMethods,
        hint: 'Give a key (--broker-ssh-key FILE), use the SSH agent (--broker-autologin) or a password.',
      },
    );
  }
}
