// Builds the `window.x2go` object from any transport. The preload passes
// `(ch, ...a) => ipcRenderer.invoke(ch, ...a)` and an ipcRenderer.on wrapper; the renderer
// tests pass a CDP binding to the real core. Same code on both paths, so the browser tests
// exercise exactly what the app ships.
import type { ApiReturn, InvokeMethod, KioskView, SessionEvent, X2GoApi } from './api';
import { CHANNELS } from './api';
import type { Result } from './errors';
import { fail } from './errors';
import { isKioskView, isSessionEvent, validateArgs } from './validate';

export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
/** Calls `listener` with each payload sent on `channel`; returns the unsubscribe function. */
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

/** Methods that resolve with a Result: failures become `{ok:false}`, never a rejection. */
const RESULT_METHODS = new Set<InvokeMethod>([
  'checkConnection',
  'copyDiagnostics',
  'signIn',
  'listProfiles',
  'selectAndLaunch',
  'terminateSession',
  'setFavourite',
  'setUiPreferences',
  'pickFile',
  'respondToPrompt',
  'openExternal',
  'createShortcut',
  'kiosk',
  // broker password change and connectivity test
  'changeBrokerPassword',
  'testConnection',
  // several brokers
  'refreshBroker',
  'removeBroker',
]);

/** Several brokers: the optional trailing broker key is sent only when given. */
const withBroker = (args: unknown[], broker: string | undefined): unknown[] =>
  broker === undefined ? args : [...args, broker];

function internalError(method: string, e: unknown): Result<never> {
  return fail(
    'internal.ipc',
    { method, reason: String(e) },
    `Internal error in ${method}: ${String(e)}`,
  );
}

export function createBridge(invoke: Invoke, subscribe: Subscribe): X2GoApi {
  function call<K extends InvokeMethod>(method: K, args: unknown[]): Promise<ApiReturn[K]> {
    const checked = validateArgs(method, args);
    const isResult = RESULT_METHODS.has(method);
    if (!checked.ok) {
      if (isResult)
        return Promise.resolve(
          fail(
            'ipc.invalid-arguments',
            { reason: checked.message },
            checked.message,
          ) as ApiReturn[K],
        );
      return Promise.reject(new TypeError(`${method}: ${checked.message}`));
    }
    const args_: unknown[] = checked.value;
    const sent = invoke(CHANNELS[method], ...args_) as Promise<ApiReturn[K]>;
    if (!isResult) return sent;
    // A handler that throws is a bug in main; the UI still gets a Result it can show.
    return sent.catch((e: unknown) => internalError(method, e) as ApiReturn[K]);
  }

  return Object.freeze({
    getStartupState: () => call('getStartupState', []),
    signIn: (request) => call('signIn', [request]),
    cancel: (target) => call('cancel', target ? [target] : []),
    listProfiles: (broker) => call('listProfiles', withBroker([], broker)),
    selectAndLaunch: (profileId, options, broker) =>
      call('selectAndLaunch', withBroker([profileId, options], broker)),
    terminateSession: (profileId, sessionName, broker) =>
      call('terminateSession', withBroker([profileId, sessionName], broker)),
    setFavourite: (profileId, favourite, broker) =>
      call('setFavourite', withBroker([profileId, favourite], broker)),
    setUiPreferences: (patch) => call('setUiPreferences', [patch]),
    pickFile: (purpose) => call('pickFile', [purpose]),
    respondToPrompt: (promptId, response) => call('respondToPrompt', [promptId, response]),
    signOut: () => call('signOut', []),
    checkConnection: (profileId, broker) =>
      call('checkConnection', withBroker([profileId], broker)),
    copyDiagnostics: () => call('copyDiagnostics', []),
    openExternal: (url) => call('openExternal', [url]),
    createShortcut: (profileId, broker) => call('createShortcut', withBroker([profileId], broker)),
    getConfiguration: () => call('getConfiguration', []),
    // broker password change and connectivity test
    changeBrokerPassword: (current, next) => call('changeBrokerPassword', [current, next]),
    testConnection: () => call('testConnection', []),
    // several brokers
    refreshBroker: (broker) => call('refreshBroker', [broker]),
    removeBroker: (broker) => call('removeBroker', [broker]),
    onSessionEvent: (listener: (event: SessionEvent) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return subscribe(CHANNELS.onSessionEvent, (payload) => {
        if (isSessionEvent(payload)) listener(payload);
        else console.warn('x2go: ignored malformed session event');
      });
    },
    // kiosk (issue 12)
    kiosk: (request) => call('kiosk', [request]),
    onKioskState: (listener: (view: KioskView) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return subscribe(CHANNELS.onKioskState, (payload) => {
        if (isKioskView(payload)) listener(payload);
        else console.warn('x2go: ignored malformed kiosk state');
      });
    },
  } satisfies X2GoApi);
}
