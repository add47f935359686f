import { redirect } from '@sveltejs/kit';
import { failure, readCallForm } from '#lib/reviews/form.ts';
import type { Call } from '#lib/reviews/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'call.manage');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const { body, values, rows } = readCallForm(await event.request.formData());
    let call: Call;
    try {
      call = await apiFor(event).post<Call>('/calls', body);
    } catch (err) {
      return failure(err, values, { rows });
    }
    redirect(303, `/reviews/${call.id}`);
  },
};
