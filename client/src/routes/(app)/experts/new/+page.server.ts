import { redirect } from '@sveltejs/kit';
import type { Expert } from '#lib/experts/types.ts';
import { profileFailure, readProfileForm } from '#lib/experts/form.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'expert.manage');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const { body, values, relationships } = readProfileForm(await event.request.formData());
    let created: Expert;
    try {
      created = await apiFor(event).post<Expert>('/experts', body);
    } catch (err) {
      return profileFailure(err, values, relationships);
    }
    redirect(303, `/experts/${created.id}`);
  },
};
