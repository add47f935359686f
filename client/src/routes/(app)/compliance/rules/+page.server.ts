import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { put } from '#lib/members/api.server.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { translate } from '#lib/i18n.ts';
import type { Preview, Rule } from '#lib/compliance/types.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'compliance.read');
  try {
    const { items } = await apiFor(event).get<{ items: Rule[] }>('/compliance/rules');
    return { rules: items, canManage: can(session.role, 'compliance.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

async function read(event: RequestEvent) {
  const data = await event.request.formData();
  const v = fields(data, 'id', 'key', 'name', 'nameEn', 'description', 'event', 'severity', 'ownerRole', 'slaHours', 'conditions');
  let conditions: unknown;
  try {
    conditions = JSON.parse(v.conditions);
  } catch {
    return { v, problem: fail(422, { form: 'rule', id: v.id, message: translate(event.locals.locale, 'compliance.rules.invalidJson'), fields: { conditions: translate(event.locals.locale, 'compliance.rules.invalidJson') }, values: v }) };
  }
  return { v, conditions, active: data.get('active') === 'on' };
}

export const actions: Actions = {
  save: async (event) => {
    const r = await read(event);
    if (r.problem) return r.problem;
    const { v } = r;
    try {
      await put(event, `/compliance/rules/${encodeURIComponent(v.id)}`, {
        key: v.key,
        name: v.name,
        nameEn: v.nameEn || undefined,
        description: v.description || undefined,
        event: v.event,
        severity: v.severity,
        ownerRole: v.ownerRole,
        slaHours: Number(v.slaHours),
        active: r.active,
        conditions: r.conditions,
      });
    } catch (err) {
      return formFailure(err, v, { form: 'rule', id: v.id });
    }
    return { done: 'save' as const, id: v.id };
  },
  preview: async (event) => {
    const r = await read(event);
    if (r.problem) return r.problem;
    try {
      const preview = await apiFor(event).post<Preview>('/compliance/rules/preview', { event: r.v.event, conditions: r.conditions });
      return { done: 'preview' as const, id: r.v.id, preview, values: r.v };
    } catch (err) {
      return formFailure(err, r.v, { form: 'rule', id: r.v.id });
    }
  },
};
