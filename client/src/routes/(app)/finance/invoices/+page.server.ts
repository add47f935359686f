import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { invoiceStatuses } from '#schema/finance/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { translate } from '#lib/i18n.ts';
import { reasonOf, toFen, type DuesPreview, type FeeItem, type Invoice } from '#lib/finance/types.ts';
import type { Actions, PageServerLoad } from './$types';

const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'finance.read');
  const p = event.url.searchParams;
  const status = ([...invoiceStatuses, 'open'] as string[]).includes(p.get('status') ?? '') ? (p.get('status') as Invoice['status'] | 'open') : '';
  const kind = p.get('kind') === 'dues' || p.get('kind') === 'other' ? (p.get('kind') as 'dues' | 'other') : '';
  const canManage = can(session.role, 'finance.manage');
  const api = apiFor(event);
  try {
    const [list, fees, provider] = await Promise.all([
      api.get<{ items: Invoice[] }>('/finance/invoices', { status, kind }),
      canManage ? api.get<{ items: FeeItem[] }>('/finance/fee-items') : Promise.resolve({ items: [] }),
      api.get<{ wechatPay: boolean }>('/finance/payment-provider'),
    ]);
    return { invoices: list.items, fees: fees.items, filters: { status, kind }, canManage, today: today(session.tenant.timeZone), online: provider.wechatPay };
  } catch (err) {
    rethrow(err, event);
  }
};

/** A refused request as the page shows it: the API's reason when it gives one. */
function failure(err: unknown, values: Record<string, string>, extra: { form: string; id?: string }) {
  const reason = reasonOf(err);
  const f = formFailure(err, values, extra);
  if (reason) f.data.message = reason;
  return f;
}

export const actions: Actions = {
  pay: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'amount', 'method', 'reference', 'paidOn');
    const amountFen = toFen(v.amount);
    if (amountFen === null || amountFen <= 0) return fail(422, { form: 'pay', id: v.id, message: translate(event.locals.locale, 'errors.validation_failed'), fields: { amount: translate(event.locals.locale, 'validation.required') }, values: v });
    try {
      const invoice = await apiFor(event).post<Invoice>(`/finance/invoices/${encodeURIComponent(v.id)}/payments`, { amountFen, method: v.method, reference: v.reference, paidOn: v.paidOn });
      return { form: 'pay', paid: invoice.number };
    } catch (err) {
      return failure(err, v, { form: 'pay', id: v.id });
    }
  },
  create: async (event) => {
    const v = fields(await event.request.formData(), 'memberId', 'feeItemId', 'quantity', 'title', 'dueOn');
    try {
      const invoice = await apiFor(event).post<Invoice>('/finance/invoices', { memberId: v.memberId, feeItemId: v.feeItemId, quantity: Number(v.quantity) || 1, title: v.title || undefined, dueOn: v.dueOn });
      return { form: 'create', created: invoice.number };
    } catch (err) {
      return failure(err, v, { form: 'create' });
    }
  },
  preview: async (event) => {
    const v = fields(await event.request.formData(), 'period', 'dueOn');
    try {
      const preview = await apiFor(event).post<DuesPreview>('/finance/dues-runs/preview', { period: v.period });
      return { form: 'run', preview, values: v };
    } catch (err) {
      return failure(err, v, { form: 'run' });
    }
  },
  run: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'period', 'dueOn');
    const memberIds = data.getAll('memberId').map(String);
    try {
      const result = await apiFor(event).post<{ created: number; totalFen: number }>('/finance/dues-runs', { period: v.period, dueOn: v.dueOn, memberIds });
      return { form: 'run', generated: result };
    } catch (err) {
      return failure(err, v, { form: 'run' });
    }
  },
};
