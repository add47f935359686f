import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { translate } from '#lib/i18n.ts';
import { reasonOf, toFen, type InvoiceDetail } from '#lib/finance/types.ts';
import type { Actions, PageServerLoad } from './$types';

const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'finance.read');
  const api = apiFor(event);
  try {
    const [invoice, provider] = await Promise.all([api.get<InvoiceDetail>(`/finance/invoices/${encodeURIComponent(event.params.id)}`), api.get<{ wechatPay: boolean }>('/finance/payment-provider')]);
    return { invoice, online: provider.wechatPay, canManage: can(session.role, 'finance.manage'), today: today(session.tenant.timeZone) };
  } catch (err) {
    rethrow(err, event);
  }
};

function failure(err: unknown, values: Record<string, string>, form: string) {
  const reason = reasonOf(err);
  const f = formFailure(err, values, { form });
  if (reason) f.data.message = reason;
  return f;
}

export const actions: Actions = {
  pay: async (event) => {
    const v = fields(await event.request.formData(), 'amount', 'method', 'reference', 'paidOn');
    const amountFen = toFen(v.amount);
    if (amountFen === null || amountFen <= 0) return fail(422, { form: 'pay', message: translate(event.locals.locale, 'errors.validation_failed'), fields: { amount: translate(event.locals.locale, 'validation.required') }, values: v });
    try {
      await apiFor(event).post(`/finance/invoices/${encodeURIComponent(event.params.id)}/payments`, { amountFen, method: v.method, reference: v.reference, paidOn: v.paidOn });
      return { form: 'pay', done: true };
    } catch (err) {
      return failure(err, v, 'pay');
    }
  },
  void: async (event) => {
    const v = fields(await event.request.formData(), 'reason');
    try {
      await apiFor(event).post(`/finance/invoices/${encodeURIComponent(event.params.id)}/void`, { reason: v.reason });
      return { form: 'void', done: true };
    } catch (err) {
      return failure(err, v, 'void');
    }
  },
  qr: async (event) => {
    try {
      const order = await apiFor(event).post<{ outTradeNo: string; codeUrl: string; qrSvg: string }>(`/finance/invoices/${encodeURIComponent(event.params.id)}/online-order`);
      return { form: 'qr', order };
    } catch (err) {
      return failure(err, {}, 'qr');
    }
  },
};
