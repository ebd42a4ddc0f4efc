// A TEST DOUBLE of an X2Go broker (plain dialect over HTTP on loopback) for the two things
// Debian's x2gobroker 0.0.4.3 cannot do, and ONLY for them:
//  * change a password on task=setpass (0.0.4.3 ignores newpass: docs/protocol.md §12.1);
//  * ask for client events ([START_CLIENT_CONFIG] events=true, liveevent=N in listsessions)
//    and answer task=clientevent with `SUSPEND <sid>` / `TERMINATE <sid>` lines, as
//    x2goclient 4.1.2.x reads them (docs/protocol.md §12.3). 0.0.4.3 emits neither.
// Every other behaviour is tested against the real broker. Replies follow the plain format
// of docs/protocol.md §3 (AUTHID line, "Access granted", profiles section).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  fields: Record<string, string>;
  at: number;
}

export interface EventsBrokerDouble {
  url: string;
  requests: RecordedRequest[];
  /** Current password per user (setpass changes it). */
  passwords: Map<string, string>;
  /** Lines the next clientevent replies carry after "Access granted" (consumed one per reply). */
  commandQueue: string[];
  close(): Promise<void>;
}

export interface DoubleOptions {
  users?: Record<string, string>;
  /** The client config section of listsessions replies; null = none. */
  clientConfig?: string | null;
  /** Whether task=setpass changes the password (false: 0.0.4.3's behaviour). */
  changesPasswords?: boolean;
  /** The one profile listed and selected (default: desk on 127.0.0.1:22). */
  profile?: { id: string; host: string; sshport: number; user: string; command: string };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startEventsBrokerDouble(o: DoubleOptions = {}): Promise<EventsBrokerDouble> {
  const p = o.profile ?? { id: 'desk', host: '127.0.0.1', sshport: 22, user: '', command: 'XFCE' };
  const passwords = new Map(Object.entries(o.users ?? { test: 'sweet' }));
  const requests: RecordedRequest[] = [];
  const commandQueue: string[] = [];
  let cookieNo = 0;
  const cookies = new Set<string>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const fields = Object.fromEntries(new URLSearchParams(body));
      requests.push({ fields, at: Date.now() });
      const user = fields.user ?? '';
      const ok =
        (fields.authid && cookies.has(fields.authid)) ||
        (passwords.has(user) && passwords.get(user) === fields.password);
      if (!ok) {
        res.writeHead(401, { 'Content-Type': 'text/html' }).end('<html>401</html>');
        return;
      }
      const cookie = `double-cookie-${++cookieNo}`;
      cookies.add(cookie);
      let out = `AUTHID:${cookie}\nAccess granted\n`;
      if (fields.task === 'setpass' && o.changesPasswords && fields.newpass)
        passwords.set(user, fields.newpass);
      if (fields.task === 'listsessions') {
        out +=
          'START_USER_SESSIONS\n\n[desk]\nname=Desk\nhost=127.0.0.1\nsshport=22\ncommand=XFCE\n\nEND_USER_SESSIONS\n';
        if (o.clientConfig != null)
          out += `START_CLIENT_CONFIG\n${o.clientConfig}\nEND_CLIENT_CONFIG\n`;
      }
      if (fields.task === 'selectsession') out += `SERVER:${p.host}:${p.sshport}\n`;
      if (fields.task === 'clientevent' && commandQueue.length) out += `${commandQueue.shift()}\n`;
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/plain/`,
    requests,
    passwords,
    commandQueue,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
