import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DuesRunInput, FeeItemInput, InvoiceInput, InvoiceListQuery, PaymentInput } from '#schema/finance/api.ts';
import { Prisma } from '../../db/generated/client.ts';
import { runInTenant, type ScopedTx } from '../../db/tenant-scope.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import type { FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { myMember, renewMember } from '../members/service.ts';
import { dateToDay, dayToDate, invalid, missing, refused, systemCtx, todayIn, tr, yuan } from './common.ts';
import { NotificationRejected, ProviderError, wechatPayFrom, type PaymentProvider } from './wechatpay.ts';

type InvoiceRow = Prisma.InvoiceGetPayload<object>;
type FeeRow = Prisma.FeeItemGetPayload<object>;
type Status = 'unpaid' | 'partially_paid' | 'paid' | 'void';

/** Members on the roll, who are invoiced dues. */
const ON_ROLL = ['active', 'grace'];

// ---- fee items ----

function feeView(f: FeeRow, invoices: number) {
  return {
    id: f.id,
    key: f.key,
    name: f.name,
    kind: f.kind as 'dues',
    amountFen: f.amountFen,
    unit: f.unit,
    basisDocument: f.basisDocument,
    status: f.status as 'draft',
    approval: f.status === 'approved' && f.approvedAt ? { at: f.approvedAt.toISOString(), by: f.approvedByName ?? '', decisionRef: f.decisionRef ?? '' } : null,
    invoices,
    updatedAt: f.updatedAt.toISOString(),
  };
}

export async function listFeeItems(ctx: RequestCtx) {
  const [items, counts] = await Promise.all([
    ctx.db.feeItem.findMany({ orderBy: [{ status: 'asc' }, { key: 'asc' }] }),
    ctx.db.invoice.groupBy({ by: ['feeItemId'], _count: { _all: true } }),
  ]);
  return { items: items.map((f) => feeView(f, counts.find((c) => c.feeItemId === f.id)?._count._all ?? 0)) };
}

async function feeItem(ctx: RequestCtx, id: string) {
  const f = await ctx.db.feeItem.findFirst({ where: { id } });
  if (!f) throw missing(ctx, 'feeEntity');
  return f;
}

/** A new item waits for approval; changing an approved item's standard withdraws its approval. */
export async function saveFeeItem(ctx: RequestCtx, id: string | null, input: z.output<typeof FeeItemInput>) {
  const before = id ? await feeItem(ctx, id) : null;
  const data = { key: input.key, name: input.name, kind: input.kind, amountFen: input.amountFen, unit: input.unit, basisDocument: input.basisDocument };
  const standardChanged = before && (before.amountFen !== input.amountFen || before.unit !== input.unit || before.basisDocument !== input.basisDocument || before.kind !== input.kind);
  const reset = standardChanged ? { status: 'draft', approvedAt: null, approvedById: null, approvedByName: null, decisionRef: null } : {};
  const f = await ctx.write((tx) => (id ? tx.feeItem.update({ where: { id }, data: { ...data, ...reset } }) : tx.feeItem.create({ data: { ...data, tenantId: ctx.auth.tenant.id } })));
  return (await listFeeItems(ctx)).items.find((x) => x.id === f.id)!;
}

/** Records the approval of an item's standard (the decision of the approving body and who recorded it). */
export async function approveFeeItem(ctx: RequestCtx, id: string, decisionRef: string) {
  const f = await feeItem(ctx, id);
  if (f.status === 'approved') throw refused(ctx, 'feeAlreadyApproved');
  await ctx.write((tx) =>
    tx.feeItem.update({ where: { id }, data: { status: 'approved', approvedAt: new Date(), approvedById: ctx.auth.user.id, approvedByName: ctx.auth.user.name, decisionRef } }),
  );
  return (await listFeeItems(ctx)).items.find((x) => x.id === id)!;
}

// ---- invoices ----

function invoiceView(i: InvoiceRow, today: string) {
  const dueOn = dateToDay(i.dueOn);
  return {
    id: i.id,
    number: i.number,
    memberId: i.memberId,
    memberName: i.memberName,
    kind: i.kind as 'dues',
    feeItemId: i.feeItemId,
    period: i.period,
    title: i.title,
    amountFen: i.amountFen,
    paidFen: i.paidFen,
    outstandingFen: i.status === 'void' ? 0 : i.amountFen - i.paidFen,
    status: i.status as Status,
    issuedOn: dateToDay(i.issuedOn),
    dueOn,
    paidOn: i.paidOn ? dateToDay(i.paidOn) : null,
    overdue: (i.status === 'unpaid' || i.status === 'partially_paid') && dueOn < today,
    createdAt: i.createdAt.toISOString(),
  };
}

export async function listInvoices(ctx: RequestCtx, q: z.output<typeof InvoiceListQuery>) {
  const rows = await ctx.db.invoice.findMany({
    where: {
      ...(q.status === 'open' ? { status: { in: ['unpaid', 'partially_paid'] } } : q.status ? { status: q.status } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.memberId ? { memberId: q.memberId } : {}),
      ...(q.period ? { period: q.period } : {}),
    },
    orderBy: [{ dueOn: 'desc' }, { number: 'desc' }],
    take: 1000,
  });
  const today = todayIn(ctx.auth.tenant.timeZone);
  return { items: rows.map((r) => invoiceView(r, today)) };
}

/** The invoice list as a ledger (台账) in XLSX or PDF, with the list's filters. */
export async function exportInvoices(ctx: RequestCtx, q: z.output<typeof InvoiceListQuery>, format: 'xlsx' | 'pdf'): Promise<FileResult> {
  const t = tr(ctx.locale);
  const { items } = await listInvoices(ctx, q);
  type Row = (typeof items)[number];
  const money = (fen: number) => (format === 'xlsx' ? fen / 100 : yuan(fen));
  const columns: Column<Row>[] = [
    { header: t('finance.invoice.number'), width: 11, value: (r) => r.number },
    { header: t('finance.invoice.member'), width: 24, value: (r) => r.memberName },
    { header: t('finance.invoice.item'), width: 24, value: (r) => r.title },
    { header: t('finance.invoice.amount'), width: 12, value: (r) => money(r.amountFen) },
    { header: t('finance.invoice.paid'), width: 12, value: (r) => money(r.paidFen) },
    { header: t('finance.invoice.outstanding'), width: 12, value: (r) => money(r.outstandingFen) },
    { header: t('finance.invoice.dueOn'), width: 11, value: (r) => r.dueOn },
    { header: t('finance.invoice.paidOn'), width: 11, value: (r) => r.paidOn ?? '' },
    { header: t('finance.invoice.status'), width: 9, value: (r) => t(`finance.invoice.statuses.${r.status}`) },
  ];
  const title = t('finance.invoice.fileTitle', { tenant: ctx.auth.tenant.name });
  const filename = `${t('finance.invoice.ledger')}-${todayIn(ctx.auth.tenant.timeZone)}.${format}`;
  if (format === 'xlsx') return { filename, body: await xlsxTable({ sheet: t('finance.invoice.ledger'), title, columns, rows: items }) };
  return { filename, body: await pdfTable({ title, columns, rows: items, landscape: true }) };
}

export async function getInvoice(ctx: RequestCtx, id: string) {
  const i = await ctx.db.invoice.findFirst({ where: { id }, include: { payments: { orderBy: { createdAt: 'asc' } } } });
  if (!i) throw missing(ctx, 'invoiceEntity');
  const order = await ctx.db.paymentOrder.findFirst({ where: { invoiceId: id, status: 'created' }, orderBy: { createdAt: 'desc' } });
  const userIds = [...new Set(i.payments.map((p) => p.recordedById).filter((x): x is string => !!x))];
  const users = userIds.length ? await ctx.services.db.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  return {
    ...invoiceView(i, todayIn(ctx.auth.tenant.timeZone)),
    voidReason: i.voidReason,
    payments: i.payments.map((p) => ({
      id: p.id,
      amountFen: p.amountFen,
      method: p.method as 'cash',
      reference: p.reference,
      paidOn: dateToDay(p.paidOn),
      recordedBy: users.find((u) => u.id === p.recordedById)?.name ?? null,
      createdAt: p.createdAt.toISOString(),
    })),
    onlineOrder: order && i.status !== 'paid' && i.status !== 'void' ? { outTradeNo: order.outTradeNo, codeUrl: order.codeUrl, status: order.status } : null,
  };
}

/** Takes `count` running numbers for invoices issued in `year` (2027-0001, …), in the caller's transaction. */
async function nextNumbers(tx: ScopedTx, tenantId: string, year: string, count: number): Promise<string[]> {
  const name = `invoice:${year}`;
  const [row] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "FinanceSequence" ("tenantId", "name", "value") VALUES (${tenantId}, ${name}, ${count})
    ON CONFLICT ("tenantId", "name") DO UPDATE SET "value" = "FinanceSequence"."value" + EXCLUDED."value"
    RETURNING "value"`;
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => `${year}-${String(last - count + 1 + i).padStart(4, '0')}`);
}

/** Keeps a refused charge (an unapproved fee item): the record compliance's alert links to. */
function recordRefusal(ctx: RequestCtx, f: FeeRow, c: { memberId: string | null; memberName: string | null; title: string; amountFen: number }) {
  return ctx.write((tx) => tx.refusedCharge.create({ data: { tenantId: f.tenantId, feeItemId: f.id, feeItemName: f.name, ...c, actorId: ctx.auth.user.id } }));
}

function refusalView(r: Prisma.RefusedChargeGetPayload<object>, actor: string | null) {
  return { id: r.id, feeItemId: r.feeItemId, feeItemName: r.feeItemName, memberId: r.memberId, memberName: r.memberName, title: r.title, amountFen: r.amountFen, by: actor, at: r.createdAt.toISOString() };
}

async function actorNames(ctx: RequestCtx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  return wanted.length ? await ctx.services.db.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }) : [];
}

/** Charges refused because their fee item was not approved, newest first. */
export async function listRefusals(ctx: RequestCtx) {
  const rows = await ctx.db.refusedCharge.findMany({ orderBy: { createdAt: 'desc' }, take: 100 });
  const users = await actorNames(ctx, rows.map((r) => r.actorId));
  return { items: rows.map((r) => refusalView(r, users.find((u) => u.id === r.actorId)?.name ?? null)) };
}

export async function getRefusal(ctx: RequestCtx, id: string) {
  const r = await ctx.db.refusedCharge.findFirst({ where: { id } });
  if (!r) throw missing(ctx, 'refusalEntity');
  const users = await actorNames(ctx, [r.actorId]);
  return refusalView(r, users[0]?.name ?? null);
}

function announceCharge(s: Services, f: FeeRow, id: string, amountFen: number, memberId: string | null, actorId: string | null, title: string) {
  s.events.publish('fee.charged', { tenantId: f.tenantId, id, feeItemId: f.id, feeItemKey: f.key, title, feeItemApproved: f.status === 'approved', amountFen, memberId, actorId });
}

/**
 * Charges a member against a fee item. An item that is not approved cannot be charged: the
 * charge is refused, and the attempt is published (fee.charged, feeItemApproved=false) so that
 * the compliance rule on unapproved fees raises an alert.
 */
export async function createInvoice(ctx: RequestCtx, input: z.output<typeof InvoiceInput>) {
  const f = await feeItem(ctx, input.feeItemId);
  const member = await ctx.db.member.findFirst({ where: { id: input.memberId }, include: { level: true } });
  if (!member) throw invalid(ctx, 'body.memberId', 'memberNotEligible', { name: input.memberId, status: '—' });
  const amountFen = (f.kind === 'dues' ? member.level.duesFen : f.amountFen) * input.quantity;
  const title = input.title || (input.quantity > 1 ? `${f.name} × ${input.quantity}` : f.name);
  if (f.status !== 'approved') {
    const r = await recordRefusal(ctx, f, { memberId: member.id, memberName: member.name, title, amountFen });
    announceCharge(ctx.services, f, r.id, amountFen, member.id, ctx.auth.user.id, `${member.name}：${title}`);
    throw refused(ctx, 'feeNotApproved', { name: f.name });
  }
  const today = todayIn(ctx.auth.tenant.timeZone);
  const invoice = await ctx.write(async (tx) => {
    const [number] = await nextNumbers(tx, ctx.auth.tenant.id, today.slice(0, 4), 1);
    return tx.invoice.create({
      data: {
        tenantId: ctx.auth.tenant.id,
        number,
        memberId: member.id,
        memberName: member.name,
        kind: f.kind === 'dues' ? 'dues' : 'other',
        feeItemId: f.id,
        title,
        amountFen,
        issuedOn: dayToDate(today),
        dueOn: dayToDate(input.dueOn),
        createdById: ctx.auth.user.id,
      },
    });
  });
  announceCharge(ctx.services, f, invoice.id, amountFen, member.id, ctx.auth.user.id, `${member.name}：${title}`);
  ctx.services.events.publish('invoice.changed', { tenantId: invoice.tenantId, invoiceId: invoice.id, kind: invoice.kind as 'dues', status: 'unpaid', actorId: ctx.auth.user.id });
  return getInvoice(ctx, invoice.id);
}

async function approvedDuesItem(ctx: RequestCtx) {
  return (
    (await ctx.db.feeItem.findFirst({ where: { kind: 'dues', status: 'approved' }, orderBy: { approvedAt: 'desc' } })) ??
    (await ctx.db.feeItem.findFirst({ where: { kind: 'dues' }, orderBy: { updatedAt: 'desc' } }))
  );
}

const onRoll = (db: RequestCtx['db'] | ScopedTx) => db.member.findMany({ where: { status: { in: ON_ROLL } }, include: { level: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });

/** Who a dues run for the period would invoice: members on the roll with dues and no dues invoice for it yet. */
export async function previewDuesRun(ctx: RequestCtx, period: string) {
  const [item, members, invoiced] = await Promise.all([
    approvedDuesItem(ctx),
    onRoll(ctx.db),
    ctx.db.invoice.findMany({ where: { kind: 'dues', period }, select: { memberId: true } }),
  ]);
  const done = new Set(invoiced.map((i) => i.memberId));
  const due = members.filter((m) => m.level.duesFen > 0 && !done.has(m.id));
  return {
    period,
    feeItem: item ? { id: item.id, name: item.name, status: item.status as 'draft' } : null,
    members: due.map((m) => ({ memberId: m.id, name: m.name, level: m.level.name, amountFen: m.level.duesFen })),
    totalFen: due.reduce((s, m) => s + m.level.duesFen, 0),
    alreadyInvoiced: members.filter((m) => done.has(m.id)).length,
  };
}

/**
 * Issues the dues invoices of a period in ONE transaction: every member named (or, without names,
 * every member on the roll not yet invoiced for the period) gets its invoice, or none does — a
 * member invoiced meanwhile by someone else rolls the whole run back.
 */
export async function runDues(ctx: RequestCtx, input: z.output<typeof DuesRunInput>) {
  const item = await approvedDuesItem(ctx);
  if (!item) throw refused(ctx, 'duesItemMissing');
  if (item.status !== 'approved') {
    const r = await recordRefusal(ctx, item, { memberId: null, memberName: null, title: `${input.period} ${item.name}`, amountFen: 0 });
    announceCharge(ctx.services, item, r.id, 0, null, ctx.auth.user.id, `${input.period} ${item.name}`);
    throw refused(ctx, 'feeNotApproved', { name: item.name });
  }
  const tenantId = ctx.auth.tenant.id;
  const today = todayIn(ctx.auth.tenant.timeZone);
  let created: InvoiceRow[];
  try {
    created = await ctx.write(async (tx) => {
      const roll = await onRoll(tx);
      let targets;
      if (input.memberIds) {
        const wanted = new Set(input.memberIds);
        const all = await tx.member.findMany({ where: { id: { in: [...wanted] } }, include: { level: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
        const bad = all.find((m) => !ON_ROLL.includes(m.status)) ?? (all.length < wanted.size ? { name: [...wanted].find((id) => !all.some((m) => m.id === id))!, status: '—' } : null);
        if (bad) throw invalid(ctx, 'body.memberIds', 'memberNotEligible', { name: bad.name, status: bad.status === '—' ? '—' : tr(ctx.locale)(`members.status.${bad.status}`) });
        targets = all;
      } else {
        const done = new Set((await tx.invoice.findMany({ where: { kind: 'dues', period: input.period }, select: { memberId: true } })).map((i) => i.memberId));
        targets = roll.filter((m) => !done.has(m.id));
      }
      targets = targets.filter((m) => m.level.duesFen > 0);
      if (!targets.length) throw refused(ctx, 'nothingToInvoice');
      const numbers = await nextNumbers(tx, tenantId, today.slice(0, 4), targets.length);
      const rows: InvoiceRow[] = [];
      for (const [i, m] of targets.entries()) {
        try {
          rows.push(
            await tx.invoice.create({
              data: {
                tenantId,
                number: numbers[i],
                memberId: m.id,
                memberName: m.name,
                kind: 'dues',
                feeItemId: item.id,
                period: input.period,
                title: `${input.period} 年度会费（${m.level.name}）`,
                amountFen: m.level.duesFen,
                issuedOn: dayToDate(today),
                dueOn: dayToDate(input.dueOn),
                createdById: ctx.auth.user.id,
              },
            }),
          );
        } catch (err) {
          // Already invoiced for the period (by a run or a clerk meanwhile): the whole run rolls back.
          if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw refused(ctx, 'duesAlreadyInvoiced', { name: m.name });
          throw err;
        }
      }
      return rows;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw refused(ctx, 'duesAlreadyInvoiced', { name: '' });
    throw err;
  }
  const s = ctx.services;
  s.events.publish('invoice.duesRun', { tenantId, period: input.period, count: created.length, actorId: ctx.auth.user.id });
  for (const inv of created) announceCharge(s, item, inv.id, inv.amountFen, inv.memberId, ctx.auth.user.id, `${inv.memberName}：${inv.title}`);
  return { period: input.period, created: created.length, totalFen: created.reduce((sum, i) => sum + i.amountFen, 0) };
}

export async function voidInvoice(ctx: RequestCtx, id: string, reason: string) {
  const i = await ctx.db.invoice.findFirst({ where: { id } });
  if (!i) throw missing(ctx, 'invoiceEntity');
  if (i.paidFen > 0) throw refused(ctx, 'voidPaid');
  if (i.status === 'void') return getInvoice(ctx, id);
  await ctx.write(async (tx) => {
    const r = await tx.invoice.updateMany({ where: { id, paidFen: 0, status: i.status }, data: { status: 'void', voidReason: reason } });
    if (r.count !== 1) throw refused(ctx, 'changedMeanwhile');
    await tx.paymentOrder.updateMany({ where: { invoiceId: id, status: 'created' }, data: { status: 'closed' } });
  });
  ctx.services.events.publish('invoice.changed', { tenantId: i.tenantId, invoiceId: id, kind: i.kind as 'dues', status: 'void', actorId: ctx.auth.user.id });
  return getInvoice(ctx, id);
}

// ---- payments ----

interface NewPayment {
  amountFen: number;
  method: 'bank_transfer' | 'cash' | 'wechat_pay';
  reference: string;
  paidOn: string;
  providerTxnId?: string;
}

/**
 * Adds a payment to an invoice: unpaid → partially paid → paid. The invoice changes only from the
 * state read (two clerks recording at once cannot both count), so the transition to paid — and
 * its dues.paid event — happens once. Paid dues renew the member's term (members' own service).
 */
async function applyPayment(ctx: RequestCtx, id: string, p: NewPayment) {
  const i = await ctx.db.invoice.findFirst({ where: { id } });
  if (!i) throw missing(ctx, 'invoiceEntity');
  if (i.status === 'paid' || i.status === 'void') throw refused(ctx, 'invoiceClosed', { status: tr(ctx.locale)(`finance.invoice.statuses.${i.status}`) });
  const outstanding = i.amountFen - i.paidFen;
  if (p.amountFen > outstanding) throw invalid(ctx, 'body.amountFen', 'overpaid', { outstanding: yuan(outstanding) });
  const paidFen = i.paidFen + p.amountFen;
  const status: Status = paidFen === i.amountFen ? 'paid' : 'partially_paid';
  const actorId = ctx.auth.user.id ?? null;
  await ctx.write(async (tx) => {
    const r = await tx.invoice.updateMany({ where: { id, paidFen: i.paidFen, status: i.status }, data: { paidFen, status, paidOn: status === 'paid' ? dayToDate(p.paidOn) : null } });
    if (r.count !== 1) throw refused(ctx, 'changedMeanwhile');
    await tx.payment.create({ data: { tenantId: i.tenantId, invoiceId: id, amountFen: p.amountFen, method: p.method, reference: p.reference, paidOn: dayToDate(p.paidOn), providerTxnId: p.providerTxnId ?? null, recordedById: actorId } });
    if (status === 'paid') await tx.paymentOrder.updateMany({ where: { invoiceId: id, status: 'created' }, data: { status: p.method === 'wechat_pay' ? 'paid' : 'closed', paidAt: new Date() } });
  });
  const s = ctx.services;
  s.events.publish('invoice.changed', { tenantId: i.tenantId, invoiceId: id, kind: i.kind as 'dues', status, actorId });
  if (status === 'paid' && i.kind === 'dues') {
    const dueOn = dateToDay(i.dueOn);
    s.events.publish('dues.paid', { tenantId: i.tenantId, memberId: i.memberId, invoiceId: id, amountFen: i.amountFen, dueOn, paidOn: p.paidOn, onTime: p.paidOn <= dueOn, actorId });
    try {
      await renewMember(ctx, i.memberId, 1);
    } catch (err) {
      // A suspended or withdrawn member is not renewed; the payment stands.
      logger.info({ err, memberId: i.memberId, invoiceId: id }, 'dues paid, membership not renewed');
    }
  }
  return getInvoice(ctx, id);
}

export async function recordPayment(ctx: RequestCtx, id: string, input: z.output<typeof PaymentInput>) {
  return applyPayment(ctx, id, input);
}

// ---- online payment (WeChat Pay Native) ----

export function paymentProvider(s: Services): PaymentProvider | null {
  return wechatPayFrom(s.config);
}

export const notifyPath = '/api/v1/finance/payments/wechat-pay/notify';

/** Creates (or reuses) a WeChat Pay order for what is still owed, and its QR code. */
export async function createOnlineOrder(ctx: RequestCtx, id: string) {
  const i = await ctx.db.invoice.findFirst({ where: { id } });
  if (!i) throw missing(ctx, 'invoiceEntity');
  const provider = paymentProvider(ctx.services);
  if (!provider) throw refused(ctx, 'providerNotConfigured');
  if (i.status === 'paid' || i.status === 'void') throw refused(ctx, 'invoiceClosed', { status: tr(ctx.locale)(`finance.invoice.statuses.${i.status}`) });
  const amountFen = i.amountFen - i.paidFen;
  const existing = await ctx.db.paymentOrder.findFirst({ where: { invoiceId: id, status: 'created', amountFen }, orderBy: { createdAt: 'desc' } });
  let order = existing?.codeUrl ? existing : null;
  if (!order) {
    // out_trade_no: 6–32 letters and digits, unique across associations.
    const outTradeNo = `XH${Date.now().toString(36).toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`;
    await ctx.write((tx) => tx.paymentOrder.create({ data: { tenantId: i.tenantId, invoiceId: id, outTradeNo, amountFen } }));
    let codeUrl: string;
    try {
      ({ codeUrl } = await provider.createOrder({ outTradeNo, amountFen, description: `${ctx.auth.tenant.name}-${i.title}`, notifyUrl: ctx.services.config.PUBLIC_URL + notifyPath }));
    } catch (err) {
      await ctx.write((tx) => tx.paymentOrder.updateMany({ where: { outTradeNo }, data: { status: 'closed' } }));
      throw refused(ctx, 'providerFailed', { reason: err instanceof ProviderError ? err.message : 'error' });
    }
    order = await ctx.write((tx) => tx.paymentOrder.update({ where: { outTradeNo }, data: { codeUrl } }));
  }
  const { default: QRCode } = await import('qrcode');
  const qrSvg = await QRCode.toString(order.codeUrl!, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { outTradeNo: order.outTradeNo, codeUrl: order.codeUrl!, qrSvg };
}

export type NotificationOutcome = { status: 200 | 204 } | { status: 400 | 401 | 404 | 500; message: string };

/**
 * A payment notification from WeChat Pay. Only a genuine one (platform signature, fresh time,
 * decryptable with our API v3 key, our merchant) changes anything; the provider's transaction id
 * is recorded once, so a notification delivered again is acknowledged without a second payment.
 */
export async function handleWechatNotification(s: Services, headers: Record<string, string | string[] | undefined>, rawBody: Buffer | undefined): Promise<NotificationOutcome> {
  const provider = paymentProvider(s);
  if (!provider) return { status: 404, message: 'online payment not configured' };
  // The raw bytes are kept only for requests carrying Wechatpay-Signature: without it, unsigned.
  if (!rawBody) return { status: 401, message: '签名验证失败' };
  let notice;
  try {
    notice = provider.parseNotification(headers, rawBody);
  } catch (err) {
    if (err instanceof NotificationRejected) {
      logger.warn({ reason: err.message }, 'WeChat Pay notification rejected');
      return { status: 401, message: '签名验证失败' };
    }
    throw err;
  }
  if (notice.tradeState !== 'SUCCESS') return { status: 204 };
  // The order names its association: looked up across associations, then handled inside it.
  const order = await s.db.prisma.paymentOrder.findUnique({ where: { outTradeNo: notice.outTradeNo } });
  if (!order) return { status: 404, message: 'unknown order' };
  if (order.amountFen !== notice.amountFen) {
    logger.error({ outTradeNo: order.outTradeNo, expected: order.amountFen, got: notice.amountFen }, 'WeChat Pay amount differs from the order');
    return { status: 400, message: 'amount mismatch' };
  }
  const tenant = await s.db.prisma.tenant.findUnique({ where: { id: order.tenantId }, select: { id: true, slug: true, name: true, nameEn: true, timeZone: true } });
  if (!tenant) return { status: 404, message: 'unknown order' };
  return runInTenant({ tenantId: tenant.id, actorId: null, requestId: `wechatpay:${notice.transactionId}` }, async () => {
    if (await s.scoped.payment.findFirst({ where: { providerTxnId: notice.transactionId } })) return { status: 200 as const };
    const ctx = systemCtx(s, tenant);
    const paidOn = todayIn(tenant.timeZone, notice.successTime ? new Date(notice.successTime) : new Date());
    try {
      await applyPayment(ctx, order.invoiceId, { amountFen: notice.amountFen, method: 'wechat_pay', reference: notice.transactionId, paidOn, providerTxnId: notice.transactionId });
    } catch (err) {
      // The same transaction delivered twice at once: the unique id (or the invoice's state) lets one through.
      if (await s.scoped.payment.findFirst({ where: { providerTxnId: notice.transactionId } })) return { status: 200 as const };
      logger.error({ err, outTradeNo: order.outTradeNo }, 'WeChat Pay payment not applied');
      return { status: 500 as const, message: 'not applied' };
    }
    return { status: 200 as const };
  });
}

// ---- member self-service ----

/** The invoices of the caller's own member company (none when the account is not a member's). */
export async function myInvoices(ctx: RequestCtx) {
  const me = await myMember(ctx);
  if (!me) return { member: null, items: [], online: paymentProvider(ctx.services) !== null };
  const rows = await ctx.db.invoice.findMany({ where: { memberId: me.id, status: { not: 'void' } }, orderBy: [{ dueOn: 'desc' }, { number: 'desc' }], take: 200 });
  const today = todayIn(ctx.auth.tenant.timeZone);
  return { member: { id: me.id, name: me.name }, items: rows.map((r) => invoiceView(r, today)), online: paymentProvider(ctx.services) !== null };
}

/** A member company pays one of its own invoices online: the same order and QR code as finance gets. */
export async function myOnlineOrder(ctx: RequestCtx, id: string) {
  const me = await myMember(ctx);
  const i = me ? await ctx.db.invoice.findFirst({ where: { id, memberId: me.id }, select: { id: true } }) : null;
  if (!i) throw missing(ctx, 'invoiceEntity');
  return createOnlineOrder(ctx, id);
}
