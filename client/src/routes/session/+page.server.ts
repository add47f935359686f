import { redirect } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '#lib/i18n.ts';
import { callApi, SESSION_COOKIE } from '#lib/server/api.ts';
import { formFailure, safeNext } from '#lib/server/guard.ts';
import type { Session } from '#lib/api.ts';
import type { Actions, PageServerLoad } from './$types';

// Session-wide actions posted from every page (the shell's forms): language, association, logout.
// Each works without JavaScript and redirects back to the page it came from.

export const load: PageServerLoad = () => redirect(303, '/');

const YEAR = 365 * 24 * 3600;

export const actions: Actions = {
  /** Chooses the interface language: a cookie always (it outlives logout), and the user's setting when logged in. */
  locale: async (event) => {
    const data = await event.request.formData();
    const locale = data.get('locale');
    const next = safeNext(data.get('next'));
    if (!isLocale(locale)) return redirect(303, next);
    event.cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: YEAR, httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:' });
    event.locals.locale = locale;
    if (event.locals.session) {
      try {
        await callApi<Session>(event, 'PATCH', '/me', { body: { locale } });
      } catch (err) {
        return formFailure(err, {}, { form: 'locale' });
      }
    }
    redirect(303, next);
  },

  /** Switches the session to another association the user belongs to. */
  tenant: async (event) => {
    const data = await event.request.formData();
    const tenant = String(data.get('tenant') ?? '');
    try {
      await callApi<Session>(event, 'POST', '/auth/switch-tenant', { body: { tenant } });
    } catch (err) {
      return formFailure(err, { tenant }, { form: 'tenant' });
    }
    // Pages of the old association make no sense in the new one: start at its dashboard.
    redirect(303, '/');
  },

  logout: async (event) => {
    if (event.cookies.get(SESSION_COOKIE)) {
      await callApi(event, 'POST', '/auth/logout').catch(() => undefined);
      event.cookies.delete(SESSION_COOKIE, { path: '/' });
    }
    redirect(303, '/login');
  },
};
