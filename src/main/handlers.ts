// The IPC surface: one registerHandler call per method of the contract (src/shared/api.ts),
// each with its src/shared validator. The `satisfies` map makes a missing method a compile
// error, and registerApi returns the channels it registered (the stub-electron test checks
// the list is exactly CHANNELS minus the event channel).
import type { ApiArgs, ApiReturn, InvokeMethod } from '../shared/api';
import { CHANNELS } from '../shared/api';
import { ARG_VALIDATORS } from '../shared/validate';
import type { LauncherController } from './controller';
import {
  registerHandler,
  type ArgsValidator,
  type IpcMainLike,
  type Logger,
  type SenderPolicy,
} from './ipc';

type Unwrap<T> = T extends { ok: true; value: infer V } | { ok: false } ? V : T;

type Implementations = {
  [K in InvokeMethod]: {
    mode: 'result' | 'plain';
    run: (args: ApiArgs[K]) => Promise<Unwrap<ApiReturn[K]>> | Unwrap<ApiReturn[K]>;
  };
};

export function implementations(c: LauncherController): Implementations {
  return {
    getStartupState: { mode: 'plain', run: () => c.getStartupState() },
    signIn: { mode: 'result', run: ([request]) => c.signIn(request) },
    cancel: { mode: 'plain', run: ([target]) => c.cancel(target) },
    // several brokers (docs/brokers.md): per-broker calls pass the optional entry key on
    listProfiles: { mode: 'result', run: ([broker]) => c.listProfiles(broker) },
    selectAndLaunch: {
      mode: 'result',
      run: ([id, options, broker]) => c.selectAndLaunch(id, options, broker),
    },
    terminateSession: {
      mode: 'result',
      run: ([id, name, broker]) => c.terminateSession(id, name, broker),
    },
    setFavourite: {
      mode: 'result',
      run: ([id, favourite, broker]) => c.setFavourite(id, favourite, broker),
    },
    setUiPreferences: { mode: 'result', run: ([patch]) => c.setUiPreferences(patch) },
    pickFile: { mode: 'result', run: ([purpose]) => c.pickFile(purpose) },
    respondToPrompt: { mode: 'result', run: ([id, response]) => c.respondToPrompt(id, response) },
    signOut: { mode: 'plain', run: () => c.signOut() },
    openExternal: { mode: 'result', run: ([url]) => c.openExternal(url) },
    createShortcut: { mode: 'result', run: ([id, broker]) => c.createShortcut(id, broker) },
    getConfiguration: { mode: 'plain', run: () => c.getConfiguration() },
    kiosk: { mode: 'result', run: ([request]) => c.kiosk(request) },
    // broker password change and connectivity test
    changeBrokerPassword: {
      mode: 'result',
      run: ([current, next]) => c.changeBrokerPassword(current, next),
    },
    testConnection: { mode: 'result', run: () => c.testConnection() },
    checkConnection: { mode: 'result', run: ([id, broker]) => c.checkConnection(id, broker) },
    copyDiagnostics: { mode: 'result', run: () => c.copyDiagnostics() },
    // several brokers (docs/brokers.md)
    refreshBroker: { mode: 'result', run: ([broker]) => c.refreshBroker(broker) },
    removeBroker: { mode: 'result', run: ([broker]) => c.removeBroker(broker) },
  };
}

export function registerApi(
  ipc: IpcMainLike,
  controller: LauncherController,
  senders: SenderPolicy,
  log: Logger,
): string[] {
  const impl = implementations(controller);
  const channels: string[] = [];
  for (const method of Object.keys(impl) as InvokeMethod[]) {
    const { mode, run } = impl[method] as {
      mode: 'result' | 'plain';
      run: (args: unknown[]) => unknown;
    };
    const validate = ARG_VALIDATORS[method] as ArgsValidator<unknown[]>;
    registerHandler(
      ipc,
      { channel: CHANNELS[method], mode, validate, handler: (args) => run(args) },
      senders,
      log,
    );
    channels.push(CHANNELS[method]);
  }
  return channels;
}
