// One HTTP(S) POST and its whole reply, on Node's own node:http / node:https, for the broker
// transport (http.ts), which turns statuses and failure codes into LauncherErrors.
// Hand-written on purpose, where a library (axios, undici/fetch) exists: loading axios (and
// with it Node's fetch/undici) cost 250 ms of every 430 ms CLI start (bench B2), while the
// exchange needs nothing node:http lacks — one POST, our own agent, a body read to a byte
// cap, no redirects, no cookies jar (the broker's cookie is in the body, docs/protocol.md §6).
// node:http and node:https are loaded on first use, each only for its scheme (their first
// load costs 10–20 ms of CPU, a third of the CLI's own start-up).
import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AgentOptions, RequestOptions } from 'node:https';
import type { SecureContextOptions } from 'node:tls';

/** Failure codes of this module (on `Error.code`), next to Node's own (ECONNREFUSED, …). */
export const EXCHANGE_ERRORS = {
  /** The reply (on the wire, or decompressed) is larger than `maxReplyBytes`. */
  tooLarge: 'ERR_REPLY_TOO_LARGE',
  /** The caller's signal aborted the exchange. */
  aborted: 'ABORT_ERR',
  /** The connection closed before the whole reply arrived. */
  truncated: 'ERR_REPLY_TRUNCATED',
  /** A Content-Encoding we did not offer, or a compressed body that does not decode. */
  encoding: 'ERR_REPLY_ENCODING',
} as const;

export interface ExchangeRequest {
  /** Absolute http:// or https:// URL. */
  url: string;
  /** The request body (sent as UTF-8 with its Content-Length). */
  body: string;
  headers: Record<string, string>;
  /** Connection pool to use (keep-alive, TLS trust, connect timeout: the caller's choice). */
  agent: Agent;
  /**
   * TLS options repeated on the request itself (https only): Node's own agent merges them
   * with its own, and a proxy agent (issue 13) applies request options to the tunnelled TLS
   * connection to the broker, so verification holds whichever agent carries the request.
   */
  tls?: SecureContextOptions & { rejectUnauthorized: boolean };
  /** Largest reply body accepted, in bytes, both as received and after decompression. */
  maxReplyBytes: number;
  /** Aborts the exchange (the socket is destroyed; rejects with code ABORT_ERR). */
  signal: AbortSignal;
}

export interface ExchangeReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, decompressed when the server used one of the encodings offered. */
  body: Buffer;
}

/** What this transport uses of node:http and node:https (https's option types are the wider). */
export interface HttpModule {
  request(url: string, options: RequestOptions): ClientRequest;
  Agent: new (options: AgentOptions) => Agent;
}

/**
 * node:http or node:https, loaded now if not yet (Node caches builtins). getBuiltinModule
 * (Node ≥ 20.16, so every Node package.json allows and every Electron we ship) is synchronous
 * and the same in the ESM sources and the CommonJS bundles; a dynamic import() would start
 * Node's ESM loader in the bundled CLI just for this.
 */
export function httpModule(scheme: 'http' | 'https'): HttpModule {
  return process.getBuiltinModule(scheme === 'https' ? 'node:https' : 'node:http');
}

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Sends one POST and resolves with the status, headers and body, whatever the status (3xx
 * replies are returned, never followed). Rejects with an Error carrying `code`: one of
 * EXCHANGE_ERRORS, or Node's (ECONNREFUSED, ECONNRESET, TLS verification codes such as
 * DEPTH_ZERO_SELF_SIGNED_CERT, HPE_* parser errors, whatever the agent's connection raises).
 * A declared Content-Length above the cap is refused before any of the body is read; a body
 * without one is cut off as soon as it passes the cap.
 */
export async function postExchange(request: ExchangeRequest): Promise<ExchangeReply> {
  const lib = httpModule(request.url.startsWith('https:') ? 'https' : 'http');
  const raw = await new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
    const { maxReplyBytes: max, signal } = request;
    const req = lib.request(request.url, {
      method: 'POST',
      agent: request.agent,
      headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
      ...request.tls,
    });
    // The first reason wins: destroying the request makes Node report follow-up errors
    // (ECONNRESET "aborted" on the reply) that would hide why we cut it.
    let reason: Error | null = null;
    const stop = (error: Error) => {
      reason ??= error;
      req.destroy(error);
    };
    const onAbort = () => stop(failure(EXCHANGE_ERRORS.aborted, 'the request was aborted'));
    const settle = (error: Error | null, value?: { res: IncomingMessage; body: Buffer }) => {
      signal.removeEventListener('abort', onAbort);
      if (error) reject(reason ?? error);
      else resolve(value!);
    };
    // `on`, not `once`: a second 'error' without a listener would be an uncaught exception.
    req.on('error', (e) => settle(e));
    if (signal.aborted) return void onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('response', (res) => {
      const tooLarge = () =>
        stop(failure(EXCHANGE_ERRORS.tooLarge, `reply larger than the limit of ${max} bytes`));
      if (Number(res.headers['content-length']) > max) return void tooLarge();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) return void tooLarge();
        chunks.push(chunk);
      });
      res.once('end', () => settle(null, { res, body: Buffer.concat(chunks, size) }));
      // A reset mid-body (Node reports ECONNRESET "aborted" on the reply).
      res.on('error', (e) => settle(e));
      res.once('close', () => {
        if (!res.complete)
          settle(failure(EXCHANGE_ERRORS.truncated, 'the connection closed mid-reply'));
      });
    });
    req.end(request.body);
  });
  const { res, body } = raw;
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: decompress(res.headers['content-encoding'], body, request.maxReplyBytes),
  };
}

/** The encodings offered in Accept-Encoding (those node:zlib decodes). */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * The body as sent before Content-Encoding (RFC 9110 §8.4), decoded in one go with the output
 * capped at `max` bytes (a compression bomb stops there). node:zlib is loaded only for a
 * compressed reply; x2gobroker itself never compresses, a web server in front of it may.
 */
function decompress(header: string | undefined, body: Buffer, max: number): Buffer {
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  const zlib = process.getBuiltinModule('node:zlib');
  const options = { maxOutputLength: max };
  const decode: Record<string, () => Buffer> = {
    gzip: () => zlib.gunzipSync(body, options),
    'x-gzip': () => zlib.gunzipSync(body, options),
    // "deflate" is meant as zlib-wrapped, but some servers send raw deflate: the zlib header's
    // compression-method nibble (8) tells them apart.
    deflate: () =>
      (body[0]! & 0x0f) === 8
        ? zlib.inflateSync(body, options)
        : zlib.inflateRawSync(body, options),
    br: () => zlib.brotliDecompressSync(body, options),
  };
  const run = decode[encoding];
  if (!run)
    throw failure(
      EXCHANGE_ERRORS.encoding,
      `the reply is encoded as "${encoding.slice(0, 40)}", which was not offered`,
    );
  try {
    return run();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw failure(
        EXCHANGE_ERRORS.tooLarge,
        `the decompressed reply is larger than the limit of ${max} bytes`,
      );
    throw failure(EXCHANGE_ERRORS.encoding, `the ${encoding} reply does not decompress`);
  }
}
