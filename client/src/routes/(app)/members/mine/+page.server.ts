import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Member } from '#lib/members/types.ts';
import type { MyPush } from '#lib/members/targeting.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.self');
  try {
    const api = apiFor(event);
    const [member, pushes] = await Promise.all([api.get<Member | null>('/members/mine'), api.get<{ items: MyPush[] }>('/member-pushes/mine')]);
    return { member, pushes: pushes.items };
  } catch (err) {
    rethrow(err, event);
  }
};
