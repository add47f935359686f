import { apiFor } from '#lib/server/api.ts';
import { rethrow } from '#lib/server/guard.ts';
import type { DocJson } from '#schema/standards/numbering.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    const standard = await apiFor(event).get<{ id: string; title: string; code: string | null; publishedAt: string; content: DocJson }>(
      `/portal/${encodeURIComponent(event.params.tenant)}/standards/published/${encodeURIComponent(event.params.id)}`,
    );
    return { standard };
  } catch (err) {
    rethrow(err, event);
  }
};
