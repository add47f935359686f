import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Question } from '#lib/disclosures/types.ts';
import type { Actions, PageServerLoad } from './$types';

const filters = ['open', 'overdue', 'all'] as const;

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'disclosure.read');
  const f = event.url.searchParams.get('filter');
  const filter = (filters as readonly string[]).includes(f ?? '') ? (f as (typeof filters)[number]) : 'open';
  try {
    const { items } = await apiFor(event).get<{ items: Question[] }>('/disclosure-questions', { filter });
    return { questions: items, filter, canManage: can(session.role, 'disclosure.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  answer: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'answer');
    try {
      await apiFor(event).post(`/disclosure-questions/${encodeURIComponent(v.id)}/answer`, { answer: v.answer });
    } catch (err) {
      return formFailure(err, v, { form: 'answer', id: v.id });
    }
    return { done: 'answer' };
  },
};
