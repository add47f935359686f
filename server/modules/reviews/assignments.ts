import type { z } from 'zod';
import type { Assignment } from '#schema/reviews/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { expertIdOf, expertNames } from '../experts/service.ts';

type Row = NonNullable<Awaited<ReturnType<RequestCtx['db']['reviewAssignment']['findFirst']>>>;

/** Assignment views; for reviewers of a blind call the applicant's organisation is left out. */
export async function assignmentViews(ctx: RequestCtx, rows: Row[], opts: { asReviewer: boolean }): Promise<z.input<typeof Assignment>[]> {
  if (!rows.length) return [];
  const calls = await ctx.db.projectCall.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.callId))] } }, select: { id: true, title: true, blindReview: true } });
  const apps = await ctx.db.projectApplication.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.applicationId))] } }, select: { id: true, title: true, organization: true } });
  const names = await expertNames(ctx.db, rows.map((r) => r.expertId));
  const callOf = new Map(calls.map((c) => [c.id, c]));
  const appOf = new Map(apps.map((a) => [a.id, a]));
  return rows.map((r) => {
    const call = callOf.get(r.callId)!;
    const app = appOf.get(r.applicationId)!;
    return {
      id: r.id,
      callId: r.callId,
      callTitle: call.title,
      applicationId: r.applicationId,
      applicationTitle: app.title,
      organization: opts.asReviewer && call.blindReview ? null : app.organization,
      expertId: r.expertId,
      expertName: names.get(r.expertId)?.name ?? '',
      status: r.status as 'invited',
      scores: (r.scores as Record<string, number> | null) ?? null,
      total: r.total,
      opinion: r.opinion,
      submittedAt: r.submittedAt?.toISOString() ?? null,
    };
  });
}

/** The caller's own assignment (as the expert drawn), else 404. */
export async function ownAssignment(ctx: RequestCtx, id: string) {
  const me = await expertIdOf(ctx.db, ctx.auth.user.id);
  const a = me ? await ctx.db.reviewAssignment.findFirst({ where: { id, expertId: me } }) : null;
  if (!a) throw notFound('resource');
  return a;
}

export async function myAssignments(ctx: RequestCtx) {
  const me = await expertIdOf(ctx.db, ctx.auth.user.id);
  if (!me) return [];
  const rows = await ctx.db.reviewAssignment.findMany({ where: { expertId: me, status: { not: 'replaced' } }, orderBy: { createdAt: 'desc' }, take: 500 });
  return assignmentViews(ctx, rows, { asReviewer: true });
}

export async function respondAssignment(ctx: RequestCtx, id: string, accept: boolean) {
  const a = await ownAssignment(ctx, id);
  if (a.status !== 'invited') throw new ApiError('conflict', {}, { status: a.status });
  const status = accept ? 'accepted' : 'declined';
  const updated = await ctx.write(async (tx) => {
    const { count } = await tx.reviewAssignment.updateMany({ where: { id, status: 'invited' }, data: { status, respondedAt: new Date() } });
    if (count !== 1) throw new ApiError('conflict');
    return tx.reviewAssignment.findFirstOrThrow({ where: { id } });
  });
  ctx.services.events.publish('review.assignment.changed', { tenantId: a.tenantId, callId: a.callId, applicationId: a.applicationId, assignmentId: id, status, actorId: ctx.auth.user.id });
  return (await assignmentViews(ctx, [updated], { asReviewer: true }))[0];
}

export async function callAssignments(ctx: RequestCtx, callId: string) {
  const rows = await ctx.db.reviewAssignment.findMany({ where: { callId }, orderBy: [{ applicationId: 'asc' }, { createdAt: 'asc' }] });
  return assignmentViews(ctx, rows, { asReviewer: false });
}
