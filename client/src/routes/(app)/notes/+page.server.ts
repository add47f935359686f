import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import type { Note } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'note.read');
  try {
    const { items } = await apiFor(event).get<{ items: Note[] }>('/notes');
    return { notes: items, canCreate: can(session.role, 'note.create') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  create: async (event) => {
    const { title } = fields(await event.request.formData(), 'title');
    const missing = requireFields(event.locals.locale, { title }, ['title'], { title }, { form: 'create' });
    if (missing) return missing;
    let note: Note;
    try {
      note = await apiFor(event).post<Note>('/notes', { title });
    } catch (err) {
      return formFailure(err, { title }, { form: 'create' });
    }
    redirect(303, `/notes/${note.id}`);
  },
};
