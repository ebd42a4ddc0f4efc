// Runtime guards for every IPC payload. Main runs `validateArgs(method, args)` on each
// message before it touches the core (a compromised renderer can send anything); the bridge
// runs the same checks before sending, so bugs surface in the renderer, and checks events it
// receives. Hand-written on purpose: ~12 calls do not justify a schema library.
import type {
  ApiArgs,
  InvokeMethod,
  KioskRequest,
  KioskView,
  LaunchOptions,
  PromptResponse,
  SessionEvent,
  SignInRequest,
  UiSettings,
} from './api';
import { ERROR_KINDS, isErrorCode, isErrorParams } from './errors';

/** Length limits (UTF-16 units). Generous for real use, tight enough to stop abuse. */
export const LIMITS = {
  url: 2048,
  user: 256,
  password: 1024,
  path: 4096,
  profileId: 1024,
  sessionName: 256,
  promptId: 128,
  answers: 16,
  answer: 1024,
  kioskPin: 64,
  // several brokers (docs/brokers.md): a BrokerEntry.key is display URL + newline + user, so
  // it is as long as those two may be (a shorter limit would strand an entry with a long URL)
  brokerKey: 2048 + 1 + 256,
} as const;

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const good = <T>(value: T): Validation<T> => ({ ok: true, value });
const bad = (message: string): Validation<never> => ({ ok: false, message });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A string within `max`, without NUL (which would truncate C strings and paths). */
export function isText(v: unknown, max: number, { empty = false } = {}): v is string {
  return (
    typeof v === 'string' && v.length <= max && (empty || v.length > 0) && !v.includes('\u0000')
  );
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): string | null {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return k;
  return null;
}

function optional(
  o: Record<string, unknown>,
  key: string,
  check: (v: unknown) => boolean,
): boolean {
  return o[key] === undefined || check(o[key]);
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

/** http(s) or ssh URL, no password in it. The core parses it again properly. */
export function isBrokerUrlText(v: unknown): v is string {
  if (!isText(v, LIMITS.url)) return false;
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    return false;
  }
  return ['http:', 'https:', 'ssh:'].includes(u.protocol) && u.password === '';
}

/**
 * Only https URLs with a host, without credentials, of sane length may be opened in the
 * system browser: checked by the renderer's validators and again by main before
 * shell.openExternal.
 */
export function isSafeExternalUrl(v: unknown): v is string {
  if (!isText(v, LIMITS.url)) return false;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.hostname !== '';
}

const SIGN_IN_KEYS = [
  'url',
  'user',
  'password',
  'useSavedPassword',
  'remember',
  'noAuth',
  'authIdFile',
  'sshKeyFile',
  'sshAgent',
  // several brokers (docs/brokers.md)
  'add',
] as const satisfies readonly (keyof SignInRequest)[];

export function validateSignIn(v: unknown): Validation<SignInRequest> {
  if (!isPlainObject(v)) return bad('sign-in request must be an object');
  const extra = onlyKeys(v, SIGN_IN_KEYS);
  if (extra) return bad(`unknown sign-in field "${extra}"`);
  if (!isBrokerUrlText(v.url)) return bad('broker URL must be http(s):// or ssh:// (no password)');
  if (!optional(v, 'user', (x) => isText(x, LIMITS.user, { empty: true })))
    return bad('user name too long or invalid');
  if (!optional(v, 'password', (x) => isText(x, LIMITS.password, { empty: true })))
    return bad('password too long or invalid');
  for (const k of ['useSavedPassword', 'remember', 'noAuth', 'sshAgent', 'add'] as const)
    if (!optional(v, k, isBool)) return bad(`${k} must be a boolean`);
  for (const k of ['authIdFile', 'sshKeyFile'] as const)
    if (!optional(v, k, (x) => isText(x, LIMITS.path))) return bad(`${k} must be a file path`);
  // A fresh object: nothing but the checked keys reaches main's handler.
  const out: SignInRequest = { url: v.url };
  for (const k of SIGN_IN_KEYS)
    if (k !== 'url' && v[k] !== undefined) Object.assign(out, { [k]: v[k] });
  return good(out);
}

export function validateLaunchOptions(v: unknown): Validation<LaunchOptions> {
  if (!isPlainObject(v)) return bad('launch options must be an object');
  const extra = onlyKeys(v, ['resume']);
  if (extra) return bad(`unknown launch option "${extra}"`);
  if (!optional(v, 'resume', (x) => isText(x, LIMITS.sessionName)))
    return bad('resume must be a session name or "new"');
  return good(v as LaunchOptions);
}

export function validatePromptResponse(v: unknown): Validation<PromptResponse> {
  if (!isPlainObject(v)) return bad('prompt response must be an object');
  switch (v.kind) {
    case 'host-key':
      if (onlyKeys(v, ['kind', 'accept', 'remember']) || !isBool(v.accept) || !isBool(v.remember))
        return bad('host-key response needs accept and remember booleans');
      return good(v as PromptResponse);
    case 'answers':
      if (
        onlyKeys(v, ['kind', 'answers']) ||
        !Array.isArray(v.answers) ||
        v.answers.length > LIMITS.answers ||
        !v.answers.every((a) => isText(a, LIMITS.answer, { empty: true }))
      )
        return bad('answers must be a short list of strings');
      return good(v as PromptResponse);
    case 'local-resources':
      if (
        onlyKeys(v, ['kind', 'decision']) ||
        !(v.decision === 'once' || v.decision === 'always' || v.decision === 'deny')
      )
        return bad('local-resources response needs decision once, always or deny');
      return good(v as PromptResponse);
    case 'cancel':
      if (onlyKeys(v, ['kind'])) return bad('cancel takes no fields');
      return good(v as PromptResponse);
    default:
      return bad('unknown prompt response kind');
  }
}

export function validateUiPreferences(
  v: unknown,
): Validation<Partial<Pick<UiSettings, 'view' | 'locale'>>> {
  if (!isPlainObject(v)) return bad('preferences must be an object');
  const extra = onlyKeys(v, ['view', 'locale']);
  if (extra) return bad(`unknown preference "${extra}"`);
  if (!optional(v, 'view', (x) => x === 'grid' || x === 'list'))
    return bad('view must be grid or list');
  if (!optional(v, 'locale', (x) => x === null || x === 'en' || x === 'de' || x === 'fr'))
    return bad('locale must be en, de, fr or null');
  return good(v);
}

// kiosk (issue 12)
const KIOSK_SCREENS: readonly string[] = [
  'network-wait',
  'sign-in',
  'catalogue',
  'launching',
  'in-session',
  'session-ended',
  'idle-warning',
  'admin-pin',
  'power-confirm',
  'powering-off',
  'unlocked',
] satisfies readonly KioskView['screen'][];
const isPowerAction = (v: unknown): boolean => v === 'poweroff' || v === 'reboot';

export function validateKioskRequest(v: unknown): Validation<KioskRequest> {
  if (!isPlainObject(v)) return bad('kiosk request must be an object');
  switch (v.type) {
    case 'sync':
    case 'input':
    case 'escape':
    case 'power-confirm':
    case 'cancel':
      if (onlyKeys(v, ['type'])) return bad(`kiosk ${v.type} takes no fields`);
      return good({ type: v.type });
    case 'pin':
      if (onlyKeys(v, ['type', 'pin']) || !isText(v.pin, LIMITS.kioskPin))
        return bad(`kiosk pin needs a PIN of 1–${LIMITS.kioskPin} characters`);
      return good({ type: 'pin', pin: v.pin });
    case 'power':
      if (onlyKeys(v, ['type', 'action']) || !isPowerAction(v.action))
        return bad('kiosk power needs action poweroff or reboot');
      return good({ type: 'power', action: v.action as 'poweroff' | 'reboot' });
    default:
      return bad('unknown kiosk request type');
  }
}

/** Shape check of a kiosk view from main (drift, not attacks: main is trusted). */
export function isKioskView(v: unknown): v is KioskView {
  return (
    isPlainObject(v) &&
    KIOSK_SCREENS.includes(v.screen as string) &&
    KIOSK_SCREENS.includes(v.base as string) &&
    (v.secondsLeft === null || typeof v.secondsLeft === 'number') &&
    (v.reason === null || typeof v.reason === 'string') &&
    (v.powerAction === null || isPowerAction(v.powerAction)) &&
    isBool(v.escapeAvailable) &&
    isBool(v.powerButtons) &&
    isBool(v.touch) &&
    typeof v.signOuts === 'number'
  );
}

const isProfileId = (v: unknown): v is string => isText(v, LIMITS.profileId);

// several brokers (docs/brokers.md) ---------------------------------------------------------

/**
 * A broker entry key (BrokerEntry.key, main's scopeKey): a broker URL, a newline, the user
 * (may be empty, and is any text a sign-in accepted); at most LIMITS.brokerKey. A display URL
 * never holds a newline (the URL parser drops them), so the first one ends it. The shape
 * check keeps a stray extra argument from passing as a key.
 */
export function isBrokerKey(v: unknown): v is string {
  if (!isText(v, LIMITS.brokerKey)) return false;
  const cut = v.indexOf('\n');
  return cut > 0 && isBrokerUrlText(v.slice(0, cut));
}

/**
 * Calls that take the profile's broker as an optional last argument: `n` required arguments
 * checked by `check`, then at most one broker key (an `undefined` one is dropped).
 */
function withBroker<T extends unknown[]>(
  a: unknown[],
  n: number,
  check: (required: unknown[]) => Validation<T>,
): Validation<T | [...T, string]> {
  if (a.length !== n && a.length !== n + 1)
    return bad(`expected ${n} or ${n + 1} argument(s), got ${a.length}`);
  const r = check(a.slice(0, n));
  if (!r.ok || a.length === n || a[n] === undefined) return r;
  if (!isBrokerKey(a[n])) return bad('invalid broker entry key');
  return good([...r.value, a[n]]);
}

type ArgValidators = { [K in InvokeMethod]: (args: unknown[]) => Validation<ApiArgs[K]> };

function arity(args: unknown[], n: number): string | null {
  return args.length === n ? null : `expected ${n} argument(s), got ${args.length}`;
}

/** One validator per invoke method; main calls this before any handler. */
export const ARG_VALIDATORS: ArgValidators = {
  getStartupState: (a) => (arity(a, 0) ? bad(arity(a, 0)!) : good([])),
  cancel: (a) => {
    if (a.length === 0 || (a.length === 1 && a[0] === undefined)) return good([]);
    if (a.length !== 1) return bad(`expected 0 or 1 argument(s), got ${a.length}`);
    const t = a[0];
    if (!isPlainObject(t)) return bad('invalid cancel target');
    if (onlyKeys(t, ['broker']) === null && isBrokerKey(t.broker))
      return good([{ broker: t.broker }]);
    if (onlyKeys(t, ['signIn']) === null && t.signIn === true) return good([{ signIn: true }]);
    return bad('invalid cancel target');
  },
  listProfiles: (a) => withBroker(a, 0, () => good([])),
  signOut: (a) => (arity(a, 0) ? bad(arity(a, 0)!) : good([])),
  getConfiguration: (a) => (arity(a, 0) ? bad(arity(a, 0)!) : good([])),
  signIn: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    const r = validateSignIn(a[0]);
    return r.ok ? good([r.value]) : r;
  },
  selectAndLaunch: (a) =>
    withBroker(a, 2, ([id, options]): Validation<[string, LaunchOptions]> => {
      if (!isProfileId(id)) return bad('invalid profile ID');
      const r = validateLaunchOptions(options);
      return r.ok ? good([id, r.value]) : r;
    }),
  terminateSession: (a) =>
    withBroker(a, 2, ([id, name]): Validation<[string, string]> => {
      if (!isProfileId(id)) return bad('invalid profile ID');
      if (!isText(name, LIMITS.sessionName)) return bad('invalid session name');
      return good([id, name]);
    }),
  setFavourite: (a) =>
    withBroker(a, 2, ([id, favourite]): Validation<[string, boolean]> => {
      if (!isProfileId(id)) return bad('invalid profile ID');
      if (!isBool(favourite)) return bad('favourite must be a boolean');
      return good([id, favourite]);
    }),
  setUiPreferences: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    const r = validateUiPreferences(a[0]);
    return r.ok ? good([r.value]) : r;
  },
  pickFile: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    if (a[0] !== 'ssh-key' && a[0] !== 'auth-id') return bad('purpose must be ssh-key or auth-id');
    return good([a[0]]);
  },
  respondToPrompt: (a) => {
    if (arity(a, 2)) return bad(arity(a, 2)!);
    if (!isText(a[0], LIMITS.promptId)) return bad('invalid prompt ID');
    const r = validatePromptResponse(a[1]);
    return r.ok ? good([a[0], r.value]) : r;
  },
  openExternal: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    if (!isSafeExternalUrl(a[0])) return bad('only https:// URLs without credentials');
    return good([a[0]]);
  },
  // deep links and shortcuts
  createShortcut: (a) =>
    withBroker(a, 1, ([id]): Validation<[string]> =>
      isProfileId(id) ? good([id]) : bad('invalid profile ID'),
    ),
  // health check and diagnostics
  checkConnection: (a) =>
    withBroker(a, 1, ([id]): Validation<[string]> =>
      isProfileId(id) ? good([id]) : bad('invalid profile ID'),
    ),
  kiosk: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    const r = validateKioskRequest(a[0]);
    return r.ok ? good([r.value]) : r;
  },
  // broker password change and connectivity test
  changeBrokerPassword: (a) => {
    if (arity(a, 2)) return bad(arity(a, 2)!);
    if (!isText(a[0], LIMITS.password) || !isText(a[1], LIMITS.password))
      return bad('passwords must be text of at most 1024 characters');
    return good([a[0], a[1]]);
  },
  testConnection: (a) => (arity(a, 0) ? bad(arity(a, 0)!) : good([])),
  copyDiagnostics: (a) => (arity(a, 0) ? bad(arity(a, 0)!) : good([])),
  // several brokers (docs/brokers.md)
  refreshBroker: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    return isBrokerKey(a[0]) ? good([a[0]]) : bad('invalid broker entry key');
  },
  removeBroker: (a) => {
    if (arity(a, 1)) return bad(arity(a, 1)!);
    return isBrokerKey(a[0]) ? good([a[0]]) : bad('invalid broker entry key');
  },
};

export function validateArgs<K extends InvokeMethod>(
  method: K,
  args: unknown[],
): Validation<ApiArgs[K]> {
  return ARG_VALIDATORS[method](args);
}

/** Shape check of an event from main (main is trusted; this catches drift, not attacks). */
export function isSessionEvent(v: unknown): v is SessionEvent {
  if (!isPlainObject(v) || typeof v.type !== 'string') return false;
  switch (v.type) {
    case 'progress':
      return typeof v.op === 'string' && typeof v.phase === 'string' && optionalBroker(v);
    case 'launch':
      return (
        typeof v.launchId === 'string' &&
        typeof v.profileId === 'string' &&
        typeof v.state === 'string' &&
        optionalBroker(v)
      );
    case 'prompt':
      return isPlainObject(v.prompt) && typeof v.prompt.id === 'string';
    case 'prompt-closed':
      return typeof v.id === 'string';
    case 'signed-out':
      if (!optionalBroker(v)) return false;
      return (
        v.reason === null ||
        (isPlainObject(v.reason) &&
          (ERROR_KINDS as readonly unknown[]).includes(v.reason.kind) &&
          isErrorCode(v.reason.code) &&
          isErrorParams(v.reason.code, v.reason.params) &&
          typeof v.reason.message === 'string')
      );
    case 'deep-link':
      return isDeepLinkNotice(v.link);
    default:
      return false;
  }
}

/** Several brokers: an event's `broker` is absent or an entry key. */
function optionalBroker(v: Record<string, unknown>): boolean {
  return v.broker === undefined || isBrokerKey(v.broker);
}

function isApiErrorData(v: unknown): boolean {
  return (
    isPlainObject(v) &&
    (ERROR_KINDS as readonly unknown[]).includes(v.kind) &&
    isErrorCode(v.code) &&
    isErrorParams(v.code, v.params) &&
    typeof v.message === 'string'
  );
}

/** A deep link main checked (src/main/deep-links.ts): bounded texts, an error as plain data. */
function isDeepLinkNotice(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  if (v.outcome === 'refused') return isApiErrorData(v.error);
  return (
    v.outcome === 'open' &&
    isText(v.broker, LIMITS.url) &&
    (v.profileId === null || isProfileId(v.profileId)) &&
    isBool(v.start)
  );
}
