// Every IPC handler goes through registerHandler: (1) the sender must be our window's main
// frame showing app://launcher (VS Code's check), (2) the payload must pass the src/shared
// validator, (3) the handler's result or failure goes back as plain Result data — nothing
// is ever thrown across the boundary, so the renderer always gets {kind,code,params,message,details}.
import type { IpcMainInvokeEvent } from 'electron';
import { LauncherError, isLauncherError } from '../core/errors';
import type { ApiError, Result } from '../shared/errors';
import { fail } from '../shared/errors';
import { parseAppUrl } from './security';

/** The parts of an IpcMainInvokeEvent the sender check reads (easy to fake in tests). */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface SenderPolicy {
  /** webContents ids of our own windows (one here). */
  trustedWebContents(): ReadonlySet<number>;
}

/** Why a sender is refused, or null when it is trusted. */
export function senderRejection(event: SenderLike, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'the sender is a sub-frame';
  if (!policy.trustedWebContents().has(event.sender.id)) return 'the sender is not our window';
  if (!parseAppUrl(frame.url)) return `the sender is not app://launcher (${originOf(frame.url)})`;
  return null;
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'unparsable URL';
  }
}

/** An argument validator from src/shared/validate.ts (ARG_VALIDATORS[method]). */
export type ArgsValidator<A> = (
  args: unknown[],
) => { ok: true; value: A } | { ok: false; message: string };

/** The subset of ipcMain registerHandler needs. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Turn anything thrown into the plain error data the renderer understands. */
export function toApiError(error: unknown): ApiError {
  if (isLauncherError(error)) return error.toJSON();
  // Unexpected failures are bugs: say so plainly, without internals (no stack, no paths).
  return new LauncherError('internal.unexpected', {}, 'Something went wrong inside the launcher.', {
    hint: 'Try again. If it keeps happening, restart the launcher and report the problem.',
  }).toJSON();
}

export interface HandlerSpec<A extends unknown[], R> {
  channel: string;
  validate: ArgsValidator<A>;
  handler: (args: A, event: IpcMainInvokeEvent) => Promise<R> | R;
  /**
   * `result`: the method's contract is Result<T> — every failure (sender, payload, handler)
   * resolves as `{ok:false,error}`. `plain`: the method returns a bare value; a refused
   * sender or payload rejects with a short message, a handler failure too.
   */
  mode: 'result' | 'plain';
}

export function registerHandler<A extends unknown[], R>(
  ipc: IpcMainLike,
  spec: HandlerSpec<A, R>,
  policy: SenderPolicy,
  log: Logger,
): void {
  const { channel, validate, handler, mode } = spec;
  const refuse = (refusal: Result<never>): Result<never> => {
    if (mode === 'plain' && !refusal.ok) throw new Error(refusal.error.message);
    return refusal;
  };
  ipc.handle(channel, async (event, ...args): Promise<Result<R> | R> => {
    const rejection = senderRejection(event, policy);
    if (rejection) {
      log.warn(`IPC ${channel} refused: ${rejection}`);
      return refuse(fail('ipc.unknown-sender', {}, 'Request refused: unknown sender.'));
    }
    const checked = validate(args);
    if (!checked.ok) {
      log.warn(`IPC ${channel} refused: invalid payload (${checked.message})`);
      return refuse(
        fail(
          'ipc.invalid-arguments',
          { reason: checked.message },
          `Invalid request: ${checked.message}.`,
        ),
      );
    }
    try {
      const value = await handler(checked.value, event);
      return mode === 'result' ? { ok: true, value } : value;
    } catch (error) {
      if (!isLauncherError(error)) log.error(`IPC ${channel} failed`, error);
      if (mode === 'plain') throw new Error(toApiError(error).message, { cause: error });
      return { ok: false, error: toApiError(error) };
    }
  });
}
