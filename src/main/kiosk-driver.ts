// Runs the kiosk state machine (src/core/kiosk/machine.ts) in the main process: a one-second
// tick, the events the controller and the renderer report, and the machine's effects carried out
// through injected functions. No Electron import: tests drive it with a fake clock.
import {
  DEFAULT_KIOSK_OPTIONS,
  initialKioskState,
  kioskStep,
  secondsLeft,
  type KioskEffect,
  type KioskEvent,
  type KioskOptions,
  type KioskState,
} from '../core/kiosk/machine';
import type { PowerAction } from '../core/kiosk/power';
import type { KioskView } from '../shared/api';
import { toApiError } from './ipc';

export type { KioskView };

export interface KioskDriverDeps {
  /** One request to the broker; resolve when it answered, reject (with the reason) when not. */
  probeBroker(): Promise<void>;
  /** Forget the user, password and broker cookie. */
  signOut(): Promise<void> | void;
  startProfile(profileId: string): Promise<void> | void;
  runPower(action: PowerAction): Promise<void>;
  leaveKiosk(): void;
  show(view: KioskView): void;
  /** Touch and large mode, passed on to the renderer in every view. */
  touch?: boolean;
  now?: () => number;
  /** Timer functions (tests pass fakes). */
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  log?: (message: string) => void;
}

const TICK_MS = 1_000;

export class KioskDriver {
  private state: KioskState;
  private timer: unknown = null;
  /** Sign-outs so far (the renderer clears its fields when this changes). */
  private signOuts = 0;
  private readonly now: () => number;

  constructor(
    private readonly deps: KioskDriverDeps,
    private readonly options: KioskOptions = DEFAULT_KIOSK_OPTIONS,
  ) {
    this.now = deps.now ?? Date.now;
    this.state = initialKioskState(this.now());
  }

  /** The current state (tests, diagnostics). */
  get current(): Readonly<KioskState> {
    return this.state;
  }

  /** Start ticking; the first tick probes the broker at once (boot into network wait). */
  start(): void {
    if (this.timer !== null) return;
    const every = this.deps.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
    this.timer = every(() => this.handle({ type: 'tick' }), TICK_MS);
    this.handle({ type: 'tick' });
  }

  stop(): void {
    if (this.timer === null) return;
    (this.deps.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(this.timer);
    this.timer = null;
  }

  /** Feed one event; carries out the resulting effects and shows the new state. */
  handle(event: KioskEvent): void {
    const before = this.state;
    const { state, effects } = kioskStep(before, event, this.now(), this.options);
    this.state = state;
    for (const effect of effects) this.run(effect);
    if (state !== before || event.type === 'tick') this.deps.show(this.view());
  }

  /** What the renderer shows now. */
  view(): KioskView {
    const s = this.state;
    return {
      screen: s.screen,
      base: s.base,
      secondsLeft: secondsLeft(s, this.now()),
      reason: s.reason,
      reasonError: s.reasonError,
      powerAction: s.powerAction,
      escapeAvailable: this.options.escapeAvailable,
      powerButtons: this.options.powerButtons,
      touch: this.deps.touch ?? false,
      signOuts: this.signOuts,
    };
  }

  private run(effect: KioskEffect): void {
    const fail = (what: string) => (err: unknown) =>
      this.deps.log?.(`kiosk: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    switch (effect.type) {
      case 'probe-broker':
        this.deps.probeBroker().then(
          () => this.handle({ type: 'broker-reachable' }),
          (err: unknown) =>
            this.handle({
              type: 'broker-unreachable',
              reason: err instanceof Error ? err.message : String(err),
              error: toApiError(err),
            }),
        );
        return;
      case 'sign-out':
        this.signOuts += 1;
        void Promise.resolve()
          .then(() => this.deps.signOut())
          .catch(fail('signing out'));
        return;
      case 'start-profile':
        void Promise.resolve()
          .then(() => this.deps.startProfile(effect.profileId))
          .catch((err: unknown) =>
            this.handle({
              type: 'client-failed',
              reason: err instanceof Error ? err.message : String(err),
              error: toApiError(err),
            }),
          );
        return;
      case 'run-power':
        this.deps.runPower(effect.action).catch((err: unknown) =>
          this.handle({
            type: 'power-failed',
            reason: err instanceof Error ? err.message : String(err),
            error: toApiError(err),
          }),
        );
        return;
      case 'leave-kiosk':
        this.stop();
        this.deps.leaveKiosk();
        return;
    }
  }
}
