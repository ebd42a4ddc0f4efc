// The health check's lines and the kiosk's reasons in the UI language (issue 13 §8): the core
// check gives every line a sentence code (src/shared/health-texts.ts) next to the CLI's
// English, every code has a line in en/de/fr using only its own parameters, and the German and
// French lines hold no English word; the kiosk's own reasons are error codes (covered by
// i18n-error-params.test.ts) and the machine carries them to the view. The CLI's English is
// checked unchanged here for the sentences the codes replace in the app.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { LauncherError } from '../../src/core/errors';
import { runHealthCheck, type HealthBroker } from '../../src/core/health/check';
import { DEFAULT_KIOSK_OPTIONS, initialKioskState, kioskStep } from '../../src/core/kiosk/machine';
import { healthJson } from '../../src/core/cli/commands/check';
import { MESSAGES, errorMessage, setLocale, t, type MessageKey } from '../../src/renderer/i18n';
import { HEALTH_TEXTS, isHealthText, type HealthTextCode } from '../../src/shared/health-texts';
import type { BrokerProfile, SelectedSession } from '../../src/shared/model';
import { ENGLISH } from '../helpers/english-words';

const CODES = Object.keys(HEALTH_TEXTS) as HealthTextCode[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

before(() => {
  (globalThis as { document?: unknown }).document = { documentElement: {} };
});

void test('every health sentence has a line in every language, with only its own parameters', () => {
  for (const [locale, table] of Object.entries(MESSAGES)) {
    for (const code of CODES) {
      const line = (table as Record<string, string>)[`health.text.${code}`];
      assert.ok(line?.trim(), `${locale}: no health.text.${code}`);
      for (const name of placeholders(line!))
        assert.ok(
          (HEALTH_TEXTS[code] as readonly string[]).includes(name),
          `${locale} health.text.${code} uses {${name}}`,
        );
    }
  }
});

void test('German and French health sentences hold no English word', () => {
  const found: string[] = [];
  for (const locale of ['de', 'fr'] as const) {
    setLocale(locale);
    for (const code of CODES) {
      const params = Object.fromEntries(HEALTH_TEXTS[code].map((n) => [n, 'srv.example']));
      const text = t(`health.text.${code}` as MessageKey, params);
      const m = ENGLISH.exec(text);
      if (m) found.push(`${locale} ${code}: "${m[1]}" in ${text}`);
    }
  }
  assert.deepEqual(found, []);
});

const profile = { id: 'desk', label: 'Desk', hosts: ['srv'] } as unknown as BrokerProfile;

function brokerWith(
  over: Partial<HealthBroker> & { url?: HealthBroker['url'] } = {},
): HealthBroker {
  return {
    url: { display: 'http://broker.example/plain/', scheme: 'http', host: 'broker.example' },
    listProfiles: () => Promise.resolve([profile]),
    selectSession: () =>
      Promise.resolve({
        profileId: 'desk',
        server: 'x2go-gone.example',
        port: 22,
        user: 'test',
        privateKey: null,
        pubkeyAccepted: false,
        sessionInfo: [],
        receivedAt: 0,
      } satisfies SelectedSession),
    ...over,
  };
}

const check = (broker: HealthBroker) =>
  runHealthCheck(broker, {
    profileId: 'desk',
    client: 'x2goclient',
    clientPath: '/nonexistent/x2goclient',
    probeTimeoutMs: 2000,
  });

void test('every line of a report carries a sentence code, and `nextText` where there is a `next`', async () => {
  const reports = [
    await check(brokerWith()), // DNS fails, client missing
    await check(
      brokerWith({
        listProfiles: () =>
          Promise.reject(
            new LauncherError(
              'broker.unreachable',
              { where: 'broker.example:80', error: 'ECONNREFUSED' },
              'x',
            ),
          ),
      }),
    ),
    await check(brokerWith({ selectSession: () => Promise.reject(new Error('boom')) })),
  ];
  for (const report of reports)
    for (const line of report.lines) {
      assert.ok(
        line.text === undefined ? line.error !== undefined : isHealthText(line.text),
        `${line.id}: a sentence code (or a translated error)`,
      );
      if (line.next) assert.ok(isHealthText(line.nextText), `${line.id}: nextText`);
    }
  // the CLI's English is what it was, and its --json leaves the app's codes out
  const first = reports[0]!;
  const tls = first.lines.find((l) => l.id === 'tls')!;
  assert.equal(
    tls.summary,
    'Plain http:// to broker.example: no TLS, the password crosses the network in clear.',
  );
  assert.deepEqual(tls.text, { code: 'tls.plain', params: { host: 'broker.example' } });
  const dns = first.lines.find((l) => l.id === 'dns')!;
  assert.match(
    dns.summary,
    /^The server name x2go-gone\.example \(from the broker\) does not resolve here \(/,
  );
  assert.equal(dns.text?.code, 'dns.fail');
  const json = healthJson(first, {}) as { lines: Array<Record<string, unknown>> };
  assert.ok(json.lines.every((l) => !('text' in l) && !('nextText' in l)));
  // what a German user reads for these lines: German, the host named
  setLocale('de');
  const shown = t(`health.text.${dns.text.code}` as MessageKey, dns.text.params);
  assert.match(shown, /^Der Servername x2go-gone\.example \(vom Broker\)/);
  assert.doesNotMatch(shown, ENGLISH);
  const unexpected = reports[2]!.lines.find((l) => l.id === 'selectsession')!;
  assert.deepEqual(unexpected.text, { code: 'unexpected', params: { message: 'boom' } });
});

void test('kiosk: a power command that leaves the system running is a reason with a code', () => {
  const now = 1_000_000;
  let state = { ...initialKioskState(now), screen: 'catalogue', base: 'catalogue' } as ReturnType<
    typeof initialKioskState
  >;
  const options = { ...DEFAULT_KIOSK_OPTIONS, powerButtons: true };
  state = kioskStep(state, { type: 'power', action: 'reboot' }, now, options).state;
  state = kioskStep(state, { type: 'power-confirmed' }, now, options).state;
  assert.equal(state.screen, 'powering-off');
  state = kioskStep(state, { type: 'tick' }, now + 10 * 60_000, options).state;
  assert.equal(state.reason, 'reboot: the system is still running');
  assert.deepEqual(
    { code: state.reasonError?.code, params: state.reasonError?.params },
    { code: 'kiosk.power-still-running', params: { action: 'reboot' } },
  );
  setLocale('fr');
  assert.equal(
    errorMessage(state.reasonError!),
    'Redémarrage\u00a0: le système fonctionne toujours.',
  );
  setLocale('de');
  assert.equal(errorMessage(state.reasonError!), 'Neustart: Das System läuft noch.');
  // a failure's error rides from the event to the state (and so to the view)
  const error = new LauncherError('kiosk.client-status', { status: 3 }, 'x').toJSON();
  const failed = kioskStep(
    { ...state, screen: 'in-session', base: 'catalogue', profileId: 'p' },
    { type: 'session-ended', reason: 'The X2Go client ended with status 3.', error },
    now,
  ).state;
  assert.equal(failed.screen, 'session-ended');
  assert.deepEqual(failed.reasonError, error);
  assert.equal(errorMessage(failed.reasonError), 'Der X2Go-Client endete mit Status 3.');
});
