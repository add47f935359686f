import i18next, { type TFunction } from 'i18next';
import type { Locale } from '../roles.ts';
import { en } from './en.ts';
import { zhCN, type Messages } from './zh-CN.ts';

export type { Messages };
export const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

const instance = i18next.createInstance();
// Resources are bundled, so initialisation is synchronous and safe at import time on both sides.
void instance.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: ['zh-CN'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** A translate function bound to one locale: t('errors.not_found', { entity }). */
export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
