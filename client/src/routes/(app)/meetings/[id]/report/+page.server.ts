import type { z } from 'zod';
import type { SurveyReport } from '#schema/meetings/api.ts';
import type { Meeting } from '#lib/meetings/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'meeting.manage');
  const id = encodeURIComponent(event.params.id);
  try {
    const api = apiFor(event);
    return { meeting: await api.get<Meeting>(`/meetings/${id}`), report: await api.get<z.infer<typeof SurveyReport>>(`/meetings/${id}/survey/report`) };
  } catch (err) {
    rethrow(err, event);
  }
};
