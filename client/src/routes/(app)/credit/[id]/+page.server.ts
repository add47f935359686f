import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import { uploadIfAny } from '#lib/members/api.server.ts';
import type { Archive } from '../types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'credit.read');
  try {
    const archive = await apiFor(event).get<Archive>(`/credit/members/${encodeURIComponent(event.params.id)}`);
    return { archive, canManage: can(session.role, 'credit.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  entry: async (event) => {
    requirePermission(event, 'credit.manage');
    const data = await event.request.formData();
    const v = fields(data, 'kind', 'title', 'points', 'severity', 'occurredOn', 'evidence');
    const refused = requireFields(event.locals.locale, v, ['kind', 'title', 'evidence'], v, { form: 'entry' });
    if (refused) return refused;
    try {
      const fileId = await uploadIfAny(event, data.get('file'));
      await apiFor(event).post(`/credit/members/${encodeURIComponent(event.params.id)}/entries`, {
        kind: v.kind,
        title: v.title,
        evidence: v.evidence,
        points: v.points === '' ? undefined : Number(v.points),
        severity: v.severity || undefined,
        occurredOn: v.occurredOn || undefined,
        fileId,
      });
    } catch (err) {
      return formFailure(err, v, { form: 'entry' });
    }
    return { done: 'entry' as const };
  },
};
