import type { Draw, Verification } from '#lib/reviews/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'review.draw');
  const id = encodeURIComponent(event.params.id);
  try {
    const [draw, verification] = await Promise.all([apiFor(event).get<Draw>(`/draws/${id}`), apiFor(event).get<Verification>(`/draws/${id}/verify`)]);
    return { draw, verification };
  } catch (err) {
    rethrow(err, event);
  }
};
