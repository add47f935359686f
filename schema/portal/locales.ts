import { z } from 'zod';

/** The public portal speaks eight languages; the workspace itself speaks zh-CN and en. */
export const portalLocales = ['zh-CN', 'en', 'ja', 'ko', 'fr', 'de', 'ru', 'es'] as const;
export type PortalLocale = (typeof portalLocales)[number];

export const portalLocaleNames: Record<PortalLocale, string> = {
  'zh-CN': '简体中文',
  en: 'English',
  ja: '日本語',
  ko: '한국어',
  fr: 'Français',
  de: 'Deutsch',
  ru: 'Русский',
  es: 'Español',
};

export function isPortalLocale(v: unknown): v is PortalLocale {
  return typeof v === 'string' && (portalLocales as readonly string[]).includes(v);
}

/** Best portal language from an explicit choice or an Accept-Language header; zh-CN by default. */
export function pickPortalLocale(chosen: string | null | undefined, acceptLanguage?: string | null): PortalLocale {
  if (isPortalLocale(chosen)) return chosen;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (!tag) continue;
    if (tag.startsWith('zh')) return 'zh-CN';
    const match = portalLocales.find((l) => tag === l.toLowerCase() || tag.startsWith(`${l.toLowerCase()}-`));
    if (match) return match;
  }
  return 'zh-CN';
}

/**
 * Text the public reads, stored per language (zh-CN required). Readers get their language, else
 * English, else Chinese.
 */
export const LocalizedText = z
  .object(Object.fromEntries(portalLocales.map((l) => [l, z.string().trim().max(20_000).optional()])) as Record<PortalLocale, z.ZodOptional<z.ZodString>>)
  .strict()
  .refine((t) => !!t['zh-CN'], { message: 'validation.zhRequired', path: ['zh-CN'] })
  .meta({ id: 'LocalizedText', description: 'Text per portal language; zh-CN is required, the others fall back to English, then Chinese' });
export type LocalizedText = Partial<Record<PortalLocale, string>>;

export function localized(text: LocalizedText | null | undefined, locale: PortalLocale): string {
  if (!text) return '';
  return text[locale] || text.en || text['zh-CN'] || Object.values(text).find(Boolean) || '';
}
