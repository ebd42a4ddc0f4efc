// The one masking module of the diagnostics bundle (docs/diagnostics.md): whatever leaves the
// process for a support person passes through here. Two layers:
//  * known secrets — the broker password, cookies, key passphrases the caller holds — are
//    replaced wherever they appear, in raw, URL-encoded (both encodeURIComponent and form
//    encoding), JSON-escaped and base64 forms (a secret inside a Basic auth header or a
//    base64 blob is still found);
//  * shapes that are secret whatever their value: AUTHID lines and authid= fields, cookies
//    and Authorization headers, password= fields, PEM private-key blocks, credentials inside
//    URLs (proxy URLs included), JSON/object keys named like a secret.
// Finally the user's home directory becomes `~` (paths name the user). Hand-written because
// no maintained library masks X2Go's own secret shapes (AUTHID, SESSION_INFO cookies).

/** What replaces a secret. */
export const MASK = '***';

/** Secret-looking object keys (values masked whole). */
const SECRET_KEY =
  /pass(word|phrase)?|secret|authid|auth-id|cookie|token|credential|private.?key|^key$|authorization|pin.?hash/i;

export interface MaskOptions {
  /** Secrets known by value (password, cookies …); empty strings are ignored. */
  secrets?: readonly string[];
  /** Home directories to show as `~` (default: none). */
  homes?: readonly string[];
  /**
   * Also mask the secret shapes (PATTERNS; default true). False for a second pass over JSON
   * text whose strings were masked already: a header shape (`Authorization: …` to the end of
   * the line) would swallow the closing quote and break the JSON.
   */
  shapes?: boolean;
}

/** The forms a secret may take in text: raw, URL-encoded, form-encoded, JSON-escaped, base64. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  forms.add(JSON.stringify(secret).slice(1, -1));
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  // inside a longer base64 text (a Basic auth header, a blob) the secret starts at one of three
  // byte offsets; the characters that depend on its bytes alone are the same at that offset
  const bytes = Buffer.from(secret, 'utf8');
  for (const pad of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const core = shifted.slice(
      Math.ceil((8 * pad) / 6),
      Math.floor((8 * (pad + bytes.length)) / 6),
    );
    if (core.length >= 4) forms.add(core);
  }
  return [...forms].filter((f) => f.length >= 3).sort((a, b) => b.length - a.length);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Shapes that are secret whatever their value (docs/diagnostics.md "What is masked"). */
const PATTERNS: Array<[RegExp, string]> = [
  // PEM private keys (the broker-pushed key, an SSH key)
  [
    /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g,
    `-----BEGIN $1PRIVATE KEY----- ${MASK} -----END $1PRIVATE KEY-----`,
  ],
  // plain dialect AUTHID line, JSON next-authid, any authid=/password= field
  [/\b(AUTHID:)[^\s]*/gi, `$1${MASK}`],
  [/("(?:next-)?authid"\s*:\s*")[^"]*(")/gi, `$1${MASK}$2`],
  [/\b((?:auth-?id|password|passwd|pass|cookie|token)=)[^&\s;,"']*/gi, `$1${MASK}`],
  [/("(?:password|passphrase|cookie|token|key)"\s*:\s*")[^"]*(")/gi, `$1${MASK}$2`],
  // HTTP headers carrying credentials
  [/\b((?:Proxy-)?Authorization:\s*)[^\r\n]*/gi, `$1${MASK}`],
  [/\b((?:Set-)?Cookie:\s*)[^\r\n]*/gi, `$1${MASK}`],
  // the X cookie (field 6) of an x2golistsessions / SESSION_INFO line (docs/protocol.md §8.4)
  [/(\b\d+\|[^|\s]+\|\d+\|[^|\n]*\|[RS]\|[^|\n]*\|)[0-9a-fA-F]{16,}/g, `$1${MASK}`],
  // user:password@ in any URL (proxy URLs, broker URLs): up to the word's last `@` (a raw
  // password may hold `/`, `?`, `#` or `@`)
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*):(\S*)@/gi, `$1$2:${MASK}@`],
];

/** `text` with every known secret (in each form) and every secret shape masked, homes as `~`. */
export function maskText(text: string, options: MaskOptions = {}): string {
  let out = text;
  const forms = [
    ...new Set((options.secrets ?? []).filter((s) => s.length > 0).flatMap(secretForms)),
  ];
  forms.sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(MASK);
  if (options.shapes !== false)
    for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  for (const home of [...(options.homes ?? [])]
    .filter((h) => h.length > 1)
    .sort((a, b) => b.length - a.length))
    out = out.replace(
      new RegExp(`${escapeRe(home.replace(/[/\\]+$/, ''))}(?=$|[/\\\\\\s"'\`:)])`, 'g'),
      '~',
    );
  return out;
}

/**
 * A deep copy of `value` for the bundle: values under secret-looking keys masked whole
 * (booleans and null kept: "a password is set" is useful), every string through maskText.
 */
export function maskValue(value: unknown, options: MaskOptions = {}, key = ''): unknown {
  if (typeof value === 'string') {
    if (key && SECRET_KEY.test(key) && value !== '') return MASK;
    return maskText(value, options);
  }
  if (Array.isArray(value)) return value.map((v) => maskValue(v, options, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[maskText(k, options)] = maskValue(v, options, k);
    return out;
  }
  return value;
}
