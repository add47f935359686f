import { portalLocales } from '#schema/portal/locales.ts';
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
  save: async (event) => {
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
  /** The portal introduction, one text per portal language (zh-CN required). */
  portal: async (event) => {
    const values = fields(await event.request.formData(), ...portalLocales.map((l) => `about.${l}` as const));
    const about = Object.fromEntries(portalLocales.map((l) => [l, values[`about.${l}`]]).filter(([, v]) => v));
    try {
      await apiFor(event).patch<TenantSettings>('/tenant', { about });
    } catch (err) {
      return formFailure(err, values, { form: 'portal' });
    }
    return { saved: true as const, form: 'portal' as const };
  },
};
