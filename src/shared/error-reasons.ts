// Error parameters that name a REASON rather than carry text (issue 13 §8): the thrower puts a
// stable reason id in the parameter (and the values the reason needs in the code's other
// parameters); the CLI prints the English message built at the throw site, and the renderer
// puts the reason's own line of the UI language in its place (`reason.<code>.<param>.<id>` in
// src/renderer/i18n/<lang>.ts, filled with the error's parameters), so a German or French
// user reads no English fragment inside a translated message.
//
// Plain data only: this folder is bundled into the sandboxed preload and the renderer and must
// import nothing (eslint.config.js enforces it).

/** For each code, the parameters holding a reason id, and the ids each may hold. */
export const ERROR_REASONS = {
  // src/core/deep-link.ts; `value` is what the reason names (a key, a broker, a length)
  'deep-link.refused': {
    reason: [
      'too-long',
      'control-characters',
      'not-a-url',
      'wrong-scheme',
      'credentials',
      'unknown-action',
      'fragment',
      'unknown-parameter',
      'repeated-parameter',
      'no-broker',
      'broker-user',
      'broker-invalid',
      'broker-not-configured',
      'profile-malformed',
      'unreadable',
    ],
  },
  // src/core/command-line/parse.ts's issue kinds; `option` is the switch as given
  'cli.bad-arguments': {
    issue: [
      'unknown',
      'x2goclient-unsupported',
      'other-command-line',
      'missing-value',
      'unexpected-value',
      'invalid-value',
      'repeated',
    ],
  },
  // src/core/launcher/client-limits.ts
  'client.pyhoca-limit': {
    reason: ['shadow', 'direct-rdp', 'direct-xdmcp', 'password-prompt'],
  },
  // src/main/client-launcher.ts: the one client installed cannot (pyhoca-cli's limit)
  'client.cannot-start-profile': {
    reasons: ['shadow', 'direct-rdp', 'direct-xdmcp', 'password-prompt'],
  },
  // src/core/launcher/python-ini.ts
  'client.pyhoca-value': {
    reason: [
      'list-item',
      'control-character',
      'edge-whitespace',
      'not-boolean',
      'not-integer',
      'eval-list',
    ],
  },
  // src/core/broker/json-limits.ts; `limit` is the bound exceeded
  'broker.json.too-complex': {
    reason: ['string-too-long', 'too-deep', 'too-many-containers', 'too-many-values'],
  },
  // src/core/transport/proxy.ts; `value` is the masked proxy text
  'proxy.invalid': {
    source: ['policy', 'system', 'environment', 'default'],
    reason: [
      'not-a-url',
      'unsupported-scheme',
      'socks-version',
      'no-host',
      'socks4-password',
      'has-path',
    ],
  },
  // src/core/kiosk/machine.ts: which power button was pressed
  'kiosk.power-still-running': {
    action: ['poweroff', 'reboot', 'power'],
  },
} as const;

/** A code whose parameters include reason ids. */
export type ReasonCode = keyof typeof ERROR_REASONS;

/** The ids the parameter `P` of code `C` may hold. */
export type ReasonId<
  C extends ReasonCode,
  P extends keyof (typeof ERROR_REASONS)[C],
> = (typeof ERROR_REASONS)[C][P] extends readonly (infer I)[] ? I : never;

/** The reason parameters of `code` and their ids (empty for a code without any). */
export function reasonParams(code: string): Readonly<Record<string, readonly string[]>> {
  return Object.hasOwn(ERROR_REASONS, code) ? ERROR_REASONS[code as ReasonCode] : {};
}
