import { can } from '#schema/permissions.ts';
import type { ExpertListItem } from '#lib/experts/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'expert.read');
  const q = event.url.searchParams.get('q')?.trim() ?? '';
  const tag = event.url.searchParams.get('tag')?.trim() ?? '';
  const available = event.url.searchParams.get('available') === 'true' ? 'true' : '';
  try {
    const { items } = await apiFor(event).get<{ items: ExpertListItem[] }>('/experts', { q, tag, available, limit: 200 });
    return { experts: items, filters: { q, tag, available }, canManage: can(session.role, 'expert.manage'), canReport: can(session.role, 'expert.report') };
  } catch (err) {
    rethrow(err, event);
  }
};
