import { redirect } from '@sveltejs/kit';
import { apiFor } from '#lib/server/api.ts';
import { formFailure, requirePermission } from '#lib/server/guard.ts';
import { disclosureBody } from '#lib/disclosures/form.server.ts';
import type { Disclosure } from '#lib/disclosures/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'disclosure.manage');
  return {};
};

export const actions: Actions = {
  save: async (event) => {
    const { body, values } = await disclosureBody(event, false);
    let created: Disclosure;
    try {
      created = await apiFor(event).post<Disclosure>('/disclosures', body);
    } catch (err) {
      return formFailure(err, values);
    }
    redirect(303, `/disclosures/${created.id}`);
  },
};
