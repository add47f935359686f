// Words of the standards pages on the portal, in every portal language (schema/standards/portal-messages.ts).
import { formatDateTime } from '#lib/i18n.ts';
import { portalLocale } from '#lib/portal.ts';
import { portalStandardsText, type PortalStandardsKey } from '#schema/standards/portal-messages.ts';

export const st = (key: PortalStandardsKey, params?: Record<string, unknown>) => portalStandardsText(portalLocale(), key, params);

/** A date in the reader's portal language. */
export const portalDay = (iso: string) => formatDateTime(iso, { dateOnly: true, locale: portalLocale() as never });
