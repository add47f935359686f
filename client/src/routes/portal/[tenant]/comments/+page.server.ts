import type { z } from 'zod';
import type { PortalDraftSummary } from '#schema/standards/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    const { items } = await apiFor(event).get<{ items: z.infer<typeof PortalDraftSummary>[] }>(`/portal/${encodeURIComponent(event.params.tenant)}/standards/comments`);
    return { drafts: items };
  } catch (err) {
    rethrow(err, event);
  }
};
