import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import {
  CouncilMeeting,
  CouncilMeetingInput,
  CouncilShare,
  DecisionInput,
  GovernanceSettings,
  GovernanceSettingsInput,
  Matter,
  MatterInput,
  PreReviewInput,
  VoteInput,
} from '#schema/party/api.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { missing, partyError } from './routes.ts';

/**
 * Governance: council meetings, their matters, votes and decisions. A major matter (direction, big
 * project, large spending) needs the party branch's recorded pre-review (前置审议) before the
 * council's decision can be recorded; the council's party-member share is checked against the
 * configured minimum (default 50%).
 */

type MatterRow = NonNullable<Awaited<ReturnType<RequestCtx['db']['councilMatter']['findFirst']>>>;

export const DEFAULT_MAJOR_CATEGORIES = ['direction', 'project', 'spending'] as const;
type MajorCategory = (typeof DEFAULT_MAJOR_CATEGORIES)[number];

/** The association's governance settings, with the defaults where it set none. */
export async function governanceSettings(ctx: Pick<RequestCtx, 'db'>) {
  const row = await ctx.db.governanceSettings.findFirst({});
  return {
    councilPartyShareMinimum: row?.councilPartyShareMinimum ?? 0.5,
    majorCategories: (row?.majorCategories ?? [...DEFAULT_MAJOR_CATEGORIES]) as MajorCategory[],
  };
}

const isMajor = (m: MatterRow, majors: string[]) => m.majorCategory !== 'none' && majors.includes(m.majorCategory);

async function matterView(ctx: RequestCtx, m: MatterRow, majors?: string[]) {
  const mine = await ctx.db.councilVote.findFirst({ where: { matterId: m.id, userId: ctx.auth.user.id } });
  return {
    id: m.id,
    councilMeetingId: m.councilMeetingId,
    title: m.title,
    majorCategory: m.majorCategory as 'none',
    major: isMajor(m, majors ?? (await governanceSettings(ctx)).majorCategories),
    preReview: m.preReviewedAt ? { at: m.preReviewedAt.toISOString(), opinion: m.preReviewOpinion ?? '' } : null,
    decision: m.decision as 'pending',
    decidedAt: m.decidedAt?.toISOString() ?? null,
    votes: { for: m.votesFor, against: m.votesAgainst, abstain: m.votesAbstain },
    myVote: (mine?.choice ?? null) as 'for' | null,
  };
}

async function meetingView(ctx: RequestCtx, id: string) {
  const m = await ctx.db.councilMeeting.findFirst({ where: { id } });
  if (!m) throw missing(ctx.locale, 'councilMeeting');
  const matters = await ctx.db.councilMatter.findMany({ where: { councilMeetingId: m.id }, orderBy: { createdAt: 'asc' } });
  const { majorCategories } = await governanceSettings(ctx);
  return { id: m.id, title: m.title, heldOn: m.heldOn.toISOString(), matters: await Promise.all(matters.map((x) => matterView(ctx, x, majorCategories))) };
}

async function findMatter(ctx: RequestCtx, id: string) {
  const m = await ctx.db.councilMatter.findFirst({ where: { id } });
  if (!m) throw missing(ctx.locale, 'councilMatter');
  return m;
}

/** Council members are the association's accounts in the council role; party members among them are linked by account. */
export async function councilShare(ctx: Pick<RequestCtx, 'db'>) {
  const council = await ctx.db.membership.findMany({ where: { role: 'council' }, select: { userId: true } });
  const party = await ctx.db.partyMember.count({ where: { active: true, userId: { in: council.map((c) => c.userId) } } });
  const minimum = (await governanceSettings(ctx)).councilPartyShareMinimum;
  const share = council.length ? Math.round((party / council.length) * 1000) / 1000 : null;
  return { councilSize: council.length, partyMembers: party, share, minimum, ok: share !== null && share >= minimum };
}

export const governanceRoutes = [
  defineRoute({
    method: 'get',
    path: '/council/meetings',
    tag: 'governance',
    summary: 'Council meetings with their matters, newest first',
    access: 'governance.read',
    response: z.object({ items: z.array(CouncilMeeting) }),
    async handler({ ctx }) {
      const rows = await ctx.db.councilMeeting.findMany({ orderBy: { heldOn: 'desc' }, take: 100, select: { id: true } });
      return { items: await Promise.all(rows.map((r) => meetingView(ctx, r.id))) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/council/meetings',
    tag: 'governance',
    summary: 'Schedule a council meeting',
    access: 'governance.manage',
    body: CouncilMeetingInput,
    response: CouncilMeeting,
    status: 201,
    async handler({ body, ctx }) {
      const m = await ctx.write((tx) => tx.councilMeeting.create({ data: { title: body.title, heldOn: new Date(body.heldOn), createdById: ctx.auth.user.id } as never }));
      return meetingView(ctx, m.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/council/meetings/{id}',
    tag: 'governance',
    summary: 'One council meeting with its matters, pre-reviews, votes and decisions',
    access: 'governance.read',
    resource: 'councilMeeting',
    params: IdParams,
    response: CouncilMeeting,
    handler: async ({ params, ctx }) => meetingView(ctx, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/council/meetings/{id}/matters',
    tag: 'governance',
    summary: 'Table a matter; mark it major (direction, big project, large spending) when it is',
    access: 'governance.manage',
    resource: 'councilMeeting',
    params: IdParams,
    body: MatterInput,
    response: Matter,
    status: 201,
    async handler({ params, body, ctx }) {
      await meetingView(ctx, params.id);
      const m = await ctx.write((tx) => tx.councilMatter.create({ data: { councilMeetingId: params.id, title: body.title, majorCategory: body.majorCategory } as never }));
      return matterView(ctx, m);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/council-matters/{id}/pre-review',
    tag: 'governance',
    summary: "Record the party branch's pre-review (前置审议) of a matter",
    access: 'party.manage',
    resource: 'councilMatter',
    params: IdParams,
    body: PreReviewInput,
    response: Matter,
    async handler({ params, body, ctx }) {
      const m = await findMatter(ctx, params.id);
      if (m.decision !== 'pending') throw partyError(ctx.locale, 'conflict', 'alreadyDecided');
      const updated = await ctx.write((tx) =>
        tx.councilMatter.update({ where: { id: m.id }, data: { preReviewedAt: new Date(), preReviewOpinion: body.opinion, preReviewedById: ctx.auth.user.id } }),
      );
      return matterView(ctx, updated);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/council-matters/{id}/votes',
    tag: 'governance',
    summary: 'Vote on a matter before the council (a second vote replaces the first)',
    access: 'governance.vote',
    resource: 'councilMatter',
    params: IdParams,
    body: VoteInput,
    response: Matter,
    async handler({ params, body, ctx }) {
      const m = await findMatter(ctx, params.id);
      if (m.decision !== 'pending') throw partyError(ctx.locale, 'conflict', 'alreadyDecided');
      const updated = await ctx.write(async (tx) => {
        await tx.councilVote.upsert({
          where: { tenantId_matterId_userId: { tenantId: m.tenantId, matterId: m.id, userId: ctx.auth.user.id } },
          create: { matterId: m.id, userId: ctx.auth.user.id, choice: body.choice } as never,
          update: { choice: body.choice },
        });
        const votes = await tx.councilVote.groupBy({ by: ['choice'], where: { matterId: m.id }, _count: { _all: true } });
        const n = (c: string) => votes.find((v) => v.choice === c)?._count._all ?? 0;
        return tx.councilMatter.update({ where: { id: m.id }, data: { votesFor: n('for'), votesAgainst: n('against'), votesAbstain: n('abstain') } });
      });
      return matterView(ctx, updated);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/council-matters/{id}/decision',
    tag: 'governance',
    summary: "Record the council's decision; refused for a major matter without the party branch's pre-review",
    access: 'governance.manage',
    resource: 'councilMatter',
    params: IdParams,
    body: DecisionInput,
    response: Matter,
    async handler({ params, body, ctx }) {
      const m = await findMatter(ctx, params.id);
      if (m.decision !== 'pending') throw partyError(ctx.locale, 'conflict', 'alreadyDecided');
      if (isMajor(m, (await governanceSettings(ctx)).majorCategories) && !m.preReviewedAt) throw partyError(ctx.locale, 'conflict', 'preReviewRequired');
      const updated = await ctx.write((tx) => tx.councilMatter.update({ where: { id: m.id }, data: { decision: body.decision, decidedAt: new Date() } }));
      return matterView(ctx, updated);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/governance/council-share',
    tag: 'governance',
    summary: "The council's party-member share against the configured minimum",
    access: 'governance.read',
    response: CouncilShare,
    handler: async ({ ctx }) => councilShare(ctx),
  }),
  defineRoute({
    method: 'get',
    path: '/governance/settings',
    tag: 'governance',
    summary: "Governance settings: the council's minimum party-member share and which matters count as major",
    access: 'governance.read',
    response: GovernanceSettings,
    handler: async ({ ctx }) => ({ ...(await governanceSettings(ctx)), share: await councilShare(ctx) }),
  }),
  defineRoute({
    method: 'put',
    path: '/governance/settings',
    tag: 'governance',
    summary: "Set the minimum party-member share of the council (default 50%) and which matter categories are major (default all three)",
    access: 'governance.manage',
    body: GovernanceSettingsInput,
    response: GovernanceSettings,
    async handler({ body, ctx }) {
      const data = { councilPartyShareMinimum: body.councilPartyShareMinimum, ...(body.majorCategories ? { majorCategories: body.majorCategories } : {}) };
      await ctx.write((tx) =>
        tx.governanceSettings.upsert({
          where: { tenantId: ctx.auth.tenant.id },
          create: data as never,
          update: data,
        }),
      );
      return { ...(await governanceSettings(ctx)), share: await councilShare(ctx) };
    },
  }),
];

/**
 * Collective decisions (集体决策) other modules link to, e.g. a large expense in finance: council
 * matters the council approved, newest first, optionally only the given ids. Read-only.
 */
export async function approvedCouncilDecisions(db: RequestCtx['db'], ids?: string[]) {
  const matters = await db.councilMatter.findMany({ where: { decision: 'approved', ...(ids ? { id: { in: ids } } : {}) }, orderBy: { decidedAt: 'desc' }, take: 200 });
  const meetings = await db.councilMeeting.findMany({ where: { id: { in: [...new Set(matters.map((m) => m.councilMeetingId))] } }, select: { id: true, title: true } });
  return matters.map((m) => ({ id: m.id, title: m.title, meeting: meetings.find((x) => x.id === m.councilMeetingId)?.title ?? '', decidedAt: m.decidedAt }));
}
