import { redirect } from '@sveltejs/kit';
import { apiFor } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Application, ApplicationSummary } from '#lib/members/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.apply');
  try {
    const { items } = await apiFor(event).get<{ items: ApplicationSummary[] }>('/membership-applications/mine');
    return { applications: items };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  create: async (event) => {
    let app: Application;
    try {
      app = await apiFor(event).post<Application>('/membership-applications', {});
    } catch (err) {
      return formFailure(err);
    }
    redirect(303, `/members/apply/${app.id}`);
  },
};
