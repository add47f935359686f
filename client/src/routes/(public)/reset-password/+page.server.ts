import { callApi } from '#lib/server/api.ts';
import { fields, formFailure, requireFields } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  /** Asks for a reset link; the API answers the same whether or not the address is known. */
  request: async (event) => {
    const { email } = fields(await event.request.formData(), 'email');
    const missing = requireFields(event.locals.locale, { email }, ['email'], { email }, { form: 'request' });
    if (missing) return missing;
    try {
      await callApi(event, 'POST', '/auth/password-reset', { token: null, body: { email } });
    } catch (err) {
      return formFailure(err, { email }, { form: 'request' });
    }
    return { sent: true as const, email };
  },
  /** Sets the new password with the token from the e-mail. */
  confirm: async (event) => {
    const data = await event.request.formData();
    const token = String(data.get('token') ?? '');
    const password = String(data.get('password') ?? '');
    const missing = requireFields(event.locals.locale, { password }, ['password'], {}, { form: 'confirm' });
    if (missing) return missing;
    try {
      await callApi(event, 'POST', '/auth/password-reset/confirm', { token: null, body: { token, password } });
    } catch (err) {
      return formFailure(err, {}, { form: 'confirm' });
    }
    return { done: true as const };
  },
};
