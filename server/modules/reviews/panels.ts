/**
 * 专家评审会: the chair moves the panel from application to application; members check in and
 * score; scores stay sealed (only counts leave the server) until every present, unconflicted
 * member has scored, then every total is revealed to the room at once with mean, median and
 * spread; outliers (> 1.5 σ) are asked to explain; the chair locks the result.
 */
import type { z } from 'zod';
import { rooms } from '#schema/events.ts';
import { can } from '#schema/permissions.ts';
import { documentName } from '#schema/collab.ts';
import type { PanelInput, PanelScoreInput, PanelSignal, PanelView } from '#schema/reviews/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import type { ScopedClient } from '../../db/tenant-scope.ts';
import { expertIdOf, expertNames, expertsForScreening } from '../experts/service.ts';
import { findCall } from './calls.ts';
import { conflictsOf, type ApplicantFacts, type Candidate } from './draw.ts';
import { median, weightedTotal, type Criterion } from './scoring.ts';

export const PANEL_ROOM = 'panel';
const OUTLIER_SIGMA = 1.5;

type PanelRow = NonNullable<Awaited<ReturnType<ScopedClient['reviewPanel']['findFirst']>>>;

export async function findPanel(db: ScopedClient, id: string) {
  return db.reviewPanel.findFirst({ where: { id } });
}

/** Who may see a panel: its members, and those who read applications (the secretariat, the council). */
async function viewer(ctx: RequestCtx, panel: PanelRow) {
  const expertId = await expertIdOf(ctx.db, ctx.auth.user.id);
  const member = !!expertId && panel.memberExpertIds.includes(expertId);
  if (!member && !can(ctx.auth.role, 'application.read')) throw notFound('resource');
  return { expertId: member ? expertId : null, chair: member && expertId === panel.chairExpertId };
}

export async function loadPanel(ctx: RequestCtx, id: string) {
  const panel = await findPanel(ctx.db, id);
  if (!panel) throw notFound('resource');
  return { panel, me: await viewer(ctx, panel) };
}

/** Whether an expert is conflicted with an application (the draw's own screening, minus load and field). */
async function conflictedExperts(db: ScopedClient, callTags: string[], expertIds: string[], applicationId: string): Promise<Set<string>> {
  const app = await db.projectApplication.findFirst({ where: { id: applicationId } });
  if (!app) return new Set();
  const facts: ApplicantFacts = { id: app.id, applicantUserId: app.applicantId, organization: app.organization, creditCode: app.creditCode, region: app.region, emails: app.contactEmails, staffNames: app.staffNames, assigned: [], declined: [] };
  const profiles = await expertsForScreening(db, expertIds);
  const out = new Set<string>();
  for (const p of profiles) {
    const c: Candidate = { ...p, tags: callTags, available: true, maxReviews: 1, load: 0, reviewed: [] };
    const reasons = conflictsOf(c, facts, { tags: callTags, perApplication: 1, sameRegion: false, onePerEmployer: false, employers: [] });
    if (reasons.length) out.add(p.id);
  }
  return out;
}

export async function createPanel(ctx: RequestCtx, callId: string, input: z.output<typeof PanelInput>) {
  await findCall(ctx, callId);
  const members = [...new Set([input.chairExpertId, ...input.memberExpertIds])];
  const found = await ctx.db.expertProfile.count({ where: { id: { in: members } } });
  const apps = await ctx.db.projectApplication.count({ where: { id: { in: input.applicationIds }, callId, status: { not: 'draft' } } });
  if (found !== members.length || apps !== new Set(input.applicationIds).size) {
    throw new ApiError('validation_failed', {}, [{ path: found !== members.length ? 'body.memberExpertIds' : 'body.applicationIds', code: 'custom', message: ctx.locale === 'en' ? 'Unknown experts or applications' : '专家或申报项目不存在' }]);
  }
  const tenantId = ctx.auth.tenant.id;
  const applicationIds = [...new Set(input.applicationIds)];
  const panel = await ctx.write(async (tx) => {
    const p = await tx.reviewPanel.create({ data: { tenantId, callId, name: input.name, chairExpertId: input.chairExpertId, memberExpertIds: members, applicationIds, currentApplicationId: applicationIds[0], createdById: ctx.auth.user.id } });
    await tx.panelItem.createMany({ data: applicationIds.map((applicationId) => ({ tenantId, panelId: p.id, applicationId })) });
    await tx.panelAttendance.createMany({ data: members.map((expertId) => ({ tenantId, panelId: p.id, expertId })) });
    return p;
  });
  const names = await expertNames(ctx.db, members);
  const userIds = [...names.values()].map((n) => n.userId).filter((u): u is string => !!u);
  await ctx.services.notify({ tenantId, userIds, kind: 'review.panel', title: `专家评审会 / Review panel: ${input.name}`, body: input.name, link: `/reviews/panels/${panel.id}`, email: true });
  return panel.id;
}

export async function panelView(ctx: RequestCtx, id: string): Promise<z.input<typeof PanelView>> {
  const { panel, me } = await loadPanel(ctx, id);
  const call = await findCall(ctx, panel.callId);
  const [attendance, items, names, apps] = await Promise.all([
    ctx.db.panelAttendance.findMany({ where: { panelId: id } }),
    ctx.db.panelItem.findMany({ where: { panelId: id } }),
    expertNames(ctx.db, panel.memberExpertIds),
    ctx.db.projectApplication.findMany({ where: { id: { in: panel.applicationIds } }, select: { id: true, title: true, organization: true } }),
  ]);
  const present = new Set(attendance.filter((a) => a.present).map((a) => a.expertId));
  const itemOf = new Map(items.map((i) => [i.applicationId, i]));
  const appOf = new Map(apps.map((a) => [a.id, a]));
  let current: z.input<typeof PanelView>['current'] = null;
  const curId = panel.currentApplicationId;
  if (curId && itemOf.has(curId)) {
    const item = itemOf.get(curId)!;
    const conflicted = await conflictedExperts(ctx.db, call.fieldTags, panel.memberExpertIds, curId);
    const iAmConflicted = me.expertId ? conflicted.has(me.expertId) : false;
    const scores = await ctx.db.panelScore.findMany({ where: { itemId: item.id }, orderBy: { createdAt: 'asc' } });
    const expected = panel.memberExpertIds.filter((e) => present.has(e) && !conflicted.has(e)).length;
    const mine = me.expertId ? scores.find((s) => s.expertId === me.expertId) : undefined;
    const app = appOf.get(curId)!;
    current = {
      itemId: item.id,
      applicationId: curId,
      title: app.title,
      organization: call.blindReview && !can(ctx.auth.role, 'application.read') ? null : app.organization,
      status: item.status as 'open',
      conflicted: iAmConflicted,
      scored: scores.length,
      expected,
      myTotal: mine?.total ?? null,
      revealed: item.status === 'open' ? null : revealedScores(item, scores, names, iAmConflicted),
      rubric: call.rubric as never,
      document: documentName('review-opinion', item.id),
      lockedAt: item.lockedAt?.toISOString() ?? null,
    };
  }
  return {
    id: panel.id,
    callId: panel.callId,
    name: panel.name,
    chairExpertId: panel.chairExpertId,
    me: { expertId: me.expertId, chair: me.chair, present: !!me.expertId && present.has(me.expertId) },
    members: panel.memberExpertIds.map((e) => ({ expertId: e, userId: names.get(e)?.userId ?? null, name: names.get(e)?.name ?? '', present: present.has(e) })),
    applications: panel.applicationIds.map((a) => ({ applicationId: a, title: appOf.get(a)?.title ?? '', status: (itemOf.get(a)?.status ?? 'open') as 'open' })),
    current,
  };
}

/** Totals with labels A, B, C… in scoring order; names only for viewers who are not conflicted. */
function revealedScores(item: { mean: number | null; median: number | null; stdev: number | null }, scores: { expertId: string; total: number; explanation: string | null }[], names: Map<string, { name: string }>, anonymous: boolean) {
  const stats = { mean: item.mean ?? 0, median: item.median ?? 0, stdev: item.stdev ?? 0 };
  return {
    ...stats,
    scores: scores.map((s, i) => ({
      label: String.fromCharCode(65 + i),
      expertId: anonymous ? null : s.expertId,
      name: anonymous ? null : (names.get(s.expertId)?.name ?? ''),
      total: s.total,
      outlier: isOutlier(s.total, stats.mean, stats.stdev),
      explanation: s.explanation,
    })),
  };
}

export const isOutlier = (x: number, mean: number, stdev: number) => stdev > 0 && Math.abs(x - mean) > OUTLIER_SIGMA * stdev;

/** Population standard deviation: the spread of this panel's own scores. */
export function spread(xs: number[]): number {
  if (!xs.length) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.round(Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length) * 100) / 100;
}

function signal(s: Pick<Services, 'push'>, tenantId: string, sig: Omit<PanelSignal, 'at'>) {
  s.push(rooms.entity(tenantId, PANEL_ROOM, sig.panelId), 'reviews:panel', { ...sig, at: new Date().toISOString() });
}

export async function setCurrent(ctx: RequestCtx, id: string, applicationId: string) {
  const { panel, me } = await loadPanel(ctx, id);
  if (!me.chair) throw new ApiError('forbidden', { action: 'panel.chair' });
  if (!panel.applicationIds.includes(applicationId)) throw notFound('resource');
  await ctx.write((tx) => tx.reviewPanel.update({ where: { id }, data: { currentApplicationId: applicationId } }));
  signal(ctx.services, ctx.auth.tenant.id, { panelId: id, applicationId, kind: 'current' });
}

export async function setPresence(ctx: RequestCtx, id: string, present: boolean) {
  const { panel, me } = await loadPanel(ctx, id);
  if (!me.expertId) throw new ApiError('forbidden', { action: 'review.perform' });
  await ctx.write((tx) => tx.panelAttendance.updateMany({ where: { panelId: id, expertId: me.expertId! }, data: { present } }));
  signal(ctx.services, ctx.auth.tenant.id, { panelId: id, applicationId: panel.currentApplicationId, kind: 'presence' });
  // Someone leaving may complete the set of present scorers.
  if (panel.currentApplicationId) await revealIfComplete(ctx, panel, panel.currentApplicationId);
}

export async function scoreOnPanel(ctx: RequestCtx, id: string, input: z.output<typeof PanelScoreInput>) {
  const { panel, me } = await loadPanel(ctx, id);
  if (!me.expertId) throw new ApiError('forbidden', { action: 'review.perform' });
  if (panel.currentApplicationId !== input.applicationId) throw new ApiError('conflict', {}, { reason: 'not_current' });
  const call = await findCall(ctx, panel.callId);
  const item = await ctx.db.panelItem.findFirst({ where: { panelId: id, applicationId: input.applicationId } });
  if (!item) throw notFound('resource');
  if (item.status !== 'open') throw new ApiError('conflict', {}, { reason: item.status });
  const attendance = await ctx.db.panelAttendance.findFirst({ where: { panelId: id, expertId: me.expertId } });
  if (!attendance?.present) throw new ApiError('conflict', {}, { reason: 'not_present' });
  if ((await conflictedExperts(ctx.db, call.fieldTags, [me.expertId], input.applicationId)).size) throw new ApiError('conflict', {}, { reason: 'conflicted' });
  const rubric = call.rubric as unknown as Criterion[];
  const issues = rubric.filter((c) => input.scores[c.key] === undefined || input.scores[c.key] < c.min || input.scores[c.key] > c.max);
  if (issues.length || Object.keys(input.scores).some((k) => !rubric.some((c) => c.key === k))) {
    throw new ApiError('validation_failed', {}, issues.map((c) => ({ path: `body.scores.${c.key}`, code: 'custom', message: `${c.label}: ${c.min}–${c.max}` })));
  }
  const total = weightedTotal(rubric, input.scores);
  const expertId = me.expertId;
  await ctx.write((tx) =>
    tx.panelScore.upsert({
      where: { itemId_expertId: { itemId: item.id, expertId } },
      create: { tenantId: ctx.auth.tenant.id, itemId: item.id, expertId, scores: input.scores, total },
      update: { scores: input.scores, total },
    }),
  );
  const revealed = await revealIfComplete(ctx, panel, input.applicationId);
  if (!revealed) {
    const scored = await ctx.db.panelScore.count({ where: { itemId: item.id } });
    signal(ctx.services, ctx.auth.tenant.id, { panelId: id, applicationId: input.applicationId, kind: 'scored', scored });
  }
  return { total };
}

/** Reveals the item when every present, unconflicted member has scored: one transaction, one broadcast. */
async function revealIfComplete(ctx: RequestCtx, panel: PanelRow, applicationId: string): Promise<boolean> {
  const call = await findCall(ctx, panel.callId);
  const item = await ctx.db.panelItem.findFirst({ where: { panelId: panel.id, applicationId } });
  if (!item || item.status !== 'open') return false;
  const present = (await ctx.db.panelAttendance.findMany({ where: { panelId: panel.id, present: true } })).map((a) => a.expertId);
  const conflicted = await conflictedExperts(ctx.db, call.fieldTags, present, applicationId);
  const expected = present.filter((e) => !conflicted.has(e));
  const scores = await ctx.db.panelScore.findMany({ where: { itemId: item.id }, orderBy: { createdAt: 'asc' } });
  const scoredBy = new Set(scores.map((s) => s.expertId));
  if (!expected.length || !expected.every((e) => scoredBy.has(e))) return false;
  const totals = scores.map((s) => s.total);
  const mean = Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100;
  const stats = { mean, median: median(totals) ?? 0, stdev: spread(totals) };
  const { count } = await ctx.write((tx) => tx.panelItem.updateMany({ where: { id: item.id, status: 'open' }, data: { status: 'revealed', revealedAt: new Date(), ...stats } }));
  // Another request revealed it first: it also broadcast.
  if (count !== 1) return true;
  signal(ctx.services, ctx.auth.tenant.id, {
    panelId: panel.id,
    applicationId,
    kind: 'revealed',
    revealed: { ...stats, scores: scores.map((s, i) => ({ label: String.fromCharCode(65 + i), total: s.total, outlier: isOutlier(s.total, stats.mean, stats.stdev) })) },
  });
  return true;
}

/** An outlier explains their score (after the reveal, before the lock). */
export async function explainScore(ctx: RequestCtx, id: string, applicationId: string, explanation: string) {
  const { panel, me } = await loadPanel(ctx, id);
  if (!me.expertId) throw new ApiError('forbidden', { action: 'review.perform' });
  const item = await ctx.db.panelItem.findFirst({ where: { panelId: panel.id, applicationId } });
  if (!item) throw notFound('resource');
  if (item.status !== 'revealed') throw new ApiError('conflict', {}, { reason: item.status });
  const { count } = await ctx.write((tx) => tx.panelScore.updateMany({ where: { itemId: item.id, expertId: me.expertId! }, data: { explanation } }));
  if (!count) throw notFound('resource');
  signal(ctx.services, ctx.auth.tenant.id, { panelId: id, applicationId, kind: 'explained' });
}

/** The chair locks a revealed result: final, audited (the update names the chair), and the opinion turns read-only. */
export async function lockItem(ctx: RequestCtx, id: string, applicationId: string) {
  const { panel, me } = await loadPanel(ctx, id);
  if (!me.chair) throw new ApiError('forbidden', { action: 'panel.chair' });
  const item = await ctx.db.panelItem.findFirst({ where: { panelId: panel.id, applicationId } });
  if (!item) throw notFound('resource');
  const { count } = await ctx.write((tx) => tx.panelItem.updateMany({ where: { id: item.id, status: 'revealed' }, data: { status: 'locked', lockedAt: new Date(), lockedById: ctx.auth.user.id } }));
  if (count !== 1) throw new ApiError('conflict', {}, { reason: item.status });
  signal(ctx.services, ctx.auth.tenant.id, { panelId: id, applicationId, kind: 'locked' });
  // Open editors reconnect and find the document read-only.
  const names = await expertNames(ctx.db, panel.memberExpertIds);
  for (const n of names.values()) if (n.userId) ctx.services.revokeCollab(n.userId, ctx.auth.tenant.id);
}

export async function listPanels(ctx: RequestCtx, callId: string) {
  await findCall(ctx, callId);
  return (await ctx.db.reviewPanel.findMany({ where: { callId }, orderBy: { createdAt: 'asc' } })).map((p) => ({ id: p.id, name: p.name, applications: p.applicationIds.length, members: p.memberExpertIds.length }));
}

/** Panels the caller sits on. */
export async function myPanels(ctx: RequestCtx) {
  const expertId = await expertIdOf(ctx.db, ctx.auth.user.id);
  if (!expertId) return [];
  return (await ctx.db.reviewPanel.findMany({ where: { memberExpertIds: { has: expertId } }, orderBy: { createdAt: 'desc' }, take: 100 })).map((p) => ({ id: p.id, name: p.name, applications: p.applicationIds.length, members: p.memberExpertIds.length }));
}

/** Room and collab access: members of the panel, or readers of applications. */
export async function panelAccessFor(db: ScopedClient, userId: string, role: string, panelId: string): Promise<'member' | 'reader' | null> {
  const panel = await findPanel(db, panelId);
  if (!panel) return null;
  const expertId = await expertIdOf(db, userId);
  if (expertId && panel.memberExpertIds.includes(expertId)) return 'member';
  return can(role as never, 'application.read') ? 'reader' : null;
}
