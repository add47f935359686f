// The public portal (/portal/<association>): its language (one of eight, separate from the
// workspace's zh-CN/en), its words, and the sections modules add to it.
import { page } from '$app/state';
import { portalTranslator } from '#schema/i18n/index.ts';
import { isPortalLocale, localized, type LocalizedText, type PortalLocale } from '#schema/portal/locales.ts';
import type { PortalSection } from '#schema/portal/messages.ts';

export const PORTAL_LOCALE_COOKIE = 'xh_portal_lang';

/** Sections of the portal, in menu order; a module adds its own (its label lives in schema/portal/messages.ts). */
export const portalSections: { key: PortalSection; path: string }[] = [
  { key: 'standards', path: '/standards' },
  { key: 'comments', path: '/comments' },
  { key: 'events', path: '/events' },
  { key: 'notices', path: '/notices' },
  { key: 'disclosures', path: '/disclosures' },
  { key: 'join', path: '/join' },
];

export function portalLocale(): PortalLocale {
  const l = page.data?.portalLocale;
  return isPortalLocale(l) ? l : 'zh-CN';
}

/** The portal's words in the reader's language. */
export function pt(key: string, params?: Record<string, unknown>): string {
  return portalTranslator(portalLocale())(key, params ?? {}) as string;
}

/** Published text in the reader's language, with fallback. */
export function ptext(text: LocalizedText | null | undefined): string {
  return localized(text, portalLocale());
}

/** The association's name: English for readers of the other languages when there is one. */
export function portalTenantName(t: { name: string; nameEn: string | null }): string {
  return portalLocale() === 'zh-CN' ? t.name : t.nameEn || t.name;
}
