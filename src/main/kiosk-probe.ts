// "Is the broker there?" for the kiosk's network wait and broker watch (docs/kiosk.md §App
// wiring): one real, bounded request. HTTP(S): the broker's own sign-in exchange without
// credentials (src/core/broker/session.ts) — any broker answer, even "access denied", means
// it is there; no connection, a timeout, a TLS failure, a reply that is not the broker's (a
// captive portal) or a broker error (5xx) mean wait. SSH: a TCP connection to the broker's
// sshd that must send its `SSH-` identification line (RFC 4253 §4.2), then closed — no login,
// so no host-key question and no credentials are involved.
import { connect } from 'node:net';
import { parseBrokerUrl } from '../core/broker/url';
import { LauncherError } from '../core/errors';
import type { SessionFactory } from './controller';
import { PromptHub, createSshPrompter } from './prompts';

export interface ProbeOptions {
  createSession: SessionFactory;
  /** The admin's CA files for an https broker. */
  caFiles?: string[];
  /** Give up after this long (ms; default 8,000). */
  timeoutMs?: number;
}

/** Kinds of broker answers that prove the broker is up (it answered as a broker). */
const ANSWERED = new Set(['auth', 'cookie-rejected']);

/**
 * One probe of the broker at `url`. Resolves when it answered; rejects with an Error whose
 * message says why not (shown on the network-wait screen). Never takes longer than timeoutMs.
 */
export async function probeBroker(url: string, options: ProbeOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 8_000;
  const parsed = parseBrokerUrl(url);
  if (parsed.scheme === 'ssh') return probeSshBanner(parsed.host, parsed.port, timeoutMs);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const session = options.createSession({
    url,
    noAuth: true,
    ...(options.caFiles?.length ? { caFiles: options.caFiles } : {}),
    // no SSH here: a prompter that is never asked (its hub times out at once)
    prompter: createSshPrompter(new PromptHub(() => undefined, 1), () => undefined),
  });
  try {
    await Promise.race([
      session.authenticate(abort.signal),
      new Promise<never>((_resolve, reject) =>
        abort.signal.addEventListener('abort', () =>
          reject(new Error(`no answer from ${parsed.display} within ${timeoutMs / 1000} s`)),
        ),
      ),
    ]);
  } catch (error) {
    if (error instanceof LauncherError && ANSWERED.has(error.kind)) return;
    if (abort.signal.aborted)
      throw new Error(`no answer from ${parsed.display} within ${timeoutMs / 1000} s`, {
        cause: error,
      });
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
    void session.close().catch(() => undefined);
  }
}

/** TCP connect to host:port and read the SSH identification line, within timeoutMs. */
function probeSshBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let seen = '';
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () =>
      done(new Error(`no answer from ${host}:${port} within ${timeoutMs / 1000} s`)),
    );
    socket.on('error', (e) => done(new Error(`cannot reach ${host}:${port}: ${e.message}`)));
    socket.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('latin1')).slice(0, 512);
      if (seen.includes('\n'))
        done(
          /^SSH-/m.test(seen)
            ? undefined
            : new Error(`${host}:${port} answered, but not as an SSH server`),
        );
    });
    socket.on('end', () => done(new Error(`${host}:${port} closed the connection`)));
  });
}
