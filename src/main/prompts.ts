// Questions main has to ask the person (SSH host key, keyboard-interactive, key passphrase):
// sent to the renderer as a `prompt` event, answered through respondToPrompt. A prompt that
// is never answered is closed after a timeout, so a transport never waits forever.
import { randomUUID } from 'node:crypto';
import { LauncherError } from '../core/errors';
import type { Prompt, PromptResponse, SessionEvent } from '../shared/api';

type PromptBody = Prompt extends infer P ? (P extends Prompt ? Omit<P, 'id'> : never) : never;

interface Pending {
  resolve(response: PromptResponse): void;
  timer: ReturnType<typeof setTimeout>;
}

export const PROMPT_TIMEOUT_MS = 5 * 60_000;

export class PromptHub {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly emit: (event: SessionEvent) => void,
    private readonly timeoutMs = PROMPT_TIMEOUT_MS,
  ) {}

  ask(body: PromptBody): Promise<PromptResponse> {
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.close(id, { kind: 'cancel' }), this.timeoutMs);
      timer.unref?.();
      this.pending.set(id, { resolve, timer });
      this.emit({ type: 'prompt', prompt: { ...body, id } as Prompt });
    });
  }

  respond(id: string, response: PromptResponse): void {
    if (!this.pending.has(id)) {
      throw new LauncherError(
        'prompt.expired',
        {},
        'This question was already answered or has expired.',
      );
    }
    this.close(id, response, false);
  }

  /** Cancel every open question (sign-out, cancel, window closed). */
  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.close(id, { kind: 'cancel' });
  }

  get openCount(): number {
    return this.pending.size;
  }

  private close(id: string, response: PromptResponse, notify = true): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    if (notify) this.emit({ type: 'prompt-closed', id });
    entry.resolve(response);
  }
}

/**
 * The GUI's SshPrompter (src/core/transport/ssh-prompter.ts): every question becomes a
 * prompt; a cancel answers null so the transport fails with a clear error.
 */
export function createSshPrompter(hub: PromptHub, typedPassword: () => string | undefined) {
  return {
    password(ctx: {
      user: string;
      host: string;
      port: number;
      attempt: number;
    }): Promise<string | null> {
      // The password typed on the sign-in form, once; a second attempt means it was wrong.
      const typed = typedPassword();
      if (ctx.attempt === 1 && typed) return Promise.resolve(typed);
      return hub
        .ask({
          kind: 'keyboard-interactive',
          title: `${ctx.user}@${ctx.host}`,
          instructions: '',
          questions: [{ text: 'Password', echo: false }],
        })
        .then((r) => (r.kind === 'answers' && r.answers[0] !== undefined ? r.answers[0] : null));
    },
    async passphrase(keyFile: string): Promise<string | null> {
      const r = await hub.ask({ kind: 'passphrase', keyFile });
      return r.kind === 'answers' && r.answers[0] !== undefined ? r.answers[0] : null;
    },
    async keyboardInteractive(
      name: string,
      instructions: string,
      prompts: { prompt: string; echo: boolean }[],
    ): Promise<string[] | null> {
      const r = await hub.ask({
        kind: 'keyboard-interactive',
        title: name,
        instructions,
        questions: prompts.map((p) => ({ text: p.prompt, echo: p.echo })),
      });
      return r.kind === 'answers' ? r.answers : null;
    },
    async confirmUnknownHostKey(
      host: string,
      port: number,
      keyType: string,
      fingerprint: string,
    ): Promise<boolean> {
      const r = await hub.ask({
        kind: 'host-key',
        host,
        port,
        keyType,
        fingerprint,
        changed: false,
      });
      return r.kind === 'host-key' && r.accept;
    },
  };
}
