// The last broker exchanges, for the diagnostics bundle (docs/diagnostics.md): a bounded ring
// buffer of request/response summaries — task, URL (the display form: never credentials),
// outcome, HTTP status, timing, sizes and the first bytes of the reply — filled by one hook in
// BrokerSession (src/core/broker/session.ts). Each summary is masked when it is recorded, with
// the secrets the request itself carried (password, cookie) and the secret shapes of
// mask.ts, so no secret is ever held here. Memory: at most CAPACITY × (HEAD_CHARS + ~300) bytes.
import type { BrokerReply, BrokerRequest } from '../transport/types';
import { isLauncherError } from '../errors';
import { maskText } from './mask';
import { monotonicMs } from '../monotonic-clock';

/** Summaries kept (oldest dropped first). */
export const EXCHANGE_LOG_CAPACITY = 32;
/** Characters of the reply kept (after masking). */
export const HEAD_CHARS = 160;

export interface ExchangeSummary {
  /** ISO time the request was sent. */
  at: string;
  task: string;
  /** The broker URL as shown (no user, password or cookie). */
  url: string;
  /** `ok`, or the error's kind (`auth`, `tls`, `unreachable` …). */
  outcome: string;
  /** The error's code (`broker.http.unauthorized` …), absent when ok. */
  code?: string;
  httpStatus?: number;
  ms: number;
  /** Fields sent (names only; values never). */
  sent: string[];
  /** Reply size in bytes (UTF-8), 0 on failure. */
  replyBytes: number;
  /** The first HEAD_CHARS characters of the reply or of the error message, masked. */
  head: string;
}

/** A fixed-size ring of the last summaries. */
export class ExchangeLog {
  private readonly items: ExchangeSummary[] = [];
  constructor(readonly capacity = EXCHANGE_LOG_CAPACITY) {}

  add(summary: ExchangeSummary): void {
    this.items.push(summary);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** Oldest first (copies). */
  list(): ExchangeSummary[] {
    return this.items.map((s) => ({ ...s, sent: [...s.sent] }));
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** The process's log (the CLI run, or the app's main process). */
export const brokerExchanges = new ExchangeLog();

/**
 * Record one exchange of BrokerSession (`started`: monotonicMs() before sending). Never
 * throws: diagnostics must not break a sign-in.
 */
export function recordBrokerExchange(
  url: { display: string },
  request: BrokerRequest,
  started: number,
  outcome: { reply: BrokerReply } | { error: unknown },
  log: ExchangeLog = brokerExchanges,
): void {
  try {
    const secrets = [request.password ?? '', request.authid ?? ''];
    const sent = Object.keys(request).filter(
      (k) => request[k as keyof BrokerRequest] !== undefined,
    );
    const ms = monotonicMs() - started;
    const base = {
      at: new Date(Date.now() - ms).toISOString(),
      task: request.task,
      url: url.display,
      ms: Math.round(ms),
      sent,
    };
    if ('reply' in outcome) {
      log.add({
        ...base,
        outcome: 'ok',
        replyBytes: Buffer.byteLength(outcome.reply.body, 'utf8'),
        head: maskText(outcome.reply.body.slice(0, HEAD_CHARS * 4), { secrets }).slice(
          0,
          HEAD_CHARS,
        ),
      });
      return;
    }
    const e = outcome.error;
    const message = e instanceof Error ? e.message : String(e);
    log.add({
      ...base,
      outcome: isLauncherError(e) ? e.kind : 'internal',
      ...(isLauncherError(e) ? { code: e.code } : {}),
      ...(isLauncherError(e) && e.details.httpStatus !== undefined
        ? { httpStatus: e.details.httpStatus }
        : {}),
      replyBytes: 0,
      head: maskText(message.slice(0, HEAD_CHARS * 4), { secrets }).slice(0, HEAD_CHARS),
    });
  } catch {
    /* never in the way */
  }
}
