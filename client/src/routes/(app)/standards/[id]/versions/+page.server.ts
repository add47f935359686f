import type { z } from 'zod';
import type { StandardDiff, StandardVersionList } from '#schema/standards/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { ProjectDetail } from '#lib/standards/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'standard.read');
  const id = encodeURIComponent(event.params.id);
  const pick = (k: string) => event.url.searchParams.get(k) || 'current';
  const from = pick('from');
  const to = pick('to');
  try {
    const api = apiFor(event);
    const [project, versions, diff] = await Promise.all([
      api.get<ProjectDetail>(`/standards/projects/${id}`),
      api.get<z.infer<typeof StandardVersionList>>(`/standards/projects/${id}/versions`),
      api.get<z.infer<typeof StandardDiff>>(`/standards/projects/${id}/diff`, { from, to }),
    ]);
    return { project, versions: versions.items, diff, from, to };
  } catch (err) {
    rethrow(err, event);
  }
};
