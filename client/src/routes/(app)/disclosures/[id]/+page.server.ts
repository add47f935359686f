import { can } from '#schema/permissions.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { disclosureBody } from '#lib/disclosures/form.server.ts';
import type { Disclosure } from '#lib/disclosures/types.ts';
import type { Actions, PageServerLoad } from './$types';

const path = (id: string) => `/disclosures/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'disclosure.read');
  try {
    return { disclosure: await apiFor(event).get<Disclosure>(path(event.params.id)), canManage: can(session.role, 'disclosure.manage'), tenant: session.tenant.slug };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    const { body, values } = await disclosureBody(event, true);
    try {
      await callApi(event, 'PUT', path(event.params.id), { body });
    } catch (err) {
      return formFailure(err, values, { form: 'save' });
    }
    return { done: 'save' };
  },
  transition: async (event) => {
    const v = fields(await event.request.formData(), 'to', 'reason');
    try {
      await apiFor(event).post(`${path(event.params.id)}/transitions`, { to: v.to, reason: v.reason || undefined });
    } catch (err) {
      return formFailure(err, v, { form: 'transition' });
    }
    return { done: v.to };
  },
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
