import { can } from '#schema/permissions.ts';
import type { CouncilMeeting, CouncilShare } from '#lib/party/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'governance.read');
  const api = apiFor(event);
  try {
    const [meetings, share] = await Promise.all([api.get<{ items: CouncilMeeting[] }>('/council/meetings'), api.get<CouncilShare>('/governance/council-share')]);
    return {
      meetings: meetings.items,
      share,
      canManage: can(session.role, 'governance.manage'),
      canVote: can(session.role, 'governance.vote'),
      canPreReview: can(session.role, 'party.manage'),
    };
  } catch (err) {
    rethrow(err, event);
  }
};
