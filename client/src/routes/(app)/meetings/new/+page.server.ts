import { redirect } from '@sveltejs/kit';
import type { Meeting } from '#lib/meetings/types.ts';
import { wallToIso } from '#lib/meetings/dates.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'meeting.manage');
  return {};
};

const json = (s: string) => {
  try {
    return s ? JSON.parse(s) : [];
  } catch {
    return [];
  }
};

export const actions: Actions = {
  create: async (event) => {
    const session = requirePermission(event, 'meeting.manage');
    const tz = session.tenant.timeZone;
    const data = await event.request.formData();
    const f = fields(
      data,
      'title',
      'description',
      'format',
      'startsAt',
      'endsAt',
      'venueName',
      'venueAddress',
      'capacity',
      'registrationOpensAt',
      'registrationClosesAt',
      'audience',
      'audienceTags',
      'attendanceMinutes',
      'agenda',
      'formFields',
    );
    const at = (v: string) => (v ? wallToIso(v, tz) : null);
    const body = {
      title: f.title,
      description: f.description,
      format: f.format,
      startsAt: at(f.startsAt) ?? f.startsAt,
      endsAt: at(f.endsAt) ?? f.endsAt,
      venue: f.venueName ? { name: f.venueName, address: f.venueAddress || null, scenicArea: data.get('scenicArea') === 'on' } : null,
      capacity: f.capacity ? Number(f.capacity) : null,
      registrationOpensAt: at(f.registrationOpensAt),
      registrationClosesAt: at(f.registrationClosesAt),
      requiresApproval: data.get('requiresApproval') === 'on',
      audience: f.audience || 'members',
      audienceTags: f.audienceTags
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean),
      attendanceMinutes: f.attendanceMinutes ? Number(f.attendanceMinutes) : 30,
      agenda: json(f.agenda),
      formFields: json(f.formFields),
    };
    let meeting: Meeting;
    try {
      meeting = await apiFor(event).post<Meeting>('/meetings', body);
    } catch (err) {
      const { agenda: _a, formFields: _f, ...values } = f;
      return formFailure(err, values, { form: 'create' });
    }
    redirect(303, `/meetings/${meeting.id}`);
  },
};
