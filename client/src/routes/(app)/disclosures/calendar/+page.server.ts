import { can } from '#schema/permissions.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { CalendarYear } from '#lib/disclosures/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'disclosure.read');
  const asked = Number(event.url.searchParams.get('year'));
  try {
    const calendar = await apiFor(event).get<CalendarYear>('/work-calendar', { year: asked >= 2020 && asked <= 2100 ? asked : undefined });
    return { calendar, canManage: can(session.role, 'disclosure.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    const data = await event.request.formData();
    const year = Number(data.get('year'));
    const str = (k: string) => data.getAll(k).map((v) => String(v).trim());
    const removed = new Set(str('remove'));
    const [days, kinds, names] = [str('day'), str('kind'), str('name')];
    const rows = days.map((day, i) => ({ day, kind: kinds[i], name: names[i] })).filter((r) => r.day && !removed.has(r.day));
    try {
      await callApi(event, 'PUT', '/work-calendar', { body: { year, days: rows } });
    } catch (err) {
      return formFailure(err, { year: String(year) }, { form: 'save' });
    }
    return { done: 'save' };
  },
  reset: async (event) => {
    const year = Number((await event.request.formData()).get('year'));
    try {
      await apiFor(event).post('/work-calendar/reset', { year });
    } catch (err) {
      return formFailure(err, {}, { form: 'reset' });
    }
    return { done: 'reset' };
  },
};
