import { apiFor } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { reasonOf, type Invoice } from '#lib/finance/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'finance.self');
  try {
    return await apiFor(event).get<{ member: { id: string; name: string } | null; items: Invoice[]; online: boolean }>('/finance/my-invoices');
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  qr: async (event) => {
    const id = String((await event.request.formData()).get('id') ?? '');
    try {
      const order = await apiFor(event).post<{ outTradeNo: string; codeUrl: string; qrSvg: string }>(`/finance/my-invoices/${encodeURIComponent(id)}/online-order`);
      return { id, order };
    } catch (err) {
      const f = formFailure(err, {}, { id });
      const reason = reasonOf(err);
      if (reason) f.data.message = reason;
      return f;
    }
  },
};
