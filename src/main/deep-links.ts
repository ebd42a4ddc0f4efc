// x2go-launcher:// links in the app (docs/deep-links.md): where they come from (the first
// start's argv, a second instance's argv on Windows/Linux, macOS `open-url`), the check each
// one passes (src/core/deep-link.ts: only configured brokers, no credentials, bounded, no
// control characters), and the delivery to the renderer — queued until the window's renderer
// asked for its startup state, then as `deep-link` session events. A hostile link is refused
// with one log line and a notice in the UI; nothing here throws into Electron's event loop.
import { allowedBrokerUrls } from '../core/config/broker-lock';
import { brokerEntryUrls } from '../core/broker/failover-urls';
import { findBrokerUrl } from '../core/broker/url-match';
import { DEEP_LINK_SCHEME, parseDeepLink } from '../core/deep-link';
import { parseBrokerUrl } from '../core/broker/url';
import { isLauncherError, LauncherError } from '../core/errors';
import type { DeepLinkNotice } from '../shared/api';
import { toApiError, type Logger } from './ipc';

/** Where a link came from (for the log line). */
export type LinkOrigin = 'command line' | 'second instance' | 'open-url';

/** At most this many links wait for the window; a flood keeps the newest. */
export const MAX_PENDING_LINKS = 4;
/** At most this many links are taken from one command line (a desktop passes one, %u). */
export const MAX_LINKS_PER_ARGV = 4;

export interface DeepLinkConfig {
  /** Display URLs of the brokers a link may name (allowedLinkBrokers), read per link. */
  allowedBrokers(): readonly string[];
  /** Policy `allowLinkStart`: an accepted link also starts its profile. */
  allowStart(): boolean;
  /** Send to the window's renderer; false when there is no window to send to. */
  send(notice: DeepLinkNotice): boolean;
  /** Bring the window to the front (a link was opened: the user expects to see it). */
  focus(): void;
}

/**
 * The brokers a link may name: the user's remembered ones and the policy's (`brokerUrl`,
 * `brokerUrls`), as display URLs, each broker once (url-match.ts). With `lockBrokerUrl` only
 * the locked broker's URLs (core/config/broker-lock.ts). Never an http:// URL of the policy's
 * list that follows an https:// or ssh:// one (docs/failover.md §1): such a URL is only a
 * fail-over the policy refuses, and a link — anyone's to make — must not turn it into a
 * sign-in that sends the password in clear text.
 */
export function allowedLinkBrokers(
  remembered: readonly string[],
  policy: { brokerUrl: string | null; brokerUrls: readonly string[]; lockBrokerUrl: boolean },
): string[] {
  const candidates = allowedBrokerUrls(policy) ?? [
    ...remembered,
    ...policy.brokerUrls,
    ...(policy.brokerUrl ? [policy.brokerUrl] : []),
  ];
  const downgrades =
    brokerEntryUrls({ url: policy.brokerUrl, policyList: policy.brokerUrls })?.refused ?? [];
  const out: string[] = [];
  for (const url of candidates) {
    try {
      const display = parseBrokerUrl(url).display;
      if (findBrokerUrl(downgrades, display) || findBrokerUrl(out, display)) continue;
      out.push(display);
    } catch {
      // a remembered URL that no longer parses names no broker a link could open
    }
  }
  return out;
}

/**
 * The deep links in a command line (argv[0] is the program; Chromium may add switches of its
 * own around them). Only arguments that start with our scheme, at most MAX_LINKS_PER_ARGV.
 */
export function linksInArgv(argv: readonly string[]): string[] {
  const prefix = `${DEEP_LINK_SCHEME}:`;
  return argv
    .slice(1)
    .filter((a) => typeof a === 'string' && a.slice(0, prefix.length).toLowerCase() === prefix)
    .slice(0, MAX_LINKS_PER_ARGV);
}

/** A refusal reason fit for one log line: no control characters, bounded. */
function logText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?').slice(0, 300);
}

export class DeepLinkRouter {
  private config: DeepLinkConfig | null = null;
  /** Links received before configure() (macOS open-url before `ready`), unchecked yet. */
  private early: { link: string; origin: LinkOrigin }[] = [];
  /** Checked links waiting for the renderer. */
  private pending: DeepLinkNotice[] = [];
  private rendererReady = false;

  constructor(private readonly log: Logger) {}

  /** Connect to the policy, settings and window once they exist; checks the early links. */
  configure(config: DeepLinkConfig): void {
    this.config = config;
    const early = this.early;
    this.early = [];
    for (const { link, origin } of early) this.open(link, origin);
  }

  /**
   * One link from anywhere. Never throws: a refused link becomes a notice and one log line.
   */
  open(link: string, origin: LinkOrigin): void {
    try {
      if (!this.config) {
        this.early = [...this.early, { link: String(link), origin }].slice(-MAX_PENDING_LINKS);
        return;
      }
      const notice = this.check(String(link), origin, this.config);
      if (!(this.rendererReady && this.config.send(notice))) {
        this.pending = [...this.pending, notice].slice(-MAX_PENDING_LINKS);
      }
      this.config.focus();
    } catch (error) {
      this.log.error('deep link: handling failed', error);
    }
  }

  /**
   * The renderer asked for its startup state: it gets the waiting links with it, and later
   * links go to it as events (it subscribes in the same task as it reads the reply).
   */
  takePending(): DeepLinkNotice[] {
    this.rendererReady = true;
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** The window (or its renderer) is gone: queue again until the next startup state. */
  rendererGone(): void {
    this.rendererReady = false;
  }

  private check(link: string, origin: LinkOrigin, config: DeepLinkConfig): DeepLinkNotice {
    try {
      const { broker, profileId } = parseDeepLink(link, config.allowedBrokers());
      const start = config.allowStart();
      this.log.info(
        `deep link (${origin}): ${start ? 'open and start' : 'select'} ${profileId === null ? 'the list' : `profile "${profileId}"`} on ${broker}`,
      );
      return { outcome: 'open', broker, profileId, start };
    } catch (error) {
      const refusal =
        isLauncherError(error) && error.code === 'deep-link.refused'
          ? error
          : new LauncherError(
              'deep-link.refused',
              { reason: 'unreadable', value: '' },
              `Refused this ${DEEP_LINK_SCHEME}:// link: it could not be read.`,
            );
      this.log.warn(`deep link (${origin}) refused: ${logText(refusal.message)}`);
      return { outcome: 'refused', error: toApiError(refusal) };
    }
  }
}

/** The parts of Electron's `app` the registration uses (the stub electron has them too). */
export interface ProtocolAppLike {
  isPackaged: boolean;
  isDefaultProtocolClient(scheme: string): boolean;
  setAsDefaultProtocolClient(scheme: string): boolean;
}

/**
 * Make this app the handler of x2go-launcher:// where that happens at run time.
 * - Windows (NSIS/MSI) and macOS: app.setAsDefaultProtocolClient (HKCU\Software\Classes on
 *   Windows; Launch Services on macOS, where the bundle's CFBundleURLTypes from
 *   electron-builder's `protocols` declares the scheme).
 * - Linux: the package's desktop entry declares `MimeType=x-scheme-handler/x2go-launcher;`
 *   (packaging/linux/desktop.ejs); the desktop database does the rest. Nothing at run time.
 * - Development (not packaged): never — it would register the bare Electron binary (or the
 *   placeholder) as the handler of every link on this machine.
 * @returns what was done, for the log and the tests.
 */
export function registerSchemeHandler(
  app: ProtocolAppLike,
  platform: NodeJS.Platform,
  log: Logger,
): 'development' | 'package' | 'already' | 'registered' | 'failed' {
  if (!app.isPackaged) {
    log.info(`deep links: ${DEEP_LINK_SCHEME}:// not registered in development`);
    return 'development';
  }
  if (platform !== 'win32' && platform !== 'darwin') return 'package';
  try {
    if (app.isDefaultProtocolClient(DEEP_LINK_SCHEME)) return 'already';
    if (app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)) {
      log.info(`deep links: registered as the ${DEEP_LINK_SCHEME}:// handler`);
      return 'registered';
    }
  } catch (error) {
    log.warn(`deep links: registering ${DEEP_LINK_SCHEME}:// failed (${String(error)})`);
    return 'failed';
  }
  log.warn(`deep links: the system refused to register ${DEEP_LINK_SCHEME}://`);
  return 'failed';
}

/** The events of Electron's `app` the links arrive by. */
export interface LinkEventsLike {
  on(
    event: 'open-url',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
}

/**
 * Listen for links: macOS `open-url` (call this before `ready`: the link that started the app
 * comes by it, early) and a second instance's command line (Windows, Linux). `onSecond` runs
 * for every second instance, link or not (main focuses its window).
 */
export function listenForLinks(
  app: LinkEventsLike,
  router: DeepLinkRouter,
  onSecond: () => void,
): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    router.open(url, 'open-url');
  });
  app.on('second-instance', (_event, argv) => {
    onSecond();
    for (const link of linksInArgv(Array.isArray(argv) ? argv : [])) {
      router.open(link, 'second instance');
    }
  });
}
