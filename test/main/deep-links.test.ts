// Deep links in main (src/main/deep-links.ts) on the stub electron's `app` (an EventEmitter
// like Electron's): open-url before the window is up, a second instance's argv, hostile links
// refused with one log line and a notice, and the scheme registration per platform.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { makeDeepLink, parseDeepLink } from '../../src/core/deep-link';
import {
  DeepLinkRouter,
  MAX_PENDING_LINKS,
  allowedLinkBrokers,
  linksInArgv,
  listenForLinks,
  registerSchemeHandler,
  type LinkEventsLike,
} from '../../src/main/deep-links';
import type { DeepLinkNotice } from '../../src/shared/api';
import { isSessionEvent } from '../../src/shared/validate';

const require = createRequire(import.meta.url);
require('../stubs/register-electron-stub.cjs');
const electron = require('electron') as { app: LinkEventsLike & NodeJS.EventEmitter };

const BROKER = 'https://broker.example.org/plain/';
const OTHER = 'ssh://broker.example.org:2222/usr/bin/x2gobroker-ssh';

function setup(opts: { allowStart?: boolean; windowUp?: boolean } = {}) {
  const lines: { level: string; text: string }[] = [];
  const log = {
    info: (text: string) => lines.push({ level: 'info', text }),
    warn: (text: string) => lines.push({ level: 'warn', text }),
    error: (text: string) => lines.push({ level: 'error', text }),
  };
  const sent: DeepLinkNotice[] = [];
  let focused = 0;
  let windowUp = opts.windowUp ?? true;
  const router = new DeepLinkRouter(log);
  const configure = () =>
    router.configure({
      allowedBrokers: () =>
        allowedLinkBrokers([BROKER], {
          brokerUrl: null,
          brokerUrls: [OTHER],
          lockBrokerUrl: false,
        }),
      allowStart: () => opts.allowStart ?? false,
      send: (n) => {
        if (!windowUp) return false;
        sent.push(n);
        return true;
      },
      focus: () => void focused++,
    });
  return {
    router,
    configure,
    lines,
    sent,
    focused: () => focused,
    setWindow: (up: boolean) => (windowUp = up),
  };
}

describe('deep links in main', () => {
  it('open-url before ready is queued unchecked, checked at configure, handed over with the startup state', () => {
    const app = new (electron.app.constructor as new () => LinkEventsLike & NodeJS.EventEmitter)();
    const s = setup();
    let seconds = 0;
    listenForLinks(app, s.router, () => seconds++);
    let prevented = false;
    app.emit('open-url', { preventDefault: () => (prevented = true) }, makeDeepLink(BROKER, 'xfce-desktop'));
    assert.equal(prevented, true, 'Electron is told the link is handled');
    assert.equal(s.lines.length, 0, 'nothing checked before the policy is known');
    s.configure();
    assert.deepEqual(s.sent, [], 'no renderer yet: queued');
    assert.deepEqual(s.router.takePending(), [
      { outcome: 'open', broker: BROKER, profileId: 'xfce-desktop', start: false },
    ]);
    assert.deepEqual(s.router.takePending(), [], 'taken once');
    assert.equal(seconds, 0);
    assert.match(s.lines[0]!.text, /^deep link \(open-url\): select profile "xfce-desktop" on https:\/\/broker\.example\.org\/plain\/$/);
  });

  it('second-instance with a link: delivered to the running renderer, window focused', () => {
    const app = new (electron.app.constructor as new () => LinkEventsLike & NodeJS.EventEmitter)();
    const s = setup({ allowStart: true });
    let seconds = 0;
    listenForLinks(app, s.router, () => seconds++);
    s.configure();
    s.router.takePending(); // the renderer is up
    const link = makeDeepLink(OTHER, 'kde-pool');
    // Windows/Linux: the whole command line of the second instance, Chromium switches included
    app.emit('second-instance', {}, ['/usr/lib/x2go-launcher/x2go-launcher', '--allow-file-access-from-files', link]);
    assert.equal(seconds, 1);
    assert.deepEqual(s.sent, [
      { outcome: 'open', broker: 'ssh://broker.example.org:2222/usr/bin/x2gobroker-ssh', profileId: 'kde-pool', start: true },
    ]);
    assert.equal(s.focused(), 1);
    // a second instance without a link only focuses
    app.emit('second-instance', {}, ['/usr/bin/x2go-launcher']);
    assert.equal(seconds, 2);
    assert.equal(s.sent.length, 1);
    // the window went away (renderer crash): queued again until the next startup state
    s.router.rendererGone();
    app.emit('second-instance', {}, ['x', link]);
    assert.equal(s.sent.length, 1);
    assert.equal(s.router.takePending().length, 1);
  });

  const enc = encodeURIComponent;
  const hostile: [string, string, RegExp][] = [
    ['another scheme', `https://open?broker=${enc(BROKER)}`, /not an x2go-launcher:\/\/ link/],
    ['javascript:', 'javascript:alert(document.cookie)', /not an x2go-launcher/],
    ['an overlong link', `x2go-launcher://open?broker=${enc(BROKER)}&profile=${'a'.repeat(5000)}`, /longer than 2048/],
    ['control characters', `x2go-launcher://open?broker=${enc(BROKER)}&profile=a\r\nb`, /control characters/],
    ['an unknown broker', `x2go-launcher://open?broker=${enc('https://evil.example/plain/')}&profile=x`, /not one of the configured brokers/],
    ['credentials', `x2go-launcher://open?broker=${enc('https://alice:pw@broker.example.org/plain/')}`, /not valid/],
    // a profile id is only looked up among the broker's (src/core/deep-link.ts): what is refused
    // is what no broker section header holds, e.g. a percent-encoded control character
    ['a bad profile id', `x2go-launcher://open?broker=${enc(BROKER)}&profile=${enc('a\u0085b')}`, /profile id is malformed/],
    ['not text at all', {} as unknown as string, /not an x2go-launcher|not a URL/],
  ];
  for (const [what, link, why] of hostile)
    it(`refuses ${what}: a notice, exactly one log line, no throw`, () => {
      const s = setup();
      s.configure();
      s.router.takePending();
      assert.doesNotThrow(() => s.router.open(link, 'second instance'));
      assert.equal(s.sent.length, 1);
      const notice = s.sent[0]!;
      assert.equal(notice.outcome, 'refused');
      assert.ok(notice.outcome === 'refused' && notice.error.code === 'deep-link.refused');
      assert.ok(notice.outcome === 'refused' && why.test(notice.error.message), notice.outcome === 'refused' ? notice.error.message : '');
      assert.equal(s.lines.length, 1, JSON.stringify(s.lines));
      assert.equal(s.lines[0]!.level, 'warn');
      assert.match(s.lines[0]!.text, /^deep link \(second instance\) refused: Refused this x2go-launcher:\/\/ link: /);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(s.lines[0]!.text, /[\u0000-\u001f]/);
      assert.ok(s.lines[0]!.text.length < 400);
    });

  it('a flood of links keeps the newest few; argv gives at most a few', () => {
    const s = setup({ windowUp: false });
    s.configure();
    for (let i = 0; i < 50; i++) s.router.open(makeDeepLink(BROKER, `p${i}`), 'second instance');
    const pending = s.router.takePending();
    assert.equal(pending.length, MAX_PENDING_LINKS);
    assert.deepEqual(pending.at(-1), { outcome: 'open', broker: BROKER, profileId: 'p49', start: false });
    assert.equal(linksInArgv(['exe', ...Array.from({ length: 20 }, () => makeDeepLink(BROKER, 'x'))]).length, 4);
    assert.deepEqual(linksInArgv(['x2go-launcher://open?broker=x', 'X2GO-LAUNCHER://open', '--flag']), ['X2GO-LAUNCHER://open']);
  });

  it('allowed brokers: remembered and policy ones; with lockBrokerUrl only the locked broker', () => {
    assert.deepEqual(allowedLinkBrokers([BROKER, 'not a url'], { brokerUrl: 'https://b2.example/plain/', brokerUrls: [OTHER], lockBrokerUrl: false }),
      [BROKER, OTHER, 'https://b2.example/plain/']);
    // the locked broker is its URL and its fail-over URLs (brokerUrls), never a remembered one
    assert.deepEqual(allowedLinkBrokers([BROKER], { brokerUrl: 'https://b2.example/plain/', brokerUrls: [OTHER], lockBrokerUrl: true }),
      ['https://b2.example/plain/', OTHER]);
  });

  it("a link never opens an http:// URL the policy's list has only as a downgrade (locked or not)", () => {
    const https = 'https://b.example/plain/';
    const clear = 'http://b.example/plain/';
    for (const lockBrokerUrl of [true, false]) {
      const allowed = allowedLinkBrokers([clear], { brokerUrl: null, brokerUrls: [https, clear], lockBrokerUrl });
      assert.deepEqual(allowed, [https], `lockBrokerUrl ${lockBrokerUrl}`);
      assert.throws(() => parseDeepLink(makeDeepLink(clear, 'p'), allowed), /not one of the configured brokers/);
      // the same broker over https, in another spelling, opens (as the policy spells it)
      assert.deepEqual(parseDeepLink(makeDeepLink('HTTPS://B.example:443/plain/', 'p'), allowed), { broker: https, profileId: 'p' });
    }
    // an http:// URL first in the list is the administrator's own choice, not a downgrade
    assert.deepEqual(allowedLinkBrokers([], { brokerUrl: null, brokerUrls: [clear, https], lockBrokerUrl: true }), [clear, https]);
    // one broker spelled twice is offered once
    assert.deepEqual(allowedLinkBrokers(['HTTPS://b.example:443/plain/'], { brokerUrl: https, brokerUrls: [], lockBrokerUrl: false }), ['https://b.example/plain/']);
  }); // prettier-ignore

  it('the renderer takes only well-formed deep-link events (src/shared/validate.ts)', () => {
    const s = setup();
    s.configure();
    s.router.takePending();
    s.router.open(makeDeepLink(BROKER, 'x'), 'open-url');
    s.router.open('javascript:alert(1)', 'open-url');
    for (const link of s.sent) assert.equal(isSessionEvent({ type: 'deep-link', link }), true);
    const bad: unknown[] = [
      { outcome: 'open', broker: BROKER, profileId: 5, start: false },
      { outcome: 'open', broker: BROKER, profileId: 'x', start: 'yes' },
      { outcome: 'open', broker: 'x'.repeat(5000), profileId: null, start: false },
      { outcome: 'refused', error: { kind: 'usage', code: 'no.such.code', params: {}, message: 'm' } },
      { outcome: 'refused', error: { kind: 'usage', code: 'deep-link.refused', params: {}, message: 'm' } },
      { outcome: 'start', broker: BROKER, profileId: 'x', start: true },
      null,
    ];
    for (const link of bad) assert.equal(isSessionEvent({ type: 'deep-link', link }), false, JSON.stringify(link));
  });

  it('scheme registration: never in development, by the package on Linux, at run time on Windows and macOS', () => {
    const calls: string[] = [];
    const app = (isPackaged: boolean, already = false) => ({
      isPackaged,
      isDefaultProtocolClient: (s: string) => (calls.push(`is ${s}`), already),
      setAsDefaultProtocolClient: (s: string) => (calls.push(`set ${s}`), true),
    });
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    assert.equal(registerSchemeHandler(app(false), 'win32', log), 'development');
    assert.equal(registerSchemeHandler(app(true), 'linux', log), 'package');
    assert.deepEqual(calls, []);
    assert.equal(registerSchemeHandler(app(true), 'win32', log), 'registered');
    assert.equal(registerSchemeHandler(app(true, true), 'darwin', log), 'already');
    assert.deepEqual(calls, ['is x2go-launcher', 'set x2go-launcher', 'is x2go-launcher']);
  });
}); // prettier-ignore
