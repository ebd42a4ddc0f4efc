// One way to build the app's controller (src/main/controller.ts, LauncherController) in a
// test: every dependency has an in-memory default (settings and password stores, no keychain,
// the default policy, no command-line switches, a launcher that finds no client, no dialogs),
// and a test overrides only the parts it is about. Events are recorded in `events`; `answer`
// plays the renderer answering the controller's questions (prompts). This module needs no
// peer: unit and integration tests alike use it (test/README.md, "Helpers").
import { resolvePolicy } from '../../src/core/config/managed';
import { parseAppArgs } from '../../src/main/args';
import {
  LauncherController,
  type ClientLauncherLike,
  type ControllerDeps,
} from '../../src/main/controller';
import {
  DEFAULT_CREDENTIALS,
  PasswordVault,
  type CredentialsData,
  type SafeStorageLike,
} from '../../src/main/passwords';
import { PromptHub } from '../../src/main/prompts';
import {
  DEFAULT_PROFILE_CACHE,
  DEFAULT_SETTINGS,
  LauncherSettings,
  MemorySettingsStore,
  type ProfileCacheData,
  type SettingsData,
} from '../../src/main/settings';
import type { PromptResponse, SessionEvent } from '../../src/shared/api';
import type { BrokerProfile } from '../../src/shared/model';

/** A question the controller asks the renderer (the body of a `prompt` event). */
export type AskedPrompt = Extract<SessionEvent, { type: 'prompt' }>['prompt'];

/** Settings and the profile cache in memory, both starting from their defaults. */
/**
 * A plain XFCE desktop profile on host `srv` (what scripted broker sessions list): `id` is
 * also its name; `label` defaults to the id; `fields` override any other field.
 */
export function desktopProfile(
  id: string,
  label: string = id,
  fields: Partial<BrokerProfile> = {},
): BrokerProfile {
  return {
    id,
    name: id,
    label,
    folder: '',
    command: 'XFCE',
    kind: 'desktop',
    hosts: ['srv'],
    sshPort: 22,
    user: '',
    rootless: false,
    published: false,
    icon: null,
    status: null,
    raw: {},
    ...fields,
  };
}

export function memorySettings(now?: () => number): LauncherSettings {
  return new LauncherSettings(
    new MemorySettingsStore<SettingsData>({ ...DEFAULT_SETTINGS }),
    new MemorySettingsStore<ProfileCacheData>({ ...DEFAULT_PROFILE_CACHE }),
    ...(now ? [now] : []),
  );
}

/** No OS keychain: safeStorage says encryption is unavailable. */
export const NO_KEYCHAIN: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
};

/**
 * A PasswordVault on an in-memory credentials store (returned as `creds` for assertions):
 * `safe` is the keychain (default: none), `allowedByPolicy` the allowRememberPassword policy
 * (default true), the platform Linux.
 */
export function memoryVault(opts: { safe?: SafeStorageLike; allowedByPolicy?: boolean } = {}): {
  passwords: PasswordVault;
  creds: MemorySettingsStore<CredentialsData>;
} {
  const creds = new MemorySettingsStore<CredentialsData>({ ...DEFAULT_CREDENTIALS });
  const passwords = new PasswordVault(
    opts.safe ?? NO_KEYCHAIN,
    creds,
    'linux',
    opts.allowedByPolicy ?? true,
  );
  return { passwords, creds };
}

/** What makeController accepts: any ControllerDeps part, plus the renderer's side. */
export interface ControllerParts extends Partial<
  Omit<ControllerDeps, 'emit' | 'prompts' | 'launcher'>
> {
  /** The client launcher, or a maker given the controller's PromptHub (its dialogs). */
  launcher?: ClientLauncherLike | ((prompts: PromptHub) => ClientLauncherLike);
  /**
   * The renderer's answer to a question, sent on the next tick; null or undefined leaves it
   * open (PromptHub cancels it after `promptTimeoutMs`).
   */
  answer?: (prompt: AskedPrompt) => PromptResponse | null | undefined;
  /** PromptHub's timeout in ms (default: the app's, PROMPT_TIMEOUT_MS). */
  promptTimeoutMs?: number;
  /** Also told every event, after it is recorded (e.g. a page bridge). */
  onEvent?: (event: SessionEvent) => void;
}

/** A launcher that finds no local client and must not be asked to start one. */
export const NO_CLIENT: ClientLauncherLike = {
  detect: () => Promise.resolve({ available: false, name: null }),
  start: () => Promise.reject(new Error('this test gave makeController no launcher')),
};

export interface TestController {
  controller: LauncherController;
  /** Every event the controller emitted, in order. */
  events: SessionEvent[];
  prompts: PromptHub;
  /** The dependencies it was built with (defaults filled in). */
  deps: ControllerDeps;
}

/** A LauncherController from in-memory defaults and the given parts (ControllerParts). */
export function makeController(parts: ControllerParts = {}): TestController {
  const { answer, promptTimeoutMs, onEvent, launcher, ...given } = parts;
  const events: SessionEvent[] = [];
  const emit = (event: SessionEvent): void => {
    events.push(event);
    onEvent?.(event);
    if (event.type !== 'prompt' || !answer) return;
    const reply = answer(event.prompt);
    if (reply) setImmediate(() => prompts.respond(event.prompt.id, reply));
  };
  const prompts = new PromptHub(emit, promptTimeoutMs);
  const deps: ControllerDeps = {
    settings: memorySettings(),
    passwords: memoryVault().passwords,
    policy: resolvePolicy({}, null, {}),
    args: parseAppArgs([]),
    createSession: () => {
      throw new Error('this test gave makeController no createSession');
    },
    pickFile: () => Promise.resolve(null),
    openExternal: () => Promise.resolve(),
    platform: 'linux',
    version: 'test',
    ...given,
    launcher: (typeof launcher === 'function' ? launcher(prompts) : launcher) ?? NO_CLIENT,
    prompts,
    emit,
  };
  return { controller: new LauncherController(deps), events, prompts, deps };
}
