import { redirect } from '@sveltejs/kit';
import type { Meeting } from '#lib/meetings/types.ts';
import { meetingBodyFrom } from '#lib/meetings/form-body.ts';
import { apiFor } from '#lib/server/api.ts';
import { formFailure, requirePermission } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'meeting.manage');
  return {};
};

export const actions: Actions = {
  create: async (event) => {
    const session = requirePermission(event, 'meeting.manage');
    const { body, values } = meetingBodyFrom(await event.request.formData(), session.tenant.timeZone);
    let meeting: Meeting;
    try {
      meeting = await apiFor(event).post<Meeting>('/meetings', body);
    } catch (err) {
      return formFailure(err, values, { form: 'create' });
    }
    redirect(303, `/meetings/${meeting.id}`);
  },
};
