// Opens the built renderer in Debian's Chromium (playwright-core), served from
// http://app.test/ with its real CSP, with window.x2go provided by the test bridge over a
// CDP binding to a Backend (main's controller + IPC layer in this process).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { skipOrFail, type Skippable } from '../../helpers/skip';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHANNELS } from '../../../src/shared/api';
import type { Backend } from './backend';
import { ROOT, buildRenderer, readBuilt } from './build';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots');
const ORIGIN = 'http://app.test';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** The browser, or null after t.skip with the reason (a failure under CI=true). */
export async function browserOrSkip(t: Skippable): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    return skipOrFail(t, `no Chromium at ${CHROMIUM} (scripts/ci-install-packages.sh installs it)`);
  }
  await buildRenderer();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface AppPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** Every request the page tried that was not one of our own files. */
  foreignRequests: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  locale?: string;
  viewport?: { width: number; height: number };
}

export async function openApp(
  browser: Browser,
  backend: Backend,
  options: OpenOptions = {},
): Promise<AppPage> {
  const { bridgeScript } = await buildRenderer();
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 960, height: 680 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      foreignRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    try {
      const body = await readBuilt(file);
      return route.fulfill({
        status: 200,
        body,
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.exposeFunction('__x2goInvoke', async (channel: string, argsJson: string) => {
    try {
      const value = await backend.invoke(channel, JSON.parse(argsJson) as unknown[]);
      return JSON.stringify({ value });
    } catch (e) {
      // Like ipcRenderer.invoke: a handler that throws rejects on the page side.
      return JSON.stringify({ error: e instanceof Error ? e.message : String(e) });
    }
  });
  backend.onEvent((event) => {
    void page
      .evaluate(([ch, ev]) => window.__x2goEmit(ch, ev), [CHANNELS.onSessionEvent, event] as const)
      .catch(() => undefined);
  });
  await page.addInitScript({ content: bridgeScript });
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
  });
  await page.goto(`${ORIGIN}/index.html`);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    page,
    problems,
    foreignRequests,
    screenshot: async (name) => {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    // Like closing the window: main drops credentials and connections (an SSH broker
    // connection left open would keep the test process alive).
    close: async () => {
      await context.close();
      await backend.controller.dispose();
    },
  };
}
