// The kiosk connected to the app (issue 12, docs/kiosk.md §App wiring): the KioskDriver fed by
// the real LauncherController (sign-ins, launch events, session ends), the renderer's kiosk
// calls (input, escape, PIN, power), a watch on the broker while someone may be at the kiosk,
// and the machine's effects carried out on the controller (sign out, start a profile), the
// power runner and the window. No Electron import: the renderer tests run it with the real
// controller on a fake ipcMain; index.ts wires it to the window.
import type { AdminPinGate } from '../core/kiosk/admin-pin';
import type { KioskEvent, KioskOptions } from '../core/kiosk/machine';
import type { PowerAction } from '../core/kiosk/power';
import type { KioskReply, KioskRequest, KioskView, SessionEvent } from '../shared/api';
import type { KioskPort, LauncherController } from './controller';
import { KioskDriver, type KioskDriverDeps } from './kiosk-driver';
import { toApiError } from './ipc';
import { LauncherError } from '../core/errors';

export interface KioskAppDeps {
  controller: LauncherController;
  options: KioskOptions;
  /** Touch and large mode (policy touchMode). */
  touch: boolean;
  /** One bounded request to the broker (src/main/kiosk-probe.ts); rejects with the reason. */
  probe(): Promise<void>;
  /** The power button's action (runPowerAction with the policy's commands). */
  runPower(action: PowerAction): Promise<void>;
  /** Checks the admin PIN (policy adminPinHash), rate-limited. */
  pinGate: AdminPinGate;
  /** Send the view to the renderer (`kiosk-state`). */
  send(view: KioskView): void;
  /** The right PIN: unlock the window (it may close, minimise, leave full screen). */
  leaveKiosk(): void;
  /** While someone may be at the kiosk (sign-in, list, countdown), probe the broker this
   * often, so a broker that goes away while the kiosk is idle is noticed (ms; default 30 s). */
  watchMs?: number;
  log?: (message: string) => void;
  /** Clock and timers (tests). */
  timers?: Pick<KioskDriverDeps, 'now' | 'setInterval' | 'clearInterval'>;
}

const WATCHED = new Set(['sign-in', 'catalogue', 'idle-warning']);
/** A PIN check answer that would be "never" (no usable hash) is sent as one day. */
const MAX_RETRY_S = 86_400;

export class KioskApp {
  readonly driver: KioskDriver;
  private watchTimer: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(private readonly deps: KioskAppDeps) {
    this.driver = new KioskDriver(
      {
        probeBroker: () => this.probe(),
        signOut: () => deps.controller.signOut(),
        startProfile: async (profileId) => {
          const r = await deps.controller.selectAndLaunch(profileId, {});
          if (r.kind !== 'choose') return;
          // Nobody is asked at an unattended kiosk: resume the user's suspended session, as
          // x2goclient's autoresume does, else start a new one.
          const suspended = r.sessions.find((s) => s.status === 'S');
          await deps.controller.selectAndLaunch(profileId, { resume: suspended?.name ?? 'new' });
        },
        runPower: (action) => deps.runPower(action),
        leaveKiosk: () => {
          this.stopWatch();
          deps.leaveKiosk();
        },
        show: (view) => deps.send(view),
        touch: deps.touch,
        ...(deps.log ? { log: deps.log } : {}),
        ...deps.timers,
      },
      deps.options,
    );
    const port: KioskPort = {
      request: (request) => this.request(request),
      signInChanged: (ids) =>
        this.driver.handle(ids ? { type: 'signed-in', profileIds: ids } : { type: 'signed-out' }),
      sessionEvent: (event) => {
        const mapped = kioskEventFor(event);
        if (mapped) this.driver.handle(mapped);
      },
    };
    deps.controller.attachKiosk(port);
  }

  /** Boot: network wait, the first probe at once, and the broker watch. */
  start(): void {
    this.driver.start();
    if (this.watchTimer) return;
    this.watchTimer = setInterval(() => this.watch(), this.deps.watchMs ?? 30_000);
    this.watchTimer.unref();
  }

  stop(): void {
    this.driver.stop();
    this.stopWatch();
  }

  /** The window must stay: not unlocked by the PIN, and not powering off. */
  get locked(): boolean {
    const screen = this.driver.current.screen;
    return screen !== 'unlocked' && screen !== 'powering-off';
  }

  /** The renderer's kiosk call (validated by src/shared/validate.ts before it gets here). */
  async request(request: KioskRequest): Promise<KioskReply> {
    switch (request.type) {
      case 'sync':
        break;
      case 'input':
      case 'escape':
      case 'cancel':
        this.driver.handle({ type: request.type });
        break;
      case 'power':
        this.driver.handle({ type: 'power', action: request.action });
        break;
      case 'power-confirm':
        this.driver.handle({ type: 'power-confirmed' });
        break;
      case 'pin':
        return this.checkPin(request.pin);
    }
    return { type: 'ok', view: this.driver.view() };
  }

  /** PINs are checked only while the PIN dialog is open; the gate rate-limits them. */
  private async checkPin(pin: string): Promise<KioskReply> {
    if (this.driver.current.screen !== 'admin-pin') return { type: 'ok', view: this.driver.view() };
    const check = await this.deps.pinGate.check(pin);
    if (check.result === 'ok') {
      this.deps.log?.('kiosk: unlocked with the admin PIN');
      this.driver.handle({ type: 'pin-accepted' });
      return { type: 'ok', view: this.driver.view() };
    }
    this.driver.handle({ type: 'input' });
    if (check.result === 'wrong') {
      this.deps.log?.('kiosk: wrong admin PIN');
      return { type: 'pin-wrong', attemptsLeft: check.attemptsLeft, view: this.driver.view() };
    }
    const seconds = Number.isFinite(check.retryInMs)
      ? Math.min(MAX_RETRY_S, Math.ceil(check.retryInMs / 1000))
      : MAX_RETRY_S;
    return { type: 'pin-locked', retryInSeconds: seconds, view: this.driver.view() };
  }

  private async probe(): Promise<void> {
    this.probing = true;
    try {
      await this.deps.probe();
    } finally {
      this.probing = false;
    }
  }

  private watch(): void {
    if (this.probing || !WATCHED.has(this.driver.current.screen)) return;
    this.probe().then(
      () => undefined,
      (err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        this.deps.log?.(`kiosk: broker gone: ${reason}`);
        this.driver.handle({ type: 'broker-unreachable', reason, error: toApiError(err) });
      },
    );
  }

  private stopWatch(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }
}

/**
 * The kiosk event for one controller event, or null. A failure the network caused (kinds
 * unreachable, timeout) means the broker is gone; a cancelled launch abandons it; an exit
 * status other than 0 (or an end by a signal) is a crash, shown with its reason.
 */
export function kioskEventFor(event: SessionEvent): KioskEvent | null {
  if (event.type === 'signed-out') return { type: 'signed-out' };
  if (event.type !== 'launch') return null;
  switch (event.state) {
    case 'asking-broker':
      return { type: 'launch', profileId: event.profileId };
    case 'running':
      return { type: 'client-started' };
    case 'failed': {
      const error = event.error;
      if (error?.kind === 'cancelled') return { type: 'cancel' };
      // the English text for logs, the error (code + params) for the UI's language
      const shown =
        error ??
        new LauncherError('kiosk.start-failed', {}, 'The session could not be started.').toJSON();
      const reason = shown.message;
      return error?.kind === 'unreachable' || error?.kind === 'timeout'
        ? { type: 'broker-unreachable', reason, error: shown }
        : { type: 'client-failed', reason, error: shown };
    }
    case 'ended': {
      const code = event.exitCode;
      if (code === 0) return { type: 'session-ended', reason: null };
      const error =
        code === null || code === undefined
          ? new LauncherError(
              'kiosk.client-signal',
              {},
              'The X2Go client was ended by a signal.',
            ).toJSON()
          : new LauncherError(
              'kiosk.client-status',
              { status: code },
              `The X2Go client ended with status ${code}.`,
            ).toJSON();
      return { type: 'session-ended', reason: error.message, error };
    }
    default:
      return null;
  }
}
