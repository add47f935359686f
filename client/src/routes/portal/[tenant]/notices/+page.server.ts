import type { PublicNotice } from '#schema/reviews/api.ts';
import type { z } from 'zod';
import { apiFor } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { items } = await apiFor(event).get<{ items: z.infer<typeof PublicNotice>[] }>(`/portal/${encodeURIComponent(event.params.tenant)}/notices`);
  return { notices: items };
};
