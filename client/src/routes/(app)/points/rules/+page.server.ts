import { apiFor } from '#lib/server/api.ts';
import { put } from '#lib/members/api.server.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Rules } from '../types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'points.manage');
  try {
    return { rules: await apiFor(event).get<Rules>('/points/rules') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    requirePermission(event, 'points.manage');
    const data = await event.request.formData();
    const values: Record<string, string> = {};
    for (const [k, val] of data) if (typeof val === 'string') values[k] = val.trim();
    const n = (k: string) => (values[k] ? Number(values[k]) : Number.NaN);
    try {
      await put(event, '/points/rules', {
        meetingAttended: n('meetingAttended'),
        standard: { leader: n('leader'), author: n('author'), commenter: n('commenter'), voter: n('voter') },
        expertServiceHour: n('expertServiceHour'),
        duesOnTime: n('duesOnTime'),
      });
    } catch (err) {
      return formFailure(err, values, { form: 'rules' });
    }
    return { done: 'save' as const };
  },
};
