import { fail } from '@sveltejs/kit';
import { ApiFailure } from '#lib/api.ts';
import type { Meeting } from '#lib/meetings/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'meeting.register');
  try {
    return { meeting: await apiFor(event).get<Meeting>(`/meetings/${encodeURIComponent(event.params.id)}`) };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const f = fields(await event.request.formData(), 'overall', 'content', 'organisation', 'comment');
    try {
      await apiFor(event).post(`/meetings/${encodeURIComponent(event.params.id)}/survey`, {
        overall: Number(f.overall),
        content: Number(f.content),
        organisation: Number(f.organisation),
        comment: f.comment,
      });
    } catch (err) {
      const reason = err instanceof ApiFailure ? (err.details as { message?: string } | undefined)?.message : undefined;
      if (reason) return fail((err as ApiFailure).status, { message: reason, fields: {}, values: f });
      return formFailure(err, f);
    }
    return { answered: true as const };
  },
};
