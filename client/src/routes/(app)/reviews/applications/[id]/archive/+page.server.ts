import type { ProjectArchive } from '#schema/reviews/api.ts';
import type { z } from 'zod';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'application.read');
  try {
    return { archive: await apiFor(event).get<z.infer<typeof ProjectArchive>>(`/applications/${encodeURIComponent(event.params.id)}/archive`) };
  } catch (err) {
    rethrow(err, event);
  }
};
