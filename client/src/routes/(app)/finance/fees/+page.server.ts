import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { translate } from '#lib/i18n.ts';
import { reasonOf, toFen, type FeeItem, type RefusedCharge } from '#lib/finance/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'finance.read');
  try {
    const api = apiFor(event);
    const [{ items }, refusals] = await Promise.all([api.get<{ items: FeeItem[] }>('/finance/fee-items'), api.get<{ items: RefusedCharge[] }>('/finance/refused-charges')]);
    return { fees: items, refusals: refusals.items, canManage: can(session.role, 'finance.manage'), canApprove: can(session.role, 'finance.approve') };
  } catch (err) {
    rethrow(err, event);
  }
};

function failure(err: unknown, values: Record<string, string>, extra: { form: string; id?: string }) {
  const reason = reasonOf(err);
  const f = formFailure(err, values, extra);
  if (reason) f.data.message = reason;
  return f;
}

export const actions: Actions = {
  add: async (event) => {
    const v = fields(await event.request.formData(), 'key', 'name', 'kind', 'amount', 'unit', 'basisDocument');
    const amountFen = toFen(v.amount);
    if (amountFen === null || amountFen <= 0) return fail(422, { form: 'add', message: translate(event.locals.locale, 'errors.validation_failed'), fields: { amountFen: translate(event.locals.locale, 'validation.required') }, values: v });
    try {
      await apiFor(event).post('/finance/fee-items', { key: v.key, name: v.name, kind: v.kind, amountFen, unit: v.unit, basisDocument: v.basisDocument });
      return { form: 'add', done: true };
    } catch (err) {
      return failure(err, v, { form: 'add' });
    }
  },
  approve: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'decisionRef');
    try {
      await apiFor(event).post(`/finance/fee-items/${encodeURIComponent(v.id)}/approval`, { decisionRef: v.decisionRef });
      return { form: 'approve', done: true };
    } catch (err) {
      return failure(err, v, { form: 'approve', id: v.id });
    }
  },
};
