import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Application } from '#lib/members/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.review');
  try {
    return { app: await apiFor(event).get<Application>(`/membership-applications/${encodeURIComponent(event.params.id)}`) };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  decide: async (event) => {
    const v = fields(await event.request.formData(), 'decision', 'comment');
    try {
      await apiFor(event).post(`/membership-applications/${encodeURIComponent(event.params.id)}/decisions`, v);
    } catch (err) {
      return formFailure(err, v, { form: 'decide' });
    }
    return { done: v.decision };
  },
};
