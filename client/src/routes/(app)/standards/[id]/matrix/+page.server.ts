import type { z } from 'zod';
import type { StandardCommentList } from '#schema/standards/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { ProjectDetail } from '#lib/standards/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'standard.read');
  const id = encodeURIComponent(event.params.id);
  try {
    const api = apiFor(event);
    const [project, comments] = await Promise.all([api.get<ProjectDetail>(`/standards/projects/${id}`), api.get<z.infer<typeof StandardCommentList>>(`/standards/projects/${id}/comments`)]);
    return { project, comments };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  resolve: async (event) => {
    const values = fields(await event.request.formData(), 'id', 'decision', 'resolution');
    const missing = requireFields(event.locals.locale, values, ['resolution'], values, { form: 'resolve', id: values.id });
    if (missing) return missing;
    try {
      await apiFor(event).post(`/standards/comments/${encodeURIComponent(values.id)}/resolve`, { resolution: values.resolution, ...(values.decision ? { decision: values.decision } : {}) });
    } catch (err) {
      return formFailure(err, values, { form: 'resolve', id: values.id });
    }
    return { saved: values.id };
  },
};
