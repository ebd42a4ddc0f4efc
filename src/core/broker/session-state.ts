// The sign-in and cookie rules of one broker session (docs/protocol.md §6) as an explicit state
// machine: phases, events, the transition table as data, and one pure transition function.
// BrokerSession (session.ts) does the I/O — reads the auth-id file, sends requests, writes the
// rotated cookie — and feeds each outcome in here as an event; the effect named by the matching
// row tells it what to do next (retry, fail, persist the cookie …). Nothing here does I/O, so
// every row is unit-tested directly and over a fake transport (test/core/broker/session-state*).
//
// Written by hand rather than with a state-machine library (XState & co.): the machine is seven
// phases and a table of nineteen rows, and a library would add a runtime dependency to the CLI
// bundle for no behaviour we need (no nesting, no timers, no actors).
import type { BrokerTask } from '../transport/types';

/**
 * Where a session stands in the sign-in/cookie lifecycle (docs/protocol.md §6.7):
 * - `unread`: nothing sent yet; the auth-id cookie (option or file) is not loaded.
 * - `initial`: the next request carries the initial credentials — the pre-shared cookie
 *   (`--auth-id`) and/or the password.
 * - `pre-shared`: the broker echoed the pre-shared cookie (cookie-only or static pre-shared
 *   mode): it stays valid and is sent again.
 * - `rotating`: we hold a one-time cookie the broker issued; only it is sent, and the next
 *   reply replaces it.
 * - `static`: we hold a broker-issued cookie the broker repeated (`use-static-cookie`): it is
 *   sent again and again.
 * - `open`: the broker granted access without issuing any cookie (noauth detected).
 * - `signed-out`: logout forgot password and cookies; every request is refused.
 */
export type Phase =
  'unread' | 'initial' | 'pre-shared' | 'rotating' | 'static' | 'open' | 'signed-out';

/** Every phase, in lifecycle order (for tables, tests and diagnostics). */
export const PHASES: readonly Phase[] = [
  'unread',
  'initial',
  'pre-shared',
  'rotating',
  'static',
  'open',
  'signed-out',
];

/** The phases in which requests are sent (signed in or signing in). */
const LIVE: readonly Phase[] = ['initial', 'pre-shared', 'rotating', 'static', 'open'];

/** The cookie state of a session. Cookies are secrets: never log a SessionState. */
export interface SessionState {
  readonly phase: Phase;
  /** The user's cookie (`--auth-id` value or file), sent with the initial credentials. */
  readonly initialCookie: string | null;
  /** The cookie the broker issued last; non-null exactly in `rotating` and `static`. */
  readonly issuedCookie: string | null;
  /** Whether a password is known (the password itself never enters the state). */
  readonly hasPassword: boolean;
  /** `--broker-noauth`: requests carry neither password nor cookie. */
  readonly noAuthConfigured: boolean;
  /** The broker once granted access without a cookie (sticky, for `BrokerSession.noAuth`). */
  readonly noAuthDetected: boolean;
}

/** The credentials one request carried, as far as the cookie rules care. */
export interface SentCredentials {
  /** The `authid` sent, if any. */
  authid?: string;
  /** Whether the password was sent. */
  password: boolean;
}

/** What happened to the session; session.ts turns each outcome of its I/O into one of these. */
export type SignInEvent =
  /** The auth-id cookie was loaded (option, file, or none) before the first request. */
  | { type: 'loaded'; cookie: string | null }
  /** A successful reply carried a cookie that is one printable token (§6.1). */
  | { type: 'cookie-issued'; cookie: string; sent: SentCredentials }
  /** A successful reply carried a cookie that is not one printable token: hostile or broken. */
  | { type: 'bad-cookie-issued' }
  /** A successful reply carried no cookie (noauth; or testcon, which never returns one). */
  | { type: 'granted-without-cookie'; task: BrokerTask; sent: SentCredentials }
  /** The broker refused the credentials (HTTP 401, empty SSH output; not an SSH login refusal). */
  | { type: 'refused' }
  /** The user signed out. */
  | { type: 'logout' };

/** The type names of SignInEvent. */
export type EventType = SignInEvent['type'];

/** Every event type (for tables and tests). */
export const EVENT_TYPES: readonly EventType[] = [
  'loaded',
  'cookie-issued',
  'bad-cookie-issued',
  'granted-without-cookie',
  'refused',
  'logout',
];

/**
 * What session.ts does after a transition:
 * - `none`: nothing more;
 * - `persist`: write the issued cookie to the auth-id file (only with `--auth-id-persist`, §6.4);
 * - `retry`: send the same request once more, now with the initial credentials (§6.3);
 * - `fail`: rethrow the broker's refusal;
 * - `cookie-rejected`: throw "the broker no longer accepts the auth-id cookie" (nothing left
 *   to retry with);
 * - `refuse-cookie`: throw a `protocol` error: the broker issued a non-token cookie (§6.1);
 * - `close`: forget the password and close the transport.
 */
export type Effect =
  'none' | 'persist' | 'retry' | 'fail' | 'cookie-rejected' | 'refuse-cookie' | 'close';

/** Named guards of the table; the predicates are in CONDITIONS. */
export type Condition =
  | 'always'
  | 'echoes-pre-shared'
  | 'echoes-issued'
  | 'names-pre-shared'
  | 'consumes-pre-shared'
  | 'not-testcon'
  | 'testcon-consumed-issued'
  | 'credentials-left';

/** One row of the transition table. Rows are tried in order; the first match applies. */
export interface Transition {
  /** Stable name of the row (tests and `onTransition` traces use it). */
  readonly id: string;
  readonly from: readonly Phase[];
  readonly event: EventType;
  readonly when: Condition;
  /** The next phase; `same` keeps the phase and the cookies. */
  readonly to: Phase | 'same';
  /** Forget the pre-shared cookie: it was one-time and is used up (§6.2). */
  readonly forgetInitialCookie?: true;
  readonly effect: Effect;
  /** Why, with the docs/protocol.md section. */
  readonly why: string;
}

type Predicate = (state: SessionState, event: SignInEvent) => boolean;

function sent(event: SignInEvent): SentCredentials {
  return 'sent' in event ? event.sent : { password: false };
}
function cookie(event: SignInEvent): string | null {
  return event.type === 'cookie-issued' ? event.cookie : null;
}

/** The guards. Among the `cookie-issued` rows they are mutually exclusive by construction. */
const CONDITIONS: Readonly<Record<Condition, Predicate>> = {
  always: () => true,
  'echoes-pre-shared': (s, e) =>
    cookie(e) !== null && cookie(e) === sent(e).authid && cookie(e) === s.initialCookie,
  'echoes-issued': (s, e) =>
    cookie(e) !== null && cookie(e) === sent(e).authid && cookie(e) !== s.initialCookie,
  'names-pre-shared': (s, e) =>
    cookie(e) !== null && cookie(e) !== sent(e).authid && cookie(e) === s.initialCookie,
  'consumes-pre-shared': (s, e) =>
    cookie(e) !== null &&
    cookie(e) !== sent(e).authid &&
    cookie(e) !== s.initialCookie &&
    sent(e).authid !== undefined &&
    sent(e).authid === s.initialCookie &&
    !sent(e).password,
  'not-testcon': (_s, e) => e.type === 'granted-without-cookie' && e.task !== 'testcon',
  'testcon-consumed-issued': (s, e) =>
    e.type === 'granted-without-cookie' &&
    e.task === 'testcon' &&
    s.phase === 'rotating' &&
    e.sent.authid === s.issuedCookie,
  'credentials-left': (s) => s.hasPassword || s.initialCookie !== null,
};

/** The transition table (docs/protocol.md §6). Order matters only within one (phase, event). */
export const TRANSITIONS: readonly Transition[] = [
  {
    id: 'load-credentials',
    from: ['unread'],
    event: 'loaded',
    when: 'always',
    to: 'initial',
    effect: 'none',
    why: 'The auth-id cookie is read once, before the first request (§6.4).',
  },
  {
    id: 'pre-shared-echoed',
    from: LIVE,
    event: 'cookie-issued',
    when: 'echoes-pre-shared',
    to: 'pre-shared',
    effect: 'persist',
    why: 'Cookie-only mode: the reply repeats the pre-shared cookie, which stays valid (§6.2).',
  },
  {
    id: 'static-cookie',
    from: LIVE,
    event: 'cookie-issued',
    when: 'echoes-issued',
    to: 'static',
    effect: 'persist',
    why: 'use-static-cookie: the reply repeats the cookie we sent; it is reused (§6.1, §6.2).',
  },
  {
    id: 'pre-shared-named',
    from: LIVE,
    event: 'cookie-issued',
    when: 'names-pre-shared',
    to: 'initial',
    effect: 'persist',
    why: 'The reply names the pre-shared cookie: nothing broker-issued to hold (§6.2).',
  },
  {
    id: 'pre-shared-consumed',
    from: LIVE,
    event: 'cookie-issued',
    when: 'consumes-pre-shared',
    to: 'rotating',
    forgetInitialCookie: true,
    effect: 'persist',
    why: 'A cookie-only request got a new cookie: ours was one-time and is used up (§6.2).',
  },
  {
    id: 'cookie-rotated',
    from: LIVE,
    event: 'cookie-issued',
    when: 'always',
    to: 'rotating',
    effect: 'persist',
    why: 'Every successful reply’s cookie replaces the current one (§6.2, §6.3).',
  },
  {
    id: 'bad-cookie-refused',
    from: LIVE,
    event: 'bad-cookie-issued',
    when: 'always',
    to: 'initial',
    effect: 'refuse-cookie',
    why: 'A non-token cookie is never stored or sent; ours may be used up (§6.1).',
  },
  {
    id: 'noauth-detected',
    from: LIVE,
    event: 'granted-without-cookie',
    when: 'not-testcon',
    to: 'open',
    effect: 'none',
    why: 'Access without any cookie: the broker needs no authentication (§6.2).',
  },
  {
    id: 'testcon-consumed-cookie',
    from: ['rotating'],
    event: 'granted-without-cookie',
    when: 'testcon-consumed-issued',
    to: 'initial',
    effect: 'none',
    why: 'testcon used up our one-time cookie and returns no next one (§6.6).',
  },
  {
    id: 'testcon-without-cookie',
    from: LIVE,
    event: 'granted-without-cookie',
    when: 'always',
    to: 'same',
    effect: 'none',
    why: 'testcon never returns a cookie; nothing was consumed (§6.6).',
  },
  {
    id: 'issued-refused-retry',
    from: ['rotating', 'static'],
    event: 'refused',
    when: 'credentials-left',
    to: 'initial',
    effect: 'retry',
    why: 'An issued cookie expired or was consumed: drop it, retry once with the initial credentials (§6.3).',
  },
  {
    id: 'issued-refused-final',
    from: ['rotating', 'static'],
    event: 'refused',
    when: 'always',
    to: 'initial',
    effect: 'cookie-rejected',
    why: 'An issued cookie was refused and neither password nor pre-shared cookie is left (§6.3).',
  },
  {
    id: 'initial-refused',
    from: ['initial', 'pre-shared', 'open'],
    event: 'refused',
    when: 'always',
    to: 'same',
    effect: 'fail',
    why: 'The initial credentials were refused: nothing to fall back to, so no retry (§6.3, §9).',
  },
  {
    id: 'loaded-after-logout',
    from: ['signed-out'],
    event: 'loaded',
    when: 'always',
    to: 'same',
    effect: 'none',
    why: 'Logout came while the auth-id file was being read: the cookie is not taken.',
  },
  {
    id: 'cookie-after-logout',
    from: ['signed-out'],
    event: 'cookie-issued',
    when: 'always',
    to: 'same',
    effect: 'none',
    why: 'A reply that arrives after logout: its cookie is neither kept nor written.',
  },
  {
    id: 'bad-cookie-after-logout',
    from: ['signed-out'],
    event: 'bad-cookie-issued',
    when: 'always',
    to: 'same',
    effect: 'refuse-cookie',
    why: 'A non-token cookie is refused whenever it arrives (§6.1).',
  },
  {
    id: 'granted-after-logout',
    from: ['signed-out'],
    event: 'granted-without-cookie',
    when: 'always',
    to: 'same',
    effect: 'none',
    why: 'A reply that arrives after logout changes nothing.',
  },
  {
    id: 'refused-after-logout',
    from: ['signed-out'],
    event: 'refused',
    when: 'always',
    to: 'same',
    effect: 'fail',
    why: 'A refusal that arrives after logout is reported as it is; nothing to retry with.',
  },
  {
    id: 'logout',
    from: PHASES,
    event: 'logout',
    when: 'always',
    to: 'signed-out',
    effect: 'close',
    why: 'Logout forgets the password and every cookie; a new sign-in is needed.',
  },
];

/** The state of a new session (before its first request). */
export function initialSessionState(options: {
  hasPassword: boolean;
  noAuthConfigured: boolean;
}): SessionState {
  return {
    phase: 'unread',
    initialCookie: null,
    issuedCookie: null,
    hasPassword: options.hasPassword,
    noAuthConfigured: options.noAuthConfigured,
    noAuthDetected: false,
  };
}

/** The outcome of one event: the next state, what to do, and the row that applied. */
export interface Step {
  readonly state: SessionState;
  readonly effect: Effect;
  readonly row: Transition;
}

/**
 * The pure transition function: the first row of `table` whose phase, event and guard match.
 * Throws an Error (a bug, not a user-facing condition) when no row matches — session.ts never
 * sends an event a phase has no row for.
 */
export function transition(
  state: SessionState,
  event: SignInEvent,
  table: readonly Transition[] = TRANSITIONS,
): Step {
  const row = table.find(
    (r) =>
      r.event === event.type && r.from.includes(state.phase) && CONDITIONS[r.when](state, event),
  );
  if (!row) throw new Error(`session state: no transition for ${event.type} in ${state.phase}`);
  return { state: apply(state, row, event), effect: row.effect, row };
}

function apply(state: SessionState, row: Transition, event: SignInEvent): SessionState {
  if (row.to === 'same') return state;
  const initialCookie =
    event.type === 'loaded' ? event.cookie : row.forgetInitialCookie ? null : state.initialCookie;
  switch (row.to) {
    case 'signed-out':
      return {
        ...state,
        phase: 'signed-out',
        initialCookie: null,
        issuedCookie: null,
        hasPassword: false,
      };
    case 'rotating':
    case 'static':
      return { ...state, phase: row.to, initialCookie, issuedCookie: cookie(event) };
    case 'open':
      return { ...state, phase: 'open', initialCookie, issuedCookie: null, noAuthDetected: true };
    default:
      return { ...state, phase: row.to, initialCookie, issuedCookie: null };
  }
}

/** The event for a successful reply: its cookie (AUTHID: / next-authid) or none, §6.1–§6.2. */
export function replyEvent(
  task: BrokerTask,
  sentCredentials: SentCredentials,
  replyCookie: string | null,
  isToken: (cookie: string) => boolean,
): SignInEvent {
  if (!replyCookie) return { type: 'granted-without-cookie', task, sent: sentCredentials };
  if (!isToken(replyCookie)) return { type: 'bad-cookie-issued' };
  return { type: 'cookie-issued', cookie: replyCookie, sent: sentCredentials };
}

/** The credentials fields of one request (HTTP `authid`/`password`, SSH `--authid`). */
export interface Credentials {
  authid?: string;
  password?: true;
}

/**
 * Which credentials a request for `task` carries in `state` (docs/protocol.md §6.3): none with
 * `--broker-noauth`; only the issued cookie while we hold one — except testcon while the
 * password is known and the cookie is one-time, which signs in with the initial credentials
 * because testcon consumes a cookie without returning the next one (§6.6); otherwise the
 * pre-shared cookie and/or the password (`password: true` = send it; the secret stays in the
 * session).
 */
export function credentialsFor(state: SessionState, task: BrokerTask): Credentials {
  if (state.noAuthConfigured) return {};
  const keepChain = task === 'testcon' && state.hasPassword && state.phase === 'rotating';
  if (state.issuedCookie !== null && !keepChain) return { authid: state.issuedCookie };
  return {
    ...(state.initialCookie ? { authid: state.initialCookie } : {}),
    ...(state.hasPassword ? { password: true as const } : {}),
  };
}

/**
 * The task `testConnection` sends (docs/protocol.md §6.6): `auth` when a one-time cookie
 * is all we hold (testcon would use it up without returning the next), else `testcon`.
 */
export function connectivityTask(state: SessionState): 'auth' | 'testcon' {
  const cookieOnly =
    !state.noAuthConfigured &&
    !state.hasPassword &&
    state.phase !== 'static' &&
    state.phase !== 'pre-shared' &&
    (state.issuedCookie ?? state.initialCookie) !== null;
  return cookieOnly ? 'auth' : 'testcon';
}
