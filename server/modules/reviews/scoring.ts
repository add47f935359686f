import type { z } from 'zod';
import type { ScoreInput } from '#schema/reviews/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { expertNames } from '../experts/service.ts';
import { applicationView, findApplication } from './applications.ts';
import { assignmentViews, ownAssignment } from './assignments.ts';
import { findCall } from './calls.ts';

export interface Criterion {
  key: string;
  label: string;
  weight: number;
  min: number;
  max: number;
}

/** Weighted total on 0–100: each score scaled to its range, then weighted (pretalx-style categories). */
export function weightedTotal(rubric: Criterion[], scores: Record<string, number>): number {
  const weight = rubric.reduce((s, c) => s + c.weight, 0);
  const sum = rubric.reduce((s, c) => s + c.weight * ((scores[c.key] - c.min) / (c.max - c.min)), 0);
  return Math.round((sum / weight) * 100 * 100) / 100;
}

export const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return Math.round((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) * 100) / 100;
}

/** Scores out of range or missing (on submit) as field issues. */
function checkScores(ctx: RequestCtx, rubric: Criterion[], scores: Record<string, number>, complete: boolean) {
  const en = ctx.locale === 'en';
  const issues: { path: string; code: string; message: string }[] = [];
  for (const c of rubric) {
    const v = scores[c.key];
    if (v === undefined) {
      if (complete) issues.push({ path: `body.scores.${c.key}`, code: 'required', message: en ? `${c.label}: required` : `${c.label}：请评分` });
    } else if (v < c.min || v > c.max) {
      issues.push({ path: `body.scores.${c.key}`, code: 'too_big', message: en ? `${c.label}: ${c.min}–${c.max}` : `${c.label}：应在 ${c.min}–${c.max} 之间` });
    }
  }
  for (const k of Object.keys(scores)) if (!rubric.some((c) => c.key === k)) issues.push({ path: `body.scores.${k}`, code: 'unrecognized_keys', message: en ? 'Not a criterion of this call' : '不是本通知的评分项' });
  if (issues.length) throw new ApiError('validation_failed', {}, issues);
}

export async function scoreAssignment(ctx: RequestCtx, id: string, input: z.output<typeof ScoreInput>) {
  const a = await ownAssignment(ctx, id);
  if (a.status !== 'accepted') throw new ApiError('conflict', {}, { status: a.status });
  const call = await findCall(ctx, a.callId);
  const rubric = call.rubric as unknown as Criterion[];
  checkScores(ctx, rubric, input.scores, input.submit);
  if (input.submit && !input.opinion) throw new ApiError('validation_failed', {}, [{ path: 'body.opinion', code: 'required', message: ctx.locale === 'en' ? 'A written opinion is required' : '请填写评审意见' }]);
  const total = input.submit ? weightedTotal(rubric, input.scores) : null;
  const updated = await ctx.write(async (tx) => {
    const { count } = await tx.reviewAssignment.updateMany({
      where: { id, status: 'accepted' },
      data: { scores: input.scores, opinion: input.opinion ?? null, total, ...(input.submit ? { status: 'submitted', submittedAt: new Date() } : {}) },
    });
    if (count !== 1) throw new ApiError('conflict');
    return tx.reviewAssignment.findFirstOrThrow({ where: { id } });
  });
  if (input.submit) ctx.services.events.publish('review.assignment.changed', { tenantId: a.tenantId, callId: a.callId, applicationId: a.applicationId, assignmentId: id, status: 'submitted', actorId: ctx.auth.user.id });
  return (await assignmentViews(ctx, [updated], { asReviewer: true }))[0];
}

/** The application as its reviewer sees it: without the applicant's identity when the call is blind. */
export async function reviewerApplication(ctx: RequestCtx, assignmentId: string) {
  const a = await ownAssignment(ctx, assignmentId);
  if (a.status === 'declined' || a.status === 'replaced') throw notFound('resource');
  const call = await findCall(ctx, a.callId);
  const app = await ctx.db.projectApplication.findFirst({ where: { id: a.applicationId } });
  if (!app) throw notFound('resource');
  return applicationView(ctx, app, call, { blind: call.blindReview });
}

/** Others' reviews of the same application, only once the caller has submitted their own. */
export async function peerReviews(ctx: RequestCtx, assignmentId: string) {
  const a = await ownAssignment(ctx, assignmentId);
  if (a.status !== 'submitted') return { visible: false, items: [] };
  const rows = await ctx.db.reviewAssignment.findMany({ where: { applicationId: a.applicationId, status: 'submitted', id: { not: a.id } }, orderBy: { submittedAt: 'asc' } });
  const names = await expertNames(ctx.db, rows.map((r) => r.expertId));
  return {
    visible: true,
    items: rows.map((r) => ({ expertName: names.get(r.expertId)?.name ?? '', scores: r.scores as Record<string, number>, total: r.total ?? 0, opinion: r.opinion, submittedAt: r.submittedAt!.toISOString() })),
  };
}

export async function callResults(ctx: RequestCtx, callId: string) {
  const call = await findCall(ctx, callId);
  const rubric = call.rubric as unknown as Criterion[];
  const apps = await ctx.db.projectApplication.findMany({ where: { callId, status: { not: 'draft' } }, orderBy: { submittedAt: 'asc' } });
  const rows = await ctx.db.reviewAssignment.findMany({ where: { callId, status: { in: ['invited', 'accepted', 'submitted'] } } });
  const names = await expertNames(ctx.db, rows.map((r) => r.expertId));
  const agg = call.aggregation === 'median' ? median : mean;
  return {
    aggregation: call.aggregation as 'mean' | 'median',
    items: apps.map((app) => {
      const mine = rows.filter((r) => r.applicationId === app.id);
      const done = mine.filter((r) => r.status === 'submitted');
      const totals = done.map((r) => r.total ?? 0);
      return {
        applicationId: app.id,
        title: app.title,
        organization: app.organization,
        assigned: mine.length,
        submitted: done.length,
        score: agg(totals),
        mean: mean(totals),
        median: median(totals),
        criteria: Object.fromEntries(rubric.map((c) => [c.key, agg(done.map((r) => (r.scores as Record<string, number>)[c.key]))])),
        reviews: done.map((r) => ({ expertName: names.get(r.expertId)?.name ?? '', total: r.total ?? 0, opinion: r.opinion })),
      };
    }),
  };
}

export async function callProgress(ctx: RequestCtx, callId: string) {
  await findCall(ctx, callId);
  const rows = await ctx.db.reviewAssignment.findMany({ where: { callId, status: { in: ['invited', 'accepted', 'submitted'] } } });
  const apps = await ctx.db.projectApplication.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.applicationId))] } }, select: { id: true, title: true } });
  const names = await expertNames(ctx.db, rows.map((r) => r.expertId));
  const reviewers = [...new Set(rows.map((r) => r.expertId))].map((expertId) => {
    const mine = rows.filter((r) => r.expertId === expertId);
    const submitted = mine.filter((r) => r.status === 'submitted').length;
    return { expertId, name: names.get(expertId)?.name ?? '', assigned: mine.length, submitted, pending: mine.length - submitted };
  });
  const applications = apps.map((a) => {
    const mine = rows.filter((r) => r.applicationId === a.id);
    return { applicationId: a.id, title: a.title, assigned: mine.length, submitted: mine.filter((r) => r.status === 'submitted').length };
  });
  return { reviewers: reviewers.sort((x, y) => y.pending - x.pending || x.name.localeCompare(y.name, 'zh-CN')), applications };
}

/** Reminds every reviewer with unfinished work on the call (in the app and by e-mail). */
export async function remindReviewers(ctx: RequestCtx, callId: string) {
  const call = await findCall(ctx, callId);
  const rows = await ctx.db.reviewAssignment.findMany({ where: { callId, status: { in: ['invited', 'accepted'] } }, select: { expertId: true } });
  const names = await expertNames(ctx.db, rows.map((r) => r.expertId));
  const userIds = [...new Set([...names.values()].map((n) => n.userId).filter((u): u is string => !!u))];
  await ctx.services.notify({ tenantId: ctx.auth.tenant.id, userIds, kind: 'review.reminder', title: `评审提醒 / Review reminder: ${call.title}`, body: '您还有未完成的评审任务，请尽快完成。/ You have reviews still to finish.', link: '/reviews/assignments', email: true });
  return { reminded: userIds.length, withoutAccount: new Set(rows.map((r) => r.expertId)).size - userIds.length };
}
