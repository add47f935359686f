import { fields } from '#lib/server/guard.ts';
import { wallToIso } from './dates.ts';

const json = (s: string) => {
  try {
    return s ? JSON.parse(s) : [];
  } catch {
    return [];
  }
};

/** The meeting form's fields as the API's meeting body (times from the association's wall clock), and what was typed. */
export function meetingBodyFrom(data: FormData, tz: string) {
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
  const { agenda: _a, formFields: _f, ...values } = f;
  return { body, values };
}
