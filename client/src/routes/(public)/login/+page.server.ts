import { redirect } from '@sveltejs/kit';
import type { Session } from '#lib/api.ts';
import { callApi } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, safeNext } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  if (locals.session) redirect(303, next);
  return { next, tenant: url.searchParams.get('tenant') ?? '' };
};

export const actions: Actions = {
  /** Logs in through POST /api/v1/auth/login; the session cookie it sets is passed to the browser. */
  default: async (event) => {
    const data = await event.request.formData();
    const { email, tenant } = fields(data, 'email', 'tenant');
    const password = String(data.get('password') ?? '');
    const next = safeNext(data.get('next'));
    const missing = requireFields(event.locals.locale, { email, password }, ['email', 'password'], { email, tenant });
    if (missing) return missing;
    try {
      await callApi<Session>(event, 'POST', '/auth/login', { token: null, body: { email, password, ...(tenant ? { tenant } : {}) } });
    } catch (err) {
      // What was typed comes back, except the password.
      return formFailure(err, { email, tenant });
    }
    redirect(303, next);
  },
};
