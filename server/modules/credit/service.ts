import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { creditKinds, grades, type CreditExportQuery, type CreditKind, type CreditListQuery, type CreditRulesInput, type Grade, type ManualEntryInput } from '#schema/credit/api.ts';
import { rooms, type DomainEventName, type DomainEvents } from '#schema/events.ts';
import { translator } from '#schema/i18n/index.ts';
import { Prisma } from '../../db/generated/client.ts';
import { runInTenant, write, type ScopedClient, type ScopedTx } from '../../db/tenant-scope.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import { EXPORT_LIMIT, type FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import type { Job } from '../../jobs/scheduler.ts';
import { todayIn } from '../members/dates.ts';
import { logger } from '../../logger.ts';
import { memberAccountUserId, memberCount, memberFile, memberIdsSql, memberNames, memberOfUser, memberPage, memberRef } from '../members/lookup.ts';
import { defaultScoreRules, entryPoints, gradeOf, scoreOf, type ScoreRules } from './score.ts';

type EntryRow = Prisma.CreditEntryGetPayload<object>;
type Db = ScopedClient | ScopedTx;

const missing = (ctx: RequestCtx, key: 'entity' | 'entryEntity') => notFound(translator(ctx.locale)(`credit.${key}`));
const invalid = (ctx: RequestCtx, path: string, key: string) => new ApiError('validation_failed', {}, [{ path, code: 'custom', message: translator(ctx.locale)(`credit.errors.${key}`) }]);

// ---- rules ----

export async function rulesOf(db: Db): Promise<ScoreRules & { updatedAt: Date | null }> {
  const row = await db.creditRules.findFirst({});
  if (!row) return { ...defaultScoreRules, updatedAt: null };
  return {
    baseScore: row.baseScore,
    weights: { ...defaultScoreRules.weights, ...(row.weights as ScoreRules['weights']) },
    decayHalfLifeDays: row.decayHalfLifeDays,
    thresholds: { A: row.gradeA, B: row.gradeB, C: row.gradeC },
    updatedAt: row.updatedAt,
  };
}

const rulesView = (r: ScoreRules & { updatedAt: Date | null }) => ({
  baseScore: r.baseScore,
  weights: Object.fromEntries(creditKinds.filter((k) => k !== 'manual').map((k) => [k, r.weights[k] ?? 0])) as Record<CreditKind, number>,
  decayHalfLifeDays: r.decayHalfLifeDays,
  thresholds: r.thresholds,
  updatedAt: r.updatedAt?.toISOString() ?? null,
});

export async function getRules(ctx: RequestCtx) {
  return rulesView(await rulesOf(ctx.db));
}

function checkRules(ctx: RequestCtx, input: z.output<typeof CreditRulesInput>) {
  const t = input.thresholds;
  if (!(t.A > t.B && t.B > t.C)) throw invalid(ctx, 'body.thresholds', 'thresholdOrder');
}

const scoredSelect = { memberId: true, kind: true, severity: true, points: true, occurredAt: true } as const;

/**
 * Every member company's score and grade under the given rules, computed by the database over all
 * entries at once (the same formula as score.ts: base + Σ weight × severity factor × 0.5^(age/half-life),
 * rounded half up, never below 0), next to the grade its standing has now.
 */
function scoredSql(tenantId: string, rules: ScoreRules, now: Date) {
  const weights = JSON.stringify(rules.weights);
  return Prisma.sql`
    WITH w AS (SELECT key AS kind, value::float8 AS weight FROM jsonb_each_text(${weights}::jsonb)),
    agg AS (
      SELECT e."memberId", count(*)::int AS n,
        sum(coalesce(e."points"::float8, coalesce(w.weight, 0) * CASE e."severity" WHEN 'low' THEN 0.5 WHEN 'high' THEN 1.5 WHEN 'critical' THEN 2 ELSE 1 END)
          * CASE WHEN ${rules.decayHalfLifeDays}::int IS NULL THEN 1 ELSE power(0.5, greatest(0, (${now.getTime() / 1000}::float8 - extract(epoch FROM e."occurredAt")::float8) / 86400.0) / ${rules.decayHalfLifeDays}::int) END) AS pts
      FROM "CreditEntry" e LEFT JOIN w ON w.kind = e."kind"
      WHERE e."tenantId" = ${tenantId}
      GROUP BY e."memberId"),
    calc AS (
      SELECT st."id", st."memberId", st."score" AS old_score, st."grade" AS old_grade, st."entries" AS old_entries,
        greatest(0, floor(${rules.baseScore}::float8 + coalesce(agg.pts, 0) + 0.5))::int AS score, coalesce(agg.n, 0) AS n
      FROM "CreditStanding" st LEFT JOIN agg ON agg."memberId" = st."memberId"
      WHERE st."tenantId" = ${tenantId})
    SELECT *, CASE WHEN score >= ${rules.thresholds.A} THEN 'A' WHEN score >= ${rules.thresholds.B} THEN 'B' WHEN score >= ${rules.thresholds.C} THEN 'C' ELSE 'D' END AS grade FROM calc`;
}

/** How the grades would be distributed under proposed rules, next to how they are now. */
export async function previewRules(ctx: RequestCtx, input: z.output<typeof CreditRulesInput>) {
  checkRules(ctx, input);
  await ensureStandings(ctx, true);
  const rows = await ctx.db.$queryRaw<{ grade: string; old_grade: string; n: number }[]>`SELECT grade, old_grade, count(*)::int AS n FROM (${scoredSql(ctx.auth.tenant.id, toRules(input), new Date())}) x GROUP BY grade, old_grade`;
  const current: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0 };
  const proposed: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0 };
  let changed = 0;
  for (const r of rows) {
    current[r.old_grade as Grade] += r.n;
    proposed[r.grade as Grade] += r.n;
    if (r.grade !== r.old_grade) changed += r.n;
  }
  return { members: rows.reduce((sum, r) => sum + r.n, 0), current, proposed, changed };
}

const toRules = (input: z.output<typeof CreditRulesInput>): ScoreRules => ({ baseScore: input.baseScore, weights: input.weights, decayHalfLifeDays: input.decayHalfLifeDays, thresholds: input.thresholds });

/** Saves the rules and recomputes every member company's score and grade, all in one transaction. */
export async function saveRules(ctx: RequestCtx, input: z.output<typeof CreditRulesInput>) {
  checkRules(ctx, input);
  const tenantId = ctx.auth.tenant.id;
  const rules = toRules(input);
  const data = { baseScore: input.baseScore, weights: input.weights as Prisma.InputJsonValue, decayHalfLifeDays: input.decayHalfLifeDays, gradeA: input.thresholds.A, gradeB: input.thresholds.B, gradeC: input.thresholds.C, updatedById: ctx.auth.user.id };
  const changed = await ctx.write(async (tx) => {
    const existing = await tx.creditRules.findFirst({ select: { id: true } });
    if (existing) await tx.creditRules.update({ where: { id: existing.id }, data });
    else await tx.creditRules.create({ data: { ...data, tenantId } });
    return applyAll(tx, tenantId, rules, new Date(), 'rules');
  });
  ctx.services.events.publish('credit.recomputed', { tenantId, cause: 'rules', changed });
  return getRules(ctx);
}

/**
 * Writes every member's standing under the rules and records the grade changes, inside the caller's
 * transaction, in one statement; returns how many companies changed grade.
 */
async function applyAll(tx: ScopedTx, tenantId: string, rules: ScoreRules, now: Date, cause: 'rules' | 'decay') {
  await fillStandings(tx, tenantId, rules);
  // Grouping a million entries by member fits in memory with a little more than the default 4 MB.
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
  const [row] = await tx.$queryRaw<{ changed: number }[]>`
    WITH s AS (${scoredSql(tenantId, rules, now)}),
    u AS (
      UPDATE "CreditStanding" st SET "score" = s.score, "grade" = s.grade, "entries" = s.n, "updatedAt" = now()
      FROM s WHERE st."id" = s."id" AND (s.score <> s.old_score OR s.grade <> s.old_grade OR s.n <> s.old_entries)
      RETURNING st."memberId", s.old_grade, s.grade, s.score),
    h AS (
      INSERT INTO "CreditGradeChange" ("id", "tenantId", "memberId", "fromGrade", "toGrade", "score", "cause", "at")
      SELECT gen_random_uuid()::text, ${tenantId}, u."memberId", u.old_grade, u.grade, u.score, ${cause}, now() FROM u WHERE u.grade <> u.old_grade
      RETURNING 1)
    SELECT count(*)::int AS changed FROM h`;
  return row.changed;
}

/**
 * The daily job: with a half-life, entries weigh less every day, so scores move without new
 * entries; this recomputes every member company's standing (in one transaction) and records grade changes.
 */
export const creditDecayJob: Job = {
  name: 'credit-decay',
  schedule: { dailyAt: '01:10' },
  async run(ctx) {
    const rules = await rulesOf(ctx.services.scoped);
    if (!rules.decayHalfLifeDays) return;
    const changed = await ctx.write((tx) => applyAll(tx, ctx.tenant.id, rules, ctx.now, 'decay'));
    ctx.services.events.publish('credit.recomputed', { tenantId: ctx.tenant.id, cause: 'decay', changed });
  },
};

// ---- entries ----

export interface NewEntry {
  memberId: string;
  kind: CreditKind;
  title: string;
  severity?: string | null;
  points?: number | null;
  occurredAt: Date;
  sourceEvent: string;
  sourceId: string;
  link?: string | null;
  userId?: string | null;
  evidence?: string | null;
  fileId?: string | null;
  createdById?: string | null;
}

/**
 * Adds one entry to a member's archive and recomputes its score and grade, in one transaction.
 * The entry is claimed by (tenant, source event, source id): the same event delivered twice, or
 * handled by two instances at once, adds one entry; the second call returns null.
 */
export async function recordEntry(s: Pick<Services, 'scoped' | 'events' | 'push' | 'notify'>, tenantId: string, e: NewEntry) {
  const now = new Date();
  const result = await write(s.scoped, async (tx) => {
    const rules = await rulesOf(tx);
    // One row per member, locked, so that concurrent entries of one member recompute in turn.
    const created = await tx.$executeRaw`INSERT INTO "CreditStanding" ("id", "tenantId", "memberId", "score", "grade", "entries", "updatedAt")
      VALUES (${randomUUID()}, ${tenantId}, ${e.memberId}, ${rules.baseScore}, ${gradeOf(rules.baseScore, rules.thresholds)}, 0, now()) ON CONFLICT ("tenantId", "memberId") DO NOTHING`;
    const [standing] = await tx.$queryRaw<{ grade: string }[]>`SELECT "grade" FROM "CreditStanding" WHERE "tenantId" = ${tenantId} AND "memberId" = ${e.memberId} FOR UPDATE`;
    const [entry] = await tx.creditEntry.createManyAndReturn({
      data: [
        {
          tenantId,
          memberId: e.memberId,
          kind: e.kind,
          title: e.title,
          severity: e.severity ?? null,
          points: e.points ?? null,
          occurredAt: e.occurredAt,
          sourceEvent: e.sourceEvent,
          sourceId: e.sourceId,
          link: e.link ?? null,
          userId: e.userId ?? null,
          evidence: e.evidence ?? null,
          fileId: e.fileId ?? null,
          createdById: e.createdById ?? null,
        },
      ],
      skipDuplicates: true,
    });
    if (!entry) return null;
    const entries = await tx.creditEntry.findMany({ where: { memberId: e.memberId }, select: scoredSelect });
    const score = scoreOf(entries, rules, now);
    const grade = gradeOf(score, rules.thresholds);
    await tx.creditStanding.updateMany({ where: { memberId: e.memberId }, data: { score, grade, entries: entries.length } });
    const from = created === 1 ? null : (standing.grade as Grade);
    if (from !== grade) await tx.creditGradeChange.create({ data: { tenantId, memberId: e.memberId, fromGrade: from, toGrade: grade, score, cause: e.sourceEvent === 'manual' ? 'manual' : 'entry', at: now } });
    return { entry, score, grade, from };
  });
  if (!result) return null;
  const data = { tenantId, memberId: e.memberId, entryId: result.entry.id, score: result.score, grade: result.grade, previousGrade: result.from };
  s.events.publish('credit.changed', data);
  // Staff hear of it through the event's audience; the company's own login and the person it concerns, directly.
  const account = await memberAccountUserId(s.scoped, e.memberId);
  const people = new Set([e.userId, account].filter((u): u is string => !!u));
  for (const userId of people) s.push(rooms.member(tenantId, userId), 'domain:event', { name: 'credit.changed', data, at: new Date().toISOString() });
  // A change of grade is news to the company: it is told, with the entry that caused it.
  if (account && result.from && result.from !== result.grade) {
    await s.notify({ tenantId, userIds: [account], kind: 'credit.grade', title: `信用等级由 ${result.from} 级调整为 ${result.grade} 级`, body: `${e.title}（信用分 ${result.score}）`, link: '/credit/mine' });
  }
  return result;
}

/** A staff entry with evidence (text, and optionally an uploaded file). */
export async function addManualEntry(ctx: RequestCtx, memberId: string, input: z.output<typeof ManualEntryInput>) {
  const member = await memberRef(ctx.db, memberId);
  if (!member) throw missing(ctx, 'entity');
  if (input.kind === 'manual' && input.points === undefined) throw invalid(ctx, 'body.points', 'manualPoints');
  if (input.fileId && !(await memberFile(ctx.db, input.fileId))) throw invalid(ctx, 'body.fileId', 'noFile');
  const r = await recordEntry(ctx.services, ctx.auth.tenant.id, {
    memberId,
    kind: input.kind,
    title: input.title,
    severity: input.severity ?? null,
    points: input.points ?? null,
    occurredAt: input.occurredOn ? new Date(`${input.occurredOn}T04:00:00.000Z`) : new Date(),
    sourceEvent: 'manual',
    sourceId: randomUUID(),
    evidence: input.evidence,
    fileId: input.fileId ?? null,
    createdById: ctx.auth.user.id,
  });
  return { ...(await archive(ctx, memberId)), entryId: r!.entry.id };
}

// ---- reading ----

async function userNames(ctx: RequestCtx, ids: (string | null)[]) {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map<string, string>();
  const rows = await ctx.services.db.prisma.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true } });
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** A member's archive: standing, entries (newest first, with what each counts for today), grade history and the rules. */
export async function archive(ctx: RequestCtx, memberId: string) {
  const member = await memberRef(ctx.db, memberId);
  if (!member) throw missing(ctx, 'entity');
  const rules = await rulesOf(ctx.db);
  const [standing, entries, history] = await Promise.all([
    ctx.db.creditStanding.findFirst({ where: { memberId } }),
    ctx.db.creditEntry.findMany({ where: { memberId }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: 500 }),
    ctx.db.creditGradeChange.findMany({ where: { memberId }, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: 500 }),
  ]);
  const now = new Date();
  const names = await userNames(ctx, entries.map((e) => e.createdById));
  const score = standing?.score ?? rules.baseScore;
  const grade = (standing?.grade as Grade | undefined) ?? gradeOf(rules.baseScore, rules.thresholds);
  return {
    standing: { memberId, memberName: member.name, score, grade, entries: standing?.entries ?? 0, recommended: grade === 'A', updatedAt: standing?.updatedAt.toISOString() ?? null },
    entries: entries.map((e) => entryView(e, rules, now, names)),
    history: history.map((h) => ({ at: h.at.toISOString(), from: h.fromGrade as Grade | null, to: h.toGrade as Grade, score: h.score, cause: h.cause })),
    rules: rulesView(rules),
  };
}

function entryView(e: EntryRow, rules: ScoreRules, now: Date, names: Map<string, string>) {
  return {
    id: e.id,
    kind: e.kind as CreditKind,
    title: e.title,
    severity: e.severity as 'low' | null,
    points: Math.round(entryPoints(e, rules, now) * 10) / 10,
    occurredAt: e.occurredAt.toISOString(),
    sourceEvent: e.sourceEvent,
    link: e.link,
    evidence: e.evidence,
    fileUrl: e.fileId ? `/api/v1/credit/entries/${e.id}/evidence` : null,
    createdBy: e.createdById ? (names.get(e.createdById) ?? null) : null,
  };
}

/** The caller's own member company's archive (member self-service), or null when the login belongs to none. */
export async function myArchive(ctx: RequestCtx) {
  const member = await memberOfUser(ctx.db, ctx.services.db.prisma, ctx.auth.user.id);
  return { archive: member ? await archive(ctx, member.id) : null };
}

/** An entry's evidence file: for staff who read the archive, or for the member company the entry is about. */
export async function evidenceFile(ctx: RequestCtx, entryId: string, mayReadAll: boolean) {
  const entry = await ctx.db.creditEntry.findFirst({ where: { id: entryId }, select: { memberId: true, fileId: true } });
  if (!entry?.fileId) throw missing(ctx, 'entryEntity');
  if (!mayReadAll) {
    const mine = await memberOfUser(ctx.db, ctx.services.db.prisma, ctx.auth.user.id);
    if (mine?.id !== entry.memberId) throw missing(ctx, 'entryEntity');
  }
  const f = await memberFile(ctx.db, entry.fileId, true);
  if (!f) throw missing(ctx, 'entryEntity');
  return f;
}

/** Standings at the base score for members that have none yet (inside the caller's transaction, one statement). */
async function fillStandings(tx: ScopedTx, tenantId: string, rules: ScoreRules) {
  await tx.$executeRaw`INSERT INTO "CreditStanding" ("id", "tenantId", "memberId", "score", "grade", "entries", "updatedAt")
    SELECT gen_random_uuid()::text, ${tenantId}, m."id", ${rules.baseScore}, ${gradeOf(rules.baseScore, rules.thresholds)}, 0, now() FROM (${memberIdsSql(tenantId)}) m
    ON CONFLICT ("tenantId", "memberId") DO NOTHING`;
}

const checkedAt = new Map<string, number>();

/**
 * Members that have no standing yet (added in bulk, or before the archive existed) get one at the
 * base score, so lists read scores and grades from one small table. New members get theirs from
 * member.changed; this check runs at most once a minute per association and process.
 */
async function ensureStandings(ctx: RequestCtx, force = false) {
  const tenantId = ctx.auth.tenant.id;
  if (!force && Date.now() - (checkedAt.get(tenantId) ?? 0) < 60_000) return;
  const [members, standings] = await Promise.all([memberCount(ctx.db), ctx.db.creditStanding.count()]);
  if (standings < members) {
    const rules = await rulesOf(ctx.db);
    await ctx.write((tx) => fillStandings(tx, tenantId, rules));
  }
  checkedAt.set(tenantId, Date.now());
}

async function standingsWhere(ctx: RequestCtx, q: { grade?: Grade; q?: string }): Promise<Prisma.CreditStandingWhereInput> {
  const ids = q.q ? (await memberPage(ctx.db, null, 500, q.q)).map((m) => m.id) : undefined;
  return { ...(q.grade ? { grade: q.grade } : {}), ...(ids ? { memberId: { in: ids } } : {}) };
}

/** The filtered list, best first, as XLSX or PDF. */
export async function exportStandings(ctx: RequestCtx, q: z.output<typeof CreditExportQuery>): Promise<FileResult> {
  await ensureStandings(ctx);
  const t = translator(ctx.locale);
  const rows = await ctx.db.creditStanding.findMany({ where: await standingsWhere(ctx, q), orderBy: [{ score: 'desc' }, { memberId: 'asc' }], take: EXPORT_LIMIT });
  const names = await memberNames(ctx.db, rows.map((r) => r.memberId));
  const columns: Column<(typeof rows)[number]>[] = [
    { header: t('credit.entity'), width: 34, value: (r) => names.get(r.memberId) ?? '' },
    { header: t('credit.score'), width: 10, value: (r) => r.score },
    { header: t('credit.grade'), width: 10, value: (r) => r.grade },
    { header: t('credit.entries'), width: 10, value: (r) => r.entries },
    { header: t('credit.recommended'), width: 14, value: (r) => (r.grade === 'A' ? '✓' : '') },
  ];
  const sheet = t('credit.sheet');
  const title = `${ctx.auth.tenant.name} · ${sheet}`;
  const stamp = todayIn(ctx.auth.tenant.timeZone);
  return q.format === 'xlsx'
    ? { filename: `${sheet}-${stamp}.xlsx`, body: await xlsxTable({ sheet, title, columns, rows }) }
    : { filename: `${sheet}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows }) };
}

/** Member companies with their score and grade, best first; filter by grade or name. */
export async function listStandings(ctx: RequestCtx, q: z.output<typeof CreditListQuery>) {
  await ensureStandings(ctx);
  const offset = q.cursor ? Number.parseInt(q.cursor, 10) || 0 : 0;
  const where = await standingsWhere(ctx, q);
  const [rows, dist] = await Promise.all([
    ctx.db.creditStanding.findMany({ where, orderBy: [{ score: 'desc' }, { memberId: 'asc' }], skip: offset, take: q.limit + 1 }),
    ctx.db.creditStanding.groupBy({ by: ['grade'], _count: { _all: true } }),
  ]);
  const page = rows.slice(0, q.limit);
  const names = await memberNames(ctx.db, page.map((r) => r.memberId));
  const distribution = Object.fromEntries(grades.map((g) => [g, dist.find((d) => d.grade === g)?._count._all ?? 0])) as Record<Grade, number>;
  return {
    items: page.map((r) => ({ memberId: r.memberId, memberName: names.get(r.memberId) ?? '', score: r.score, grade: r.grade as Grade, entries: r.entries, recommended: r.grade === 'A', updatedAt: r.updatedAt.toISOString() })),
    distribution,
    nextCursor: rows.length > q.limit ? String(offset + q.limit) : null,
  };
}

/**
 * Scores and grades of some member companies, for other modules' member lists: one query on the
 * (tenantId, memberId) index of the standings, however many entries the archive holds.
 */
export async function standingsFor(db: Db, memberIds: readonly string[]): Promise<Map<string, { score: number; grade: Grade }>> {
  if (!memberIds.length) return new Map();
  const rows = await db.creditStanding.findMany({ where: { memberId: { in: [...memberIds] } }, select: { memberId: true, score: true, grade: true } });
  return new Map(rows.map((r) => [r.memberId, { score: r.score, grade: r.grade as Grade }]));
}

// ---- domain events → entries ----

const roleLabel: Record<string, string> = { leader: '牵头人', author: '起草人', commenter: '提出意见', voter: '投票' };
const integrityKind: Record<DomainEvents['integrity.entry.recorded']['kind'], CreditKind> = { violation: 'violation', complaint: 'complaint', award: 'award', compliance: 'compliance_finding' };

/** The events that reach the credit archive. compliance.alert.changed is about the association, not a member: ignored. */
export const creditSources = ['meeting.attended', 'standard.contribution', 'expert.service.recorded', 'dues.paid', 'integrity.entry.recorded'] as const satisfies readonly DomainEventName[];
type Source = (typeof creditSources)[number];
const isSource = (name: string): name is Source => (creditSources as readonly string[]).includes(name);

/** Stable keys of each source, shared with the points ledger so both count the same things once. */
export function sourceIdOf<K extends Source>(name: K, d: DomainEvents[K]): string {
  switch (name) {
    case 'meeting.attended': {
      const e = d as DomainEvents['meeting.attended'];
      return `${e.meetingId}:${e.userId}`;
    }
    case 'standard.contribution': {
      // Once per project, person and role: a changed vote or a tenth comment is not new work.
      const e = d as DomainEvents['standard.contribution'];
      return `${e.projectId}:${e.userId}:${e.role}`;
    }
    case 'expert.service.recorded': {
      const e = d as DomainEvents['expert.service.recorded'];
      return `${e.userId}:${e.kind}:${e.at}`;
    }
    case 'dues.paid':
      return (d as DomainEvents['dues.paid']).invoiceId;
    default:
      return (d as DomainEvents['integrity.entry.recorded']).entryId;
  }
}

/** Turns one domain event into a credit entry of the member company it concerns (none when no company is involved). */
export async function creditFromEvent(s: Services, name: DomainEventName, data: unknown) {
  if (!isSource(name)) return null;
  const tenantId = (data as { tenantId?: string }).tenantId;
  if (!tenantId) return null;
  return runInTenant({ tenantId, actorId: null, requestId: `credit:${name}` }, async () => {
    const entry = await entryFor(s, name, data as never);
    if (!entry) return null;
    return recordEntry(s, tenantId, { ...entry, sourceEvent: name, sourceId: sourceIdOf(name, data as never) });
  });
}

type Drafted = Omit<NewEntry, 'sourceEvent' | 'sourceId'>;

async function entryFor(s: Services, name: Source, data: DomainEvents[Source]): Promise<Drafted | null> {
  const ofUser = async (userId: string) => memberOfUser(s.scoped, s.db.prisma, userId);
  switch (name) {
    case 'meeting.attended': {
      const e = data as DomainEvents['meeting.attended'];
      const m = await ofUser(e.userId);
      return m && { memberId: m.id, kind: 'meeting_attended', title: e.title, occurredAt: new Date(e.at), link: `/meetings/${e.meetingId}`, userId: e.userId };
    }
    case 'standard.contribution': {
      const e = data as DomainEvents['standard.contribution'];
      const m = await ofUser(e.userId);
      return m && { memberId: m.id, kind: 'standard_contribution', title: `${e.projectTitle}（${roleLabel[e.role] ?? e.role}）`, occurredAt: new Date(e.at), link: `/standards/${e.projectId}`, userId: e.userId };
    }
    case 'expert.service.recorded': {
      const e = data as DomainEvents['expert.service.recorded'];
      const m = await ofUser(e.userId);
      return m && { memberId: m.id, kind: 'expert_service', title: `${e.kind === 'review' ? '评审' : '咨询'} ${e.hours} 小时`, occurredAt: new Date(e.at), link: null, userId: e.userId };
    }
    case 'dues.paid': {
      const e = data as DomainEvents['dues.paid'];
      if (!(await memberRef(s.scoped, e.memberId))) return null;
      return { memberId: e.memberId, kind: e.onTime ? 'dues_on_time' : 'dues_late', title: `会费 ${(e.amountFen / 100).toFixed(2)} 元（应缴 ${e.dueOn}，实缴 ${e.paidOn}）`, occurredAt: new Date(`${e.paidOn}T04:00:00.000Z`), link: `/finance/invoices/${e.invoiceId}` };
    }
    default: {
      const e = data as DomainEvents['integrity.entry.recorded'];
      if (!(await memberRef(s.scoped, e.memberId))) return null;
      return { memberId: e.memberId, kind: integrityKind[e.kind], title: e.title, severity: e.kind === 'award' ? null : e.severity, occurredAt: new Date(e.at), link: '/compliance/integrity?tab=entries' };
    }
  }
}

/** New member companies start with a standing at the base score. */
async function onMemberChanged(s: Services, e: DomainEvents['member.changed']) {
  await runInTenant({ tenantId: e.tenantId, actorId: null, requestId: 'credit:member.changed' }, async () => {
    if (await s.scoped.creditStanding.findFirst({ where: { memberId: e.memberId }, select: { id: true } })) return;
    const rules = await rulesOf(s.scoped);
    await write(s.scoped, (tx) => tx.creditStanding.createMany({ data: [{ tenantId: e.tenantId, memberId: e.memberId, score: rules.baseScore, grade: gradeOf(rules.baseScore, rules.thresholds), entries: 0 }], skipDuplicates: true }));
  });
}

/** Subscribes the credit archive to domain events; returns the unsubscribe function. */
export function startCreditArchive(s: Services): () => void {
  return s.events.onAny((name, data) => {
    if (name === 'member.changed') {
      onMemberChanged(s, data as DomainEvents['member.changed']).catch((err) => logger.error({ err, event: name }, 'credit standing failed'));
      return;
    }
    if (!isSource(name)) return;
    creditFromEvent(s, name, data).catch((err) => logger.error({ err, event: name }, 'credit entry failed'));
  });
}
