import { can } from '#schema/permissions.ts';
import type { MeetingSummary } from '#lib/meetings/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'meeting.read');
  const when = event.url.searchParams.get('when') === 'past' ? 'past' : 'upcoming';
  try {
    const { items } = await apiFor(event).get<{ items: MeetingSummary[] }>('/meetings', { when });
    return { meetings: items, when, canManage: can(session.role, 'meeting.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};
