import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import type { PortalHome } from '#schema/portal/api.ts';
import { isPortalLocale, pickPortalLocale } from '#schema/portal/locales.ts';
import { ApiFailure } from '#lib/api.ts';
import { PORTAL_LOCALE_COOKIE } from '#lib/portal.ts';
import { apiFor } from '#lib/server/api.ts';
import type { LayoutServerLoad } from './$types';

/** Anyone may read the portal; ?lang= chooses its language and is remembered in a cookie. */
export const load: LayoutServerLoad = async (event) => {
  const chosen = event.url.searchParams.get('lang');
  if (isPortalLocale(chosen)) event.cookies.set(PORTAL_LOCALE_COOKIE, chosen, { path: '/portal', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86400 });
  const portalLocale = pickPortalLocale(chosen ?? event.cookies.get(PORTAL_LOCALE_COOKIE), event.request.headers.get('accept-language'));
  try {
    const portal = await apiFor(event).get<z.infer<typeof PortalHome>>(`/portal/${encodeURIComponent(event.params.tenant)}`);
    return { portal, portalLocale };
  } catch (err) {
    if (err instanceof ApiFailure) error(err.status === 404 ? 404 : 503, { message: err.message, code: err.code });
    throw err;
  }
};
