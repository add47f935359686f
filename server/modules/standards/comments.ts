import * as Y from 'yjs';
import { documentName, editorFragment } from '#schema/collab.ts';
import { translator } from '#schema/i18n/index.ts';
import { rooms } from '#schema/events.ts';
import { IdParams } from '#schema/api/common.ts';
import { CommentListQuery, CreateCommentInput, ResolveCommentInput, StandardComment, StandardCommentList } from '#schema/standards/api.ts';
import { numberDoc } from '#schema/standards/numbering.ts';
import { mayComment, type GroupRole } from '#schema/standards/workflow.ts';
import type { ScopedClient } from '../../db/tenant-scope.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { draftJson } from './draft.ts';
import { draftAccessOf, findProject, groupRoleOf } from './service.ts';

/** The draft as stored: compacted state plus the update log (every acknowledged edit is there). */
export async function loadDraft(db: ScopedClient, projectId: string): Promise<Y.Doc> {
  const name = documentName('standard', projectId);
  const updates = await db.collabUpdate.findMany({ where: { name }, orderBy: { id: 'asc' }, select: { update: true } });
  const stored = await db.collabDocument.findFirst({ where: { name }, select: { state: true } });
  const doc = new Y.Doc();
  if (stored) Y.applyUpdate(doc, stored.state);
  for (const u of updates) Y.applyUpdate(doc, u.update);
  return doc;
}

const decodePosition = (b64: string) => Y.decodeRelativePosition(Buffer.from(b64, 'base64'));

/**
 * The clause a text position is in now: the top-level block holding it, then the nearest numbered
 * heading at or before that block. Null when the anchor no longer resolves.
 */
export function clauseLocator(doc: Y.Doc) {
  const fragment = doc.getXmlFragment(editorFragment);
  const blocks = fragment.toArray();
  const labels = numberDoc(draftJson(doc));
  const headingLabel = blocks.map((b, i) => (b instanceof Y.XmlElement && b.nodeName === 'heading' ? labels[i] : ''));
  return (anchor: string | null): string | null => {
    if (!anchor) return null;
    let abs: Y.AbsolutePosition | null = null;
    try {
      abs = Y.createAbsolutePositionFromRelativePosition(decodePosition(anchor), doc);
    } catch {
      return null;
    }
    if (!abs) return null;
    let type: Y.AbstractType<unknown> | null = abs.type;
    while (type && type.parent !== fragment) type = type.parent as Y.AbstractType<unknown> | null;
    if (!type) return null;
    const index = blocks.indexOf(type as Y.XmlElement);
    for (let i = index; i >= 0; i--) if (headingLabel[i]) return headingLabel[i];
    return null;
  };
}

interface CommentRow {
  id: string;
  source: string;
  clauseRef: string | null;
  commenterName: string | null;
  commenterOrg: string | null;
  verifiedAt: Date | null;
  parentId: string | null;
  authorId: string;
  type: string;
  body: string;
  proposal: string;
  quote: string;
  anchorStart: string | null;
  anchorEnd: string | null;
  status: string;
  decision: string | null;
  resolution: string;
  resolvedById: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

async function names(ctx: RequestCtx, ids: string[]) {
  const memberships = await ctx.db.membership.findMany({ where: { userId: { in: [...new Set(ids)] } }, include: { user: { select: { name: true } } } });
  return new Map(memberships.map((m) => [m.userId, m.user.name]));
}

/** Every thread of a project with its replies, the clause each is on now, oldest first. */
export async function commentThreads(ctx: RequestCtx, projectId: string, status?: 'open' | 'resolved') {
  const rows: CommentRow[] = await ctx.db.standardComment.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' } });
  const people = await names(ctx, rows.flatMap((r) => [r.authorId, ...(r.resolvedById ? [r.resolvedById] : [])]));
  const clauseOf = clauseLocator(await loadDraft(ctx.db, projectId));
  const name = (id: string) => people.get(id) ?? '—';
  // Portal comments from the public count once their e-mail is verified; they name themselves.
  const counted = rows.filter((r) => r.source !== 'portal' || r.verifiedAt);
  const author = (r: CommentRow) => (r.source === 'portal' ? [r.commenterName, r.commenterOrg].filter(Boolean).join('，') : name(r.authorId));
  return counted
    .filter((r) => !r.parentId && (!status || r.status === status))
    .map((r) => ({
      id: r.id,
      source: r.source as 'group' | 'portal',
      authorId: r.authorId,
      authorName: author(r),
      body: r.body,
      createdAt: r.createdAt.toISOString(),
      type: r.type as 'technical' | 'general' | 'editorial',
      proposal: r.proposal,
      quote: r.quote,
      anchor: r.anchorStart && r.anchorEnd ? { start: r.anchorStart, end: r.anchorEnd } : null,
      clause: clauseOf(r.anchorStart) ?? r.clauseRef,
      status: r.status as 'open' | 'resolved',
      decision: r.decision as 'accepted' | 'partial' | 'rejected' | null,
      resolution: r.resolution,
      resolvedByName: r.resolvedById ? name(r.resolvedById) : null,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      replies: counted.filter((x) => x.parentId === r.id).map((x) => ({ id: x.id, authorId: x.authorId, authorName: name(x.authorId), body: x.body, createdAt: x.createdAt.toISOString() })),
    }));
}

/** The caller's standing in the project: refuses those who may not even read its draft (404, as if it were not there). */
async function standing(ctx: RequestCtx, projectId: string) {
  const project = await findProject(ctx.db, projectId, ctx.locale);
  const role = await groupRoleOf(ctx.db, projectId, ctx.auth.user.id);
  const access = draftAccessOf(ctx.auth, role);
  if (!access) throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needGroup') });
  return { project, role, canComment: mayComment(role), canResolve: access === 'write' };
}

async function findComment(ctx: RequestCtx, id: string) {
  const c = await ctx.db.standardComment.findFirst({ where: { id } });
  if (!c) throw notFound(translator(ctx.locale)('standards.comments.entity'));
  return c;
}

function changed(ctx: RequestCtx, projectId: string, commentId: string) {
  const data = { tenantId: ctx.auth.tenant.id, projectId, commentId, actorId: ctx.auth.user.id };
  ctx.services.events.publish('standard.comment.changed', data);
  // Everyone with the draft open, whatever their tenant role; they fetch what they may see.
  ctx.services.push(rooms.entity(ctx.auth.tenant.id, 'standard', projectId), 'domain:event', { name: 'standard.comment.changed', data, at: new Date().toISOString() });
}

export const commentRoutes = [
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/comments',
    tag: 'standards',
    summary: "Comment threads on a project's draft with the clause each is on now",
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    query: CommentListQuery,
    response: StandardCommentList,
    async handler({ params, query, ctx }) {
      const s = await standing(ctx, params.id);
      return { items: await commentThreads(ctx, params.id, query.status), canComment: s.canComment, canResolve: s.canResolve };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/comments',
    tag: 'standards',
    summary: 'Comment on a range of the draft (技术 / 一般 / 编辑, with a proposed change), or reply to a thread',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: CreateCommentInput,
    response: StandardComment,
    status: 201,
    async handler({ params, body, ctx }) {
      const s = await standing(ctx, params.id);
      const t = translator(ctx.locale);
      if (!s.canComment) throw new ApiError('forbidden', { action: t('standards.errors.needCommenter') });
      let parent: Awaited<ReturnType<typeof findComment>> | null = null;
      if (body.parentId) {
        parent = await ctx.db.standardComment.findFirst({ where: { id: body.parentId, projectId: params.id, parentId: null } });
        if (!parent) throw new ApiError('validation_failed', {}, [{ path: 'body.parentId', code: 'custom', message: t('standards.comments.noThread') }]);
      } else if (body.anchor) {
        // Both ends must point into the current draft (a range may span paragraphs).
        const doc = await loadDraft(ctx.db, params.id);
        const at = (b64: string) => {
          try {
            return Y.createAbsolutePositionFromRelativePosition(decodePosition(b64), doc);
          } catch {
            return null;
          }
        };
        const start = at(body.anchor.start);
        const end = at(body.anchor.end);
        if (!start || !end) {
          throw new ApiError('validation_failed', {}, [{ path: 'body.anchor', code: 'custom', message: t('standards.comments.badAnchor') }]);
        }
      }
      const row = await ctx.write((tx) =>
        tx.standardComment.create({
          data: {
            tenantId: ctx.auth.tenant.id,
            projectId: params.id,
            parentId: parent?.id ?? null,
            authorId: ctx.auth.user.id,
            type: parent?.type ?? body.type,
            body: body.body,
            proposal: parent ? '' : body.proposal,
            quote: parent ? '' : body.quote,
            anchorStart: parent ? null : (body.anchor?.start ?? null),
            anchorEnd: parent ? null : (body.anchor?.end ?? null),
          },
        }),
      );
      changed(ctx, params.id, parent?.id ?? row.id);
      ctx.services.events.publish('standard.contribution', {
        tenantId: ctx.auth.tenant.id,
        userId: ctx.auth.user.id,
        projectId: params.id,
        projectTitle: s.project.title,
        role: 'commenter',
        at: row.createdAt.toISOString(),
      });
      const threads = await commentThreads(ctx, params.id);
      return threads.find((c) => c.id === (parent?.id ?? row.id))!;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/comments/{id}/resolve',
    tag: 'standards',
    summary: 'Resolve a comment thread, or change its resolution (处理意见) in the matrix (leaders and authors)',
    access: 'standard.read',
    resource: 'standardComment',
    params: IdParams,
    body: ResolveCommentInput,
    response: StandardComment,
    async handler({ params, body, ctx }) {
      const c = await findComment(ctx, params.id);
      const s = await standing(ctx, c.projectId);
      if (!s.canResolve || c.parentId) throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needAuthor') });
      await ctx.write((tx) =>
        tx.standardComment.update({
          where: { id: c.id },
          data: { status: 'resolved', decision: body.decision ?? c.decision, resolution: body.resolution, resolvedById: ctx.auth.user.id, resolvedAt: new Date() },
        }),
      );
      changed(ctx, c.projectId, c.id);
      return (await commentThreads(ctx, c.projectId)).find((x) => x.id === c.id)!;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/comments/{id}/reopen',
    tag: 'standards',
    summary: 'Reopen a resolved comment thread (leaders and authors); its resolution text stays for reference',
    access: 'standard.read',
    resource: 'standardComment',
    params: IdParams,
    response: StandardComment,
    async handler({ params, ctx }) {
      const c = await findComment(ctx, params.id);
      const s = await standing(ctx, c.projectId);
      if (!s.canResolve || c.parentId) throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needAuthor') });
      await ctx.write((tx) => tx.standardComment.update({ where: { id: c.id }, data: { status: 'open', resolvedById: null, resolvedAt: null } }));
      changed(ctx, c.projectId, c.id);
      return (await commentThreads(ctx, c.projectId)).find((x) => x.id === c.id)!;
    },
  }),
];

export type CommentThread = Awaited<ReturnType<typeof commentThreads>>[number];
export type { GroupRole };
