// Finds the project's test peers (real x2gobroker, sshd, x2goserver; test/peers/start.sh)
// through BROKER_JSON (their broker.json). Importing this module marks a test file as needing
// the peers (test/peers/plan.mjs): `npm test` then starts them as root, or leaves the file out
// and says so once. Integration tests call `brokerOrSkip(t, …parts)`: without a broker (a file
// run directly with node --test), or without a part they need, they skip with the reason,
// except under CI=true (a failure: skip.ts).
import { readFileSync } from 'node:fs';
import { skipOrFail, type Skippable } from './skip';

export interface HttpInstance {
  port: number;
  plainUrl: string;
  jsonUrl: string;
  requirePassword: boolean;
  requireCookie: boolean;
  staticCookie: boolean;
  authMech: string;
  log: string;
}
export interface HttpsInstance extends HttpInstance {
  localhostUrl: string;
  caFile: string;
  certFile: string;
  certFingerprintSha256: string;
  notBefore: string;
  notAfter: string;
}
export interface BrokerFixture {
  stateDir: string;
  http: Record<'main' | 'cookie' | 'static' | 'noauth' | 'cookiepw' | 'pam', HttpInstance>;
  https: Record<'tls' | 'tls-selfsigned' | 'tls-expired', HttpsInstance> | null;
  tls: { dir: string; caFile: string; caFingerprintSha256: string; hosts: string[] } | null;
  users: { user: string; password: string; instances: string[] }[];
  cookie: { value: string; file: string; cookieDir: string };
  ssh: {
    host: string;
    port: number;
    cookiePort: number;
    user: string;
    password: string;
    usePam: boolean;
    magicUser: string | null;
    privateKey: string;
    knownHosts: string;
    command: string;
  } | null;
  x2goSession: {
    profile: string;
    host: string;
    sshport: number;
    user: string;
    command: string;
    privateKey: string;
    knownHosts: string;
    x2goserver: string | null;
  } | null;
  profiles: { file: string; visibleTo: Record<string, string[]>; neverListed: string[] };
  /** Loopback proxies (tinyproxy, test/peers/start.sh; docs/proxies.md); absent in older sets. */
  proxy?: {
    open: { port: number; url: string; log: string };
    auth: { port: number; url: string; user: string; password: string; log: string };
  } | null;
  /** Loopback SOCKS servers (dante, test/peers/start.sh; docs/proxies.md); absent in older sets. */
  socks?: {
    open: { port: number; url: string; log: string };
    auth: { port: number; url: string; user: string; password: string; log: string };
  } | null;
}

let cached: BrokerFixture | null | undefined;

/** The fixture, or null with the reason it is missing. */
export function loadBroker(): { broker: BrokerFixture | null; reason: string } {
  const file = process.env.BROKER_JSON;
  if (!file)
    return {
      broker: null,
      reason:
        'BROKER_JSON is not set (npm test as root starts the peers; or: sudo bash test/peers/start.sh STATE, then BROKER_JSON=STATE/broker.json)',
    };
  if (cached === undefined) {
    try {
      cached = JSON.parse(readFileSync(file, 'utf8')) as BrokerFixture;
    } catch (e) {
      return {
        broker: null,
        reason: `BROKER_JSON=${file} cannot be read: ${(e as Error).message}`,
      };
    }
  }
  return { broker: cached, reason: '' };
}

/** Parts of the peers a set may lack (test/peers/start.sh options), each with why a test
 * that needs it cannot run. */
const MISSING_PART = {
  https: 'broker.json has no HTTPS instances (peers started without TLS)',
  ssh: 'broker.json has no sshd (started with BROKER_ENABLE_SSH=0)',
  x2goSession: 'broker.json has no x2goSession (peers started without sshd)',
  proxy: 'broker.json has no loopback proxy (peers started by a start.sh without tinyproxy)',
  socks: 'broker.json has no loopback SOCKS server (peers started by a start.sh without dante)',
} as const;
export type BrokerPart = keyof typeof MISSING_PART;

/** The fixture with the named parts present (typed non-null). */
export type BrokerWith<P extends BrokerPart> = BrokerFixture & {
  [K in P]: NonNullable<BrokerFixture[K]>;
};

/**
 * The broker fixture for an integration test, with the parts it needs (`'https'`, `'ssh'`,
 * `'x2goSession'`). Without the broker or one of those parts the test is skipped with the
 * reason (printed by the runner) and null returned; under CI=true the test fails instead
 * (skipOrFail). Use: `const broker = brokerOrSkip(t, 'https'); if (!broker) return;`
 */
export function brokerOrSkip<P extends BrokerPart = never>(
  t: Skippable,
  ...parts: P[]
): BrokerWith<P> | null {
  const { broker, reason } = loadBroker();
  if (!broker) return skipOrFail(t, `integration test needs the real broker: ${reason}`);
  const missing = parts.find((part) => !broker[part]);
  if (missing) return skipOrFail(t, MISSING_PART[missing]);
  return broker as BrokerWith<P>;
}

export function userPassword(broker: BrokerFixture, user: string): string {
  const u = broker.users.find((x) => x.user === user);
  if (!u) throw new Error(`broker.json has no user ${user}`);
  return u.password;
}

/** The local account the PAM broker instance checks (the fixture's SSH/session user). */
export function pamUser(broker: BrokerFixture): string {
  const u = broker.users.find((x) => x.instances.includes('pam'));
  if (!u) throw new Error('broker.json has no user for the pam instance');
  return u.user;
}

/** Where `loopback-xterm` sessions run (the fixture's sshd): fails clearly when absent. */
export function sessionTarget(broker: BrokerFixture): NonNullable<BrokerFixture['x2goSession']> {
  if (!broker.x2goSession) throw new Error('broker.json has no x2goSession (sshd disabled?)');
  return broker.x2goSession;
}

export type SshFixture = NonNullable<BrokerFixture['ssh']>;

/** brokerOrSkip(t, 'ssh'), with the fixture's sshd apart. */
export function sshOrSkip(t: Skippable): { broker: BrokerFixture; ssh: SshFixture } | null {
  const broker = brokerOrSkip(t, 'ssh');
  return broker ? { broker, ssh: broker.ssh } : null;
}
