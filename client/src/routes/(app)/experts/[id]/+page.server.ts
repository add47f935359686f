import { can } from '#schema/permissions.ts';
import { profileFailure, readProfileForm } from '#lib/experts/form.ts';
import type { Expert, Invitation, Service } from '#lib/experts/types.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'expert.read');
  const api = apiFor(event);
  const id = encodeURIComponent(event.params.id);
  try {
    const [expert, invitations, services] = await Promise.all([
      api.get<Expert>(`/experts/${id}`),
      api.get<{ items: Invitation[] }>(`/experts/${id}/invitations`),
      api.get<{ items: Service[] }>(`/experts/${id}/services`),
    ]);
    return { expert, invitations: invitations.items, services: services.items, canManage: can(session.role, 'expert.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    const { body, values, relationships } = readProfileForm(await event.request.formData());
    try {
      await callApi(event, 'PUT', `/experts/${encodeURIComponent(event.params.id)}`, { body });
    } catch (err) {
      return profileFailure(err, values, relationships);
    }
    return { done: 'save' as const };
  },
  invite: async (event) => {
    const v = fields(await event.request.formData(), 'kind', 'subject', 'message', 'dueAt');
    // datetime-local is the association's wall-clock time; the tenant zone offset is added on the server side of the form.
    const tz = event.locals.session?.tenant.timeZone ?? 'Asia/Shanghai';
    try {
      await apiFor(event).post(`/experts/${encodeURIComponent(event.params.id)}/invitations`, {
        kind: v.kind,
        subject: v.subject,
        message: v.message || null,
        dueAt: v.dueAt ? zonedToIso(v.dueAt, tz) : null,
      });
    } catch (err) {
      return formFailure(err, v, { form: 'invite' });
    }
    return { done: 'invite' as const };
  },
  service: async (event) => {
    const v = fields(await event.request.formData(), 'kind', 'subject', 'hours', 'rating', 'servedOn', 'comment');
    try {
      await apiFor(event).post(`/experts/${encodeURIComponent(event.params.id)}/services`, {
        kind: v.kind,
        subject: v.subject,
        hours: Number(v.hours),
        rating: v.rating ? Number(v.rating) : null,
        servedOn: v.servedOn,
        comment: v.comment || null,
      });
    } catch (err) {
      return formFailure(err, v, { form: 'service' });
    }
    return { done: 'service' as const };
  },
};

/** "2027-01-10T18:00" read in the given zone → ISO 8601 with that zone's offset at that moment. */
function zonedToIso(local: string, timeZone: string): string {
  const asUtc = new Date(`${local}:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(asUtc);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
  return `${local}:00${offset}`;
}
