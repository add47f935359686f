import { can } from '#schema/permissions.ts';
import type { Application, Call } from '#lib/reviews/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'call.read');
  const api = apiFor(event);
  const canApply = can(session.role, 'application.submit');
  try {
    const canReview = can(session.role, 'review.perform');
    const [calls, mine, panels] = await Promise.all([
      api.get<{ items: Call[] }>('/calls'),
      canApply ? api.get<{ items: Application[] }>('/applications/mine') : Promise.resolve({ items: [] as Application[] }),
      canReview ? api.get<{ items: { id: string; name: string }[] }>('/panels/mine') : Promise.resolve({ items: [] }),
    ]);
    return { calls: calls.items, applications: mine.items, canManage: can(session.role, 'call.manage'), canApply, canReview, panels: panels.items };
  } catch (err) {
    rethrow(err, event);
  }
};
