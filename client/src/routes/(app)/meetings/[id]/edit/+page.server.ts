import { redirect } from '@sveltejs/kit';
import type { Meeting } from '#lib/meetings/types.ts';
import { meetingBodyFrom } from '#lib/meetings/form-body.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'meeting.manage');
  try {
    return { meeting: await apiFor(event).get<Meeting>(`/meetings/${encodeURIComponent(event.params.id)}`) };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    const session = requirePermission(event, 'meeting.manage');
    const { body, values } = meetingBodyFrom(await event.request.formData(), session.tenant.timeZone);
    try {
      await callApi<Meeting>(event, 'PUT', `/meetings/${encodeURIComponent(event.params.id)}`, { body });
    } catch (err) {
      return formFailure(err, values, { form: 'save' });
    }
    redirect(303, `/meetings/${event.params.id}`);
  },
};
