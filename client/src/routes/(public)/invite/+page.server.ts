import { redirect } from '@sveltejs/kit';
import { ApiFailure, type InvitationLookup, type Session } from '#lib/api.ts';
import { translate } from '#lib/i18n.ts';
import { callApi } from '#lib/server/api.ts';
import { fields, formFailure } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get('token') ?? '';
  if (!token) return { token, invitation: null, problem: translate(event.locals.locale, 'errors.invitation_invalid') };
  try {
    const invitation = await callApi<InvitationLookup>(event, 'GET', '/invitations/lookup', { token: null, query: { token } });
    return { token, invitation, problem: null };
  } catch (err) {
    if (!(err instanceof ApiFailure)) throw err;
    // A malformed token is a validation error for the API; for the reader it is just an invalid link.
    const message = err.code === 'validation_failed' ? translate(event.locals.locale, 'errors.invitation_invalid') : err.message;
    return { token, invitation: null, problem: message };
  }
};

export const actions: Actions = {
  /** Accepts the invitation (creating the account when needed) and logs in. */
  default: async (event) => {
    const data = await event.request.formData();
    const { token, name } = fields(data, 'token', 'name');
    const password = String(data.get('password') ?? '');
    try {
      await callApi<Session>(event, 'POST', '/invitations/accept', { token: null, body: { token, password, ...(name ? { name } : {}) } });
    } catch (err) {
      return formFailure(err, { name });
    }
    redirect(303, '/');
  },
};
