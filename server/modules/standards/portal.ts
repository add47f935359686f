// 征求意见 on the portal: the snapshot taken when the project entered public comment, readable by
// anyone; comments from registered (logged-in) users count at once, comments from the public only
// after they open the link e-mailed to them, and none after the deadline.
import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { TZDate } from '@date-fns/tz';
import * as Y from 'yjs';
import { translator } from '#schema/i18n/index.ts';
import { PortalTenantParams } from '#schema/portal/api.ts';
import { PortalCommentInput, PortalCommentResult, PortalDraft, PortalDraftParams, PortalDraftSummary, VerifyCommentInput } from '#schema/standards/api.ts';
import { z } from 'zod';
import { zonedDateTime } from '../../exports/dates.ts';
import type { Auth } from '../../http/context.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { write } from '../../db/tenant-scope.ts';
import { inPublicTenant } from '../portal/service.ts';
import { draftJson } from './draft.ts';
import { sectionsOf } from './diff.ts';
import { portalFigures } from './figures.ts';

/** Validates the settings of a public comment period and turns the deadline into the end of that day in the association's time zone. */
export function publicCommentOpening(ctx: RequestCtx, settings: { deadline: string; allowPublic: boolean } | undefined) {
  const t = translator(ctx.locale);
  const tz = ctx.auth.tenant.timeZone;
  const today = zonedDateTime(new Date(), tz).slice(0, 10);
  if (!settings || settings.deadline < today) {
    throw new ApiError('validation_failed', {}, [{ path: 'body.publicComment.deadline', code: 'custom', message: t('standards.portal.deadlineRequired') }]);
  }
  const [y, m, d] = settings.deadline.split('-').map(Number);
  const deadline = new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, tz).getTime());
  return { deadline, allowPublic: settings.allowPublic, versionName: `${t('standards.stages.public_comment')}稿 ${today}` };
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Public comments are rate-limited per client address and per e-mail address (the account's for
 * registered users), counted in Redis when there is one so that every instance shares the count.
 */
export const PORTAL_COMMENT_LIMITS = {
  perIp: { keyPrefix: 'portal-comment-ip', points: 20, duration: 3600 },
  perEmail: { keyPrefix: 'portal-comment-email', points: 5, duration: 3600 },
};

async function limitComments(ctx: PublicCtx, tenantId: string, ip: string, email: string) {
  const t = translator(ctx.locale);
  const checks = [
    ['perIp', ctx.services.rateLimiter(PORTAL_COMMENT_LIMITS.perIp), `${tenantId}:${ip}`],
    ['perEmail', ctx.services.rateLimiter(PORTAL_COMMENT_LIMITS.perEmail), `${tenantId}:${email.trim().toLowerCase()}`],
  ] as const;
  for (const [reason, limiter, key] of checks) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      const minutes = Math.ceil(seconds / 60);
      throw new ApiError('rate_limited', { seconds }, { reason, seconds, message: t('standards.portal.rateLimited', { minutes }) }, { 'Retry-After': String(seconds) });
    }
  }
}

type PublicCtx = RequestCtx<Auth | null>;

async function openDraft(ctx: PublicCtx, id: string) {
  const p = await ctx.services.scoped.standardProject.findFirst({ where: { id, stage: 'public_comment' } });
  if (!p || !p.commentVersionId || !p.commentDeadline) throw notFound('standardProject');
  return p as typeof p & { commentVersionId: string; commentDeadline: Date };
}

const summary = (p: { id: string; title: string; code: string | null; commentDeadline: Date; commentPublic: boolean }) => ({
  id: p.id,
  title: p.title,
  code: p.code,
  deadline: p.commentDeadline.toISOString(),
  open: Date.now() <= p.commentDeadline.getTime(),
  allowPublic: p.commentPublic,
});

function publish(ctx: PublicCtx, tenantId: string, projectId: string, commentId: string) {
  const data = { tenantId, projectId, commentId, actorId: ctx.auth?.user.id ?? null };
  ctx.services.events.publish('standard.comment.changed', data);
  ctx.services.push(`t:${tenantId}:standard:${projectId}`, 'domain:event', { name: 'standard.comment.changed', data, at: new Date().toISOString() });
}

export const portalRoutes = [
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/standards/comments',
    tag: 'standards',
    summary: 'Standard drafts open for public comment (征求意见) on the portal',
    access: 'public',
    params: PortalTenantParams,
    response: z.object({ items: z.array(PortalDraftSummary) }),
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async () => {
        const rows = await ctx.services.scoped.standardProject.findMany({ where: { stage: 'public_comment', commentDeadline: { not: null } }, orderBy: { commentDeadline: 'asc' } });
        return { items: rows.map((p) => summary(p as typeof p & { commentDeadline: Date })) };
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/standards/comments/{id}',
    tag: 'standards',
    summary: 'The read-only draft published for comment, with its clauses',
    access: 'public',
    params: PortalDraftParams,
    response: PortalDraft,
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async () => {
        const p = await openDraft(ctx, params.id);
        const state = await ctx.services.scoped.standardVersionState.findFirst({ where: { versionId: p.commentVersionId } });
        const doc = new Y.Doc();
        if (state) Y.applyUpdate(doc, state.state);
        const content = portalFigures(draftJson(doc), params.tenant);
        const clauses = sectionsOf(content)
          .filter((s) => s.clause)
          .map((s) => ({ clause: s.clause, title: s.title }));
        return { ...summary(p), content, clauses, registered: !!ctx.auth };
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/portal/{tenant}/standards/comments/{id}',
    tag: 'standards',
    summary: 'Comment on a draft open for comment: at once when logged in, after e-mail verification for the public (if allowed)',
    access: 'public',
    params: PortalDraftParams,
    body: PortalCommentInput,
    response: PortalCommentResult,
    status: 201,
    handler: ({ params, body, ctx, req }) =>
      inPublicTenant(ctx, params.tenant, async (tenant) => {
        const t = translator(ctx.locale);
        const p = await openDraft(ctx, params.id);
        if (Date.now() > p.commentDeadline.getTime()) {
          throw new ApiError('validation_failed', {}, [{ path: 'body', code: 'custom', message: t('standards.portal.closedError', { date: zonedDateTime(p.commentDeadline, tenant.timeZone).slice(0, 10) }) }]);
        }
        const registered = ctx.auth;
        if (!registered && !p.commentPublic) throw new ApiError('unauthenticated');
        if (!registered && !body.email) throw new ApiError('validation_failed', {}, [{ path: 'body.email', code: 'custom', message: t('standards.portal.emailRequired') }]);
        await limitComments(ctx, tenant.id, req.ip ?? 'unknown', registered?.user.email ?? body.email!);
        const token = registered ? null : randomBytes(32).toString('base64url');
        const row = await write(ctx.services.scoped, (tx) =>
          tx.standardComment.create({
            data: {
              tenantId: tenant.id,
              projectId: p.id,
              source: 'portal',
              authorId: registered?.user.id ?? '',
              type: body.type,
              body: body.body,
              proposal: body.proposal,
              clauseRef: body.clause || null,
              commenterName: body.name,
              commenterOrg: body.organization || null,
              commenterEmail: registered?.user.email ?? body.email ?? null,
              tokenHash: token ? hash(token) : null,
              verifiedAt: registered ? new Date() : null,
            },
          }),
        );
        if (!token) {
          publish(ctx, tenant.id, p.id, row.id);
          return { status: 'accepted' as const };
        }
        const link = `${ctx.services.config.PUBLIC_URL}/portal/${tenant.slug}/comments/verify?token=${token}`;
        await ctx.services.mailer.send({ to: body.email!, subject: t('standards.portal.mailSubject', { title: p.title }), text: `${t('standards.portal.mailBody', { title: p.title })}\n\n${link}` });
        return { status: 'verification_sent' as const };
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/portal/{tenant}/standards/comment-verifications',
    tag: 'standards',
    summary: "Confirm a public comment with the token from the e-mail (before the deadline)",
    access: 'public',
    params: PortalTenantParams,
    body: VerifyCommentInput,
    response: PortalCommentResult,
    handler: ({ params, body, ctx }) =>
      inPublicTenant(ctx, params.tenant, async (tenant) => {
        const c = await ctx.services.scoped.standardComment.findFirst({ where: { tokenHash: hash(body.token), verifiedAt: null } });
        const p = c ? await ctx.services.scoped.standardProject.findFirst({ where: { id: c.projectId, stage: 'public_comment' } }) : null;
        if (!c || !p || !p.commentDeadline || Date.now() > p.commentDeadline.getTime()) {
          throw new ApiError('validation_failed', {}, [{ path: 'body.token', code: 'custom', message: translator(ctx.locale)('standards.portal.verifyFailed') }]);
        }
        await write(ctx.services.scoped, (tx) => tx.standardComment.update({ where: { id: c.id }, data: { verifiedAt: new Date(), tokenHash: null } }));
        publish(ctx, tenant.id, p.id, c.id);
        return { status: 'accepted' as const };
      }),
  }),
];
