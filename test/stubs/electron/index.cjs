// A recording stand-in for the `electron` module, so the bundled main process
// (out/main/index.cjs) runs under plain Node in tests. It implements only what main uses
// and records every call in `state` for assertions. It is NOT Electron: the real app is
// covered by test/electron/app.int.test.ts where a binary exists.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it stands in for a CJS module */
const { EventEmitter } = require('node:events');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const state = {
  handlers: new Map(),
  ipcListeners: new Map(),
  windows: [],
  webContents: [],
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  sandboxEnabled: false,
  singleInstanceLockRequested: false,
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  devicePermissionHandler: null,
  beforeRequest: null,
  applicationMenu: undefined,
  opened: [],
  quitCalled: false,
  protocolClients: [],
  shortcutLinks: [],
  paths: { userData: process.env.X2GO_STUB_USERDATA || mkdtempSync(join(tmpdir(), 'x2go-stub-')) },
  appPath: process.env.X2GO_STUB_APP_PATH || process.cwd(),
  storageBackend: process.env.X2GO_STUB_STORAGE_BACKEND || 'gnome_libsecret',
};

let nextId = 1;
let resolveReady;
const ready = new Promise((r) => (resolveReady = r));

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
  }
  setPath(name, value) {
    state.paths[name] = value;
  }
  getPath(name) {
    if (!(name in state.paths))
      state.paths[name] = mkdtempSync(join(tmpdir(), `x2go-stub-${name}-`));
    return state.paths[name];
  }
  getAppPath() {
    return state.appPath;
  }
  getVersion() {
    return '0.0.0-stub';
  }
  getName() {
    return 'x2go-launcher';
  }
  enableSandbox() {
    state.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    state.singleInstanceLockRequested = true;
    return process.env.X2GO_STUB_SECOND_INSTANCE !== '1';
  }
  whenReady() {
    return ready;
  }
  isReady() {
    return true;
  }
  quit() {
    state.quitCalled = true;
  }
  isDefaultProtocolClient(scheme) {
    return state.protocolClients.includes(scheme);
  }
  setAsDefaultProtocolClient(scheme) {
    state.protocolClients.push(scheme);
    return true;
  }
}
const app = new App();

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.sent = [];
    this.windowOpenHandler = null;
    this.url = '';
    state.webContents.push(this);
  }
  send(channel, payload) {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return false;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    this.bounds = { x: 10, y: 20, width: options.width, height: options.height };
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.webContents.url = url;
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return !!this.maximized;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    this.focused = true;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const ipcMain = {
  handle(channel, fn) {
    if (state.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    state.handlers.set(channel, fn);
  },
  removeHandler(channel) {
    state.handlers.delete(channel);
  },
  on(channel, fn) {
    state.ipcListeners.set(channel, fn);
  },
  removeAllListeners(channel) {
    state.ipcListeners.delete(channel);
  },
};

const protocol = {
  registerSchemesAsPrivileged(schemes) {
    state.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    state.protocolHandlers.set(scheme, handler);
  },
};

const session = {
  defaultSession: {
    setPermissionRequestHandler(fn) {
      state.permissionRequestHandler = fn;
    },
    setPermissionCheckHandler(fn) {
      state.permissionCheckHandler = fn;
    },
    setDevicePermissionHandler(fn) {
      state.devicePermissionHandler = fn;
    },
    webRequest: {
      onBeforeRequest(fn) {
        state.beforeRequest = fn;
      },
    },
    // Electron's proxy resolver answers in PAC form; the stub machine has no proxy.
    resolveProxy(url) {
      state.resolvedProxyUrls = [...(state.resolvedProxyUrls ?? []), url];
      return Promise.resolve(state.proxyAnswer ?? 'DIRECT');
    },
  },
};

// Reversible, visibly "encrypted" stand-in: the test checks no clear text reaches disk.
const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => state.storageBackend,
  encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('hex')}`),
  decryptString: (buf) => Buffer.from(buf.toString().slice(4), 'hex').toString(),
};

module.exports = {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  safeStorage,
  Menu: {
    setApplicationMenu(menu) {
      state.applicationMenu = menu;
    },
  },
  dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
  nativeTheme: { shouldUseDarkColors: false },
  shell: {
    openExternal: async (url) => {
      state.opened.push(url);
    },
    writeShortcutLink: (path, operation, options) => {
      state.shortcutLinks.push({ path, operation, options });
      return true;
    },
  },
  // "Copy diagnostics" (docs/diagnostics.md): what main put on the clipboard
  clipboard: {
    writeText(text) {
      state.clipboard = text;
    },
  },
  __stub: { state, emitReady: () => resolveReady() },
};
