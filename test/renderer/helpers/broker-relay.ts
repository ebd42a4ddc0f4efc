// A loopback TCP relay in front of a real broker instance, for tests that need a broker to
// change under a signed-in app: `retarget()` sends the next connections to another instance
// (e.g. one that does not know the session's cookie, so it answers 401 as a broker that no
// longer accepts what we hold), `cut()` makes the address dead. Plain `net` piping: a byte
// relay has no HTTP to understand, so no proxy library is needed.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface BrokerRelay {
  /** The relay's port on 127.0.0.1. */
  port: number;
  /** Later connections go to `port`; open ones are closed (no keep-alive to the old peer). */
  retarget(port: number): void;
  /** Closes the port and every open connection. */
  cut(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port) and relays every connection to `targetPort`. */
export async function brokerRelay(targetPort: number): Promise<BrokerRelay> {
  const sockets = new Set<Socket>();
  let target = targetPort;
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const closeAll = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as { port: number }).port,
    retarget(port) {
      target = port;
      closeAll();
    },
    cut: () =>
      new Promise<void>((resolve) => {
        closeAll();
        server.close(() => resolve());
      }),
  };
}
