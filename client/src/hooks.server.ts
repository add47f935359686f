import { error } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { pickLocale } from '#schema/roles.ts';
import { pickPortalLocale } from '#schema/portal/locales.ts';
import { PORTAL_LOCALE_COOKIE } from '#lib/portal.ts';
import { ApiFailure, type Session } from '#lib/api.ts';
import { isLocale, LOCALE_COOKIE } from '#lib/i18n.ts';
import { callApi, SESSION_COOKIE } from '#lib/server/api.ts';

/**
 * Every page request: pick the language (the user's saved setting, else the xh_locale cookie, else
 * Accept-Language) and resolve the session cookie through the API. <html lang> follows the language.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const cookieLocale = event.cookies.get(LOCALE_COOKIE);
  event.locals.locale = isLocale(cookieLocale) ? cookieLocale : pickLocale(null, event.request.headers.get('accept-language'));
  event.locals.session = null;

  if (event.cookies.get(SESSION_COOKIE)) {
    try {
      event.locals.session = await callApi<Session>(event, 'GET', '/auth/session');
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      if (err.status === 401) event.cookies.delete(SESSION_COOKIE, { path: '/' });
      else error(err.status >= 500 ? 503 : err.status, { message: err.message, code: err.code });
    }
  }
  if (event.locals.session?.user.locale) event.locals.locale = event.locals.session.user.locale;

  // The public portal has its own eight languages (its layout sets the same choice).
  const lang = event.url.pathname.startsWith('/portal/')
    ? pickPortalLocale(event.url.searchParams.get('lang') ?? event.cookies.get(PORTAL_LOCALE_COOKIE), event.request.headers.get('accept-language'))
    : event.locals.locale;
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
  response.headers.set('content-language', lang);
  if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'SAMEORIGIN');
  return response;
};
