import { expenseCategories } from '#schema/finance/api.ts';
import type { RequestCtx } from '../../http/routes.ts';
import type { FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { dateToDay, dayToDate, todayIn, tr, yuan } from './common.ts';

export const thisYear = (ctx: Pick<RequestCtx, 'auth'>) => Number(todayIn(ctx.auth.tenant.timeZone).slice(0, 4));

export type PeriodKind = 'month' | 'quarter' | 'year';

/** The period a calendar day (YYYY-MM-DD) falls in. */
export function periodOf(day: string, by: PeriodKind): string {
  if (by === 'year') return day.slice(0, 4);
  if (by === 'month') return day.slice(0, 7);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

export function periodsOf(year: number, by: PeriodKind): string[] {
  if (by === 'year') return [String(year)];
  if (by === 'quarter') return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  return Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`);
}

interface Line {
  category: string;
  label: string;
  amountFen: number;
}

const rate = (paid: number, invoiced: number) => (invoiced > 0 ? Math.round((paid / invoiced) * 10_000) / 10_000 : null);

/**
 * Income and expense of a year by period and category: income is money received (payments, by
 * the day paid) per fee item — dues together — and expense is approved expenses by category (by
 * the day spent). The dues collection rate of a period is what was paid of the dues invoices due
 * in it, over what they asked for (void invoices left out).
 */
export async function statement(ctx: RequestCtx, year: number, by: PeriodKind) {
  const t = tr(ctx.locale);
  const from = dayToDate(`${year}-01-01`);
  const to = dayToDate(`${year}-12-31`);
  const [payments, expenses, dues, fees] = await Promise.all([
    ctx.db.payment.findMany({ where: { paidOn: { gte: from, lte: to } }, select: { amountFen: true, paidOn: true, invoice: { select: { kind: true, feeItemId: true } } } }),
    ctx.db.expense.findMany({ where: { status: 'approved', spentOn: { gte: from, lte: to } }, select: { amountFen: true, spentOn: true, category: true } }),
    ctx.db.invoice.findMany({ where: { kind: 'dues', status: { not: 'void' }, dueOn: { gte: from, lte: to } }, select: { amountFen: true, paidFen: true, dueOn: true } }),
    ctx.db.feeItem.findMany({ select: { id: true, name: true } }),
  ]);
  const incomeCategory = (p: (typeof payments)[number]) =>
    p.invoice.kind === 'dues' ? { category: 'dues', label: t('finance.statement.incomeDues') } : { category: `fee:${p.invoice.feeItemId}`, label: fees.find((f) => f.id === p.invoice.feeItemId)?.name ?? '—' };

  const build = (inPeriod: (day: string) => boolean) => {
    const income = new Map<string, Line>();
    for (const p of payments) {
      if (!inPeriod(dateToDay(p.paidOn))) continue;
      const c = incomeCategory(p);
      const line = income.get(c.category) ?? { ...c, amountFen: 0 };
      line.amountFen += p.amountFen;
      income.set(c.category, line);
    }
    const expense = new Map<string, Line>();
    for (const e of expenses) {
      if (!inPeriod(dateToDay(e.spentOn))) continue;
      const line = expense.get(e.category) ?? { category: e.category, label: t(`finance.expense.categories.${e.category}`), amountFen: 0 };
      line.amountFen += e.amountFen;
      expense.set(e.category, line);
    }
    const d = dues.filter((x) => inPeriod(dateToDay(x.dueOn)));
    const duesInvoicedFen = d.reduce((s, x) => s + x.amountFen, 0);
    const duesPaidFen = d.reduce((s, x) => s + x.paidFen, 0);
    const incomeLines = [...income.values()].sort((a, b) => (a.category === 'dues' ? -1 : b.category === 'dues' ? 1 : a.label.localeCompare(b.label, 'zh-CN')));
    const expenseLines = [...expense.values()].sort((a, b) => expenseCategories.indexOf(a.category as never) - expenseCategories.indexOf(b.category as never));
    const incomeFen = incomeLines.reduce((s, l) => s + l.amountFen, 0);
    const expenseFen = expenseLines.reduce((s, l) => s + l.amountFen, 0);
    return { income: incomeLines, expense: expenseLines, incomeFen, expenseFen, balanceFen: incomeFen - expenseFen, duesInvoicedFen, duesPaidFen, collectionRate: rate(duesPaidFen, duesInvoicedFen) };
  };
  return {
    year,
    by,
    periods: periodsOf(year, by).map((period) => ({ period, ...build((day) => periodOf(day, by) === period) })),
    total: { period: String(year), ...build(() => true) },
  };
}

type Statement = Awaited<ReturnType<typeof statement>>;

/** The statement as a table: one row per line (income by category, expense by category, balance, dues), one column per period and the total. */
function statementRows(s: Statement, t: ReturnType<typeof tr>, asText: boolean) {
  const money = (fen: number) => (asText ? yuan(fen) : fen / 100);
  const pct = (r: number | null) => (r === null ? '—' : asText ? `${(r * 100).toFixed(1)}%` : r);
  const cols = [...s.periods, s.total];
  const lineRow = (label: string, section: 'income' | 'expense', category: string) => [label, ...cols.map((p) => money(p[section].find((l) => l.category === category)?.amountFen ?? 0))];
  const incomeCats = s.total.income;
  const expenseCats = s.total.expense;
  return [
    [t('finance.statement.income'), ...cols.map(() => '')],
    ...incomeCats.map((c) => lineRow(`  ${c.label}`, 'income', c.category)),
    [`${t('finance.statement.income')}${t('finance.statement.total')}`, ...cols.map((p) => money(p.incomeFen))],
    [t('finance.statement.expense'), ...cols.map(() => '')],
    ...expenseCats.map((c) => lineRow(`  ${c.label}`, 'expense', c.category)),
    [`${t('finance.statement.expense')}${t('finance.statement.total')}`, ...cols.map((p) => money(p.expenseFen))],
    [t('finance.statement.balance'), ...cols.map((p) => money(p.balanceFen))],
    [t('finance.statement.duesInvoiced'), ...cols.map((p) => money(p.duesInvoicedFen))],
    [t('finance.statement.duesPaid'), ...cols.map((p) => money(p.duesPaidFen))],
    [t('finance.statement.collectionRate'), ...cols.map((p) => pct(p.collectionRate))],
  ];
}

export async function exportStatement(ctx: RequestCtx, year: number, by: PeriodKind, format: 'xlsx' | 'pdf'): Promise<FileResult> {
  const t = tr(ctx.locale);
  const s = await statement(ctx, year, by);
  const title = t('finance.statement.fileTitle', { tenant: ctx.auth.tenant.name, year });
  const headers = [t('finance.statement.category'), ...s.periods.map((p) => p.period), t('finance.statement.total')];
  const rows = statementRows(s, t, format === 'pdf');
  // The total column is the widest figure of the year: it gets room not to wrap.
  const width = (i: number) => (i === 0 ? 16 : i === headers.length - 1 ? 14 : by === 'month' ? 10 : 14);
  const columns: Column<(string | number)[]>[] = headers.map((header, i) => ({ header, width: width(i), value: (r) => r[i] }));
  const filename = `${t('finance.statement.sheet')}-${year}-${todayIn(ctx.auth.tenant.timeZone)}.${format}`;
  if (format === 'xlsx') return { filename, body: await xlsxTable({ sheet: t('finance.statement.sheet'), title, columns, rows }) };
  return { filename, body: await pdfTable({ title, subtitle: t(`finance.statement.bys.${by}`), columns, rows, landscape: true }) };
}
