import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import type { Note } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'note.read');
  try {
    const note = await apiFor(event).get<Note>(`/notes/${encodeURIComponent(event.params.id)}`);
    return { note, canWrite: can(session.role, 'note.write'), canDelete: can(session.role, 'note.delete') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  rename: async (event) => {
    const { title } = fields(await event.request.formData(), 'title');
    try {
      await apiFor(event).patch<Note>(`/notes/${encodeURIComponent(event.params.id)}`, { title });
    } catch (err) {
      return formFailure(err, { title }, { form: 'rename' });
    }
    return { renamed: true as const };
  },
  delete: async (event) => {
    try {
      await apiFor(event).del(`/notes/${encodeURIComponent(event.params.id)}`);
    } catch (err) {
      return formFailure(err, {}, { form: 'delete' });
    }
    redirect(303, '/notes');
  },
};
