import type { z } from 'zod';
import type { PublicMeeting } from '#schema/meetings/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    const { items, timeZone } = await apiFor(event).get<{ timeZone: string; items: z.infer<typeof PublicMeeting>[] }>(`/portal/${encodeURIComponent(event.params.tenant)}/meetings`);
    return { meetings: items, timeZone };
  } catch (err) {
    rethrow(err, event);
  }
};
