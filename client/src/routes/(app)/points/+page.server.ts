import { can } from '#schema/permissions.ts';
import { periods, type Period } from '#schema/points/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Line, Mine, RankingData } from './types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'points.self');
  const p = event.url.searchParams.get('period') ?? '';
  const period: Period = (periods as readonly string[]).includes(p) ? (p as Period) : 'year';
  const api = apiFor(event);
  const canRead = can(session.role, 'points.read');
  const canManage = can(session.role, 'points.manage');
  try {
    const [users, members, mine, ledger, people, companies] = await Promise.all([
      api.get<RankingData>('/points/ranking', { scope: 'users', period, limit: '20' }),
      api.get<RankingData>('/points/ranking', { scope: 'members', period, limit: '20' }),
      api.get<Mine>('/points/mine'),
      canRead ? api.get<{ items: Line[] }>('/points/ledger', { limit: '30' }) : Promise.resolve(null),
      canManage && can(session.role, 'user.list') ? api.get<{ items: { id: string; name: string; email: string }[] }>('/users', { limit: '100' }) : Promise.resolve(null),
      canManage && can(session.role, 'credit.read') ? api.get<{ items: { memberId: string; memberName: string }[] }>('/credit/members', { limit: '100' }) : Promise.resolve(null),
    ]);
    return {
      period,
      users,
      members,
      mine,
      ledger: ledger?.items ?? null,
      people: people?.items ?? [],
      companies: (companies?.items ?? []).map((c) => ({ id: c.memberId, name: c.memberName })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      canManage,
      me: session.user.id,
    };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  adjust: async (event) => {
    requirePermission(event, 'points.manage');
    const v = fields(await event.request.formData(), 'userId', 'memberId', 'points', 'reason');
    const refused = requireFields(event.locals.locale, v, ['points', 'reason'], v, { form: 'adjust' });
    if (refused) return refused;
    try {
      await apiFor(event).post('/points/adjustments', { userId: v.userId || undefined, memberId: v.memberId || undefined, points: Number(v.points), reason: v.reason });
    } catch (err) {
      return formFailure(err, v, { form: 'adjust' });
    }
    return { done: 'adjust' as const };
  },
};
