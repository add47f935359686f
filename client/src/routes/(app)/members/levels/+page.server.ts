import { fail } from '@sveltejs/kit';
import { translate } from '#lib/i18n.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { FormProblem } from '#lib/server/guard.ts';
import type { MembershipLevel } from '#lib/members/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.manage');
  try {
    return { levels: (await apiFor(event).get<{ items: MembershipLevel[] }>('/membership-levels')).items };
  } catch (err) {
    rethrow(err, event);
  }
};

/** "5,000.50" yuan → 500050 fen; null when it is not an amount. */
function fen(text: string): number | null {
  const s = text.replace(/[,，\s¥￥]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(s)) return null;
  const [y, f = ''] = s.split('.');
  return Number(y) * 100 + Number(f.padEnd(2, '0'));
}

async function save(event: Parameters<Actions[string]>[0], id: string | null) {
  const v = fields(await event.request.formData(), 'id', 'name', 'nameEn', 'dues', 'termMonths', 'sortOrder');
  const extra = { form: id ? 'edit' : 'create', id: id ?? undefined };
  const duesFen = fen(v.dues);
  if (duesFen === null) return fail(422, <FormProblem>{ ...extra, message: translate(event.locals.locale, 'errors.validation_failed'), fields: { duesFen: translate(event.locals.locale, 'members.levelForm.badDues') }, values: v });
  const body = { name: v.name, nameEn: v.nameEn || undefined, duesFen, termMonths: Number(v.termMonths || 12), sortOrder: Number(v.sortOrder || 0) };
  try {
    const level = id ? await callApi<MembershipLevel>(event, 'PUT', `/membership-levels/${encodeURIComponent(id)}`, { body }) : await apiFor(event).post<MembershipLevel>('/membership-levels', body);
    return { done: 'saved' as const, name: level.name, id: level.id };
  } catch (err) {
    return formFailure(err, v, extra);
  }
}

export const actions: Actions = {
  create: (event) => save(event, null),
  update: async (event) => save(event, (await event.request.clone().formData()).get('id')?.toString() ?? ''),
  remove: async (event) => {
    const v = fields(await event.request.formData(), 'id');
    try {
      await apiFor(event).del(`/membership-levels/${encodeURIComponent(v.id)}`);
    } catch (err) {
      return formFailure(err, v, { form: 'edit', id: v.id });
    }
    return { done: 'removed' as const };
  },
};
