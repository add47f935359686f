import { apiFor } from '#lib/server/api.ts';
import type { PublicDisclosureSummary } from '#lib/disclosures/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { items } = await apiFor(event).get<{ items: PublicDisclosureSummary[] }>(`/portal/${encodeURIComponent(event.params.tenant)}/disclosures`);
  return { disclosures: items };
};
