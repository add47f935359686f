import { error } from '@sveltejs/kit';
import { ApiFailure } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure } from '#lib/server/guard.ts';
import type { PublicDisclosure } from '#lib/disclosures/types.ts';
import type { Actions, PageServerLoad } from './$types';

const path = (tenant: string, id: string) => `/portal/${encodeURIComponent(tenant)}/disclosures/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
  try {
    return { disclosure: await apiFor(event).get<PublicDisclosure>(path(event.params.tenant, event.params.id)) };
  } catch (err) {
    if (err instanceof ApiFailure) error(err.status === 404 || err.status === 422 ? 404 : 503, { message: err.message, code: err.code });
    throw err;
  }
};

export const actions: Actions = {
  ask: async (event) => {
    const v = fields(await event.request.formData(), 'name', 'email', 'question');
    try {
      const created = await apiFor(event).post<{ id: string; dueOn: string }>(`${path(event.params.tenant, event.params.id)}/questions`, v);
      return { asked: created.dueOn };
    } catch (err) {
      return formFailure(err, v);
    }
  },
};
