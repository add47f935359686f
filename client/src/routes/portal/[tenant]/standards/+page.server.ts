import { apiFor } from '#lib/server/api.ts';
import { rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    const { items } = await apiFor(event).get<{ items: { id: string; title: string; code: string | null; publishedAt: string }[] }>(`/portal/${encodeURIComponent(event.params.tenant)}/standards/published`);
    return { standards: items };
  } catch (err) {
    rethrow(err, event);
  }
};
