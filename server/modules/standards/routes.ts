import { IdParams } from '#schema/api/common.ts';
import {
  CreateStandardProjectInput,
  SetMemberInput,
  StandardCandidateList,
  StandardProject,
  StandardProjectDetail,
  StandardProjectList,
  StandardProjectQuery,
  TransitionInput,
  UpdateStandardProjectInput,
} from '#schema/standards/api.ts';
import type { GroupRole, Stage } from '#schema/standards/workflow.ts';
import { translator } from '#schema/i18n/index.ts';
import { documentName } from '#schema/collab.ts';
import { draftTemplate } from '#schema/standards/template.ts';
import { draftUpdate } from './draft.ts';
import { commentRoutes } from './comments.ts';
import { matrixRoutes } from './matrix.ts';
import { ballotRoutes, blockingVotes } from './ballot.ts';
import { versionRoutes } from './versions.ts';
import { loadDraft } from './comments.ts';
import { portalRoutes, publicCommentOpening } from './portal.ts';
import { publicationRoutes, publishedRoutes } from './publication.ts';
import { figureRoutes } from './figures.ts';
import * as Y from 'yjs';
import { ApiError } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { actorOf, checkTransition, findProject, groupRoleOf, mayManageGroup, nextStages, projectView } from './service.ts';

const changed = (ctx: RequestCtx, projectId: string, stage: string, change: 'created' | 'updated' | 'stage' | 'group') =>
  ctx.services.events.publish('standard.project.changed', { tenantId: ctx.auth.tenant.id, projectId, stage, change, actorId: ctx.auth.user.id });

/** Users of this association by id, with their tenant role (users themselves are not tenant-owned). */
async function tenantUsers(ctx: RequestCtx, userIds?: string[]) {
  const memberships = await ctx.db.membership.findMany({
    where: userIds ? { userId: { in: userIds } } : {},
    include: { user: { select: { id: true, name: true, email: true, disabledAt: true } } },
  });
  return new Map(memberships.filter((m) => !m.user.disabledAt).map((m) => [m.userId, { userId: m.userId, name: m.user.name, email: m.user.email, tenantRole: m.role }]));
}

async function detail(ctx: RequestCtx, id: string) {
  const project = await findProject(ctx.db, id, ctx.locale);
  const [members, history] = await Promise.all([
    ctx.db.standardMember.findMany({ where: { projectId: id }, orderBy: { createdAt: 'asc' } }),
    ctx.db.standardTransition.findMany({ where: { projectId: id }, orderBy: { createdAt: 'asc' } }),
  ]);
  const people = await tenantUsers(ctx, [...new Set([...members.map((m) => m.userId), ...history.map((h) => h.actorId)])]);
  const myRole = (members.find((m) => m.userId === ctx.auth.user.id)?.role as GroupRole | undefined) ?? null;
  const order: Record<string, number> = { leader: 0, author: 1, voter: 2, commenter: 3, reader: 4 };
  return {
    ...projectView(project, myRole),
    members: members
      .filter((m) => people.has(m.userId))
      .map((m) => ({ ...people.get(m.userId)!, role: m.role as GroupRole }))
      .sort((a, b) => order[a.role] - order[b.role]),
    history: history.map((h) => ({
      id: h.id,
      from: h.fromStage as Stage,
      to: h.toStage as Stage,
      decision: h.decision,
      actorId: h.actorId,
      actorName: people.get(h.actorId)?.name ?? '—',
      at: h.createdAt.toISOString(),
    })),
    nextStages: nextStages(project.stage as Stage, actorOf(ctx.auth, myRole)),
    canManageGroup: mayManageGroup(ctx.auth, myRole),
  };
}

export const standardRoutes = [
  defineRoute({
    method: 'get',
    path: '/standards/projects',
    tag: 'standards',
    summary: 'Group-standard projects of this association, most recently changed first',
    access: 'standard.read',
    query: StandardProjectQuery,
    response: StandardProjectList,
    async handler({ query, ctx }) {
      const mine = await ctx.db.standardMember.findMany({ where: { userId: ctx.auth.user.id }, select: { projectId: true, role: true } });
      const roleIn = new Map(mine.map((m) => [m.projectId, m.role as GroupRole]));
      const rows = await ctx.db.standardProject.findMany({
        where: { ...(query.stage ? { stage: query.stage } : {}), ...(query.mine === 'true' ? { id: { in: [...roleIn.keys()] } } : {}) },
        orderBy: { updatedAt: 'desc' },
        take: 500,
      });
      return { items: rows.map((p) => projectView(p, roleIn.get(p.id) ?? null)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects',
    tag: 'standards',
    summary: 'Propose a group-standard project (提案); the proposer leads its working group',
    access: 'standard.create',
    body: CreateStandardProjectInput,
    response: StandardProject,
    status: 201,
    async handler({ body, ctx }) {
      const project = await ctx.write(async (tx) => {
        const p = await tx.standardProject.create({ data: { tenantId: ctx.auth.tenant.id, title: body.title, scope: body.scope, createdById: ctx.auth.user.id } });
        await tx.standardMember.create({ data: { tenantId: ctx.auth.tenant.id, projectId: p.id, userId: ctx.auth.user.id, role: 'leader' } });
        // The draft starts from the group-standard template, as the first entry of its update log.
        const template = draftTemplate({ title: body.title, scope: body.scope, association: ctx.auth.tenant.name, year: new Date().getUTCFullYear() });
        await tx.collabUpdate.create({ data: { tenantId: ctx.auth.tenant.id, name: documentName('standard', p.id), update: Buffer.from(draftUpdate(template)) }, select: { id: true } });
        return p;
      });
      changed(ctx, project.id, project.stage, 'created');
      return projectView(project, 'leader');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}',
    tag: 'standards',
    summary: 'One project with its working group, its history and the stages the caller may move it to',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    response: StandardProjectDetail,
    handler: async ({ params, ctx }) => detail(ctx, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/standards/projects/{id}',
    tag: 'standards',
    summary: "Change a project's title, scope or standard number (leader or secretariat)",
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: UpdateStandardProjectInput,
    response: StandardProjectDetail,
    async handler({ params, body, ctx }) {
      const project = await findProject(ctx.db, params.id, ctx.locale);
      if (!mayManageGroup(ctx.auth, await groupRoleOf(ctx.db, project.id, ctx.auth.user.id))) {
        throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needLeader') });
      }
      await ctx.write((tx) =>
        tx.standardProject.update({
          where: { id: project.id },
          data: { ...(body.title !== undefined ? { title: body.title } : {}), ...(body.scope !== undefined ? { scope: body.scope } : {}), ...(body.code !== undefined ? { code: body.code || null } : {}) },
        }),
      );
      changed(ctx, project.id, project.stage, 'updated');
      return detail(ctx, project.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/transitions',
    tag: 'standards',
    summary: 'Move a project to another stage with the decision that justifies it',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: TransitionInput,
    response: StandardProjectDetail,
    async handler({ params, body, ctx }) {
      const project = await findProject(ctx.db, params.id, ctx.locale);
      const from = project.stage as Stage;
      checkTransition(ctx.auth, await groupRoleOf(ctx.db, project.id, ctx.auth.user.id), from, body.to, ctx.locale);
      // 征求意见 publishes a read-only snapshot of the draft on the portal until the deadline.
      const opening = body.to === 'public_comment' ? publicCommentOpening(ctx, body.publicComment) : null;
      // 批准发布 publishes the text on the portal as it is at approval.
      const publishing = body.to === 'published';
      const snapshot = opening || publishing ? Y.encodeStateAsUpdate(await loadDraft(ctx.db, project.id)) : null;
      await ctx.write(async (tx) => {
        if (publishing && snapshot) {
          const version = await tx.standardVersion.create({ data: { tenantId: ctx.auth.tenant.id, projectId: project.id, name: `${translator(ctx.locale)('standards.stages.published')}稿`, createdById: ctx.auth.user.id } });
          await tx.standardVersionState.create({ data: { tenantId: ctx.auth.tenant.id, versionId: version.id, state: Buffer.from(snapshot) } });
          await tx.standardProject.update({ where: { id: project.id }, data: { publishedVersionId: version.id, publishedAt: new Date() } });
        }
        if (opening && snapshot) {
          const version = await tx.standardVersion.create({ data: { tenantId: ctx.auth.tenant.id, projectId: project.id, name: opening.versionName, createdById: ctx.auth.user.id } });
          await tx.standardVersionState.create({ data: { tenantId: ctx.auth.tenant.id, versionId: version.id, state: Buffer.from(snapshot) } });
          await tx.standardProject.update({ where: { id: project.id }, data: { commentVersionId: version.id, commentDeadline: opening.deadline, commentPublic: opening.allowPublic } });
        }
        if (body.to === 'published') {
          // An unresolved 反对 blocks publication (checked in the transaction that publishes).
          const blocking = await blockingVotes(tx, project.id, project.reviewRound);
          if (blocking > 0) {
            throw new ApiError('validation_failed', {}, [{ path: 'body.to', code: 'custom', message: translator(ctx.locale)('standards.ballot.blocked', { count: blocking }) }]);
          }
        }
        // Only from the stage the caller saw: two people moving it at once must not both succeed.
        const moved = await tx.standardProject.updateMany({
          where: { id: project.id, stage: from },
          // Entering technical review opens a new ballot round.
          data: { stage: body.to, ...(body.to === 'technical_review' ? { reviewRound: { increment: 1 } } : {}) },
        });
        if (moved.count !== 1) throw new ApiError('conflict');
        await tx.standardTransition.create({
          data: { tenantId: ctx.auth.tenant.id, projectId: project.id, fromStage: from, toStage: body.to, decision: body.decision, actorId: ctx.auth.user.id },
        });
      });
      changed(ctx, project.id, body.to, 'stage');
      if (publishing) {
        // Standards work for member points and the credit archive: the leaders and authors of a published standard.
        const at = new Date().toISOString();
        const authors = await ctx.db.standardMember.findMany({ where: { projectId: project.id, role: { in: ['leader', 'author'] } } });
        for (const m of authors) {
          ctx.services.events.publish('standard.contribution', { tenantId: ctx.auth.tenant.id, userId: m.userId, projectId: project.id, projectTitle: project.title, role: m.role as 'leader' | 'author', at });
        }
      }
      return detail(ctx, project.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/members',
    tag: 'standards',
    summary: "Set or remove a person's role in the working group (leader or secretariat)",
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: SetMemberInput,
    response: StandardProjectDetail,
    async handler({ params, body, ctx }) {
      const project = await findProject(ctx.db, params.id, ctx.locale);
      const t = translator(ctx.locale);
      if (!mayManageGroup(ctx.auth, await groupRoleOf(ctx.db, project.id, ctx.auth.user.id))) throw new ApiError('forbidden', { action: t('standards.errors.needLeader') });
      if (!(await tenantUsers(ctx, [body.userId])).has(body.userId)) {
        throw new ApiError('validation_failed', {}, [{ path: 'body.userId', code: 'custom', message: t('standards.errors.notTenantUser') }]);
      }
      await ctx.write(async (tx) => {
        const where = { tenantId_projectId_userId: { tenantId: ctx.auth.tenant.id, projectId: project.id, userId: body.userId } };
        if (body.role === null) await tx.standardMember.deleteMany({ where: { projectId: project.id, userId: body.userId } });
        else await tx.standardMember.upsert({ where, create: { tenantId: ctx.auth.tenant.id, projectId: project.id, userId: body.userId, role: body.role }, update: { role: body.role } });
        const leaders = await tx.standardMember.count({ where: { projectId: project.id, role: 'leader' } });
        if (leaders === 0) throw new ApiError('validation_failed', {}, [{ path: 'body.role', code: 'custom', message: t('standards.errors.lastLeader') }]);
      });
      // Their open draft re-authenticates at once with what the new role allows.
      ctx.services.revokeCollab(body.userId, ctx.auth.tenant.id);
      changed(ctx, project.id, project.stage, 'group');
      return detail(ctx, project.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/standards/candidates',
    tag: 'standards',
    summary: 'People of this association (users and experts) who can join a working group',
    access: 'standard.create',
    response: StandardCandidateList,
    async handler({ ctx }) {
      const people = [...(await tenantUsers(ctx)).values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      return { items: people };
    },
  }),
  ...commentRoutes,
  ...matrixRoutes,
  ...ballotRoutes,
  ...versionRoutes,
  ...portalRoutes,
  ...publicationRoutes,
  ...publishedRoutes,
  ...figureRoutes,
];
