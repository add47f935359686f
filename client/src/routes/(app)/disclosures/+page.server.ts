import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { DisclosureSummary } from '#lib/disclosures/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'disclosure.read');
  try {
    const { items } = await apiFor(event).get<{ items: DisclosureSummary[] }>('/disclosures');
    return { disclosures: items, canManage: can(session.role, 'disclosure.manage'), tenant: session.tenant.slug };
  } catch (err) {
    rethrow(err, event);
  }
};
