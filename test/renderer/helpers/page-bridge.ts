// Runs IN THE PAGE (bundled to an IIFE and injected with addInitScript): builds window.x2go
// with the very createBridge the preload uses, over a CDP binding instead of ipcRenderer.
// The binding is not network traffic, so the page keeps its strict CSP (connect-src 'none').
import { createBridge } from '../../../src/shared/bridge';

type Listener = (payload: unknown) => void;

declare global {
  interface Window {
    /** Arguments and reply as JSON text: Playwright's binding serialises large objects value
     * by value (seconds for 10,000 profiles), JSON text crosses in milliseconds — closer to
     * Electron's structured clone, so the renderer, not the harness, is what gets measured. */
    __x2goInvoke(channel: string, argsJson: string): Promise<string>;
    __x2goEmit(channel: string, payload: unknown): void;
    /** performance.now() when the last reply was decoded (for bench/renderer-catalogue.ts). */
    __x2goLastReplyAt?: number;
  }
}

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
