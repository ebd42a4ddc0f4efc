// The whole preload: one frozen, typed API (src/shared/bridge.ts) exposed as window.x2go.
// The page never gets ipcRenderer, a generic send/on, or any Node object. Bundled to CJS
// (a sandboxed preload cannot be an ES module) with only `electron` left external.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from '../shared/bridge';

const api = createBridge(
  (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  (channel, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('x2go', api);
