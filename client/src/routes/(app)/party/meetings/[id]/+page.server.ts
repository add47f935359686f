import { can } from '#schema/permissions.ts';
import type { PartyMeeting } from '#lib/party/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'party.signin');
  try {
    const meeting = await apiFor(event).get<PartyMeeting>(`/party/meetings/${encodeURIComponent(event.params.id)}`);
    return { meeting, canManage: can(session.role, 'party.manage'), canRead: can(session.role, 'party.read') };
  } catch (err) {
    rethrow(err, event);
  }
};
