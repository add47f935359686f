// Words of the standards pages on the portal: the module's messages exist in Chinese and English,
// so portal readers of the other six languages read English.
import { translate, type MessageKey } from '#lib/i18n.ts';
import { portalLocale } from '#lib/portal.ts';

export const st = (key: MessageKey, params?: Record<string, unknown>) => translate(portalLocale() === 'zh-CN' ? 'zh-CN' : 'en', key, params);
