import type { DuesCollectionData } from '#schema/finance/api.ts';
import type { Widget } from '../dashboard/widgets.ts';
import { dateToDay, dayToDate, todayIn } from './common.ts';

/**
 * 会费收缴率（本年）: the dues invoiced for this year (by due day, void left out), what has been
 * paid of them, and per month what came in and the cumulative collection rate up to that month.
 */
export const duesCollectionWidget: Widget<DuesCollectionData> = {
  key: 'duesCollection',
  permission: 'finance.read',
  events: ['dues.paid', 'invoice.changed', 'invoice.duesRun'],
  async compute({ services, tenant, now }) {
    const db = services.scoped;
    const today = todayIn(tenant.timeZone, now);
    const year = Number(today.slice(0, 4));
    const thisMonth = today.slice(0, 7);
    const from = dayToDate(`${year}-01-01`);
    const to = dayToDate(`${year}-12-31`);
    const invoices = await db.invoice.findMany({
      where: { kind: 'dues', status: { not: 'void' }, dueOn: { gte: from, lte: to } },
      select: { id: true, amountFen: true, paidFen: true, status: true, dueOn: true, payments: { select: { amountFen: true, paidOn: true } } },
    });
    const invoicedFen = invoices.reduce((s, i) => s + i.amountFen, 0);
    const paidFen = invoices.reduce((s, i) => s + i.paidFen, 0);
    const payments = invoices.flatMap((i) => i.payments);
    let cumulative = 0;
    const months = Array.from({ length: 12 }, (_, m) => {
      const month = `${year}-${String(m + 1).padStart(2, '0')}`;
      const collected = payments.filter((p) => dateToDay(p.paidOn).slice(0, 7) === month).reduce((s, p) => s + p.amountFen, 0);
      // Payments made before the year (paid in advance) count in January.
      const early = m === 0 ? payments.filter((p) => dateToDay(p.paidOn) < `${year}-01-01`).reduce((s, p) => s + p.amountFen, 0) : 0;
      cumulative += collected + early;
      const invoiced = invoices.filter((i) => dateToDay(i.dueOn).slice(0, 7) === month).reduce((s, i) => s + i.amountFen, 0);
      // Months still to come have no rate yet.
      const rate = invoicedFen > 0 && month <= thisMonth ? Math.round((cumulative / invoicedFen) * 10_000) / 10_000 : null;
      return { month, invoicedFen: invoiced, paidFen: collected + early, cumulativeRate: rate };
    });
    return {
      year,
      invoicedFen,
      paidFen,
      rate: invoicedFen > 0 ? Math.round((paidFen / invoicedFen) * 10_000) / 10_000 : null,
      unpaidInvoices: invoices.filter((i) => i.status === 'unpaid' || i.status === 'partially_paid').length,
      months,
    };
  },
};
