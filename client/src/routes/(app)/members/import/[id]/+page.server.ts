import { apiFor, callApi } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { MembershipLevel } from '#lib/members/types.ts';
import type { MemberImport } from '#lib/members/targeting.ts';
import { importFields } from '#schema/members/targeting.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.manage');
  const api = apiFor(event);
  try {
    const [imp, levels] = await Promise.all([api.get<MemberImport>(`/member-imports/${encodeURIComponent(event.params.id)}`), api.get<{ items: MembershipLevel[] }>('/membership-levels')]);
    return { imp, levels: levels.items };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  map: async (event) => {
    const data = await event.request.formData();
    const mapping: Record<string, number> = {};
    for (const f of importFields) {
      const v = data.get(`map.${f}`);
      if (typeof v === 'string' && v !== '') mapping[f] = Number(v);
    }
    const defaultLevelId = (data.get('defaultLevelId') as string | null) || undefined;
    try {
      await callApi(event, 'PUT', `/member-imports/${encodeURIComponent(event.params.id)}/mapping`, { body: { mapping, defaultLevelId } });
    } catch (err) {
      return formFailure(err, { ...Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, String(v)])), defaultLevelId: defaultLevelId ?? '' }, { form: 'map' });
    }
    return { done: 'map' as const };
  },
  commit: async (event) => {
    const data = await event.request.formData();
    try {
      await apiFor(event).post(`/member-imports/${encodeURIComponent(event.params.id)}/commit`, { excludeBadRows: data.get('excludeBadRows') === 'on' });
    } catch (err) {
      return formFailure(err, {}, { form: 'commit' });
    }
    return { done: 'commit' as const };
  },
};
