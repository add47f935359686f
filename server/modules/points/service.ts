import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfQuarter } from 'date-fns/startOfQuarter';
import { startOfYear } from 'date-fns/startOfYear';
import type { z } from 'zod';
import type { DomainEventName, DomainEvents } from '#schema/events.ts';
import { translator } from '#schema/i18n/index.ts';
import type { AdjustmentInput, LedgerQuery, Period, PointsKind, PointsRulesInput, RankingExportQuery, RankingQuery } from '#schema/points/api.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { runInTenant, write, type ScopedClient, type ScopedTx } from '../../db/tenant-scope.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import { EXPORT_LIMIT, type FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { logger } from '../../logger.ts';
import { todayIn } from '../members/dates.ts';
import { memberNames, memberOfUser, memberRef } from '../members/lookup.ts';
import { creditSources, sourceIdOf } from '../credit/service.ts';

type Db = ScopedClient | ScopedTx;
type RulesRow = Prisma.PointsRulesGetPayload<object>;
type Rules = Pick<RulesRow, 'meetingAttended' | 'standardLeader' | 'standardAuthor' | 'standardCommenter' | 'standardVoter' | 'expertServiceHour' | 'duesOnTime'> & { updatedAt: Date | null };

export const defaultPointsRules: Rules = { meetingAttended: 10, standardLeader: 30, standardAuthor: 20, standardCommenter: 5, standardVoter: 5, expertServiceHour: 8, duesOnTime: 20, updatedAt: null };

const invalid = (ctx: RequestCtx, path: string, key: string) => new ApiError('validation_failed', {}, [{ path, code: 'custom', message: translator(ctx.locale)(`points.errors.${key}`) }]);

export async function pointsRulesOf(db: Db): Promise<Rules> {
  return (await db.pointsRules.findFirst({})) ?? defaultPointsRules;
}

const rulesView = (r: Rules) => ({
  meetingAttended: r.meetingAttended,
  standard: { leader: r.standardLeader, author: r.standardAuthor, commenter: r.standardCommenter, voter: r.standardVoter },
  expertServiceHour: r.expertServiceHour,
  duesOnTime: r.duesOnTime,
  updatedAt: r.updatedAt?.toISOString() ?? null,
});

export async function getRules(ctx: RequestCtx) {
  return rulesView(await pointsRulesOf(ctx.db));
}

export async function saveRules(ctx: RequestCtx, input: z.output<typeof PointsRulesInput>) {
  const data = {
    meetingAttended: input.meetingAttended,
    standardLeader: input.standard.leader,
    standardAuthor: input.standard.author,
    standardCommenter: input.standard.commenter,
    standardVoter: input.standard.voter,
    expertServiceHour: input.expertServiceHour,
    duesOnTime: input.duesOnTime,
    updatedById: ctx.auth.user.id,
  };
  await ctx.write(async (tx) => {
    const existing = await tx.pointsRules.findFirst({ select: { id: true } });
    if (existing) await tx.pointsRules.update({ where: { id: existing.id }, data });
    else await tx.pointsRules.create({ data: { ...data, tenantId: ctx.auth.tenant.id } });
  });
  return getRules(ctx);
}

// ---- crediting ----

export interface NewPoints {
  userId: string | null;
  memberId: string | null;
  kind: PointsKind;
  points: number;
  title: string;
  sourceEvent: string;
  sourceId: string;
  link?: string | null;
  reason?: string | null;
  createdById?: string | null;
  occurredAt: Date;
}

/**
 * Credits one line to the ledger, claimed by (tenant, source event, source id): an event delivered
 * twice, or seen by two instances, credits once (the second call returns null). Announced live.
 */
export async function award(s: Pick<Services, 'scoped' | 'events'>, tenantId: string, p: NewPoints) {
  if (!p.points || (!p.userId && !p.memberId)) return null;
  const [row] = await write(s.scoped, (tx) =>
    tx.pointsEntry.createManyAndReturn({
      data: [{ tenantId, userId: p.userId, memberId: p.memberId, kind: p.kind, points: p.points, title: p.title, sourceEvent: p.sourceEvent, sourceId: p.sourceId, link: p.link ?? null, reason: p.reason ?? null, createdById: p.createdById ?? null, occurredAt: p.occurredAt }],
      skipDuplicates: true,
    }),
  );
  if (!row) return null;
  s.events.publish('points.awarded', { tenantId, entryId: row.id, userId: row.userId, memberId: row.memberId, points: row.points, kind: row.kind });
  return row;
}

type Source = (typeof creditSources)[number];
const pointSources = creditSources.filter((n) => n !== 'integrity.entry.recorded') as Exclude<Source, 'integrity.entry.recorded'>[];
const isSource = (name: string): name is (typeof pointSources)[number] => (pointSources as string[]).includes(name);

/** Points for one domain event: to the user and the user's member company (if any), or to the company alone for dues. */
export async function pointsFromEvent(s: Services, name: DomainEventName, data: unknown) {
  if (!isSource(name)) return null;
  const tenantId = (data as { tenantId?: string }).tenantId;
  if (!tenantId) return null;
  return runInTenant({ tenantId, actorId: null, requestId: `points:${name}` }, async () => {
    const rules = await pointsRulesOf(s.scoped);
    const memberOf = async (userId: string) => (await memberOfUser(s.scoped, s.db.prisma, userId))?.id ?? null;
    const base = { sourceEvent: name, sourceId: sourceIdOf(name, data as never) };
    switch (name) {
      case 'meeting.attended': {
        const e = data as DomainEvents['meeting.attended'];
        return award(s, tenantId, { ...base, userId: e.userId, memberId: await memberOf(e.userId), kind: 'meeting_attended', points: rules.meetingAttended, title: e.title, link: `/meetings/${e.meetingId}`, occurredAt: new Date(e.at) });
      }
      case 'standard.contribution': {
        const e = data as DomainEvents['standard.contribution'];
        const perRole = { leader: rules.standardLeader, author: rules.standardAuthor, commenter: rules.standardCommenter, voter: rules.standardVoter };
        return award(s, tenantId, { ...base, userId: e.userId, memberId: await memberOf(e.userId), kind: 'standard_contribution', points: perRole[e.role] ?? 0, title: e.projectTitle, link: `/standards/${e.projectId}`, occurredAt: new Date(e.at) });
      }
      case 'expert.service.recorded': {
        const e = data as DomainEvents['expert.service.recorded'];
        const title = `${e.kind === 'review' ? '评审' : '咨询'} ${e.hours} 小时`;
        return award(s, tenantId, { ...base, userId: e.userId, memberId: await memberOf(e.userId), kind: 'expert_service', points: Math.round(e.hours * rules.expertServiceHour), title, occurredAt: new Date(e.at) });
      }
      default: {
        const e = data as DomainEvents['dues.paid'];
        if (!e.onTime || !(await memberRef(s.scoped, e.memberId))) return null;
        return award(s, tenantId, { ...base, userId: null, memberId: e.memberId, kind: 'dues_on_time', points: rules.duesOnTime, title: `会费 ${(e.amountFen / 100).toFixed(2)} 元`, occurredAt: new Date(`${e.paidOn}T04:00:00.000Z`) });
      }
    }
  });
}

/** Subscribes the points ledger to domain events; returns the unsubscribe function. */
export function startPointsLedger(s: Services): () => void {
  return s.events.onAny((name, data) => {
    if (!isSource(name)) return;
    pointsFromEvent(s, name, data).catch((err) => logger.error({ err, event: name }, 'points credit failed'));
  });
}

/** A manual adjustment (plus or minus) with its reason, to a user of this association and/or a member company. */
export async function adjust(ctx: RequestCtx, input: z.output<typeof AdjustmentInput>) {
  if (input.points === 0) throw invalid(ctx, 'body.points', 'zero');
  if (!input.userId && !input.memberId) throw invalid(ctx, 'body.userId', 'noTarget');
  if (input.userId && !(await ctx.db.membership.findFirst({ where: { userId: input.userId }, select: { id: true } }))) throw invalid(ctx, 'body.userId', 'noUser');
  if (input.memberId && !(await memberRef(ctx.db, input.memberId))) throw invalid(ctx, 'body.memberId', 'noMember');
  const row = await award(ctx.services, ctx.auth.tenant.id, {
    userId: input.userId ?? null,
    memberId: input.memberId ?? null,
    kind: 'adjustment',
    points: input.points,
    title: input.reason,
    reason: input.reason,
    sourceEvent: 'adjustment',
    sourceId: randomUUID(),
    createdById: ctx.auth.user.id,
    occurredAt: new Date(),
  });
  return (await entryViews(ctx, [row!]))[0];
}

// ---- reading ----

/** The first instant of the period in the association's time zone (null: all time). */
export function periodStart(period: Period, timeZone: string, now = new Date()): Date | null {
  if (period === 'all') return null;
  const local = new TZDate(now.getTime(), timeZone);
  const start = period === 'month' ? startOfMonth(local) : period === 'quarter' ? startOfQuarter(local) : startOfYear(local);
  return new Date(start.getTime());
}

async function userNames(ctx: RequestCtx, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await ctx.services.db.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** Totals per user or member company since `from`, highest first (ties by name). */
async function totals(ctx: RequestCtx, scope: 'users' | 'members', from: Date | null) {
  const where: Prisma.PointsEntryWhereInput = from ? { occurredAt: { gte: from } } : {};
  const rows =
    scope === 'users'
      ? (await ctx.db.pointsEntry.groupBy({ by: ['userId'], where: { ...where, userId: { not: null } }, _sum: { points: true } })).map((r) => ({ id: r.userId!, points: r._sum.points ?? 0 }))
      : (await ctx.db.pointsEntry.groupBy({ by: ['memberId'], where: { ...where, memberId: { not: null } }, _sum: { points: true } })).map((r) => ({ id: r.memberId!, points: r._sum.points ?? 0 }));
  const names = scope === 'users' ? await userNames(ctx, rows.map((r) => r.id)) : await memberNames(ctx.db, rows.map((r) => r.id));
  const named = rows.map((r) => ({ ...r, name: names.get(r.id) ?? '' })).filter((r) => r.name);
  named.sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh-CN'));
  // Equal points share a rank (1, 2, 2, 4).
  return named.map((r) => ({ ...r, rank: named.findIndex((x) => x.points === r.points) + 1 }));
}

export async function ranking(ctx: RequestCtx, q: z.output<typeof RankingQuery>) {
  const from = periodStart(q.period, ctx.auth.tenant.timeZone);
  const rows = await totals(ctx, q.scope, from);
  return { scope: q.scope, period: q.period, from: from?.toISOString() ?? null, items: rows.slice(0, q.limit).map((r) => ({ rank: r.rank, id: r.id, name: r.name, points: r.points })) };
}

/** A ranking as XLSX or PDF (every row, not only the top). */
export async function exportRanking(ctx: RequestCtx, q: z.output<typeof RankingExportQuery>): Promise<FileResult> {
  const t = translator(ctx.locale);
  const rows = (await totals(ctx, q.scope, periodStart(q.period, ctx.auth.tenant.timeZone))).slice(0, EXPORT_LIMIT);
  const columns: Column<(typeof rows)[number]>[] = [
    { header: t('points.fields.rank'), width: 8, value: (r) => r.rank },
    { header: q.scope === 'users' ? t('points.fields.user') : t('points.fields.member'), width: 34, value: (r) => r.name },
    { header: t('points.fields.points'), width: 10, value: (r) => r.points },
  ];
  const sheet = t('points.sheet');
  const title = `${ctx.auth.tenant.name} · ${sheet} · ${t(q.scope === 'users' ? 'points.users' : 'points.members')} · ${t(`points.period.${q.period}`)}`;
  const stamp = todayIn(ctx.auth.tenant.timeZone);
  return q.format === 'xlsx'
    ? { filename: `${sheet}-${stamp}.xlsx`, body: await xlsxTable({ sheet, title, columns, rows }) }
    : { filename: `${sheet}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows }) };
}

async function entryViews(ctx: RequestCtx, rows: Prisma.PointsEntryGetPayload<object>[]) {
  const [users, members] = await Promise.all([userNames(ctx, rows.flatMap((r) => (r.userId ? [r.userId] : []))), memberNames(ctx.db, rows.flatMap((r) => (r.memberId ? [r.memberId] : [])))]);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as PointsKind,
    points: r.points,
    title: r.title,
    user: r.userId ? { id: r.userId, name: users.get(r.userId) ?? '' } : null,
    member: r.memberId ? { id: r.memberId, name: members.get(r.memberId) ?? '' } : null,
    link: r.link,
    reason: r.reason,
    occurredAt: r.occurredAt.toISOString(),
  }));
}

export async function ledger(ctx: RequestCtx, q: z.output<typeof LedgerQuery>) {
  const rows = await ctx.db.pointsEntry.findMany({
    where: { ...(q.userId ? { userId: q.userId } : {}), ...(q.memberId ? { memberId: q.memberId } : {}) },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: q.limit,
  });
  return { items: await entryViews(ctx, rows) };
}

/** The caller's points (all time) and rank, those of the caller's member company, and the caller's latest lines. */
export async function mine(ctx: RequestCtx) {
  const userId = ctx.auth.user.id;
  const member = await memberOfUser(ctx.db, ctx.services.db.prisma, userId);
  const [users, members, rows] = await Promise.all([
    totals(ctx, 'users', null),
    member ? totals(ctx, 'members', null) : Promise.resolve([]),
    ctx.db.pointsEntry.findMany({ where: { OR: [{ userId }, ...(member ? [{ memberId: member.id }] : [])] }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: 100 }),
  ]);
  const me = users.find((u) => u.id === userId);
  const company = member ? members.find((m) => m.id === member.id) : undefined;
  return {
    user: { points: me?.points ?? 0, rank: me?.rank ?? null },
    member: member ? { id: member.id, name: member.name, points: company?.points ?? 0, rank: company?.rank ?? null } : null,
    entries: await entryViews(ctx, rows),
  };
}
