import { fail } from '@sveltejs/kit';
import type { GovernanceSettings } from '#lib/party/types.ts';
import { translate } from '#lib/i18n.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'governance.manage');
  try {
    return { settings: await apiFor(event).get<GovernanceSettings>('/governance/settings') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    requirePermission(event, 'governance.manage');
    const data = await event.request.formData();
    const minimumText = String(data.get('minimum') ?? '').trim();
    const majorCategories = data.getAll('majorCategories').map(String);
    const values = { minimum: minimumText, majorCategories: majorCategories.join(',') };
    const percent = Number(minimumText);
    if (minimumText === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      const message = translate(event.locals.locale, 'party.settings.badMinimum');
      return fail(422, { message, fields: { minimum: message }, values });
    }
    try {
      await callApi(event, 'PUT', '/governance/settings', { body: { councilPartyShareMinimum: Math.round(percent * 10) / 1000, majorCategories } });
    } catch (err) {
      return formFailure(err, values);
    }
    return { saved: true as const };
  },
};
