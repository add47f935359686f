import type { Expert, Invitation } from '#lib/experts/types.ts';
import { profileFailure, readProfileForm } from '#lib/experts/form.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'expert.self');
  try {
    const [{ profile }, { items }] = await Promise.all([
      apiFor(event).get<{ profile: Expert | null }>('/experts/me'),
      apiFor(event).get<{ items: Invitation[] }>('/experts/me/invitations'),
    ]);
    return { profile, invitations: items };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    const { body, values, relationships } = readProfileForm(await event.request.formData());
    try {
      await callApi(event, 'PUT', '/experts/me', { body });
    } catch (err) {
      return profileFailure(err, values, relationships);
    }
    return { done: 'save' as const };
  },
  respond: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'answer', 'reason');
    try {
      await apiFor(event).post(`/expert-invitations/${encodeURIComponent(v.id)}/respond`, { accept: v.answer === 'accept', reason: v.reason || null });
    } catch (err) {
      return formFailure(err, v, { form: 'respond', id: v.id });
    }
    return { done: 'respond' as const };
  },
};
