import { redirect } from '@sveltejs/kit';
import { failure, readCallForm } from '#lib/reviews/form.ts';
import type { Call } from '#lib/reviews/types.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'call.manage');
  try {
    return { call: await apiFor(event).get<Call>(`/calls/${encodeURIComponent(event.params.id)}`) };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const { body, values, rows } = readCallForm(await event.request.formData());
    try {
      await callApi(event, 'PUT', `/calls/${encodeURIComponent(event.params.id)}`, { body });
    } catch (err) {
      return failure(err, values, { rows });
    }
    redirect(303, `/reviews/${event.params.id}`);
  },
};
