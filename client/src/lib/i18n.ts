// UI strings come from the shared messages in schema/i18n (zh-CN default, en), translated with the
// same i18next instance the server uses. Components call t('nav.dashboard'); the language is the
// one the root layout's load function chose for this request (page.data.locale).
import { page } from '$app/state';
import { translator, type Messages } from '#schema/i18n/index.ts';
import { defaultLocale, locales, type Locale } from '#schema/roles.ts';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message key, e.g. "auth.email" or "roles.admin". */
export type MessageKey = Leaves<Messages>;

export const LOCALE_COOKIE = 'xh_locale';
export { locales, defaultLocale, type Locale };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Translates in an explicit language (load functions, form actions). */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, unknown>): string {
  return translator(locale)(key, params ?? {}) as string;
}

/** The language of the page being rendered. Only call during rendering or in event handlers. */
export function currentLocale(): Locale {
  const l = page.data?.locale;
  return isLocale(l) ? l : defaultLocale;
}

/** Translates in the current page's language. */
export function t(key: MessageKey, params?: Record<string, unknown>): string {
  return translate(currentLocale(), key, params);
}

/** Name of the association in the current language (English name when the UI is English and one is set). */
export function tenantName(tenant: { name: string; nameEn: string | null }, locale: Locale = currentLocale()): string {
  return locale === 'en' && tenant.nameEn ? tenant.nameEn : tenant.name;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the association's time zone (times are stored in UTC). */
export function formatDateTime(iso: string | Date, opts: { timeZone?: string; locale?: Locale; dateOnly?: boolean; seconds?: boolean } = {}): string {
  const locale = opts.locale ?? currentLocale();
  const timeZone = opts.timeZone ?? page.data?.session?.tenant.timeZone ?? 'Asia/Shanghai';
  const key = `${locale}|${timeZone}|${opts.dateOnly ? 'd' : 'dt'}|${opts.seconds ? 's' : ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(opts.dateOnly ? {} : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const, ...(opts.seconds ? { second: '2-digit' as const } : {}) }),
    });
    formatters.set(key, f);
  }
  return f.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** "3 minutes ago" in the current language. */
export function formatRelative(iso: string, now: number = Date.now(), locale: Locale = currentLocale()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}
