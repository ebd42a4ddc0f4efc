// Runs IN THE PAGE (bundled to an IIFE and injected with addInitScript): builds window.x2go
// with the very createBridge the preload uses, over a CDP binding instead of ipcRenderer.
// The binding is not network traffic, so the page keeps its strict CSP (connect-src 'none').
import { createBridge } from '../../../src/shared/bridge';

type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();
window.__x2goEmit = (channel, payload) => {
  for (const l of listeners.get(channel) ?? []) l(payload);
};
const api = createBridge(
  async (channel, ...args) => {
    const reply = JSON.parse(await window.__x2goInvoke(channel, JSON.stringify(args))) as {
      value?: unknown;
      error?: string;
    };
    window.__x2goLastReplyAt = performance.now();
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.value;
  },
  (channel, listener) => {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
);
Object.defineProperty(window, 'x2go', { value: api, writable: false, configurable: false });
