// The one i18n layer: t(key, params) with `{name}` placeholders, plus locale-aware relative
// ages and dates. Every visible string of the renderer goes through here.
import type { ApiError } from '../../shared/errors';
import { isErrorCode, isErrorParams } from '../../shared/errors';
import { reasonParams } from '../../shared/error-reasons';
import { de } from './de';
import { fr } from './fr';
import type { MessageKey } from './en';
import { en } from './en';

export type Locale = 'en' | 'de' | 'fr';
/** Every UI language, in the order the language choice lists them. */
export const LOCALES: readonly Locale[] = ['en', 'de', 'fr'];
export type { MessageKey };
export const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  en,
  de,
  fr,
};

let current: Locale = 'en';

/** Pick the UI language: an explicit setting, else the first supported system language. */
export function resolveLocale(setting: Locale | null, languages: readonly string[]): Locale {
  if (setting) return setting;
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if ((LOCALES as readonly string[]).includes(base ?? '')) return base as Locale;
  }
  return 'en';
}

export function setLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
}

export function getLocale(): Locale {
  return current;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[current][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

// One Intl formatter per kind and locale: ICU loads its data at the first construction (tens of
// ms), so a formatter per call cost the catalogue's first render more than its 10,000 profiles.
const formatters = new Map<
  string,
  Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat
>();
function formatter<F extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>(
  kind: string,
  make: () => F,
): F {
  const key = `${kind}:${current}`;
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}
const relativeTime = () =>
  formatter('age', () => new Intl.RelativeTimeFormat(current, { numeric: 'auto' }));
const numbers = () => formatter('count', () => new Intl.NumberFormat(current));

/** Creates the current locale's formatters ahead of need (call it when the UI is idle). */
export function warmFormatters(): void {
  relativeTime();
  numbers();
}

/**
 * An error's message in the UI language: the `err.<code>` line of the current locale filled
 * with the error's parameters. A code this renderer does not know, or parameters that do not
 * match the code's catalogue entry, give the English message main sent (never a raw key or an
 * unfilled `{placeholder}`).
 */
export function errorMessage(error: Pick<ApiError, 'code' | 'params' | 'message'>): string {
  const code: unknown = error.code;
  if (!isErrorCode(code) || !isErrorParams(code, error.params)) return error.message;
  return t(`err.${code}`, withReasons(code, error.params));
}

/**
 * The error's parameters with each reason id (src/shared/error-reasons.ts) replaced by its
 * line in the UI language, filled with the error's parameters; a value that is not a known id
 * stays as sent.
 */
function withReasons(
  code: string,
  params: Readonly<Record<string, string | number>>,
): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [name, ids] of Object.entries(reasonParams(code))) {
    const id = params[name];
    if (typeof id === 'string' && ids.includes(id))
      out[name] = t(`reason.${code}.${name}.${id}` as MessageKey, params);
  }
  return out;
}

/** "3 hours ago" / "vor 3 Stunden" from an epoch-ms timestamp. */
export function formatAge(at: number, now = Date.now()): string {
  if (!Number.isFinite(at) || at <= 0) return t('age.unknown');
  const seconds = Math.round((at - now) / 1000);
  const rtf = relativeTime();
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function formatDate(text: string): string {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return formatter(
    'date',
    () => new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(d);
}

export function formatCount(n: number): string {
  return numbers().format(n);
}
