import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { translate } from '#lib/i18n.ts';
import { ApiFailure } from '#lib/api.ts';
import { reasonOf, toFen, type InvoiceDetail, type RefusedCharge } from '#lib/finance/types.ts';
import type { Actions, PageServerLoad } from './$types';

const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'finance.read');
  const api = apiFor(event);
  const id = encodeURIComponent(event.params.id);
  try {
    const [invoice, provider] = await Promise.all([api.get<InvoiceDetail>(`/finance/invoices/${id}`), api.get<{ wechatPay: boolean }>('/finance/payment-provider')]);
    return { invoice, refusal: null, online: provider.wechatPay, canManage: can(session.role, 'finance.manage'), today: today(session.tenant.timeZone) };
  } catch (err) {
    // A compliance alert about an unapproved fee points here: the charge that was refused, not an invoice.
    if (err instanceof ApiFailure && err.status === 404) {
      try {
        const refusal = await api.get<RefusedCharge>(`/finance/refused-charges/${id}`);
        return { invoice: null, refusal, online: false, canManage: false, today: today(session.tenant.timeZone) };
      } catch {
        /* neither: the invoice's 404 below */
      }
    }
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
