import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { AlertDetail } from '#lib/compliance/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'compliance.read');
  try {
    return { alert: await apiFor(event).get<AlertDetail>(`/compliance/alerts/${encodeURIComponent(event.params.id)}`), canManage: can(session.role, 'compliance.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  transition: async (event) => {
    const v = fields(await event.request.formData(), 'to', 'reason');
    try {
      await apiFor(event).post(`/compliance/alerts/${encodeURIComponent(event.params.id)}/transitions`, { to: v.to, reason: v.reason || undefined });
    } catch (err) {
      return formFailure(err, v, { form: 'transition' });
    }
    return { done: v.to };
  },
};
