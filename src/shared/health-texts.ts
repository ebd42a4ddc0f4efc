// The health check's sentences as codes with parameters (issue 13 §8): the core check
// (src/core/health/check.ts) gives every line the English `summary` / `next` the CLI prints
// and, for the app, `text` / `nextText` — a code of this table and its parameters — which the
// renderer shows in the UI language (`health.text.<code>` in src/renderer/i18n/health-texts.ts).
// Parameters are host names, ports, files, counts, error codes: never English words.
//
// Plain data only: this folder is bundled into the sandboxed preload and the renderer and must
// import nothing (eslint.config.js enforces it).

/** Every sentence code and the names of its parameters. */
export const HEALTH_TEXTS = {
  'broker.pass': ['broker', 'count'],
  'broker.reachable': ['broker'],
  'broker.next': [],
  'tls.pass': ['host'],
  'tls.ssh': [],
  'tls.plain': ['host'],
  'tls.next-plain': [],
  'tls.next-ca': [],
  'tls.skip': [],
  'profile.skip': [],
  'profile.pass': ['profile', 'label'],
  'profile.next': ['profiles'],
  'profile.next-none': [],
  'selectsession.skip': [],
  'selectsession.pass': ['server'],
  'selectsession.pass-key': ['server'],
  'selectsession.next': [],
  'server.skip': [],
  'dns.pass': ['host', 'addresses'],
  'dns.fail': ['host', 'code'],
  'dns.next': [],
  'ssh-port.skip': ['host'],
  'ssh-port.pass': ['where'],
  'ssh-port.fail': ['where', 'code'],
  'ssh-port.next-refused': ['where'],
  'ssh-port.next-blocked': ['where'],
  'host-key.skip': ['where'],
  'host-key.pass': ['keyType', 'where', 'fingerprint', 'source'],
  'host-key.next': ['subject'],
  'client.pass': ['client', 'version', 'file'],
  'client.pass-no-version': ['client', 'file'],
  'client.next': [],
  'sessions.found': ['count', 'server'],
  'sessions.next': [],
  'sessions.none': [],
  unexpected: ['message'],
} as const satisfies Record<string, readonly string[]>;

export type HealthTextCode = keyof typeof HEALTH_TEXTS;

/** One sentence of a health line for the UI: its code and parameters. */
export interface HealthText {
  code: HealthTextCode;
  params: Record<string, string | number>;
}

/** Whether `value` is a HealthText this renderer knows, with exactly its code's parameters. */
export function isHealthText(value: unknown): value is HealthText {
  if (!value || typeof value !== 'object') return false;
  const { code, params } = value as { code?: unknown; params?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(HEALTH_TEXTS, code)) return false;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return false;
  const names: readonly string[] = HEALTH_TEXTS[code as HealthTextCode];
  const given = Object.keys(params);
  return (
    given.length === names.length &&
    given.every(
      (n) =>
        names.includes(n) &&
        ['string', 'number'].includes(typeof (params as Record<string, unknown>)[n]),
    )
  );
}
