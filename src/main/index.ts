// Electron main entry (bundled to out/main/index.cjs). Order matters: command line and
// profile dir, privileged scheme and sandbox BEFORE `ready`; single-instance lock; then
// stores, policy, protocol, permission handlers, IPC, window. Everything decided here is
// unit tested in the modules it imports; this file only connects them to Electron.
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  shell,
  clipboard,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { appHelpText } from '../core/command-line/help';
import { loadManagedConfig, type Policy } from '../core/config/managed';
import { systemPolicySource, type PolicySource } from '../core/config/sources';
// fleet-config (issue 11)
import { appConfiguration, appLauncherOptions } from './app-config';
import { addToKnownHostsIgnored } from './host-key-policy';
import { windowChrome } from './window-chrome';
import { sweepStaleDirs } from '../core/launcher/private-dir';
import { CHANNELS, type SessionEvent } from '../shared/api';
import { isSafeExternalUrl } from '../shared/validate';
import { createAppProtocolHandler } from './app-protocol';
import { parseAppArgs } from './args';
import { createClientLauncher } from './client-launcher';
import { createSessionFactory } from './session-factory';
import { LauncherController } from './controller';
import { registerApi } from './handlers';
import type { Logger } from './ipc';
import { DEFAULT_CREDENTIALS, PasswordVault } from './passwords';
import { PromptHub, createSshPrompter } from './prompts';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  decidePermission,
  isAllowedRendererRequest,
  windowOptions,
} from './security';
import { DEFAULT_PROFILE_CACHE, DEFAULT_SETTINGS, LauncherSettings } from './settings';
import { ElectronSettingsStore } from './settings-electron';
import { currentBounds, hardenWebContents } from './window';
import {
  DeepLinkRouter,
  MAX_LINKS_PER_ARGV,
  allowedLinkBrokers,
  listenForLinks,
  registerSchemeHandler,
} from './deep-links';
import { createShortcut, gioMarkTrusted } from './shortcuts';
import { homedir } from 'node:os';
// kiosk (issue 12)
import { AdminPinGate } from '../core/kiosk/admin-pin';
import { kioskSetup } from '../core/kiosk/policy';
import { runPowerAction } from '../core/kiosk/power';
import { KioskApp } from './kiosk-app';
import { probeBroker } from './kiosk-probe';
import { lockKioskWindow, type KioskWindowLock } from './kiosk-window';

const log: Logger = {
  info: (m) => console.log(`[main] ${m}`),
  warn: (m) => console.warn(`[main] ${m}`),
  error: (m, e) => console.error(`[main] ${m}`, e instanceof Error ? e.message : (e ?? '')),
};

// No failure in a background promise may take the app down (a dead broker is not a crash).
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
process.on('uncaughtException', (error) => log.error('uncaught exception', error));

const args = parseAppArgs(process.argv.slice(1));
// --help / --version: print and leave before anything else (no lock, no window, no ready).
if (args.help || args.version) {
  process.stdout.write(args.help ? appHelpText() : `x2go-launcher ${app.getVersion()}\n`);
  process.exit(0);
}
for (const note of args.notes) log.info(`command line: ${note}`);
for (const warning of args.warnings) log.warn(`command line: ${warning}`);
if (args.profileDir) app.setPath('userData', resolve(args.profileDir));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
// Deep links (docs/deep-links.md): checked and queued here until the window's renderer is up.
const deepLinks = new DeepLinkRouter(log);
const focusWindow = (): void => {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
};
let kioskApp: KioskApp | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another launcher runs with this profile: it gets focus and our links (second-instance),
  // we leave.
  app.quit();
} else {
  // before `ready`: macOS passes the link that started the app by open-url, early
  listenForLinks(app, deepLinks, focusWindow);
  for (const link of args.links.slice(0, MAX_LINKS_PER_ARGV)) deepLinks.open(link, 'command line');
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => log.error('startup failed', error));
}

/** Packaged defaults.json (resources/), a rebranding hook: trusted, it ships with the app. */
async function packagedDefaults(): Promise<Partial<Policy>> {
  const file = app.isPackaged
    ? join(process.resourcesPath, 'defaults.json')
    : join(app.getAppPath(), 'assets', 'defaults.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Partial<Policy>;
  } catch {
    return {};
  }
}

async function start(): Promise<void> {
  // private dirs (broker key, session file) left by a launcher run that crashed or was killed
  for (const dir of sweepStaleDirs()) log.info(`removed the stale launch dir ${dir}`);
  // --managed-config replaces the system file only in development and tests: in a packaged
  // app the command line must not be a way around the administrator's locks.
  if (args.managedConfig && app.isPackaged) log.warn('--managed-config ignored in a packaged app');
  const developmentFile =
    args.managedConfig && !app.isPackaged ? resolve(args.managedConfig) : null;
  const policySource: PolicySource = developmentFile
    ? {
        kind: 'json-file',
        location: developmentFile,
        read: () => loadManagedConfig(developmentFile),
      }
    : systemPolicySource(); // this OS's source: JSON file, registry or plist
  const managed = await policySource.read();
  for (const warning of managed.warnings) log.warn(warning);
  // fleet-config: the policy with the command line, "About this configuration" (the CLI's
  // `config --json` report), and the switches a lock overrides, logged (docs/policy.md)
  const { policy, configuration, overridden } = appConfiguration(
    args,
    await packagedDefaults(),
    policySource,
    managed,
  );
  for (const { key, layer } of overridden)
    log.warn(`${layer} value of "${key}" ignored: locked by ${policySource.location}`);
  const ignored = addToKnownHostsIgnored(policy, args, policySource.location);
  if (ignored) log.warn(`command line: ${ignored}`);

  const settings = new LauncherSettings(
    new ElectronSettingsStore('settings', { ...DEFAULT_SETTINGS }),
    new ElectronSettingsStore('profile-cache', { ...DEFAULT_PROFILE_CACHE }),
  );
  const passwords = new PasswordVault(
    safeStorage,
    new ElectronSettingsStore('credentials', { ...DEFAULT_CREDENTIALS }),
    process.platform,
    policy.allowRememberPassword,
  );

  // electron-store registers a sync IPC listener that tells any renderer the userData path;
  // our renderer has no ipcRenderer, but no channel we do not use should stay open.
  ipcMain.removeAllListeners('electron-store-get-data');

  const rendererRoot = join(app.getAppPath(), 'out', 'renderer');
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(rendererRoot, (f) => readFile(f)),
  );

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(decidePermission(permission)),
  );
  ses.setPermissionCheckHandler((_wc, permission) => decidePermission(permission));
  ses.setDevicePermissionHandler(() => false);
  // The renderer does no networking; anything but app:// and data: is refused at the source.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRendererRequest(details.url);
    if (!allowed) log.warn(`request refused: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });

  const chrome = windowChrome(
    args,
    policy.kiosk,
    process.platform,
    settings.windowBounds()?.maximized === true,
  );
  if (chrome.hideMenu) Menu.setApplicationMenu(null);

  // Proxies and fail-over (issue 13; docs/proxies.md, docs/failover.md); the kiosk's probe
  // uses the same factory, so it goes the way sign-in goes
  const createSession = createSessionFactory({
    proxyPolicy: policy.proxy,
    resolveProxy: (url) => ses.resolveProxy(url),
    policyBrokerUrls: policy.brokerUrls,
    onBrokerAnswered: (entry, answered, passedOver) =>
      log.info(
        `broker ${entry} answered at ${answered}${passedOver.length ? ` (no answer from ${passedOver.join(', ')})` : ''}`,
      ),
  });
  const emit = (event: SessionEvent): void => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      mainWindow.webContents.send(CHANNELS.onSessionEvent, event);
    }
  };
  const prompts = new PromptHub(emit);
  const controller = new LauncherController({
    settings,
    passwords,
    policy,
    args,
    createSession,
    launcher: createClientLauncher({
      onLog: (line) => log.info(line),
      // fleet-config: the policy's client choice and unknown host-key rule (app-config.ts)
      ...appLauncherOptions(
        policy,
        args,
        createSshPrompter(prompts, () => undefined),
      ),
    }),
    prompts,
    emit,
    pickFile: async (purpose) => {
      if (!mainWindow || policy.kiosk) return null; // a kiosk opens no file dialogs
      const result = await dialog.showOpenDialog(mainWindow, {
        title: purpose === 'ssh-key' ? 'Choose SSH private key' : 'Choose auth-id file',
        properties: ['openFile', 'showHiddenFiles', 'dontAddToRecent'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    openExternal: async (url) => {
      // Validated by the IPC validator and again here: this is the last gate before the OS.
      if (!isSafeExternalUrl(url)) throw new Error('refused');
      await shell.openExternal(url);
    },
    platform: process.platform,
    version: app.getVersion(),
    // deep links and shortcuts (docs/deep-links.md)
    takeDeepLinks: () => deepLinks.takePending(),
    writeShortcut: (target) =>
      createShortcut(target, {
        platform: process.platform,
        home: homedir(),
        env: process.env,
        desktopPath: () => app.getPath('desktop'),
        execPath: process.execPath,
        writeShortcutLink: (path, operation, options) =>
          shell.writeShortcutLink(path, operation, options),
        markTrusted: gioMarkTrusted,
      }),
    // fleet-config (issue 11)
    configuration,
    quit: () => app.quit(),
    // "Copy diagnostics" (docs/diagnostics.md): main writes the clipboard, not the renderer
    writeClipboard: (text) => clipboard.writeText(text),
  });
  deepLinks.configure({
    allowedBrokers: () => allowedLinkBrokers(settings.brokerUrls(), policy),
    allowStart: () => policy.allowLinkStart,
    send: (link) => {
      if (!mainWindow || mainWindow.isDestroyed()) return false;
      mainWindow.webContents.send(CHANNELS.onSessionEvent, { type: 'deep-link', link });
      return true;
    },
    focus: focusWindow,
  });
  registerSchemeHandler(app, process.platform, log);

  registerApi(
    ipcMain,
    controller,
    {
      trustedWebContents: () =>
        new Set(mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents.id] : []),
    },
    log,
  );

  // Quit waits for the clients we started to end and for their private files to go; the
  // 'exit' hook removes whatever is left if the process ends another way.
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    disposed = true;
    event.preventDefault();
    controller
      .dispose()
      .catch((error: unknown) => log.error('cleanup at quit failed', error))
      .finally(() => app.quit());
  });
  process.on('exit', () => controller.removeLaunchFiles());
  // kiosk (issue 12): the driver runs from boot; the window is locked until the admin PIN
  let windowLock: KioskWindowLock | null = null;
  if (policy.kiosk) {
    const setup = kioskSetup(policy);
    const caFiles = [
      ...policy.brokerCaFiles,
      ...(policy.brokerCaFile ? [policy.brokerCaFile] : []),
    ];
    kioskApp = new KioskApp({
      controller,
      options: setup.machine,
      touch: setup.touch,
      probe: async () => {
        const url = policy.brokerUrl ?? settings.lastBrokerUrl();
        // through the fail-over list as sign-in goes (issue 13, docs/failover.md)
        if (url)
          await probeBroker(url, { createSession, caFiles, policyBrokerUrls: policy.brokerUrls });
      },
      runPower: async (action) => {
        const argv = await runPowerAction(action, setup.power);
        log.info(`kiosk: ran ${argv.join(' ')}`);
      },
      pinGate: new AdminPinGate(policy.adminPinHash),
      send: (view) => {
        if (mainWindow && !mainWindow.isDestroyed())
          mainWindow.webContents.send(CHANNELS.onKioskState, view);
      },
      leaveKiosk: () => windowLock?.unlock(),
      log: (m) => log.info(m),
    });
    kioskApp.start();
  }
  createWindow(
    settings,
    policy.kiosk,
    policy.allowDevTools || (!app.isPackaged && !policy.kiosk),
    chrome.maximize,
  );
  const kiosk = kioskApp;
  if (kiosk && mainWindow)
    windowLock = lockKioskWindow(
      mainWindow,
      () => kiosk.locked,
      (m) => log.warn(m),
    );
}

function createWindow(
  settings: LauncherSettings,
  kiosk: boolean,
  devTools: boolean,
  maximize: boolean,
): void {
  const win = new BrowserWindow(
    windowOptions({
      preloadPath: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
      kiosk,
      devTools,
      bounds: settings.windowBounds(),
      title: 'X2Go Launcher',
      dark: nativeTheme.shouldUseDarkColors,
    }),
  );
  mainWindow = win;
  if (maximize) win.maximize(); // --maximize, or maximized when last closed (window-chrome.ts)
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    if (!kiosk) settings.saveWindowBounds(currentBounds(win));
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    deepLinks.rendererGone();
  });
  // A crashed renderer is reloaded (the broker session lives on in main), a few times at most.
  let reloads = 0;
  win.webContents.on('render-process-gone', (_e, details) => {
    log.error(`renderer gone (${details.reason})`);
    deepLinks.rendererGone(); // the reloaded page asks for its startup state again
    if (details.reason !== 'clean-exit' && reloads++ < 3 && !win.isDestroyed()) {
      void win.loadURL(APP_ENTRY_URL);
    }
  });
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => log.error('loading the UI failed', error));
}
