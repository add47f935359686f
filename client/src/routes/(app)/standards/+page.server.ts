import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { stages, type Stage } from '#schema/standards/workflow.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Project } from '#lib/standards/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'standard.read');
  const s = event.url.searchParams.get('stage');
  const stage = (stages as readonly string[]).includes(s ?? '') ? (s as Stage) : null;
  const mine = event.url.searchParams.get('mine') === 'true';
  try {
    const { items } = await apiFor(event).get<{ items: Project[] }>('/standards/projects', { stage, mine: mine ? 'true' : undefined });
    return { projects: items, stage, mine, canCreate: can(session.role, 'standard.create') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  create: async (event) => {
    const values = fields(await event.request.formData(), 'title', 'scope');
    const missing = requireFields(event.locals.locale, values, ['title'], values, { form: 'create' });
    if (missing) return missing;
    let project: Project;
    try {
      project = await apiFor(event).post<Project>('/standards/projects', values);
    } catch (err) {
      return formFailure(err, values, { form: 'create' });
    }
    redirect(303, `/standards/${project.id}`);
  },
};
