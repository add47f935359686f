// 技术审查投票: voters choose 赞成 / 赞成附意见 / 反对附理由 / 弃权 while the project is in technical
// review. A disapproval carries written reasons and blocks publication until the leader records how
// it was resolved (the IETF lesson: a blocking objection stays open until resolved).
import { IdParams } from '#schema/api/common.ts';
import { can } from '#schema/permissions.ts';
import { translator } from '#schema/i18n/index.ts';
import { CastVoteInput, ResolveVoteInput, StandardBallot } from '#schema/standards/api.ts';
import { mayVote, type GroupRole } from '#schema/standards/workflow.ts';
import type { ScopedClient, ScopedTx } from '../../db/tenant-scope.ts';
import { ApiError } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { draftAccessOf, findProject, groupRoleOf } from './service.ts';

type Choice = 'approve' | 'approve_with_comments' | 'disapprove' | 'abstain';

/** Disapprovals of the current round without a recorded resolution. */
export async function blockingVotes(db: ScopedClient | ScopedTx, projectId: string, round: number): Promise<number> {
  return db.standardVote.count({ where: { projectId, round, choice: 'disapprove', resolution: null } });
}

export async function ballotOf(ctx: RequestCtx, projectId: string) {
  const project = await findProject(ctx.db, projectId, ctx.locale);
  const role = await groupRoleOf(ctx.db, projectId, ctx.auth.user.id);
  const [votes, voters] = await Promise.all([
    ctx.db.standardVote.findMany({ where: { projectId, round: project.reviewRound }, orderBy: { createdAt: 'asc' } }),
    ctx.db.standardMember.findMany({ where: { projectId, role: { in: ['voter', 'leader'] } }, select: { userId: true } }),
  ]);
  const ids = [...new Set([...votes.flatMap((v) => [v.voterId, ...(v.resolvedById ? [v.resolvedById] : [])])])];
  const memberships = await ctx.db.membership.findMany({ where: { userId: { in: ids } }, include: { user: { select: { name: true } } } });
  const name = (id: string) => memberships.find((m) => m.userId === id)?.user.name ?? '—';
  const view = votes.map((v) => ({
    voterId: v.voterId,
    voterName: name(v.voterId),
    choice: v.choice as Choice,
    reasons: v.reasons,
    resolution: v.resolution,
    resolvedByName: v.resolvedById ? name(v.resolvedById) : null,
    at: v.updatedAt.toISOString(),
  }));
  const count = (c: Choice) => view.filter((v) => v.choice === c).length;
  const open = project.stage === 'technical_review';
  return {
    project,
    role,
    ballot: {
      round: project.reviewRound,
      open,
      tally: {
        approve: count('approve'),
        approve_with_comments: count('approve_with_comments'),
        disapprove: count('disapprove'),
        abstain: count('abstain'),
        notVoted: voters.filter((m) => !votes.some((v) => v.voterId === m.userId)).length,
      },
      votes: view,
      blocking: view.filter((v) => v.choice === 'disapprove' && v.resolution === null).length,
      myVote: view.find((v) => v.voterId === ctx.auth.user.id) ?? null,
      canVote: open && mayVote(role),
      canResolve: role === 'leader',
    },
  };
}

function changed(ctx: RequestCtx, projectId: string) {
  ctx.services.events.publish('standard.ballot.changed', { tenantId: ctx.auth.tenant.id, projectId, actorId: ctx.auth.user.id });
}

async function readable(ctx: RequestCtx, projectId: string) {
  const role = await groupRoleOf(ctx.db, projectId, ctx.auth.user.id);
  // The council decides on publication, so it reads the ballot without joining the group.
  if (!draftAccessOf(ctx.auth, role) && !can(ctx.auth.role, 'standard.approve')) throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needGroup') });
  return role as GroupRole | null;
}

export const ballotRoutes = [
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/ballot',
    tag: 'standards',
    summary: 'The technical-review ballot of the current round: votes, tally and what blocks publication',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    response: StandardBallot,
    async handler({ params, ctx }) {
      await findProject(ctx.db, params.id, ctx.locale);
      await readable(ctx, params.id);
      return (await ballotOf(ctx, params.id)).ballot;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/ballot/votes',
    tag: 'standards',
    summary: 'Cast or change my vote (voters and the leader, during technical review); 反对 needs reasons',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: CastVoteInput,
    response: StandardBallot,
    async handler({ params, body, ctx }) {
      const t = translator(ctx.locale);
      const { project, role, ballot } = await ballotOf(ctx, params.id);
      if (!mayVote(role)) throw new ApiError('forbidden', { action: t('standards.errors.needVoter') });
      if (!ballot.open) throw new ApiError('validation_failed', {}, [{ path: 'body.choice', code: 'custom', message: t('standards.ballot.notOpen') }]);
      const key = { tenantId_projectId_round_voterId: { tenantId: ctx.auth.tenant.id, projectId: project.id, round: project.reviewRound, voterId: ctx.auth.user.id } };
      // A changed vote is a new position: any earlier resolution no longer applies.
      const data = { choice: body.choice, reasons: body.reasons, resolution: null, resolvedById: null, resolvedAt: null };
      const vote = await ctx.write((tx) =>
        tx.standardVote.upsert({ where: key, create: { tenantId: ctx.auth.tenant.id, projectId: project.id, round: project.reviewRound, voterId: ctx.auth.user.id, ...data }, update: data }),
      );
      changed(ctx, project.id);
      ctx.services.events.publish('standard.contribution', {
        tenantId: ctx.auth.tenant.id,
        userId: ctx.auth.user.id,
        projectId: project.id,
        projectTitle: project.title,
        role: 'voter',
        at: vote.updatedAt.toISOString(),
      });
      return (await ballotOf(ctx, project.id)).ballot;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/ballot/resolutions',
    tag: 'standards',
    summary: "Record how a disapproval was resolved (the leader); publication waits for every one",
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: ResolveVoteInput,
    response: StandardBallot,
    async handler({ params, body, ctx }) {
      const t = translator(ctx.locale);
      const { project, role } = await ballotOf(ctx, params.id);
      if (role !== 'leader') throw new ApiError('forbidden', { action: t('standards.errors.needLeader') });
      await ctx.write(async (tx) => {
        const done = await tx.standardVote.updateMany({
          where: { projectId: project.id, round: project.reviewRound, voterId: body.voterId, choice: 'disapprove' },
          data: { resolution: body.resolution, resolvedById: ctx.auth.user.id, resolvedAt: new Date() },
        });
        if (done.count !== 1) throw new ApiError('validation_failed', {}, [{ path: 'body.voterId', code: 'custom', message: t('standards.ballot.noVote') }]);
      });
      changed(ctx, project.id);
      return (await ballotOf(ctx, project.id)).ballot;
    },
  }),
];
