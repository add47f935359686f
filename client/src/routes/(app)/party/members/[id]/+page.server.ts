import type { Branch, MemberDetail } from '#lib/party/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'party.manage');
  const api = apiFor(event);
  try {
    const [member, branches] = await Promise.all([api.get<MemberDetail>(`/party/members/${encodeURIComponent(event.params.id)}`), api.get<{ items: Branch[] }>('/party/branches')]);
    return { member, branches: branches.items };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    requirePermission(event, 'party.manage');
    const data = await event.request.formData();
    const v = fields(data, 'name', 'kind', 'branchId', 'joinedOn', 'email');
    const active = data.get('active') === 'on';
    const values = { ...v, active: active ? 'on' : '' };
    const missing = requireFields(event.locals.locale, v, ['name', 'branchId'], values);
    if (missing) return missing;
    try {
      await apiFor(event).patch(`/party/members/${encodeURIComponent(event.params.id)}`, {
        name: v.name,
        kind: v.kind === 'probationary' ? 'probationary' : 'full',
        branchId: v.branchId,
        joinedOn: v.joinedOn || null,
        email: v.email || null,
        active,
      });
    } catch (err) {
      return formFailure(err, values);
    }
    return { saved: true as const };
  },
};
