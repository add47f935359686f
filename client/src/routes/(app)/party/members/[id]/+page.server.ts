import { fail } from '@sveltejs/kit';
import { ApiFailure } from '#lib/api.ts';
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
      // An unknown or already linked account is about the e-mail field.
      if (err instanceof ApiFailure && (err.status === 404 || err.status === 409) && v.email) {
        const message = (err.details as { message?: string } | undefined)?.message ?? err.message;
        return fail(err.status, { message, fields: { email: message }, values });
      }
      return formFailure(err, values);
    }
    return { saved: true as const };
  },
};
