// Raw hostile doubles for what a real x2gobroker cannot be made to send: an HTTP server
// (node:http, with access to the raw socket for trickles and resets) and an SSH server
// (ssh2's Server, in-process, its own host key) whose broker command answers whatever the
// test scripts. Builders for plain and JSON replies keep each case's text readable.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';

export interface DoubleRequest {
  task: string;
  params: URLSearchParams;
  path: string;
}

export type HttpResponder = (
  req: DoubleRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface HttpDouble {
  port: number;
  plainUrl: string;
  jsonUrl: string;
  requests: DoubleRequest[];
  close(): Promise<void>;
}

/** An HTTP "broker" on 127.0.0.1 (ephemeral port) answering with `respond`. */
export async function startHttpDouble(respond: HttpResponder): Promise<HttpDouble> {
  const requests: DoubleRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const req = { task: params.get('task') ?? '', params, path: raw.url ?? '' };
      requests.push(req);
      Promise.resolve(respond(req, res, raw)).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    plainUrl: `http://127.0.0.1:${port}/plain/`,
    jsonUrl: `http://127.0.0.1:${port}/json/`,
    requests,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export function send(
  res: ServerResponse,
  body: string | Buffer,
  status = 200,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export type Profiles = Record<string, Record<string, string>>;

export const AUTHID = '0b9f2a44-1c3d-4e5f-8a9b-7c6d5e4f3a21';

/**
 * A plain listsessions reply (docs/protocol.md §3.1: AUTHID, Access granted,
 * START/END_USER_SESSIONS).
 */
export function plainList(profiles: Profiles, authid = AUTHID): string {
  const blocks = Object.entries(profiles).map(
    ([id, kv]) =>
      `[${id}]\n${Object.entries(kv)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('')}`,
  );
  return `AUTHID:${authid}\nAccess granted\nSTART_USER_SESSIONS\n\n${blocks.join('\n')}\nEND_USER_SESSIONS\n`;
}

/** A plain selectsession reply. */
export function plainSelect(server: string, opts: { key?: string; authid?: string } = {}): string {
  return `AUTHID:${opts.authid ?? AUTHID}\nAccess granted\nSERVER:${server}\n${opts.key ?? ''}`;
}

/** A harmless profile (what a well-behaved broker sends for a terminal session). */
export const PLAIN_PROFILE: Record<string, string> = {
  name: 'Terminal',
  host: '127.0.0.1',
  sshport: '22',
  user: 'test',
  command: 'TERMINAL',
  rootless: '1',
};

/** A double that answers list with `profiles` and select with `select` (plain dialect). */
export function plainBroker(profiles: Profiles, select: string): HttpResponder {
  return (req, res) => {
    if (req.task === 'listsessions' || req.task === 'listprofiles') send(res, plainList(profiles));
    else if (req.task === 'selectsession') send(res, select);
    else send(res, 'OK\n');
  };
}

// ---------------------------------------------------------------------------------------
// SSH double
// ---------------------------------------------------------------------------------------

export interface SshExec {
  command: string;
  /** The --task value from the broker command line. */
  task: string;
  marker: string;
}

export type SshResponder = (exec: SshExec, channel: ServerChannel) => void | Promise<void>;

export interface SshDouble {
  port: number;
  url: string;
  user: string;
  password: string;
  /** A known_hosts file with this double's host key (for --known-hosts). */
  knownHosts: string;
  execs: SshExec[];
  /** Keyboard-interactive prompts the client saw (when `kbdPrompt` was given). */
  close(): Promise<void>;
}

/**
 * An SSH "broker": password login for `user`, every exec request answered by `respond` after
 * the launcher's marker line (its `echo MARKER; exec /bin/sh -c …` form, ssh-command.ts). With
 * `kbdPrompt`, keyboard-interactive is offered first and shows that prompt text.
 */
export async function startSshDouble(
  respond: SshResponder,
  opts: { user?: string; password?: string; kbdPrompt?: string; banner?: string } = {},
): Promise<SshDouble> {
  const user = opts.user ?? 'x2gouser';
  const password = opts.password ?? 'ssh-double-pw';
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const execs: SshExec[] = [];
  const clients = new Set<Connection>();
  const server = new ssh2.Server(
    { hostKeys: [hostKey.private], ...(opts.banner ? { banner: opts.banner } : {}) },
    (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      client.on('error', () => undefined);
      client.on('authentication', (ctx) => {
        if (ctx.username !== user) return ctx.reject();
        if (ctx.method === 'password' && ctx.password === password) return ctx.accept();
        if (ctx.method === 'keyboard-interactive' && opts.kbdPrompt) {
          return ctx.prompt([{ prompt: opts.kbdPrompt, echo: false }], (answers) =>
            answers[0] === password ? ctx.accept() : ctx.reject(),
          );
        }
        return ctx.reject(opts.kbdPrompt ? ['keyboard-interactive', 'password'] : ['password']);
      });
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept();
          session.on('exec', (acceptExec, _reject, info) => {
            const channel = acceptExec();
            const marker = /^echo (\S+);/.exec(info.command)?.[1] ?? '';
            const argv = remoteArgv(info.command);
            const task = argv[argv.indexOf('--task') + 1] ?? '';
            const exec = { command: info.command, task, marker };
            execs.push(exec);
            if (marker) channel.write(`${marker}\n`);
            Promise.resolve(respond(exec, channel)).catch(() => channel.close());
          });
        });
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'x2go-hostile-ssh-'));
  const knownHosts = join(dir, 'known_hosts');
  const pub = hostKey.public.trim().split(/\s+/).slice(0, 2).join(' ');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${pub}\n`);
  return {
    port,
    url: `ssh://${user}@127.0.0.1:${port}/usr/bin/x2gobroker-ssh`,
    user,
    password,
    knownHosts,
    execs,
    close: () =>
      new Promise((r) => {
        for (const c of clients) c.end();
        server.close(() => r());
      }),
  };
}

/**
 * The argv the launcher's exec string carries (ssh-command.ts remoteCommand: each argument
 * rebuilt by `printf "<octal escapes>x"`), decoded here so the double knows the task; the
 * shell-quoting cases run the same string through the real shells as well.
 */
export function remoteArgv(command: string): string[] {
  return [...command.matchAll(/printf "([^"]*)x"/g)].map((m) =>
    Buffer.from(
      m[1]!.replace(/\\([0-7]{3})/g, (_e, oct: string) => String.fromCharCode(parseInt(oct, 8))),
      'latin1',
    ).toString('utf8'),
  );
}

/** Answer an exec with a plain body and exit status 0 (as x2gobroker-ssh prints it). */
export function sshReply(channel: ServerChannel, body: string, code = 0, stderr = ''): void {
  if (body) channel.write(body);
  if (stderr) channel.stderr.write(stderr);
  channel.exit(code);
  channel.end();
}

/** An SSH broker answering list with `profiles` and select with `select`. */
export function sshPlainBroker(profiles: Profiles, select: string): SshResponder {
  return (exec, channel) => {
    if (exec.task === 'listsessions' || exec.task === 'listprofiles')
      sshReply(channel, plainList(profiles));
    else if (exec.task === 'selectsession') sshReply(channel, select);
    else sshReply(channel, 'OK\n');
  };
}
