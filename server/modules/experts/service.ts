import type { z } from 'zod';
import type { CreateExpertInput, ExpertProfileInput, ExpertSearchQuery, InviteExpertInput, ServiceRecordInput } from '#schema/experts/api.ts';
import type { InvitationStatus } from '#schema/experts/events.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import type { ScopedClient, ScopedTx } from '../../db/tenant-scope.ts';
import { indexTokens, queryTokens, tagPaths } from './search.ts';

type ProfileRow = NonNullable<Awaited<ReturnType<typeof loadProfile>>>;

const withRelationships = { relationships: { orderBy: { createdAt: 'asc' as const } } };

function loadProfile(db: ScopedClient, where: { id: string } | { userId: string }) {
  return db.expertProfile.findFirst({ where, include: withRelationships });
}

export function profileView(p: ProfileRow) {
  return {
    id: p.id,
    userId: p.userId,
    name: p.name,
    email: p.email,
    phone: p.phone,
    title: p.title,
    certificates: p.certificates,
    fieldTags: p.fieldTags,
    employer: p.employer,
    employerCreditCode: p.employerCreditCode,
    region: p.region,
    bio: p.bio,
    available: p.available,
    maxReviewsPerPeriod: p.maxReviewsPerPeriod,
    periodDays: p.periodDays,
    relationships: p.relationships.map((r) => ({
      id: r.id,
      kind: r.kind as 'colleague' | 'relative' | 'competitor' | 'coauthor',
      personName: r.personName,
      organization: r.organization,
      creditCode: r.creditCode,
      email: r.email,
      note: r.note,
    })),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function findProfile(ctx: RequestCtx, id: string): Promise<ProfileRow> {
  const p = await loadProfile(ctx.db, { id });
  if (!p) throw notFound('resource');
  return p;
}

export const ownProfile = (ctx: RequestCtx) => loadProfile(ctx.db, { userId: ctx.auth.user.id });

type ProfileInput = z.output<typeof ExpertProfileInput>;

function columns(input: ProfileInput) {
  const fieldTags = [...new Set(input.fieldTags)];
  return {
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    title: input.title ?? null,
    certificates: input.certificates,
    fieldTags,
    tagPaths: tagPaths(fieldTags),
    employer: input.employer ?? null,
    employerCreditCode: input.employerCreditCode ?? null,
    region: input.region ?? null,
    bio: input.bio ?? null,
    available: input.available,
    maxReviewsPerPeriod: input.maxReviewsPerPeriod,
    periodDays: input.periodDays,
    searchTokens: indexTokens(input.name, input.title, input.employer, input.region, input.bio, ...fieldTags, ...input.certificates),
  };
}

async function replaceRelationships(tx: ScopedTx, tenantId: string, expertId: string, input: ProfileInput) {
  await tx.expertRelationship.deleteMany({ where: { expertId } });
  if (!input.relationships.length) return;
  await tx.expertRelationship.createMany({
    data: input.relationships.map((r) => ({
      tenantId,
      expertId,
      kind: r.kind,
      personName: r.personName ?? null,
      organization: r.organization ?? null,
      creditCode: r.creditCode ?? null,
      email: r.email ?? null,
      note: r.note ?? null,
    })),
  });
}

/** Creates a profile (the secretariat's, optionally linked to an account, or an expert's own). */
export async function createProfile(ctx: RequestCtx, input: z.output<typeof CreateExpertInput>) {
  const tenantId = ctx.auth.tenant.id;
  if (input.userId) {
    const member = await ctx.services.db.prisma.membership.findFirst({ where: { tenantId, userId: input.userId }, select: { id: true } });
    if (!member) throw new ApiError('validation_failed', {}, [{ path: 'body.userId', code: 'custom', message: ctx.locale === 'en' ? 'Not a member of this association' : '不是本协会的成员' }]);
  }
  const id = await ctx.write(async (tx) => {
    const p = await tx.expertProfile.create({ data: { tenantId, userId: input.userId ?? null, ...columns(input) } });
    await replaceRelationships(tx, tenantId, p.id, input);
    return p.id;
  });
  ctx.services.events.publish('expert.profile.changed', { tenantId, expertId: id, actorId: ctx.auth.user.id });
  return profileView((await loadProfile(ctx.db, { id }))!);
}

export async function updateProfile(ctx: RequestCtx, id: string, input: ProfileInput) {
  const tenantId = ctx.auth.tenant.id;
  await ctx.write(async (tx) => {
    await tx.expertProfile.update({ where: { id }, data: columns(input) });
    await replaceRelationships(tx, tenantId, id, input);
  });
  ctx.services.events.publish('expert.profile.changed', { tenantId, expertId: id, actorId: ctx.auth.user.id });
  return profileView((await loadProfile(ctx.db, { id }))!);
}

/** An expert keeps their own profile: the first save creates it, linked to their account. */
export async function saveOwnProfile(ctx: RequestCtx, input: ProfileInput) {
  const mine = await ownProfile(ctx);
  return mine ? updateProfile(ctx, mine.id, input) : createProfile(ctx, { ...input, userId: ctx.auth.user.id });
}

export async function searchExperts(ctx: RequestCtx, query: z.output<typeof ExpertSearchQuery>) {
  const tokens = query.q ? queryTokens(query.q) : [];
  const rows = await ctx.db.expertProfile.findMany({
    where: {
      ...(tokens.length ? { searchTokens: { hasEvery: tokens } } : {}),
      ...(query.tag ? { tagPaths: { has: query.tag } } : {}),
      ...(query.available ? { available: query.available === 'true' } : {}),
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: query.limit,
    select: { id: true, userId: true, name: true, title: true, fieldTags: true, employer: true, region: true, available: true },
  });
  return rows;
}

const invitationView = (i: {
  id: string;
  expertId: string;
  kind: string;
  subject: string;
  message: string | null;
  dueAt: Date | null;
  status: string;
  declineReason: string | null;
  respondedAt: Date | null;
  createdAt: Date;
  expert: { name: string };
}) => ({
  id: i.id,
  expertId: i.expertId,
  expertName: i.expert.name,
  kind: i.kind as 'review' | 'consultation',
  subject: i.subject,
  message: i.message,
  dueAt: i.dueAt?.toISOString() ?? null,
  status: i.status as InvitationStatus,
  declineReason: i.declineReason,
  respondedAt: i.respondedAt?.toISOString() ?? null,
  createdAt: i.createdAt.toISOString(),
});

const withExpertName = { expert: { select: { name: true } } };

export async function listInvitations(ctx: RequestCtx, expertId: string) {
  const rows = await ctx.db.expertInvitation.findMany({ where: { expertId }, orderBy: { createdAt: 'desc' }, take: 200, include: withExpertName });
  return rows.map(invitationView);
}

export async function inviteExpert(ctx: RequestCtx, expert: ProfileRow, input: z.output<typeof InviteExpertInput>) {
  const tenantId = ctx.auth.tenant.id;
  const inv = await ctx.write((tx) =>
    tx.expertInvitation.create({
      data: { tenantId, expertId: expert.id, kind: input.kind, subject: input.subject, message: input.message ?? null, dueAt: input.dueAt ? new Date(input.dueAt) : null, invitedById: ctx.auth.user.id },
      include: withExpertName,
    }),
  );
  ctx.services.events.publish('expert.invitation.changed', { tenantId, invitationId: inv.id, expertId: expert.id, status: 'pending', actorId: ctx.auth.user.id });
  if (expert.userId) {
    const zh = inv.kind === 'review' ? '评审' : '咨询';
    await ctx.services.notify({
      tenantId,
      userIds: [expert.userId],
      kind: 'expert.invitation',
      title: `专家${zh}邀请 / Invitation: ${inv.subject}`,
      body: input.message ?? inv.subject,
      link: '/experts/me',
      email: true,
    });
  }
  return invitationView(inv);
}

/** The invited expert accepts or declines; only a pending invitation can be answered. */
export async function respondInvitation(ctx: RequestCtx, id: string, accept: boolean, reason: string | null) {
  const mine = await ownProfile(ctx);
  const inv = mine ? await ctx.db.expertInvitation.findFirst({ where: { id, expertId: mine.id } }) : null;
  if (!mine || !inv) throw notFound('invitation');
  if (inv.status !== 'pending') throw new ApiError('conflict', {}, { status: inv.status });
  const status: InvitationStatus = accept ? 'accepted' : 'declined';
  const updated = await ctx.write(async (tx) => {
    // Guarded update: two answers racing cannot both win.
    const { count } = await tx.expertInvitation.updateMany({ where: { id, status: 'pending' }, data: { status, respondedAt: new Date(), declineReason: accept ? null : reason } });
    if (count !== 1) throw new ApiError('conflict');
    return tx.expertInvitation.findFirstOrThrow({ where: { id }, include: withExpertName });
  });
  ctx.services.events.publish('expert.invitation.changed', { tenantId: ctx.auth.tenant.id, invitationId: id, expertId: mine.id, status, actorId: ctx.auth.user.id });
  await ctx.services.notify({
    tenantId: ctx.auth.tenant.id,
    userIds: [inv.invitedById],
    kind: 'expert.invitation.answered',
    title: `${mine.name} ${accept ? '接受了邀请 / accepted' : '谢绝了邀请 / declined'}: ${inv.subject}`,
    body: reason ?? inv.subject,
    link: `/experts/${mine.id}`,
  });
  return invitationView(updated);
}

const serviceView = (r: { id: string; expertId: string; kind: string; subject: string; hours: number; rating: number | null; comment: string | null; servedOn: Date; invitationId: string | null }) => ({
  id: r.id,
  expertId: r.expertId,
  kind: r.kind as 'review' | 'consultation',
  subject: r.subject,
  hours: r.hours,
  rating: r.rating,
  comment: r.comment,
  servedOn: r.servedOn.toISOString().slice(0, 10),
  invitationId: r.invitationId,
});

export async function listServices(ctx: RequestCtx, expertId: string) {
  return (await ctx.db.expertServiceRecord.findMany({ where: { expertId }, orderBy: [{ servedOn: 'desc' }, { id: 'desc' }], take: 500 })).map(serviceView);
}

export async function recordService(ctx: RequestCtx, expert: ProfileRow, input: z.output<typeof ServiceRecordInput>) {
  const tenantId = ctx.auth.tenant.id;
  if (input.invitationId && !(await ctx.db.expertInvitation.findFirst({ where: { id: input.invitationId, expertId: expert.id }, select: { id: true } }))) {
    throw new ApiError('validation_failed', {}, [{ path: 'body.invitationId', code: 'custom', message: ctx.locale === 'en' ? 'No such invitation of this expert' : '该专家没有这条邀请' }]);
  }
  // A date only: stored as midnight UTC of that calendar day.
  const servedOn = new Date(`${input.servedOn}T00:00:00Z`);
  const row = await ctx.write((tx) =>
    tx.expertServiceRecord.create({
      data: { tenantId, expertId: expert.id, kind: input.kind, subject: input.subject, hours: input.hours, rating: input.rating ?? null, comment: input.comment ?? null, servedOn, invitationId: input.invitationId ?? null, recordedById: ctx.auth.user.id },
    }),
  );
  // Contract event (member points): only experts with an account can earn points.
  if (expert.userId) {
    ctx.services.events.publish('expert.service.recorded', { tenantId, userId: expert.userId, kind: row.kind as 'review' | 'consultation', hours: row.hours, at: row.createdAt.toISOString() });
  }
  return serviceView(row);
}

/** Per expert: services, hours and mean rating in a period (by service day). */
export async function serviceReport(ctx: RequestCtx, from?: string, to?: string) {
  const where = {
    ...(from || to ? { servedOn: { ...(from ? { gte: new Date(`${from}T00:00:00Z`) } : {}), ...(to ? { lte: new Date(`${to}T00:00:00Z`) } : {}) } } : {}),
  };
  const records = await ctx.db.expertServiceRecord.findMany({ where, orderBy: { servedOn: 'asc' }, include: { expert: { select: { name: true, title: true, employer: true } } } });
  const per = new Map<string, { name: string; title: string | null; employer: string | null; reviews: number; consultations: number; hours: number; ratings: number[] }>();
  for (const r of records) {
    let e = per.get(r.expertId);
    if (!e) per.set(r.expertId, (e = { name: r.expert.name, title: r.expert.title, employer: r.expert.employer, reviews: 0, consultations: 0, hours: 0, ratings: [] }));
    if (r.kind === 'review') e.reviews++;
    else e.consultations++;
    e.hours += r.hours;
    if (r.rating !== null) e.ratings.push(r.rating);
  }
  return [...per.values()]
    .map((e) => ({ ...e, hours: Math.round(e.hours * 10) / 10, meanRating: e.ratings.length ? Math.round((e.ratings.reduce((a, b) => a + b, 0) / e.ratings.length) * 10) / 10 : null }))
    .sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * The pool another module draws from (the reviews module's expert draw): every expert holding one
 * of the tags or a sub-field, with what conflict screening needs. Read only through this function.
 */
export async function expertPool(db: ScopedClient, tags: string[]) {
  const rows = await db.expertProfile.findMany({
    where: { tagPaths: { hasSome: tags } },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      userId: true,
      name: true,
      email: true,
      employer: true,
      employerCreditCode: true,
      region: true,
      tagPaths: true,
      available: true,
      maxReviewsPerPeriod: true,
      periodDays: true,
      relationships: { select: { kind: true, personName: true, organization: true, creditCode: true, email: true }, orderBy: { id: 'asc' } },
    },
  });
  return rows;
}

/** Names of experts by id (for views of other modules). */
export async function expertNames(db: ScopedClient, ids: string[]): Promise<Map<string, { name: string; userId: string | null }>> {
  const rows = await db.expertProfile.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true, userId: true } });
  return new Map(rows.map((r) => [r.id, { name: r.name, userId: r.userId }]));
}

/** The caller's expert profile id in this association, if any. */
export async function expertIdOf(db: ScopedClient, userId: string): Promise<string | null> {
  return (await db.expertProfile.findFirst({ where: { userId }, select: { id: true } }))?.id ?? null;
}

/** What conflict screening needs of some experts (the reviews module's panels). */
export async function expertsForScreening(db: ScopedClient, ids: string[]) {
  const rows = await db.expertProfile.findMany({
    where: { id: { in: ids } },
    select: { id: true, userId: true, name: true, email: true, employer: true, employerCreditCode: true, region: true, relationships: { select: { kind: true, personName: true, organization: true, creditCode: true, email: true } } },
  });
  return rows.map((r) => ({ ...r, email: r.email?.toLowerCase() ?? null }));
}
