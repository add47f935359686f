import type { Counts, Meeting, Registration } from '#lib/meetings/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'meeting.checkin');
  const id = encodeURIComponent(event.params.id);
  try {
    const api = apiFor(event);
    const meeting = await api.get<Meeting>(`/meetings/${id}`);
    const { items, counts } = await api.get<{ items: Registration[]; counts: Counts }>(`/meetings/${id}/registrations`, { status: 'confirmed' });
    return { meeting, registrations: items, counts };
  } catch (err) {
    rethrow(err, event);
  }
};
