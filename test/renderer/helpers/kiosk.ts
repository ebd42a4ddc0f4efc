// The kiosk's side of the renderer tests (issue 12): the app's KioskApp on the Backend's REAL
// controller (so the kiosk IPC call and the controller's events go through main's code), its
// `kiosk-state` views sent to the page like webContents.send, a loopback TCP forwarder to the
// real broker that can refuse and come back (network wait, broker down), and a real
// x2gobroker-daemon of our own that offers exactly one profile (single-profile autostart).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AdminPinGate, type PinLimits } from '../../../src/core/kiosk/admin-pin';
import { DEFAULT_KIOSK_OPTIONS, type KioskOptions } from '../../../src/core/kiosk/machine';
import type { PowerAction } from '../../../src/core/kiosk/power';
import { KioskApp } from '../../../src/main/kiosk-app';
import { probeBroker } from '../../../src/main/kiosk-probe';
import { createSessionFactory } from '../../../src/main/session-factory';
import { CHANNELS, type KioskView } from '../../../src/shared/api';
import type { Backend } from './backend';

/** Short timers so a test sees every state in seconds (the machine's rules are the same). */
export const FAST: KioskOptions = {
  ...DEFAULT_KIOSK_OPTIONS,
  afterSession: 'sign-in',
  idleResetMs: null,
  idleWarningMs: 4_000,
  failureNoticeMs: 3_000,
  overlayTimeoutMs: 60_000,
  escapeAvailable: true,
  powerButtons: true,
  backoff: { initialMs: 1_000, maxMs: 2_000, jitter: 0 },
};

export interface KioskRig {
  kiosk: KioskApp;
  views: KioskView[];
  /** The page to send views to (set once it is open). */
  attach(page: Page): void;
  unlocked: () => boolean;
}

export function kioskRig(
  backend: Backend,
  opts: {
    brokerUrl: string;
    options?: Partial<KioskOptions>;
    touch?: boolean;
    pinHash?: string | null;
    pinLimits?: PinLimits;
    runPower?: (action: PowerAction) => Promise<void>;
  },
): KioskRig {
  let page: Page | null = null;
  let unlocked = false;
  const views: KioskView[] = [];
  const createSession = createSessionFactory();
  const kiosk = new KioskApp({
    controller: backend.controller,
    options: { ...FAST, ...opts.options },
    touch: opts.touch ?? false,
    probe: () => probeBroker(opts.brokerUrl, { createSession, timeoutMs: 3_000 }),
    runPower: opts.runPower ?? (() => Promise.reject(new Error('no power in this test'))),
    pinGate: new AdminPinGate(opts.pinHash ?? null, opts.pinLimits),
    send: (view) => {
      views.push(view);
      void page
        ?.evaluate(([ch, v]) => window.__x2goEmit(ch, v), [CHANNELS.onKioskState, view] as const)
        .catch(() => undefined);
    },
    leaveKiosk: () => (unlocked = true),
    watchMs: 1_000,
  });
  return { kiosk, views, attach: (p) => (page = p), unlocked: () => unlocked };
}

/** A loopback port that forwards to `target` while open and refuses while closed. */
export class Forwarder {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Stop listening and cut every connection (the broker "goes away"). */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** A port nothing listens on (bound, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A real x2gobroker-daemon (Debian's, as the peers run it) with the peers' `noauth` instance
 * configuration and a session-profiles file of exactly ONE profile: the single-profile case no
 * shared peer offers. Returns its /plain/ URL and a stop function; null when the peers' files
 * or the daemon are missing (the caller skips and says why).
 */
export async function singleProfileBroker(
  stateDir: string,
): Promise<{ url: string; stop: () => void; log: string } | null> {
  const conf = join(stateDir, 'etc', 'x2gobroker-noauth.conf');
  const loggers = join(stateDir, 'etc', 'http-loggers.conf');
  if (!existsSync('/usr/bin/x2gobroker-daemon') || !existsSync(conf) || !existsSync(loggers))
    return null;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-broker-'));
  chmodSync(dir, 0o755);
  const profiles = join(dir, 'sessionprofiles.conf');
  writeFileSync(
    profiles,
    '[DEFAULT]\ncommand=TERMINAL\nsshport=22\n\n[kiosk-only]\nname=Kiosk Desktop\nhost=kiosk.example.test\ncommand=XFCE\n',
  );
  chmodSync(profiles, 0o644);
  const port = await freePort();
  const log = join(dir, 'daemon.log');
  const out = openSync(log, 'a');
  const child: ChildProcess = spawn(
    '/usr/bin/python3',
    ['/usr/bin/x2gobroker-daemon', '-i', '--drop-privileges', '-b', `127.0.0.1:${port}`],
    {
      cwd: dir,
      env: {
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        LANG: 'C.UTF-8',
        X2GOBROKER_CONFIG: conf,
        X2GOBROKER_SESSIONPROFILES: profiles,
        X2GOBROKER_LOGCONFIG: loggers,
        X2GOBROKER_DEFAULT_BACKEND: 'inifile',
        X2GOBROKER_SSL_CERTFILE: '',
        X2GOBROKER_SSL_KEYFILE: '',
      },
      stdio: ['ignore', out, out],
    },
  );
  const stop = () => child.kill('SIGTERM');
  const url = `http://127.0.0.1:${port}/plain/`;
  // wait until it answers (Tornado starts in about a second)
  const createSession = createSessionFactory();
  for (let i = 0; i < 60; i++) {
    try {
      await probeBroker(url, { createSession, timeoutMs: 1_000 });
      return { url, stop, log };
    } catch {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  stop();
  throw new Error(`the single-profile broker did not start (log: ${log})`);
}
