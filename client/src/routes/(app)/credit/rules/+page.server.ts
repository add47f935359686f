import { can } from '#schema/permissions.ts';
import { creditKinds } from '#schema/credit/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { put } from '#lib/members/api.server.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Preview, Rules } from '../types.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'credit.read');
  try {
    return { rules: await apiFor(event).get<Rules>('/credit/rules'), canManage: can(session.role, 'credit.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

const weighted = creditKinds.filter((k) => k !== 'manual');

async function read(event: RequestEvent) {
  const data = await event.request.formData();
  const values: Record<string, string> = {};
  for (const [k, val] of data) if (typeof val === 'string') values[k] = val.trim();
  const n = (k: string) => (values[k] === '' || values[k] === undefined ? Number.NaN : Number(values[k]));
  const body = {
    baseScore: n('baseScore'),
    weights: Object.fromEntries(weighted.map((k) => [k, n(`w_${k}`)])),
    decayHalfLifeDays: values.decayHalfLifeDays ? Number(values.decayHalfLifeDays) : null,
    thresholds: { A: n('A'), B: n('B'), C: n('C') },
  };
  return { values, body };
}

export const actions: Actions = {
  preview: async (event) => {
    requirePermission(event, 'credit.manage');
    const { values, body } = await read(event);
    try {
      return { done: 'preview' as const, preview: await apiFor(event).post<Preview>('/credit/rules/preview', body), values };
    } catch (err) {
      return formFailure(err, values, { form: 'rules' });
    }
  },
  save: async (event) => {
    requirePermission(event, 'credit.manage');
    const { values, body } = await read(event);
    try {
      await put(event, '/credit/rules', body);
    } catch (err) {
      return formFailure(err, values, { form: 'rules' });
    }
    return { done: 'save' as const };
  },
};
