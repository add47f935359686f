import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Push } from '#lib/members/targeting.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.push');
  try {
    return { push: await apiFor(event).get<Push>(`/member-pushes/${encodeURIComponent(event.params.id)}`) };
  } catch (err) {
    rethrow(err, event);
  }
};
