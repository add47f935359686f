import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { DrawInput, DrawView } from '#schema/reviews/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import type { ScopedClient } from '../../db/tenant-scope.ts';
import { expertNames, expertPool } from '../experts/service.ts';
import { findCall } from './calls.ts';
import { applicantKey, runDraw, snapshotHash, type Candidate, type DrawResult, type Snapshot } from './draw.ts';

/** Assignments that count against an expert's load and mark who reviewed whom. */
const activeStatuses = ['invited', 'accepted', 'submitted'];

/**
 * Everything the draw looks at, gathered now: the pool (from the expert module), each expert's
 * load within their own period, whom they reviewed within the call's conflict window, and the
 * facts of each application.
 */
export async function buildSnapshot(db: ScopedClient, call: { id: string; fieldTags: string[]; conflictWindowDays: number; avoidance: unknown }, applicationIds: string[], perApplication: number, now = new Date()): Promise<Snapshot> {
  const pool = await expertPool(db, call.fieldTags);
  const ids = pool.map((p) => p.id);
  const longest = Math.max(call.conflictWindowDays, ...pool.map((p) => p.periodDays), 1);
  const since = new Date(now.getTime() - longest * 86_400_000);
  const history = ids.length
    ? await db.reviewAssignment.findMany({ where: { expertId: { in: ids }, status: { in: activeStatuses }, createdAt: { gte: since } }, select: { expertId: true, applicationId: true, createdAt: true } })
    : [];
  const reviewedApps = await db.projectApplication.findMany({ where: { id: { in: [...new Set(history.map((h) => h.applicationId))] } }, select: { id: true, organization: true, creditCode: true } });
  const keyOf = new Map(reviewedApps.map((a) => [a.id, applicantKey(a)]));
  const windowStart = now.getTime() - call.conflictWindowDays * 86_400_000;

  const apps = await db.projectApplication.findMany({ where: { id: { in: applicationIds }, callId: call.id }, orderBy: { id: 'asc' } });
  const onApps = apps.length ? await db.reviewAssignment.findMany({ where: { applicationId: { in: apps.map((a) => a.id) } }, select: { applicationId: true, expertId: true, status: true } }) : [];

  const candidates: Candidate[] = pool.map((p) => {
    const mine = history.filter((h) => h.expertId === p.id);
    const periodStart = now.getTime() - p.periodDays * 86_400_000;
    return {
      id: p.id,
      userId: p.userId,
      name: p.name,
      email: p.email?.toLowerCase() ?? null,
      employer: p.employer,
      employerCreditCode: p.employerCreditCode,
      region: p.region,
      tags: p.tagPaths,
      available: p.available,
      maxReviews: p.maxReviewsPerPeriod,
      load: mine.filter((h) => h.createdAt.getTime() >= periodStart).length,
      relationships: p.relationships,
      reviewed: [...new Set(mine.filter((h) => h.createdAt.getTime() >= windowStart).map((h) => keyOf.get(h.applicationId)).filter((k): k is string => !!k))].sort(),
    };
  });
  const avoidance = call.avoidance as { sameRegion: boolean; onePerEmployer: boolean; employers: string[] };
  return {
    version: 1,
    rules: { tags: call.fieldTags, perApplication, sameRegion: avoidance.sameRegion, onePerEmployer: avoidance.onePerEmployer, employers: avoidance.employers },
    applications: apps.map((a) => ({
      id: a.id,
      applicantUserId: a.applicantId,
      organization: a.organization,
      creditCode: a.creditCode,
      region: a.region,
      emails: a.contactEmails,
      staffNames: a.staffNames,
      assigned: onApps.filter((x) => x.applicationId === a.id && activeStatuses.includes(x.status)).map((x) => x.expertId).sort(),
      declined: onApps.filter((x) => x.applicationId === a.id && !activeStatuses.includes(x.status)).map((x) => x.expertId).sort(),
    })),
    candidates,
  };
}

async function drawView(ctx: RequestCtx, d: { id: string; callId: string; kind: string; seed: number; perApplication: number; applicationIds: string[]; snapshotHash: string; snapshot: unknown; result: unknown; createdAt: Date }): Promise<z.input<typeof DrawView>> {
  const result = d.result as DrawResult;
  const names = await expertNames(ctx.db, Object.values(result.picks).flat());
  const snapshot = d.snapshot as Snapshot;
  const apps = await ctx.db.projectApplication.findMany({ where: { id: { in: d.applicationIds } }, select: { id: true, title: true } });
  return {
    id: d.id,
    callId: d.callId,
    kind: d.kind as 'initial',
    seed: d.seed,
    perApplication: d.perApplication,
    applicationIds: d.applicationIds,
    snapshotHash: d.snapshotHash,
    poolSize: snapshot.candidates.length,
    names: Object.fromEntries(snapshot.candidates.map((c) => [c.id, c.name])),
    titles: Object.fromEntries(apps.map((a) => [a.id, a.title])),
    picks: Object.fromEntries(Object.entries(result.picks).map(([app, ids]) => [app, ids.map((id) => ({ expertId: id, name: names.get(id)?.name ?? '' }))])),
    shortfall: result.shortfall,
    excluded: result.excluded,
    createdAt: d.createdAt.toISOString(),
  };
}

async function recordDraw(ctx: RequestCtx, callId: string, kind: 'initial' | 'replacement', snapshot: Snapshot, seed: number, replacesId: string | null) {
  const result = runDraw(snapshot, seed);
  const tenantId = ctx.auth.tenant.id;
  const draw = await ctx.write(async (tx) => {
    const d = await tx.expertDraw.create({
      data: { tenantId, callId, kind, applicationIds: snapshot.applications.map((a) => a.id), perApplication: snapshot.rules.perApplication, seed, snapshot: snapshot as never, snapshotHash: snapshotHash(snapshot), result: result as never, replacesId, createdById: ctx.auth.user.id },
    });
    const rows = Object.entries(result.picks).flatMap(([applicationId, ids]) => ids.map((expertId) => ({ tenantId, callId, applicationId, expertId, drawId: d.id })));
    if (replacesId) await tx.reviewAssignment.update({ where: { id: replacesId }, data: { status: 'replaced' } });
    if (rows.length) await tx.reviewAssignment.createMany({ data: rows });
    const drawn = new Set(rows.map((r) => r.applicationId));
    if (drawn.size) await tx.projectApplication.updateMany({ where: { id: { in: [...drawn] }, status: 'submitted' }, data: { status: 'under_review' } });
    return d;
  });
  ctx.services.events.publish('review.drawn', { tenantId, callId, drawId: draw.id, actorId: ctx.auth.user.id });
  const names = await expertNames(ctx.db, Object.values(result.picks).flat());
  const userIds = [...names.values()].map((n) => n.userId).filter((u): u is string => !!u);
  await ctx.services.notify({ tenantId, userIds, kind: 'review.assigned', title: '新的评审任务 / New review assignment', body: '您被随机抽取为评审专家，请确认是否参加。/ You were drawn as a reviewer: please accept or decline.', link: '/reviews/assignments', email: true });
  return drawView(ctx, draw);
}

export async function drawExperts(ctx: RequestCtx, callId: string, input: z.output<typeof DrawInput>) {
  const call = await findCall(ctx, callId);
  let applicationIds = input.applicationIds;
  if (!applicationIds.length) {
    applicationIds = (await ctx.db.projectApplication.findMany({ where: { callId, status: { in: ['submitted', 'under_review'] } }, select: { id: true } })).map((a) => a.id);
  } else {
    const found = await ctx.db.projectApplication.count({ where: { id: { in: applicationIds }, callId, status: { in: ['submitted', 'under_review'] } } });
    if (found !== new Set(applicationIds).size) throw new ApiError('validation_failed', {}, [{ path: 'body.applicationIds', code: 'custom', message: ctx.locale === 'en' ? 'Only submitted applications of this call can be drawn for' : '只能为本通知已提交的申报抽取专家' }]);
  }
  if (!applicationIds.length) throw new ApiError('conflict', {}, { reason: 'no_applications' });
  const snapshot = await buildSnapshot(ctx.db, call, applicationIds, input.perApplication);
  const seed = input.seed ?? randomInt(0, 0x7fffffff);
  return recordDraw(ctx, callId, 'initial', snapshot, seed, null);
}

/** A declined assignment is replaced by one expert drawn the same way (recorded seed, snapshot). */
export async function replaceAssignment(ctx: RequestCtx, assignmentId: string, seed?: number) {
  const a = await ctx.db.reviewAssignment.findFirst({ where: { id: assignmentId } });
  if (!a) throw notFound('resource');
  if (a.status !== 'declined') throw new ApiError('conflict', {}, { reason: 'not_declined' });
  const call = await findCall(ctx, a.callId);
  const assigned = await ctx.db.reviewAssignment.count({ where: { applicationId: a.applicationId, status: { in: activeStatuses } } });
  const snapshot = await buildSnapshot(ctx.db, call, [a.applicationId], assigned + 1);
  return recordDraw(ctx, a.callId, 'replacement', snapshot, seed ?? randomInt(0, 0x7fffffff), a.id);
}

export async function listDraws(ctx: RequestCtx, callId: string) {
  await findCall(ctx, callId);
  const rows = await ctx.db.expertDraw.findMany({ where: { callId }, orderBy: { createdAt: 'asc' } });
  return Promise.all(rows.map((d) => drawView(ctx, d)));
}

export async function findDraw(ctx: RequestCtx, id: string) {
  const d = await ctx.db.expertDraw.findFirst({ where: { id } });
  if (!d) throw notFound('resource');
  return d;
}

export async function getDraw(ctx: RequestCtx, id: string) {
  return drawView(ctx, await findDraw(ctx, id));
}

/** Runs the draw again from its recorded seed and snapshot and compares. */
export async function verifyDraw(ctx: RequestCtx, id: string) {
  const d = await findDraw(ctx, id);
  const snapshot = d.snapshot as unknown as Snapshot;
  const recomputed = runDraw(snapshot, d.seed);
  const recorded = (d.result as unknown as DrawResult).picks;
  const recomputedHash = snapshotHash(snapshot);
  return {
    drawId: d.id,
    seed: d.seed,
    snapshotHash: d.snapshotHash,
    recomputedHash,
    matches: recomputedHash === d.snapshotHash && JSON.stringify(recomputed.picks) === JSON.stringify(recorded),
    recorded,
    recomputed: recomputed.picks,
  };
}

/** The snapshot itself, for anyone who wants to rerun the draw elsewhere. */
export async function drawSnapshot(ctx: RequestCtx, id: string) {
  return (await findDraw(ctx, id)).snapshot as unknown as Snapshot;
}
