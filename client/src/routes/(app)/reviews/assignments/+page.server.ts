import type { Assignment } from '#lib/reviews/types.ts';
import { failure } from '#lib/reviews/form.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'review.perform');
  try {
    return { assignments: (await apiFor(event).get<{ items: Assignment[] }>('/assignments/mine')).items };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  respond: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'answer');
    try {
      await apiFor(event).post(`/assignments/${encodeURIComponent(v.id)}/respond`, { accept: v.answer === 'accept' });
    } catch (err) {
      return failure(err, v, { id: v.id });
    }
    return { done: true };
  },
};
