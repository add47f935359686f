import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Candidate, ProjectDetail } from '#lib/standards/types.ts';
import type { Actions, PageServerLoad } from './$types';

const path = (id: string) => `/standards/projects/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'standard.read');
  try {
    const api = apiFor(event);
    const project = await api.get<ProjectDetail>(path(event.params.id));
    const candidates = project.canManageGroup && can(session.role, 'standard.create') ? (await api.get<{ items: Candidate[] }>('/standards/candidates')).items : [];
    return { project, candidates };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  move: async (event) => {
    const values = fields(await event.request.formData(), 'to', 'decision');
    const missing = requireFields(event.locals.locale, values, ['to', 'decision'], values, { form: 'move' });
    if (missing) return missing;
    try {
      await apiFor(event).post(`${path(event.params.id)}/transitions`, values);
    } catch (err) {
      return formFailure(err, values, { form: 'move' });
    }
    return { moved: true as const };
  },
  member: async (event) => {
    const values = fields(await event.request.formData(), 'userId', 'role');
    const missing = requireFields(event.locals.locale, values, ['userId'], values, { form: 'member' });
    if (missing) return missing;
    try {
      await apiFor(event).post(`${path(event.params.id)}/members`, { userId: values.userId, role: values.role || null });
    } catch (err) {
      return formFailure(err, values, { form: 'member', id: values.userId });
    }
    return { member: true as const };
  },
  update: async (event) => {
    const values = fields(await event.request.formData(), 'title', 'scope', 'code');
    try {
      await apiFor(event).patch(path(event.params.id), values);
    } catch (err) {
      return formFailure(err, values, { form: 'update' });
    }
    return { updated: true as const };
  },
};
