import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { ProjectDetail } from '#lib/standards/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'standard.read');
  try {
    const project = await apiFor(event).get<ProjectDetail>(`/standards/projects/${encodeURIComponent(event.params.id)}`);
    return { project };
  } catch (err) {
    rethrow(err, event);
  }
};
