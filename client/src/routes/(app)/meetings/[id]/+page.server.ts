import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { ApiFailure } from '#lib/api.ts';
import type { Counts, Meeting, Registration } from '#lib/meetings/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'meeting.read');
  const api = apiFor(event);
  const id = encodeURIComponent(event.params.id);
  try {
    const meeting = await api.get<Meeting>(`/meetings/${id}`);
    const canManage = can(session.role, 'meeting.manage');
    const staff = canManage ? await api.get<{ items: Registration[]; counts: Counts }>(`/meetings/${id}/registrations`) : null;
    return {
      meeting,
      registrations: staff?.items ?? null,
      canManage,
      canCheckIn: can(session.role, 'meeting.checkin'),
      canRegister: can(session.role, 'meeting.register'),
    };
  } catch (err) {
    rethrow(err, event);
  }
};

/** A refusal with the API's reason (details.message) as the form's message. */
function refused(err: unknown, form: string, values: Record<string, string> = {}, id?: string) {
  if (err instanceof ApiFailure && (err.details as { message?: string } | undefined)?.message) {
    return fail(err.status, { form, id, message: (err.details as { message: string }).message, fields: {}, values });
  }
  return formFailure(err, values, { form, id });
}

export const actions: Actions = {
  register: async (event) => {
    const api = apiFor(event);
    const id = encodeURIComponent(event.params.id);
    const data = await event.request.formData();
    const values: Record<string, string> = {};
    let answers: Record<string, string | number | boolean> = {};
    try {
      const meeting = await api.get<Meeting>(`/meetings/${id}`);
      for (const f of meeting.formFields) {
        const raw = data.get(`answer.${f.key}`);
        const v = typeof raw === 'string' ? raw.trim() : '';
        values[f.key] = v;
        if (f.type === 'checkbox') answers[f.key] = v === 'on';
        else if (v !== '') answers[f.key] = f.type === 'number' ? Number(v) : v;
      }
      await api.post(`/meetings/${id}/registration`, { answers });
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'validation_failed') {
        // Field paths are body.answers.<key>: show them under the field.
        const fields = Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, m]) => [k.replace(/^answers\./, ''), m]));
        return fail(422, { form: 'register', message: err.message, fields, values });
      }
      return refused(err, 'register', values);
    }
    answers = {};
    return { registered: true as const };
  },
  cancel: async (event) => {
    try {
      await apiFor(event).del(`/meetings/${encodeURIComponent(event.params.id)}/registration`);
    } catch (err) {
      return refused(err, 'cancel');
    }
    return { cancelled: true as const };
  },
  cancelMeeting: async (event) => {
    const data = await event.request.formData();
    const reason = String(data.get('reason') ?? '');
    try {
      await apiFor(event).post(`/meetings/${encodeURIComponent(event.params.id)}/cancel`, { reason });
    } catch (err) {
      return refused(err, 'cancelMeeting', { reason });
    }
    return { meetingCancelled: true as const };
  },
  decide: async (event) => {
    const data = await event.request.formData();
    const registrationId = String(data.get('registrationId') ?? '');
    const decision = String(data.get('decision') ?? '');
    try {
      await apiFor(event).post(`/meeting-registrations/${encodeURIComponent(registrationId)}/decision`, { decision });
    } catch (err) {
      return refused(err, 'decide', {}, registrationId);
    }
    return { decided: true as const };
  },
};
