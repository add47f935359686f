import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Member } from '#lib/members/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.self');
  try {
    return { member: await apiFor(event).get<Member | null>('/members/mine') };
  } catch (err) {
    rethrow(err, event);
  }
};
