// The kiosk's screens as one explicit state machine (docs/kiosk.md §States).
//
// Pure: no timers, no I/O. The driver (src/main) feeds it events — what the broker, the client
// and the user did, plus a `tick` every second — with the current time, and carries out the
// effects it returns (probe the broker, sign out, start a profile, run the power command, leave
// kiosk mode). Every transition is a row of KIOSK_TRANSITIONS, so the table in docs/kiosk.md,
// the tests (one per row) and the code cannot drift apart.

import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { PowerAction } from './power';
import type { KioskScreenName } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import { LauncherError } from '../errors';

/** The kiosk's screens: one home, the IPC contract (src/shared/api.ts). */
export type KioskScreen = KioskScreenName;

/** The screens an overlay (idle warning, PIN, power confirmation) is drawn over and returns to. */
export type KioskBaseScreen = 'network-wait' | 'sign-in' | 'catalogue';

export interface KioskState {
  screen: KioskScreen;
  /** The screen below an overlay; for base screens the screen itself. */
  base: KioskBaseScreen;
  /** When the user last touched the kiosk (ms since the epoch). */
  lastInputAt: number;
  /** network-wait: when to probe next; idle-warning: when to reset; session-ended: when the
   * notice goes; null when nothing is due (e.g. a probe is under way). */
  deadline: number | null;
  /** network-wait: failed probes in a row (the backoff's attempt number). */
  attempt: number;
  /** Why we are here, shown on screen: network error, client failure, power failure. */
  reason: string | null;
  /** `reason` as code + params, which the UI shows in its language (issue 13 §8), or null. */
  reasonError: ApiError | null;
  /** launching / in-session: the profile. */
  profileId: string | null;
  /** power-confirm / powering-off: which button. */
  powerAction: PowerAction | null;
}

export type KioskEvent =
  // `reason`: English (logs); `error`: the same as code + params for the UI (issue 13 §8)
  | { type: 'broker-unreachable'; reason: string; error?: ApiError }
  | { type: 'broker-reachable' }
  | { type: 'signed-in'; profileIds: readonly string[] }
  | { type: 'signed-out' }
  | { type: 'launch'; profileId: string }
  | { type: 'client-started' }
  | { type: 'client-failed'; reason: string; error?: ApiError }
  /** The session ended or was suspended (reason null) or the client crashed (reason set). */
  | { type: 'session-ended'; reason: string | null; error?: ApiError }
  | { type: 'input' }
  | { type: 'tick' }
  | { type: 'escape' }
  | { type: 'pin-accepted' }
  | { type: 'cancel' }
  | { type: 'power'; action: PowerAction }
  | { type: 'power-confirmed' }
  | { type: 'power-failed'; reason: string; error?: ApiError };

export type KioskEventType = KioskEvent['type'];

export type KioskEffect =
  /** Forget the signed-in user and cookie, clear every field. */
  | { type: 'sign-out' }
  /** Try the broker once; answer with broker-reachable / broker-unreachable. */
  | { type: 'probe-broker' }
  /** Start this profile as if its tile were clicked (single-profile autostart). */
  | { type: 'start-profile'; profileId: string }
  | { type: 'run-power'; action: PowerAction }
  /** The admin PIN was right: unlock the window (leave kiosk mode). */
  | { type: 'leave-kiosk' };

/** Kiosk policy as the machine needs it (docs/policy.md, kiosk keys). Times in milliseconds. */
export interface KioskOptions {
  /** Where a session's end returns to: sign-in (x2goclient's --broker-autologoff) or the list. */
  afterSession: 'sign-in' | 'catalogue';
  /** Start the profile at once when the broker offers exactly one. */
  autostartSingleProfile: boolean;
  /** No input for this long on sign-in or the list → reset; null turns idle reset off. */
  idleResetMs: number | null;
  /** The countdown shown before the reset (taken from the end of idleResetMs). */
  idleWarningMs: number;
  /** How long a failure reason stays before the kiosk moves on (a tap moves on sooner). */
  failureNoticeMs: number;
  /** An overlay (PIN, power confirmation) left alone this long closes itself. */
  overlayTimeoutMs: number;
  /** Policy holds a valid admin PIN hash: the escape exists at all. */
  escapeAvailable: boolean;
  /** Shutdown/restart buttons shown (x2goclient's --haltbt). */
  powerButtons: boolean;
  backoff: BackoffOptions;
}

export const DEFAULT_KIOSK_OPTIONS: Readonly<KioskOptions> = Object.freeze({
  afterSession: 'sign-in',
  autostartSingleProfile: false,
  idleResetMs: 5 * 60_000,
  idleWarningMs: 30_000,
  failureNoticeMs: 8_000,
  overlayTimeoutMs: 60_000,
  escapeAvailable: false,
  powerButtons: false,
  backoff: DEFAULT_BACKOFF,
});

export interface KioskStep {
  state: KioskState;
  effects: KioskEffect[];
}

interface Context {
  now: number;
  options: KioskOptions;
  random: () => number;
}

/** One row of the transition table. `to` lists every screen the row can lead to. */
export interface KioskTransition {
  from: KioskScreen;
  on: KioskEventType;
  to: readonly KioskScreen[];
  /** When / what, in words (docs/kiosk.md prints the table from these). */
  does: string;
  run: (state: KioskState, event: KioskEvent, ctx: Context) => KioskStep;
}

/** The boot state: waiting for the first broker probe (which the driver starts at once). */
export function initialKioskState(now: number): KioskState {
  return {
    screen: 'network-wait',
    base: 'network-wait',
    lastInputAt: now,
    deadline: now,
    attempt: 0,
    reason: null,
    reasonError: null,
    profileId: null,
    powerAction: null,
  };
}

// ---- helpers for the rows -------------------------------------------------------------------

const stay = (state: KioskState): KioskStep => ({ state, effects: [] });

function base(state: KioskState, screen: KioskBaseScreen, patch: Partial<KioskState> = {}) {
  return {
    ...state,
    screen,
    base: screen,
    deadline: null,
    reason: null,
    reasonError: null,
    profileId: null,
    powerAction: null,
    ...patch,
  };
}

function toSignIn(state: KioskState, ctx: Context): KioskStep {
  return {
    state: base(state, 'sign-in', { lastInputAt: ctx.now }),
    effects: [{ type: 'sign-out' }],
  };
}

function toNetworkWait(
  state: KioskState,
  reason: string,
  ctx: Context,
  error: ApiError | null = null,
): KioskStep {
  const attempt = state.screen === 'network-wait' ? state.attempt + 1 : 1;
  return {
    state: base(state, 'network-wait', {
      attempt,
      reason,
      reasonError: error,
      deadline: ctx.now + backoffDelayMs(attempt, ctx.options.backoff, ctx.random),
    }),
    // A drop forgets the user: who comes back to a kiosk may not be who left it.
    effects: state.base === 'network-wait' ? [] : [{ type: 'sign-out' }],
  };
}

function afterSession(state: KioskState, ctx: Context): KioskStep {
  return ctx.options.afterSession === 'sign-in'
    ? toSignIn(state, ctx)
    : stay(base(state, 'catalogue', { lastInputAt: ctx.now }));
}

/** Idle check on sign-in / the list: into the countdown when its time has come. */
function idleTick(state: KioskState, ctx: Context): KioskStep {
  const { idleResetMs, idleWarningMs } = ctx.options;
  if (idleResetMs === null) return stay(state);
  const resetAt = state.lastInputAt + idleResetMs;
  if (ctx.now < resetAt - idleWarningMs) return stay(state);
  return stay({ ...state, screen: 'idle-warning', deadline: resetAt });
}

function overlayTimedOut(state: KioskState, ctx: Context): boolean {
  return ctx.now - state.lastInputAt >= ctx.options.overlayTimeoutMs;
}

const backToBase = (state: KioskState): KioskStep =>
  stay({ ...state, screen: state.base, powerAction: null });

function openEscape(state: KioskState, ctx: Context): KioskStep {
  if (!ctx.options.escapeAvailable) return stay(state);
  return stay({ ...state, screen: 'admin-pin', lastInputAt: ctx.now });
}

function openPower(state: KioskState, event: KioskEvent, ctx: Context): KioskStep {
  if (!ctx.options.powerButtons || event.type !== 'power') return stay(state);
  return stay({
    ...state,
    screen: 'power-confirm',
    powerAction: event.action,
    lastInputAt: ctx.now,
  });
}

function signedIn(state: KioskState, event: KioskEvent, ctx: Context): KioskStep {
  const ids = event.type === 'signed-in' ? event.profileIds : [];
  const only = ids.length === 1 ? ids[0] : undefined;
  if (ctx.options.autostartSingleProfile && only !== undefined) {
    return {
      state: {
        ...base(state, 'catalogue'),
        screen: 'launching',
        profileId: only,
        lastInputAt: ctx.now,
      },
      effects: [{ type: 'start-profile', profileId: only }],
    };
  }
  return stay(base(state, 'catalogue', { lastInputAt: ctx.now }));
}

function failed(
  state: KioskState,
  reason: string,
  ctx: Context,
  error: ApiError | null = null,
): KioskStep {
  return stay({
    ...state,
    screen: 'session-ended',
    reason,
    reasonError: error,
    deadline: ctx.now + ctx.options.failureNoticeMs,
  });
}

const reason = (event: KioskEvent): string =>
  'reason' in event && typeof event.reason === 'string' ? event.reason : '';
const reasonError = (event: KioskEvent): ApiError | null =>
  ('error' in event && event.error) || null;

/** The admin escape and the power button: alike on every base screen. */
function overlayOpeners(from: KioskBaseScreen): KioskTransition[] {
  return [
    {
      from,
      on: 'escape',
      to: ['admin-pin'],
      does: 'admin escape (only when policy holds a PIN hash)',
      run: (s, _e, c) => openEscape(s, c),
    },
    {
      from,
      on: 'power',
      to: ['power-confirm'],
      does: 'shutdown/restart button (only with --haltbt / policy)',
      run: (s, e, c) => openPower(s, e, c),
    },
  ];
}

/** How the PIN dialog and the power confirmation close without their action. */
function overlayClosers(from: 'admin-pin' | 'power-confirm'): KioskTransition[] {
  const back = ['network-wait', 'sign-in', 'catalogue'] as const;
  return [
    { from, on: 'cancel', to: back, does: 'cancelled', run: backToBase },
    {
      from,
      on: 'tick',
      to: back,
      does: 'left alone for overlayTimeout → closes',
      run: (s, _e, c) => (overlayTimedOut(s, c) ? backToBase(s) : stay(s)),
    },
  ];
}

/** Sign-in and the list, where a user may be at the kiosk: a lost broker and the idle clock. */
function attendedRows(from: 'sign-in' | 'catalogue'): KioskTransition[] {
  return [
    {
      from,
      on: 'broker-unreachable',
      to: ['network-wait'],
      does: 'broker gone (also while idle) → network wait, signed out, fields cleared',
      run: (s, e, c) => toNetworkWait(s, reason(e), c, reasonError(e)),
    },
    {
      from,
      on: 'tick',
      to: ['idle-warning'],
      does: 'no input for idleReset − idleWarning → countdown',
      run: (s, _e, c) => idleTick(s, c),
    },
    ...overlayOpeners(from),
  ];
}

// ---- the table --------------------------------------------------------------------------------

/** Every transition of the kiosk. An event with no row for the current screen is ignored. */
export const KIOSK_TRANSITIONS: readonly KioskTransition[] = [
  // network-wait: the calm retry screen (boot, or after a drop).
  {
    from: 'network-wait',
    on: 'tick',
    to: ['network-wait'],
    does: 'retry time reached → probe the broker once (deadline cleared while it runs)',
    run: (s, _e, c) =>
      s.deadline !== null && c.now >= s.deadline
        ? { state: { ...s, deadline: null }, effects: [{ type: 'probe-broker' }] }
        : stay(s),
  },
  {
    from: 'network-wait',
    on: 'broker-unreachable',
    to: ['network-wait'],
    does: 'probe failed → next retry after the backoff (2 s doubling to 60 s, ±20 %), reason shown',
    run: (s, e, c) => toNetworkWait(s, reason(e), c, reasonError(e)),
  },
  {
    from: 'network-wait',
    on: 'broker-reachable',
    to: ['sign-in'],
    does: 'the broker answers → sign-in, by itself',
    run: (s, _e, c) => stay(base(s, 'sign-in', { lastInputAt: c.now, attempt: 0 })),
  },
  {
    from: 'network-wait',
    on: 'signed-in',
    to: ['catalogue', 'launching'],
    does: 'a sign-in (an automatic one at boot) succeeded: the broker is there → as from sign-in',
    run: signedIn,
  },
  ...overlayOpeners('network-wait'),

  // sign-in
  {
    from: 'sign-in',
    on: 'signed-in',
    to: ['catalogue', 'launching'],
    does: 'signed in → the list; exactly one profile and autostart policy → start it at once',
    run: signedIn,
  },
  ...attendedRows('sign-in'),

  // catalogue (the profile list)
  {
    from: 'catalogue',
    on: 'launch',
    to: ['launching'],
    does: 'a tile was chosen',
    run: (s, e, c) =>
      stay({
        ...s,
        screen: 'launching',
        profileId: e.type === 'launch' ? e.profileId : null,
        lastInputAt: c.now,
      }),
  },
  {
    from: 'catalogue',
    on: 'signed-out',
    to: ['sign-in'],
    does: 'the user signed out',
    run: (s, _e, c) => toSignIn(s, c),
  },
  ...attendedRows('catalogue'),

  // launching → in-session
  {
    from: 'launching',
    on: 'client-started',
    to: ['in-session'],
    does: 'the local client runs',
    run: (s) => stay({ ...s, screen: 'in-session' }),
  },
  {
    from: 'launching',
    on: 'client-failed',
    to: ['session-ended'],
    does: 'selectsession or the client failed → reason shown',
    run: (s, e, c) => failed(s, reason(e), c, reasonError(e)),
  },
  {
    from: 'launching',
    on: 'broker-unreachable',
    to: ['network-wait'],
    does: 'broker gone during selectsession → network wait',
    run: (s, e, c) => toNetworkWait(s, reason(e), c, reasonError(e)),
  },
  {
    from: 'launching',
    on: 'cancel',
    to: ['catalogue'],
    does: 'the launch was abandoned (back, or no choice made among running sessions) → the list',
    run: (s, _e, c) => stay(base(s, 'catalogue', { lastInputAt: c.now })),
  },
  {
    from: 'in-session',
    on: 'session-ended',
    to: ['sign-in', 'catalogue', 'session-ended'],
    does: 'ended or suspended → sign-in (autologoff) or the list per policy; a crash → reason first',
    run: (s, e, c) => {
      const why = reason(e);
      return why ? failed(s, why, c, reasonError(e)) : afterSession(s, c);
    },
  },

  // session-ended: the failure notice
  {
    from: 'session-ended',
    on: 'tick',
    to: ['sign-in', 'catalogue'],
    does: 'notice time over → where the session would return to',
    run: (s, _e, c) => (s.deadline !== null && c.now >= s.deadline ? afterSession(s, c) : stay(s)),
  },
  {
    from: 'session-ended',
    on: 'input',
    to: ['sign-in', 'catalogue'],
    does: 'a tap dismisses the notice',
    run: (s, _e, c) => afterSession(s, c),
  },

  // idle-warning: the countdown
  {
    from: 'idle-warning',
    on: 'input',
    to: ['sign-in', 'catalogue'],
    does: 'any input cancels the countdown',
    run: (s, _e, c) => stay({ ...s, screen: s.base, deadline: null, lastInputAt: c.now }),
  },
  {
    from: 'idle-warning',
    on: 'tick',
    to: ['sign-in'],
    does: 'countdown over → signed out, fields cleared, sign-in',
    run: (s, _e, c) => (s.deadline !== null && c.now >= s.deadline ? toSignIn(s, c) : stay(s)),
  },
  {
    from: 'idle-warning',
    on: 'broker-unreachable',
    to: ['network-wait'],
    does: 'broker gone during the countdown → network wait',
    run: (s, e, c) => toNetworkWait(s, reason(e), c, reasonError(e)),
  },

  // admin-pin
  {
    from: 'admin-pin',
    on: 'pin-accepted',
    to: ['unlocked'],
    does: 'right PIN (checked and rate-limited by AdminPinGate) → leave kiosk mode',
    run: (s) => ({ state: { ...s, screen: 'unlocked' }, effects: [{ type: 'leave-kiosk' }] }),
  },
  ...overlayClosers('admin-pin'),

  // power
  {
    from: 'power-confirm',
    on: 'power-confirmed',
    to: ['powering-off'],
    does: 'confirmed → run the policy command or the system action',
    run: (s, _e, c) => ({
      state: { ...s, screen: 'powering-off', lastInputAt: c.now },
      effects: s.powerAction ? [{ type: 'run-power', action: s.powerAction }] : [],
    }),
  },
  ...overlayClosers('power-confirm'),
  {
    from: 'powering-off',
    on: 'tick',
    to: ['network-wait', 'sign-in', 'catalogue'],
    does: 'the command succeeded but the system still runs after overlayTimeout → back, said so',
    run: (s, _e, c) =>
      overlayTimedOut(s, c)
        ? stay({
            ...s,
            screen: s.base,
            powerAction: null,
            reason: `${s.powerAction ?? 'power'}: the system is still running`,
            reasonError: new LauncherError(
              'kiosk.power-still-running',
              { action: s.powerAction ?? 'power' },
              `${s.powerAction ?? 'power'}: the system is still running`,
            ).toJSON(),
            lastInputAt: c.now,
          })
        : stay(s),
  },
  {
    from: 'powering-off',
    on: 'power-failed',
    to: ['network-wait', 'sign-in', 'catalogue'],
    does: 'the command failed → back, with its error shown',
    run: (s, e, c) =>
      stay({
        ...s,
        screen: s.base,
        powerAction: null,
        reason: reason(e),
        reasonError: reasonError(e),
        lastInputAt: c.now,
      }),
  },
];

const ROWS = new Map(KIOSK_TRANSITIONS.map((row) => [`${row.from} ${row.on}`, row]));

/**
 * Feed one event. Returns the next state and the effects to carry out, in order. An event with
 * no row for the current screen changes nothing but, for `input`, the idle clock.
 * @param now milliseconds since the epoch (Date.now()).
 */
export function kioskStep(
  state: KioskState,
  event: KioskEvent,
  now: number,
  options: KioskOptions = DEFAULT_KIOSK_OPTIONS,
  random: () => number = Math.random,
): KioskStep {
  const row = ROWS.get(`${state.screen} ${event.type}`);
  const touched = event.type === 'input' ? { ...state, lastInputAt: now } : state;
  if (!row) return stay(touched);
  return row.run(touched, event, { now, options, random });
}

/** Seconds left on the current deadline (the countdown / "retrying in N s"), rounded up. */
export function secondsLeft(state: KioskState, now: number): number | null {
  return state.deadline === null ? null : Math.max(0, Math.ceil((state.deadline - now) / 1000));
}
