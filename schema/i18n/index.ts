import i18next, { type TFunction } from 'i18next';
import type { Locale } from '../roles.ts';
import { en } from './en.ts';
import { moduleMessages } from './modules.ts';
import { portalLocales, type PortalLocale } from '../portal/locales.ts';
import { portalMessages } from '../portal/messages.ts';
import { zhCN } from './zh-CN.ts';

type Modules = typeof moduleMessages;
/** Every message: the platform's, and each module's under its namespace. */
export type Messages = typeof zhCN & { [K in keyof Modules]: Modules[K] extends { 'zh-CN': infer Z } ? Z : never };

// A module's namespace must not shadow the platform's own keys (or another module's).
for (const ns of Object.keys(moduleMessages)) {
  if (ns in zhCN) throw new Error(`i18n: module namespace "${ns}" collides with the platform's messages`);
}

const withModules = (base: object, locale: Locale) =>
  ({ ...base, ...Object.fromEntries(Object.entries(moduleMessages).map(([ns, m]) => [ns, (m as Record<Locale, object>)[locale]])) }) as Messages;

export const messages: Record<Locale, Messages> = { 'zh-CN': withModules(zhCN, 'zh-CN'), en: withModules(en, 'en') };

const instance = i18next.createInstance();
// Resources are bundled, so initialisation is synchronous and safe at import time on both sides.
void instance.init({
  resources: Object.fromEntries(
    portalLocales.map((l) => [l, { ...(l === 'zh-CN' || l === 'en' ? { translation: messages[l] } : {}), portal: portalMessages[l] }]),
  ),
  lng: 'zh-CN',
  fallbackLng: ['zh-CN'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The public portal's words in one of its eight languages: pt('sections.standards'). */
export function portalTranslator(locale: PortalLocale): TFunction<'portal'> {
  return instance.getFixedT(locale, 'portal');
}

/** A translate function bound to one locale: t('errors.not_found', { entity }). */
export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
