import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import { ApiFailure } from '#lib/api.ts';
import type { Ballot, Candidate, ProjectDetail } from '#lib/standards/types.ts';
import type { Actions, PageServerLoad } from './$types';

const path = (id: string) => `/standards/projects/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'standard.read');
  try {
    const api = apiFor(event);
    const project = await api.get<ProjectDetail>(path(event.params.id));
    const candidates = project.canManageGroup && can(session.role, 'standard.create') ? (await api.get<{ items: Candidate[] }>('/standards/candidates')).items : [];
    // The ballot is for the working group (and the council); others simply do not see it.
    const ballot = await api.get<Ballot>(`${path(event.params.id)}/ballot`).catch((err) => {
      if (err instanceof ApiFailure && err.status === 403) return null;
      throw err;
    });
    return { project, candidates, ballot };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  move: async (event) => {
    const values = fields(await event.request.formData(), 'to', 'decision', 'deadline', 'allowPublic');
    const missing = requireFields(event.locals.locale, values, values.to === 'public_comment' ? ['to', 'decision', 'deadline'] : ['to', 'decision'], values, { form: 'move' });
    if (missing) return missing;
    try {
      await apiFor(event).post(`${path(event.params.id)}/transitions`, {
        to: values.to,
        decision: values.decision,
        ...(values.to === 'public_comment' ? { publicComment: { deadline: values.deadline, allowPublic: values.allowPublic === 'on' } } : {}),
      });
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
  vote: async (event) => {
    const values = fields(await event.request.formData(), 'choice', 'reasons');
    const missing = requireFields(event.locals.locale, values, ['choice'], values, { form: 'vote' });
    if (missing) return missing;
    try {
      await apiFor(event).post(`${path(event.params.id)}/ballot/votes`, values);
    } catch (err) {
      return formFailure(err, values, { form: 'vote' });
    }
    return { voted: true as const };
  },
  resolveVote: async (event) => {
    const values = fields(await event.request.formData(), 'voterId', 'resolution');
    const missing = requireFields(event.locals.locale, values, ['resolution'], values, { form: 'resolveVote', id: values.voterId });
    if (missing) return missing;
    try {
      await apiFor(event).post(`${path(event.params.id)}/ballot/resolutions`, values);
    } catch (err) {
      return formFailure(err, values, { form: 'resolveVote', id: values.voterId });
    }
    return { resolvedVote: true as const };
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
