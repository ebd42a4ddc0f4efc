// The main-process side of the renderer tests: main's REAL LauncherController and IPC layer
// (registerApi: sender check, src/shared validators, Result wrapping) on a fake ipcMain, with
// the broker session and the client launcher injected. The page's test bridge calls
// `backend.invoke(channel, args)` exactly as ipcRenderer.invoke would reach ipcMain.
import type { IpcMainInvokeEvent } from 'electron';
import type { ManagedConfig, Policy } from '../../../src/core/config/managed';
import type { PolicySource } from '../../../src/core/config/sources';
import { appConfiguration } from '../../../src/main/app-config';
import type { SelectedSession } from '../../../src/shared/model';
import type {
  ClientLauncherLike,
  ControllerDeps,
  LaunchRequest,
  LaunchHandle,
  SessionFactory,
} from '../../../src/main/controller';
import type { LauncherController } from '../../../src/main/controller';
import { registerApi } from '../../../src/main/handlers';
import type { IpcMainLike } from '../../../src/main/ipc';
import {
  PasswordVault,
  DEFAULT_CREDENTIALS,
  type SafeStorageLike,
} from '../../../src/main/passwords';
import type { PromptHub } from '../../../src/main/prompts';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  MemorySettingsStore,
} from '../../../src/main/settings';
import { parseAppArgs } from '../../../src/main/args';
import { makeController } from '../../helpers/controller';
import type { DeepLinkNotice, LocalClientInfo, SessionEvent } from '../../../src/shared/api';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** What a test sees of one hand-off to the (recorded) X2Go client. */
export interface RecordedLaunch {
  profileId: string;
  server: string;
  port: number;
  user: string;
  hasPrivateKey: boolean;
  sessionInfo: SelectedSession['sessionInfo'];
  resume: string | undefined;
  /** End the recorded "client" process with this exit code. */
  exit(code: number | null): void;
}

/**
 * Stands in for the X2Go client at the spawn boundary: receives exactly what main would hand
 * to the launcher (the REAL selectsession reply) and records it instead of starting a process.
 */
export class RecordingLauncher implements ClientLauncherLike {
  readonly launches: RecordedLaunch[] = [];
  client: LocalClientInfo = { available: true, name: 'x2goclient' };
  /** Make start() fail like a missing client does. */
  failWith: Error | null = null;

  detect(): Promise<LocalClientInfo> {
    return Promise.resolve(this.client);
  }

  start(request: LaunchRequest): Promise<LaunchHandle> {
    if (this.failWith) return Promise.reject(this.failWith);
    let exit!: (code: number | null) => void;
    const exited = new Promise<{ exitCode: number | null }>((resolve) => {
      exit = (exitCode) => resolve({ exitCode });
    });
    this.launches.push({
      profileId: request.profile.id,
      server: request.selected.server,
      port: request.selected.port,
      user: request.selected.user,
      hasPrivateKey: request.selected.privateKey !== null,
      sessionInfo: request.selected.sessionInfo,
      resume: request.resume,
      exit,
    });
    return Promise.resolve({ client: 'x2goclient', exited });
  }
}

/** A recorder that can also end broker-reported sessions (capabilities.terminate). */
export class TerminatingLauncher extends RecordingLauncher {
  readonly terminated: string[] = [];
  terminate(request: LaunchRequest & { sessionName: string }): Promise<void> {
    this.terminated.push(request.sessionName);
    return Promise.resolve();
  }
}

/** Linux without a keyring (safeStorage's basic_text), or a working keychain. */
export function fakeSafeStorage(available: boolean): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => (available ? 'gnome_libsecret' : 'basic_text'),
    encryptString: (s) => Buffer.from(s, 'utf8').reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString('utf8'),
  };
}

export interface BackendOptions {
  createSession: SessionFactory;
  /** The launcher, or a maker given the app's PromptHub (the GUI's dialogs for the launcher). */
  launcher?: ClientLauncherLike | ((prompts: PromptHub) => ClientLauncherLike);
  policy?: Partial<Policy>;
  /** fleet-config: a machine policy source and what its read() gave (values, locks, warnings). */
  managed?: {
    source: Pick<PolicySource, 'kind' | 'location'>;
    read: { config: ManagedConfig | null; warnings: string[] };
  };
  argv?: string[];
  keychain?: boolean;
  /** Reuse stores across "restarts" of the app. */
  settings?: LauncherSettings;
  passwords?: PasswordVault;
  /** Deep links waiting for the renderer's startup state (DeepLinkRouter.takePending). */
  takeDeepLinks?: () => DeepLinkNotice[];
  /** The shortcut writer main is given (src/main/shortcuts.ts createShortcut, bound). */
  writeShortcut?: ControllerDeps['writeShortcut'];
  /** "Check connection" options (known_hosts files …; docs/health-check.md). */
  health?: ControllerDeps['health'];
}

export class Backend {
  readonly controller: LauncherController;
  readonly settings: LauncherSettings;
  readonly passwords: PasswordVault;
  readonly events: SessionEvent[];
  private readonly handlers = new Map<string, Handler>();
  private emitter: ((event: SessionEvent) => void) | null = null;
  readonly warnings: string[] = [];
  /** What "Copy diagnostics" put on the clipboard, in order. */
  readonly clipboard: string[] = [];

  constructor(options: BackendOptions) {
    // the app's own assembly (src/main/app-config.ts); the packaged layer carries `policy`
    const args = parseAppArgs(options.argv ?? []);
    const { policy, configuration } = appConfiguration(
      args,
      options.policy ?? {},
      options.managed?.source ?? { kind: 'json-file', location: '/etc/x2go-launcher/config.json' },
      options.managed?.read ?? { config: null, warnings: [] },
    );
    this.settings =
      options.settings ??
      new LauncherSettings(
        new MemorySettingsStore(DEFAULT_SETTINGS),
        new MemorySettingsStore(DEFAULT_PROFILE_CACHE),
      );
    this.passwords =
      options.passwords ??
      new PasswordVault(
        fakeSafeStorage(options.keychain ?? false),
        new MemorySettingsStore(DEFAULT_CREDENTIALS),
        'linux',
        policy.allowRememberPassword,
      );
    const made = makeController({
      settings: this.settings,
      passwords: this.passwords,
      policy,
      args,
      configuration,
      createSession: options.createSession,
      launcher: options.launcher ?? new RecordingLauncher(),
      onEvent: (event) => this.emitter?.(event),
      version: '0.0.0-test',
      ...(options.takeDeepLinks ? { takeDeepLinks: options.takeDeepLinks } : {}),
      ...(options.writeShortcut ? { writeShortcut: options.writeShortcut } : {}),
      // health check and diagnostics: main's clipboard is recorded here
      ...(options.health ? { health: options.health } : {}),
      writeClipboard: (text: string) => {
        this.clipboard.push(text);
      },
    });
    this.controller = made.controller;
    this.events = made.events;
    const ipc: IpcMainLike = {
      handle: (channel, listener) => this.handlers.set(channel, listener),
      removeHandler: (channel) => this.handlers.delete(channel),
    };
    registerApi(
      ipc,
      this.controller,
      { trustedWebContents: () => new Set([1]) },
      {
        info: () => undefined,
        warn: (m) => this.warnings.push(m),
        error: (m) => this.warnings.push(m),
      },
    );
  }

  /** Where events go (the page's __x2goEmit once the page is up). */
  onEvent(emitter: (event: SessionEvent) => void): void {
    this.emitter = emitter;
  }

  /** Send an event to the page as main's webContents.send would (deep links). */
  emit(event: SessionEvent): void {
    this.emitter?.(event);
  }

  /** What ipcMain would do for an invoke from our window's main frame. */
  invoke(channel: string, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    const event = {
      sender: { id: 1 },
      senderFrame: { url: 'app://launcher/index.html', parent: null },
    } as unknown as IpcMainInvokeEvent;
    return Promise.resolve(handler(event, ...args));
  }
}
