import type { TenantSettings } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireFields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'tenant.manage');
  try {
    return { tenant: await apiFor(event).get<TenantSettings>('/tenant') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const values = fields(await event.request.formData(), 'name', 'nameEn', 'timeZone');
    const missing = requireFields(event.locals.locale, values, ['name', 'timeZone']);
    if (missing) return missing;
    try {
      await apiFor(event).patch<TenantSettings>('/tenant', { name: values.name, nameEn: values.nameEn || null, timeZone: values.timeZone });
    } catch (err) {
      return formFailure(err, values);
    }
    return { saved: true as const };
  },
};
