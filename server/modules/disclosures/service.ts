// 信息公开: disclosures (draft → published → withdrawn), public questions on them with the reply
// deadline of 7 working days in the association's calendar, and that calendar.
import { TZDate } from '@date-fns/tz';
import type { z } from 'zod';
import type { AnswerInput, CalendarInput, DisclosureInput, PublicQuestionInput, QuestionExportQuery, QuestionListQuery } from '#schema/disclosures/api.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import type { FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { translator } from '#schema/i18n/index.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { ScopedClient, ScopedTx } from '../../db/tenant-scope.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import type { Auth } from '../../http/context.ts';
import { todayIn } from '../members/dates.ts';
import { defaultCalendars, type CalendarDay } from './calendar-defaults.ts';
import { addWorkingDays, calendarOf, REPLY_WORKING_DAYS, workingDaysBetween, type WorkCalendar } from './working-days.ts';

type Status = 'draft' | 'published' | 'withdrawn';
type Kind = 'annual_report' | 'finance_statement' | 'audit_report' | 'other';
type DisclosureRow = Prisma.DisclosureGetPayload<object>;
type QuestionRow = Prisma.DisclosureQuestionGetPayload<object>;
type AnyCtx = RequestCtx<Auth | null>;

export const MAX_FILE_BYTES = 700 * 1024;

const t = (ctx: AnyCtx) => translator(ctx.locale);
const missing = (ctx: AnyCtx, key = 'entity') => notFound(t(ctx)(`disclosures.${key}`));
function fieldError(ctx: AnyCtx, path: string, key: string, params: Record<string, unknown> = {}) {
  return new ApiError('validation_failed', {}, [{ path, code: 'custom', message: t(ctx)(`disclosures.errors.${key}`, params) }]);
}
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const asDate = (day: string) => new Date(`${day}T00:00:00.000Z`);

// ---- the working-day calendar ----

/** An association's special days of one year: its own when it saved any, else the defaults. */
async function yearDays(db: ScopedClient | ScopedTx, year: number): Promise<{ days: CalendarDay[]; defaults: boolean }> {
  const rows = await db.workCalendarDay.findMany({ where: { day: { gte: asDate(`${year}-01-01`), lte: asDate(`${year}-12-31`) } }, orderBy: { day: 'asc' } });
  if (rows.length) return { days: rows.map((r) => ({ day: dayOf(r.day), kind: r.kind as CalendarDay['kind'], name: r.name })), defaults: false };
  return { days: defaultCalendars[year]?.days ?? [], defaults: true };
}

/** The calendar covering the years from `fromYear` to `toYear`. */
export async function loadCalendar(db: ScopedClient | ScopedTx, fromYear: number, toYear: number): Promise<WorkCalendar> {
  const all: CalendarDay[] = [];
  for (let y = fromYear; y <= toYear; y++) all.push(...(await yearDays(db, y)).days);
  return calendarOf(all);
}

const isoWeekday = (day: string) => ((asDate(day).getUTCDay() + 6) % 7) + 1;

export async function getCalendar(ctx: RequestCtx, year: number) {
  const { days, defaults } = await yearDays(ctx.db, year);
  return { year, defaults, official: defaults ? (defaultCalendars[year]?.official ?? false) : true, days: days.map((d) => ({ ...d, weekday: isoWeekday(d.day) })) };
}

export async function saveCalendar(ctx: RequestCtx, input: z.output<typeof CalendarInput>) {
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    if (!d.day.startsWith(`${input.year}-`)) throw fieldError(ctx, `body.days.${i}.day`, 'wrongYear', { day: d.day, year: input.year });
    if (seen.has(d.day)) throw fieldError(ctx, `body.days.${i}.day`, 'duplicateDay', { day: d.day });
    seen.add(d.day);
  });
  await ctx.write(async (tx) => {
    await tx.workCalendarDay.deleteMany({ where: { day: { gte: asDate(`${input.year}-01-01`), lte: asDate(`${input.year}-12-31`) } } });
    if (input.days.length) await tx.workCalendarDay.createMany({ data: input.days.map((d) => ({ tenantId: ctx.auth.tenant.id, day: asDate(d.day), kind: d.kind, name: d.name })) });
  });
  return getCalendar(ctx, input.year);
}

export async function resetCalendar(ctx: RequestCtx, year: number) {
  await ctx.write((tx) => tx.workCalendarDay.deleteMany({ where: { day: { gte: asDate(`${year}-01-01`), lte: asDate(`${year}-12-31`) } } }));
  return getCalendar(ctx, year);
}

/** The reply deadline of a question asked at `askedAt`: the 7th working day after that day, to its end, in the association's time zone. */
export async function replyDeadline(db: ScopedClient | ScopedTx, askedAt: Date, timeZone: string) {
  const asked = todayIn(timeZone, askedAt);
  const year = Number(asked.slice(0, 4));
  const dueOn = addWorkingDays(asked, REPLY_WORKING_DAYS, await loadCalendar(db, year, year + 1));
  const [y, m, d] = dueOn.split('-').map(Number);
  return { dueOn, dueAt: new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, timeZone).getTime()) };
}

// ---- views ----

function fileInfo(f: { name: string; size: number } | null | undefined) {
  return f ? { name: f.name, size: f.size } : null;
}

function questionView(q: QuestionRow & { disclosure?: { title: string } }, today: string, cal: WorkCalendar, users: Map<string, string>) {
  const dueOn = dayOf(q.dueOn);
  const open = !q.answeredAt;
  return {
    id: q.id,
    disclosureId: q.disclosureId,
    disclosureTitle: q.disclosure?.title ?? '',
    name: q.name,
    email: q.email,
    question: q.question,
    askedAt: q.askedAt.toISOString(),
    dueOn,
    dueAt: q.dueAt.toISOString(),
    overdue: open && q.dueAt.getTime() < Date.now(),
    workingDaysLeft: today <= dueOn ? workingDaysBetween(today, dueOn, cal) : -workingDaysBetween(dueOn, today, cal),
    answer: q.answer,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    answeredBy: q.answeredById ? (users.get(q.answeredById) ?? null) : null,
  };
}

async function viewContext(ctx: RequestCtx, rows: QuestionRow[]) {
  const today = todayIn(ctx.auth.tenant.timeZone);
  const years = [Number(today.slice(0, 4)), ...rows.map((r) => r.dueOn.getUTCFullYear())];
  const cal = await loadCalendar(ctx.db, Math.min(...years), Math.max(...years));
  const ids = [...new Set(rows.map((r) => r.answeredById).filter((x): x is string => !!x))];
  const users = new Map((ids.length ? await ctx.services.db.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
  return { today, cal, users };
}

async function files(db: ScopedClient, ids: (string | null)[]) {
  const wanted = ids.filter((x): x is string => !!x);
  const rows = wanted.length ? await db.disclosureFile.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, size: true } }) : [];
  return new Map(rows.map((f) => [f.id, f]));
}

function summaryView(d: DisclosureRow, qs: { answeredAt: Date | null; dueAt: Date }[], file: { name: string; size: number } | undefined) {
  const now = Date.now();
  return {
    id: d.id,
    kind: d.kind as Kind,
    title: d.title,
    year: d.year,
    status: d.status as Status,
    file: fileInfo(file),
    publishedAt: d.publishedAt?.toISOString() ?? null,
    withdrawnAt: d.withdrawnAt?.toISOString() ?? null,
    questions: qs.length,
    openQuestions: qs.filter((q) => !q.answeredAt).length,
    overdueQuestions: qs.filter((q) => !q.answeredAt && q.dueAt.getTime() < now).length,
    updatedAt: d.updatedAt.toISOString(),
  };
}

// ---- disclosures (staff) ----

export async function listDisclosures(ctx: RequestCtx) {
  const rows = await ctx.db.disclosure.findMany({ orderBy: [{ updatedAt: 'desc' }], include: { questions: { select: { answeredAt: true, dueAt: true } } }, take: 500 });
  const f = await files(ctx.db, rows.map((r) => r.fileId));
  return { items: rows.map((r) => summaryView(r, r.questions, r.fileId ? f.get(r.fileId) : undefined)) };
}

export async function getDisclosure(ctx: RequestCtx, id: string) {
  const d = await ctx.db.disclosure.findFirst({ where: { id }, include: { questions: { orderBy: { askedAt: 'asc' } } } });
  if (!d) throw missing(ctx);
  const f = await files(ctx.db, [d.fileId]);
  const v = await viewContext(ctx, d.questions);
  return {
    ...summaryView(d, d.questions, d.fileId ? f.get(d.fileId) : undefined),
    body: d.body,
    withdrawnReason: d.withdrawnReason,
    questionList: d.questions.map((q) => questionView({ ...q, disclosure: d }, v.today, v.cal, v.users)),
  };
}

async function storeFile(ctx: RequestCtx, tx: ScopedTx, file: { name: string; data: string }) {
  const content = Buffer.from(file.data, 'base64');
  if (content.length > MAX_FILE_BYTES) throw fieldError(ctx, 'body.file.data', 'fileTooLarge');
  if (content.subarray(0, 5).toString('latin1') !== '%PDF-') throw fieldError(ctx, 'body.file.data', 'notPdf');
  const name = /\.pdf$/i.test(file.name) ? file.name : `${file.name}.pdf`;
  const row = await tx.disclosureFile.create({ data: { tenantId: ctx.auth.tenant.id, name, contentType: 'application/pdf', size: content.length, content, uploadedById: ctx.auth.user.id } });
  return row.id;
}

function announce(ctx: RequestCtx, d: DisclosureRow) {
  ctx.services.events.publish('disclosure.changed', { tenantId: d.tenantId, disclosureId: d.id, title: d.title, status: d.status as Status, actorId: ctx.auth.user.id });
}

export async function saveDisclosure(ctx: RequestCtx, id: string | null, input: z.output<typeof DisclosureInput>) {
  const d = await ctx.write(async (tx) => {
    if (id) {
      const current = await tx.disclosure.findFirst({ where: { id } });
      if (!current) throw missing(ctx);
      if (current.status !== 'draft') throw new ApiError('conflict', {}, { reason: t(ctx)('disclosures.errors.notDraft') });
    }
    const fileId = input.file === undefined ? undefined : input.file === null ? null : await storeFile(ctx, tx, input.file);
    const data = { kind: input.kind, title: input.title, year: input.year ?? null, body: input.body, ...(fileId !== undefined ? { fileId } : {}) };
    // Only a draft changes: two editors publishing and editing at once cannot both succeed.
    if (id) {
      const r = await tx.disclosure.updateMany({ where: { id, status: 'draft' }, data });
      if (r.count !== 1) throw new ApiError('conflict');
      return tx.disclosure.findFirstOrThrow({ where: { id } });
    }
    return tx.disclosure.create({ data: { ...data, tenantId: ctx.auth.tenant.id, createdById: ctx.auth.user.id } });
  });
  announce(ctx, d);
  return getDisclosure(ctx, d.id);
}

const next: Record<Status, Status[]> = { draft: ['published'], published: ['withdrawn'], withdrawn: ['published'] };

export async function transitionDisclosure(ctx: RequestCtx, id: string, to: 'published' | 'withdrawn', reason: string | undefined) {
  const tr = t(ctx);
  const d = await ctx.db.disclosure.findFirst({ where: { id } });
  if (!d) throw missing(ctx);
  if (!next[d.status as Status].includes(to)) {
    throw new ApiError('conflict', {}, { reason: tr('disclosures.errors.badTransition', { from: tr(`disclosures.status.${d.status}`), to: tr(`disclosures.status.${to}`) }) });
  }
  if (to === 'withdrawn' && !reason) throw fieldError(ctx, 'body.reason', 'reasonRequired');
  const now = new Date();
  const data = to === 'published' ? { status: to, publishedAt: now, withdrawnAt: null, withdrawnReason: null } : { status: to, withdrawnAt: now, withdrawnReason: reason! };
  const updated = await ctx.write(async (tx) => {
    const r = await tx.disclosure.updateMany({ where: { id, status: d.status }, data });
    if (r.count !== 1) throw new ApiError('conflict');
    return tx.disclosure.findFirstOrThrow({ where: { id } });
  });
  announce(ctx, updated);
  return getDisclosure(ctx, id);
}

export async function disclosureFile(ctx: AnyCtx, db: ScopedClient, id: string, publishedOnly: boolean) {
  const d = await db.disclosure.findFirst({ where: { id, ...(publishedOnly ? { status: 'published' } : {}) }, select: { fileId: true } });
  const f = d?.fileId ? await db.disclosureFile.findFirst({ where: { id: d.fileId } }) : null;
  if (!f) throw missing(ctx, 'fileEntity');
  return { filename: f.name, body: f.content };
}

// ---- questions ----

export async function listQuestions(ctx: RequestCtx, q: z.output<typeof QuestionListQuery>) {
  const where = q.filter === 'all' ? {} : q.filter === 'overdue' ? { answeredAt: null, dueAt: { lt: new Date() } } : { answeredAt: null };
  const rows = await ctx.db.disclosureQuestion.findMany({ where, include: { disclosure: { select: { title: true } } }, orderBy: [{ dueAt: 'asc' }, { askedAt: 'asc' }], take: 500 });
  // Open questions first (nearest deadline first), then the answered ones.
  rows.sort((a, b) => Number(!!a.answeredAt) - Number(!!b.answeredAt));
  const v = await viewContext(ctx, rows);
  return { items: rows.map((r) => questionView(r, v.today, v.cal, v.users)) };
}

/** The question ledger (公众提问答复台账) as XLSX or PDF, in the list's order and filter. */
export async function exportQuestions(ctx: RequestCtx, q: z.output<typeof QuestionExportQuery>): Promise<FileResult> {
  const tr = t(ctx);
  const { items } = await listQuestions(ctx, q);
  const tz = ctx.auth.tenant.timeZone;
  type Row = (typeof items)[number];
  const columns: Column<Row>[] = [
    { header: tr('disclosures.fields.title'), width: 26, value: (r) => r.disclosureTitle },
    { header: tr('disclosures.q.asker'), width: 12, value: (r) => r.name },
    { header: 'E-mail', width: 22, value: (r) => r.email },
    { header: tr('disclosures.q.title'), width: 40, value: (r) => r.question },
    { header: tr('disclosures.q.asked'), width: 17, value: (r) => zonedDateTime(new Date(r.askedAt), tz) },
    { header: tr('disclosures.q.due', { date: '' }).trim(), width: 12, value: (r) => r.dueOn },
    { header: tr('disclosures.q.daysLeft'), width: 10, value: (r) => (r.answeredAt ? '' : r.workingDaysLeft) },
    { header: tr('disclosures.fields.status'), width: 10, value: (r) => (r.answeredAt ? tr('disclosures.q.answered') : r.overdue ? tr('disclosures.q.overdue') : tr('disclosures.q.open')) },
    { header: tr('disclosures.q.answer'), width: 40, value: (r) => r.answer },
    { header: tr('disclosures.q.answered'), width: 17, value: (r) => (r.answeredAt ? zonedDateTime(new Date(r.answeredAt), tz) : '') },
  ];
  const sheet = tr('disclosures.q.sheet');
  const title = `${ctx.auth.tenant.name} · ${sheet}`;
  const stamp = todayIn(tz);
  return q.format === 'xlsx'
    ? { filename: `${sheet}-${stamp}.xlsx`, body: await xlsxTable({ sheet, title, columns, rows: items }) }
    : { filename: `${sheet}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows: items, landscape: true }) };
}

export async function answerQuestion(ctx: RequestCtx, id: string, input: z.output<typeof AnswerInput>) {
  const q = await ctx.db.disclosureQuestion.findFirst({ where: { id } });
  if (!q) throw missing(ctx, 'questionEntity');
  const updated = await ctx.write(async (tx) => {
    const r = await tx.disclosureQuestion.updateMany({ where: { id, answeredAt: null }, data: { answer: input.answer, answeredAt: new Date(), answeredById: ctx.auth.user.id } });
    if (r.count !== 1) throw new ApiError('conflict', {}, { reason: t(ctx)('disclosures.errors.alreadyAnswered') });
    return tx.disclosureQuestion.findFirstOrThrow({ where: { id }, include: { disclosure: { select: { title: true } } } });
  });
  ctx.services.events.publish('disclosure.question.changed', { tenantId: q.tenantId, disclosureId: q.disclosureId, questionId: q.id, answered: true, actorId: ctx.auth.user.id });
  const v = await viewContext(ctx, [updated]);
  return questionView(updated, v.today, v.cal, v.users);
}

// ---- portal ----

/** 张三 → 张*, Alice Wang → A********* : the portal shows who asked without naming them. */
export const maskName = (name: string) => {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 6));
};

export async function publicDisclosures(ctx: AnyCtx) {
  const db = ctx.services.scoped;
  const rows = await db.disclosure.findMany({ where: { status: 'published' }, orderBy: { publishedAt: 'desc' }, include: { questions: { select: { answeredAt: true } } }, take: 200 });
  const f = await files(db, rows.map((r) => r.fileId));
  return {
    items: rows.map((d) => ({
      id: d.id,
      kind: d.kind as Kind,
      title: d.title,
      year: d.year,
      publishedAt: d.publishedAt!.toISOString(),
      file: fileInfo(d.fileId ? f.get(d.fileId) : undefined),
      answered: d.questions.filter((q) => q.answeredAt).length,
    })),
  };
}

export async function publicDisclosure(ctx: AnyCtx, id: string) {
  const db = ctx.services.scoped;
  const d = await db.disclosure.findFirst({ where: { id, status: 'published' }, include: { questions: { orderBy: { askedAt: 'desc' } } } });
  if (!d) throw missing(ctx);
  const f = await files(db, [d.fileId]);
  return {
    id: d.id,
    kind: d.kind as Kind,
    title: d.title,
    year: d.year,
    publishedAt: d.publishedAt!.toISOString(),
    file: fileInfo(d.fileId ? f.get(d.fileId) : undefined),
    answered: d.questions.filter((q) => q.answeredAt).length,
    body: d.body,
    questions: d.questions.map((q) => ({ id: q.id, name: maskName(q.name), question: q.question, askedAt: q.askedAt.toISOString(), dueOn: dayOf(q.dueOn), answer: q.answer, answeredAt: q.answeredAt?.toISOString() ?? null })),
  };
}

export async function askQuestion(ctx: AnyCtx, tenant: { id: string; timeZone: string }, id: string, input: z.output<typeof PublicQuestionInput>) {
  const db = ctx.services.scoped;
  const d = await db.disclosure.findFirst({ where: { id, status: 'published' }, select: { id: true, title: true } });
  if (!d) throw missing(ctx);
  const askedAt = new Date();
  const { dueOn, dueAt } = await replyDeadline(db, askedAt, tenant.timeZone);
  const q = await ctx.write((tx) => tx.disclosureQuestion.create({ data: { tenantId: tenant.id, disclosureId: d.id, name: input.name, email: input.email, question: input.question, askedAt, dueOn: asDate(dueOn), dueAt } }));
  ctx.services.events.publish('disclosure.question.changed', { tenantId: tenant.id, disclosureId: d.id, questionId: q.id, answered: false, actorId: null });
  // The secretariat answers; it hears of the question at once, with its deadline.
  const staff = await db.membership.findMany({ where: { role: 'secretariat' }, select: { userId: true } });
  await ctx.services.notify({ tenantId: tenant.id, userIds: staff.map((m) => m.userId), kind: 'disclosure.question.asked', title: `新的公众提问：${d.title}`, body: `${input.name}：${input.question.slice(0, 80)}（答复期限 ${dueOn}）`, link: `/disclosures/${d.id}` });
  return { id: q.id, dueOn };
}
