// 廉政: the integrity-risk ledger, entries about member companies (→ integrity.entry.recorded for
// the credit archive), part-time declarations with approval, and payments to the association's
// people from outside (→ parttime.payment.recorded for the compliance rules).
import type { z } from 'zod';
import { translator } from '#schema/i18n/index.ts';
import type { DecisionInput, DeclarationInput, EntryInput, EntryListQuery, PaymentInput, RiskPointInput } from '#schema/integrity/api.ts';
import { can } from '#schema/permissions.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { todayIn } from '../members/dates.ts';
import type { FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';

type Level = 'low' | 'medium' | 'high';
type Severity = 'low' | 'medium' | 'high' | 'critical';
type EntryKind = 'violation' | 'complaint' | 'award' | 'compliance';
type DeclStatus = 'pending' | 'approved' | 'rejected';

export const MAX_FILE_BYTES = 700 * 1024;
const t = (ctx: RequestCtx) => translator(ctx.locale);
const missing = (ctx: RequestCtx, key: string) => notFound(t(ctx)(`integrity.${key}`));
function fieldError(ctx: RequestCtx, path: string, key: string) {
  return new ApiError('validation_failed', {}, [{ path, code: 'custom', message: t(ctx)(`integrity.errors.${key}`) }]);
}
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const asDate = (day: string) => new Date(`${day}T00:00:00.000Z`);

async function userNames(ctx: RequestCtx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const rows = wanted.length ? await ctx.services.db.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }) : [];
  return new Map(rows.map((u) => [u.id, u.name]));
}
async function memberNames(ctx: RequestCtx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const rows = wanted.length ? await ctx.db.member.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }) : [];
  return new Map(rows.map((m) => [m.id, m.name]));
}
async function memberOrFail(ctx: RequestCtx, id: string, path: string) {
  const m = await ctx.db.member.findFirst({ where: { id }, select: { id: true, name: true } });
  if (!m) throw fieldError(ctx, path, 'unknownMember');
  return m;
}

// ---- 廉政风险台账 ----

type RiskRow = Prisma.IntegrityRiskPointGetPayload<object>;
function riskView(r: RiskRow, today: string) {
  const reviewOn = dayOf(r.reviewOn);
  return { id: r.id, department: r.department, post: r.post, title: r.title, level: r.level as Level, description: r.description, measures: r.measures, owner: r.owner, reviewOn, reviewDue: reviewOn < today, updatedAt: r.updatedAt.toISOString() };
}
const levelRank: Record<string, number> = { high: 0, medium: 1, low: 2 };

export async function listRisks(ctx: RequestCtx) {
  const rows = await ctx.db.integrityRiskPoint.findMany({ orderBy: [{ department: 'asc' }, { post: 'asc' }], take: 1000 });
  rows.sort((a, b) => a.department.localeCompare(b.department, 'zh-CN') || levelRank[a.level] - levelRank[b.level]);
  const today = todayIn(ctx.auth.tenant.timeZone);
  return { items: rows.map((r) => riskView(r, today)) };
}

export async function saveRisk(ctx: RequestCtx, id: string | null, input: z.output<typeof RiskPointInput>) {
  const data = { ...input, reviewOn: asDate(input.reviewOn) };
  const row = await ctx.write(async (tx) => {
    if (!id) return tx.integrityRiskPoint.create({ data: { ...data, tenantId: ctx.auth.tenant.id } });
    const r = await tx.integrityRiskPoint.updateMany({ where: { id }, data });
    if (r.count !== 1) throw missing(ctx, 'riskEntity');
    return tx.integrityRiskPoint.findFirstOrThrow({ where: { id } });
  });
  return riskView(row, todayIn(ctx.auth.tenant.timeZone));
}

/** The risk ledger (廉政风险台账) as XLSX or PDF, as associations file and print it. */
export async function exportRisks(ctx: RequestCtx, format: 'xlsx' | 'pdf'): Promise<FileResult> {
  const tr = t(ctx);
  const { items } = await listRisks(ctx);
  type Row = (typeof items)[number];
  const columns: Column<Row>[] = [
    { header: tr('integrity.fields.department'), width: 12, value: (r) => r.department },
    { header: tr('integrity.fields.post'), width: 12, value: (r) => r.post },
    { header: tr('integrity.fields.title'), width: 18, value: (r) => r.title },
    { header: tr('integrity.fields.level'), width: 8, value: (r) => tr(`integrity.level.${r.level}`) },
    { header: tr('integrity.fields.description'), width: 30, value: (r) => r.description },
    { header: tr('integrity.fields.measures'), width: 36, value: (r) => r.measures },
    { header: tr('integrity.fields.owner'), width: 10, value: (r) => r.owner },
    { header: tr('integrity.fields.reviewOn'), width: 12, value: (r) => r.reviewOn },
  ];
  const sheet = tr('integrity.sheet');
  const title = `${ctx.auth.tenant.name} · ${sheet}`;
  const stamp = todayIn(ctx.auth.tenant.timeZone);
  return format === 'xlsx'
    ? { filename: `${sheet}-${stamp}.xlsx`, body: await xlsxTable({ sheet, title, columns, rows: items }) }
    : { filename: `${sheet}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows: items, landscape: true }) };
}

// ---- entries about member companies ----

type EntryRow = Prisma.IntegrityEntryGetPayload<object>;
async function entryViews(ctx: RequestCtx, rows: EntryRow[]) {
  const members = await memberNames(ctx, rows.map((r) => r.memberId));
  const fileIds = rows.map((r) => r.evidenceFileId).filter((x): x is string => !!x);
  const fileRows = fileIds.length ? await ctx.db.integrityFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, name: true, contentType: true } }) : [];
  const files = new Map(fileRows.map((f) => [f.id, f]));
  return rows.map((r) => {
    const f = r.evidenceFileId ? files.get(r.evidenceFileId) : undefined;
    return {
      id: r.id,
      memberId: r.memberId,
      memberName: members.get(r.memberId) ?? '',
      kind: r.kind as EntryKind,
      title: r.title,
      severity: r.severity as Severity | null,
      evidence: r.evidence,
      file: f ? { name: f.name, contentType: f.contentType } : null,
      occurredOn: dayOf(r.occurredOn),
      createdAt: r.createdAt.toISOString(),
    };
  });
}

export async function listEntries(ctx: RequestCtx, q: z.output<typeof EntryListQuery>) {
  const rows = await ctx.db.integrityEntry.findMany({ where: { ...(q.memberId ? { memberId: q.memberId } : {}), ...(q.kind ? { kind: q.kind } : {}) }, orderBy: [{ occurredOn: 'desc' }, { createdAt: 'desc' }], take: 500 });
  return { items: await entryViews(ctx, rows) };
}

export async function recordEntry(ctx: RequestCtx, input: z.output<typeof EntryInput>) {
  if (input.kind !== 'award' && !input.severity) throw fieldError(ctx, 'body.severity', 'severityRequired');
  await memberOrFail(ctx, input.memberId, 'body.memberId');
  const content = input.file ? Buffer.from(input.file.data, 'base64') : null;
  if (content && content.length > MAX_FILE_BYTES) throw fieldError(ctx, 'body.file.data', 'fileTooLarge');
  const entry = await ctx.write(async (tx) => {
    const file = input.file && content ? await tx.integrityFile.create({ data: { tenantId: ctx.auth.tenant.id, name: input.file.name, contentType: input.file.contentType, size: content.length, content, uploadedById: ctx.auth.user.id } }) : null;
    return tx.integrityEntry.create({
      data: { tenantId: ctx.auth.tenant.id, memberId: input.memberId, kind: input.kind, title: input.title, severity: input.kind === 'award' ? null : (input.severity ?? null), evidence: input.evidence, evidenceFileId: file?.id ?? null, occurredOn: asDate(input.occurredOn), createdById: ctx.auth.user.id },
    });
  });
  // The credit archive (another module) turns this into a credit entry.
  ctx.services.events.publish('integrity.entry.recorded', {
    tenantId: entry.tenantId,
    entryId: entry.id,
    memberId: entry.memberId,
    kind: entry.kind as EntryKind,
    title: entry.title,
    severity: entry.severity as Severity | null,
    at: entry.createdAt.toISOString(),
    actorId: ctx.auth.user.id,
  });
  return (await entryViews(ctx, [entry]))[0];
}

export async function entryFile(ctx: RequestCtx, id: string) {
  const e = await ctx.db.integrityEntry.findFirst({ where: { id }, select: { evidenceFileId: true } });
  const f = e?.evidenceFileId ? await ctx.db.integrityFile.findFirst({ where: { id: e.evidenceFileId } }) : null;
  if (!f) throw missing(ctx, 'entryEntity');
  return f;
}

// ---- 兼职申报 ----

type DeclRow = Prisma.PartTimeDeclarationGetPayload<object>;
async function declarationViews(ctx: RequestCtx, rows: DeclRow[]) {
  const users = await userNames(ctx, [...rows.map((r) => r.userId), ...rows.map((r) => r.reviewedById)]);
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    userName: users.get(r.userId) ?? '',
    role: r.role,
    organisation: r.organisation,
    position: r.position,
    payerMemberId: r.payerMemberId,
    isMember: !!r.payerMemberId,
    paid: r.paid,
    amountFen: r.amountFen,
    startOn: dayOf(r.startOn),
    status: r.status as DeclStatus,
    reviewComment: r.reviewComment,
    reviewedBy: r.reviewedById ? (users.get(r.reviewedById) ?? null) : null,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Reviewers and the integrity ledger's readers see every declaration; a declarant sees their own. */
export async function listDeclarations(ctx: RequestCtx) {
  const all = can(ctx.auth.role, 'parttime.review') || can(ctx.auth.role, 'integrity.read');
  const rows = await ctx.db.partTimeDeclaration.findMany({ where: all ? {} : { userId: ctx.auth.user.id }, orderBy: { createdAt: 'desc' }, take: 500 });
  // Waiting ones first.
  rows.sort((a, b) => Number(a.status !== 'pending') - Number(b.status !== 'pending'));
  return { items: await declarationViews(ctx, rows) };
}

/** What a declaration states, checked: the member company exists, and paid positions name their pay. */
async function declared(ctx: RequestCtx, input: z.output<typeof DeclarationInput>) {
  if (input.payerMemberId) await memberOrFail(ctx, input.payerMemberId, 'body.payerMemberId');
  if (input.paid && input.amountFen == null) throw fieldError(ctx, 'body.amountFen', 'amountRequired');
  return { organisation: input.organisation, position: input.position, payerMemberId: input.payerMemberId ?? null, paid: input.paid, amountFen: input.paid ? (input.amountFen ?? null) : null, startOn: asDate(input.startOn), role: ctx.auth.role };
}

/** Tells the reviewers (not the declarant) that a declaration waits for them. */
async function askReviewers(ctx: RequestCtx, row: DeclRow, what: string) {
  const reviewers = await ctx.db.membership.findMany({ where: { role: { in: ['party', 'secretariat'] }, userId: { not: ctx.auth.user.id } }, select: { userId: true } });
  await ctx.services.notify({ tenantId: ctx.auth.tenant.id, userIds: reviewers.map((r) => r.userId), kind: 'parttime.declared', title: `${what}：${ctx.auth.user.name}`, body: `${ctx.auth.user.name} 申报在 ${row.organisation} 担任 ${row.position}。`, link: '/compliance/integrity/declarations' });
}

export async function declare(ctx: RequestCtx, input: z.output<typeof DeclarationInput>) {
  const data = await declared(ctx, input);
  const row = await ctx.write((tx) => tx.partTimeDeclaration.create({ data: { tenantId: ctx.auth.tenant.id, userId: ctx.auth.user.id, ...data } }));
  await askReviewers(ctx, row, '兼职申报待审批');
  return (await declarationViews(ctx, [row]))[0];
}

/**
 * The declarant corrects their own declaration while it waits, or answers a rejection: either way
 * it goes (back) to the reviewers as pending, its earlier decision cleared. An approved one stays
 * as approved; a changed position is a new declaration.
 */
export async function amend(ctx: RequestCtx, id: string, input: z.output<typeof DeclarationInput>) {
  const d = await ctx.db.partTimeDeclaration.findFirst({ where: { id } });
  if (!d) throw missing(ctx, 'declarationEntity');
  if (d.userId !== ctx.auth.user.id) throw new ApiError('forbidden', {}, { reason: t(ctx)('integrity.errors.notYourDeclaration') });
  const data = await declared(ctx, input);
  const row = await ctx.write(async (tx) => {
    // Decided meanwhile (approved): refused, never overwritten.
    const r = await tx.partTimeDeclaration.updateMany({ where: { id, status: { in: ['pending', 'rejected'] } }, data: { ...data, status: 'pending', reviewComment: null, reviewedById: null, reviewedAt: null } });
    if (r.count !== 1) throw new ApiError('conflict', {}, { reason: t(ctx)('integrity.errors.approvedFixed') });
    return tx.partTimeDeclaration.findFirstOrThrow({ where: { id } });
  });
  await askReviewers(ctx, row, d.status === 'rejected' ? '兼职申报已修改，重新提交审批' : '兼职申报已修改，待审批');
  return (await declarationViews(ctx, [row]))[0];
}

export async function decide(ctx: RequestCtx, id: string, input: z.output<typeof DecisionInput>) {
  const d = await ctx.db.partTimeDeclaration.findFirst({ where: { id } });
  if (!d) throw missing(ctx, 'declarationEntity');
  if (d.userId === ctx.auth.user.id) throw new ApiError('conflict', {}, { reason: t(ctx)('integrity.errors.ownDeclaration') });
  if (input.decision === 'rejected' && !input.comment) throw fieldError(ctx, 'body.comment', 'commentRequired');
  const row = await ctx.write(async (tx) => {
    const r = await tx.partTimeDeclaration.updateMany({ where: { id, status: 'pending' }, data: { status: input.decision, reviewComment: input.comment || null, reviewedById: ctx.auth.user.id, reviewedAt: new Date() } });
    if (r.count !== 1) throw new ApiError('conflict', {}, { reason: t(ctx)('integrity.errors.notPending') });
    return tx.partTimeDeclaration.findFirstOrThrow({ where: { id } });
  });
  await ctx.services.notify({ tenantId: ctx.auth.tenant.id, userIds: [row.userId], kind: 'parttime.decided', title: `兼职申报${input.decision === 'approved' ? '已批准' : '已驳回'}：${row.organisation}`, body: input.comment || row.position, link: '/compliance/integrity/declarations' });
  return (await declarationViews(ctx, [row]))[0];
}

// ---- 兼职取酬 ----

type PaymentRow = Prisma.PartTimePaymentGetPayload<object>;
async function paymentViews(ctx: RequestCtx, rows: PaymentRow[]) {
  const users = await userNames(ctx, rows.map((r) => r.userId));
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    userName: users.get(r.userId) ?? '',
    role: r.role,
    payerMemberId: r.payerMemberId,
    payerName: r.payerName,
    payerIsMember: !!r.payerMemberId,
    amountFen: r.amountFen,
    paidOn: dayOf(r.paidOn),
    note: r.note,
    declarationFiled: !!r.declarationId,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function listPayments(ctx: RequestCtx) {
  const rows = await ctx.db.partTimePayment.findMany({ orderBy: [{ paidOn: 'desc' }, { createdAt: 'desc' }], take: 500 });
  return { items: await paymentViews(ctx, rows) };
}

/**
 * Records a payment to one of the association's people. It counts as declared only when that
 * person has an APPROVED declaration for the same payer (the member company, or the organisation
 * by name); the event then lets the rule council_paid_without_declaration decide.
 */
export async function recordPayment(ctx: RequestCtx, input: z.output<typeof PaymentInput>) {
  const membership = await ctx.db.membership.findFirst({ where: { userId: input.userId }, select: { role: true } });
  if (!membership) throw fieldError(ctx, 'body.userId', 'unknownUser');
  const member = input.payerMemberId ? await memberOrFail(ctx, input.payerMemberId, 'body.payerMemberId') : null;
  const payerName = member?.name ?? input.payerName;
  if (!payerName) throw fieldError(ctx, 'body.payerName', 'payerRequired');
  const row = await ctx.write(async (tx) => {
    const declaration = await tx.partTimeDeclaration.findFirst({
      where: { userId: input.userId, status: 'approved', ...(member ? { payerMemberId: member.id } : { payerMemberId: null, organisation: payerName }) },
      select: { id: true },
    });
    return tx.partTimePayment.create({
      data: { tenantId: ctx.auth.tenant.id, userId: input.userId, role: membership.role, payerMemberId: member?.id ?? null, payerName, amountFen: input.amountFen, paidOn: asDate(input.paidOn), note: input.note || null, declarationId: declaration?.id ?? null, createdById: ctx.auth.user.id },
    });
  });
  const [view] = await paymentViews(ctx, [row]);
  ctx.services.events.publish('parttime.payment.recorded', {
    tenantId: row.tenantId,
    id: row.id,
    title: `${view.userName} 自 ${payerName} 取酬`,
    userId: row.userId,
    role: row.role,
    payerMemberId: row.payerMemberId,
    payerIsMember: !!row.payerMemberId,
    declarationFiled: !!row.declarationId,
    amountFen: row.amountFen,
    actorId: ctx.auth.user.id,
  });
  return view;
}
