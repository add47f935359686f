import type { Locale, Role } from '#schema/roles.ts';
import { systemWrite } from '../../db/tenant-scope.ts';
import type { Auth } from '../../http/context.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { translator } from '#schema/i18n/index.ts';
import { createSession } from '../auth/service.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../auth/tokens.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { EXPORT_LIMIT, type FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export interface UserFilter {
  q?: string;
  role?: Role;
  notRole?: Role;
  sort: 'name' | 'email' | 'joinedAt';
  order: 'asc' | 'desc';
}

/** The tenant's users with their roles, filtered and sorted, from offset on. */
async function findUsers(ctx: RequestCtx, o: UserFilter, skip: number, take: number) {
  const where = {
    ...(o.role || o.notRole ? { role: { equals: o.role, not: o.notRole } } : {}),
    ...(o.q ? { user: { OR: [{ name: { contains: o.q, mode: 'insensitive' as const } }, { email: { contains: o.q, mode: 'insensitive' as const } }] } } : {}),
  };
  const orderBy = o.sort === 'joinedAt' ? [{ createdAt: o.order }, { id: o.order }] : [{ user: { [o.sort]: o.order } }, { id: o.order }];
  const rows = await ctx.db.membership.findMany({ where, orderBy, skip, take, include: { user: true } });
  return rows.map((m) => ({ id: m.user.id, email: m.user.email, name: m.user.name, role: m.role as Role, joinedAt: m.createdAt }));
}

/** One page; offset cursors keep any sort order stable enough for an admin list. */
export async function listUsers(ctx: RequestCtx, o: UserFilter & { cursor?: string; limit: number }) {
  const offset = o.cursor ? Number.parseInt(o.cursor, 10) || 0 : 0;
  const rows = await findUsers(ctx, o, offset, o.limit + 1);
  const items = rows.slice(0, o.limit).map((u) => ({ ...u, joinedAt: u.joinedAt.toISOString() }));
  return { items, nextCursor: rows.length > o.limit ? String(offset + o.limit) : null };
}

/** The whole filtered list as XLSX or PDF. */
export async function exportUsers(ctx: RequestCtx, o: UserFilter & { format: 'xlsx' | 'pdf' }): Promise<FileResult> {
  const t = translator(ctx.locale);
  const rows = await findUsers(ctx, o, 0, EXPORT_LIMIT);
  const tz = ctx.auth.tenant.timeZone;
  const columns: Column<(typeof rows)[number]>[] = [
    { header: t('users.name'), width: 22, value: (u) => u.name },
    { header: t('users.email'), width: 28, value: (u) => u.email },
    { header: t('users.role'), width: 22, value: (u) => t(`roles.${u.role}`) },
    { header: t('users.joined'), width: 18, value: (u) => zonedDateTime(u.joinedAt, tz) },
  ];
  const title = `${ctx.auth.tenant.name} · ${t('users.title')}`;
  const stamp = zonedDateTime(new Date(), tz).slice(0, 10);
  return o.format === 'xlsx'
    ? { filename: `${t('users.title')}-${stamp}.xlsx`, body: await xlsxTable({ sheet: t('users.title'), title, columns, rows }) }
    : { filename: `${t('users.title')}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows }) };
}

async function membershipOf(ctx: RequestCtx, userId: string) {
  const m = await ctx.db.membership.findFirst({ where: { userId }, include: { user: true } });
  if (!m) throw notFound('user');
  return m;
}

/** One of the association's users as the API shows them, with their role (or the one just given). */
function tenantUser(m: Awaited<ReturnType<typeof membershipOf>>, role = m.role as Role) {
  return { id: m.user.id, email: m.user.email, name: m.user.name, role, joinedAt: m.createdAt.toISOString() };
}

export async function getUser(ctx: RequestCtx, userId: string) {
  return tenantUser(await membershipOf(ctx, userId));
}

/** Refuses a change that would leave the association without an administrator. */
async function keepAnAdmin(ctx: RequestCtx, userId: string, newRole: Role | null) {
  const m = await membershipOf(ctx, userId);
  if (m.role === 'admin' && newRole !== 'admin') {
    const admins = await ctx.db.membership.count({ where: { role: 'admin' } });
    if (admins <= 1) throw new ApiError('conflict', {}, { reason: 'last_admin' });
  }
  return m;
}

export async function changeRole(ctx: RequestCtx, userId: string, role: Role) {
  const m = await keepAnAdmin(ctx, userId, role);
  await ctx.write((tx) => tx.membership.update({ where: { id: m.id }, data: { role } }));
  ctx.services.events.publish('membership.changed', { tenantId: ctx.auth.tenant.id, userId, role, actorId: ctx.auth.user.id });
  const t = translator((m.user.locale as Locale | null) ?? 'zh-CN');
  // Told first, then cut off: the open page shows why it reloads.
  await ctx.services.notify({
    tenantId: ctx.auth.tenant.id,
    userIds: [userId],
    kind: 'membership.role_changed',
    title: t('users.roleChangedTitle'),
    body: t('users.roleChangedBody', { tenant: ctx.auth.tenant.name, role: t(`roles.${role}`), by: ctx.auth.user.name }),
    link: '/',
  });
  ctx.services.revokeLive(userId, ctx.auth.tenant.id);
  return tenantUser(m, role);
}

export async function removeUser(ctx: RequestCtx, userId: string) {
  const m = await keepAnAdmin(ctx, userId, null);
  await ctx.write(async (tx) => {
    await tx.membership.delete({ where: { id: m.id } });
    await tx.session.deleteMany({ where: { userId, tenantId: ctx.auth.tenant.id } });
  });
  ctx.services.events.publish('membership.changed', { tenantId: ctx.auth.tenant.id, userId, role: null, actorId: ctx.auth.user.id });
  ctx.services.revokeLive(userId, ctx.auth.tenant.id);
}

const invitationView = (i: { id: string; email: string; role: string; expiresAt: Date; createdAt: Date }, invitedBy: string) => ({
  id: i.id,
  email: i.email,
  role: i.role as Role,
  invitedBy,
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
});

export async function listInvitations(ctx: RequestCtx) {
  const rows = await ctx.db.invitation.findMany({
    where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
  });
  const inviters = await ctx.services.db.prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.invitedById))] } } });
  const names = new Map(inviters.map((u) => [u.id, u.name]));
  return rows.map((r) => invitationView(r, names.get(r.invitedById) ?? ''));
}

/** Creates an invitation (replacing an open one for the same e-mail) and e-mails its link. */
export async function invite(ctx: RequestCtx, email: string, role: Role) {
  const existing = await ctx.services.db.prisma.user.findUnique({ where: { email } });
  if (existing && (await ctx.db.membership.findFirst({ where: { userId: existing.id } }))) throw new ApiError('already_member');
  const { token, hash } = newToken();
  const invitation = await ctx.write(async (tx) => {
    await tx.invitation.updateMany({ where: { email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    return tx.invitation.create({
      data: { tenantId: ctx.auth.tenant.id, email, role, tokenHash: hash, invitedById: ctx.auth.user.id, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
    });
  });
  const link = `${ctx.services.config.PUBLIC_URL}/invite?token=${token}`;
  const t = translator(ctx.locale);
  const tenantName = ctx.auth.tenant.name;
  await ctx.services.mailer.send(
    ctx.locale === 'en'
      ? { to: email, subject: `Invitation to ${tenantName}`, text: `${ctx.auth.user.name} invites you to ${tenantName} as ${t(`roles.${role}`)}.\nAccept within 7 days:\n${link}` }
      : { to: email, subject: `${tenantName} 邀请您加入`, text: `${ctx.auth.user.name} 邀请您以“${t(`roles.${role}`)}”身份加入 ${tenantName}。\n请在 7 天内打开链接接受邀请：\n${link}` },
  );
  return invitationView(invitation, ctx.auth.user.name);
}

export async function revokeInvitation(ctx: RequestCtx, id: string) {
  const inv = await ctx.db.invitation.findFirst({ where: { id, acceptedAt: null, revokedAt: null } });
  if (!inv) throw notFound('invitation');
  await ctx.write((tx) => tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } }));
}

/** Invitations are looked up by token before anyone is logged in, so this reads across tenants. */
async function openInvitation(ctx: RequestCtx<Auth | null>, token: string) {
  const inv = await ctx.services.db.prisma.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt.getTime() <= Date.now()) throw new ApiError('invitation_invalid');
  const tenant = await ctx.services.db.prisma.tenant.findUniqueOrThrow({ where: { id: inv.tenantId } });
  return { inv, tenant };
}

export async function lookupInvitation(ctx: RequestCtx<Auth | null>, token: string) {
  const { inv, tenant } = await openInvitation(ctx, token);
  const existingUser = !!(await ctx.services.db.prisma.user.findUnique({ where: { email: inv.email } }));
  return { tenant: tenant.slug, tenantName: tenant.name, email: inv.email, role: inv.role as Role, existingUser };
}

/**
 * Accepts an invitation: a new person sets name and password, an existing account proves itself
 * with its password. The membership, the accepted mark and the session are made together.
 */
export async function acceptInvitation(ctx: RequestCtx<Auth | null>, input: { token: string; name?: string; password: string }, meta: { ip: string; userAgent?: string }) {
  const { inv, tenant } = await openInvitation(ctx, input.token);
  const prisma = ctx.services.db.prisma;
  const existing = await prisma.user.findUnique({ where: { email: inv.email } });
  if (existing && !(await verifyPassword(existing.passwordHash, input.password))) throw new ApiError('invalid_credentials');
  if (!existing && !input.name) {
    throw new ApiError('validation_failed', {}, [{ path: 'body.name', code: 'invalid_type', message: translator(ctx.locale)('auth.name') }]);
  }
  const passwordHash = existing ? null : await hashPassword(input.password);
  const userId = await systemWrite(prisma, { actorId: existing?.id ?? null, tenantId: tenant.id, requestId: ctx.requestId }, async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw new ApiError('invitation_invalid');
    const user = existing ?? (await tx.user.create({ data: { email: inv.email, name: input.name!, passwordHash, locale: ctx.locale } }));
    const member = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } } });
    if (member) throw new ApiError('already_member');
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: inv.role } });
    return user.id;
  });
  ctx.services.events.publish('membership.changed', { tenantId: tenant.id, userId, role: inv.role, actorId: userId });
  const joined = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } });
  const inviter = await prisma.user.findUnique({ where: { id: inv.invitedById }, select: { locale: true } });
  const t = translator((inviter?.locale as Locale | null) ?? 'zh-CN');
  await ctx.services.notify({
    tenantId: tenant.id,
    userIds: [inv.invitedById],
    kind: 'invitation.accepted',
    title: t('users.acceptedTitle'),
    body: t('users.acceptedBody', { name: joined.name, email: joined.email, role: t(`roles.${inv.role}`) }),
    link: '/admin/users',
  });
  return createSession(ctx.services, { userId, tenantId: tenant.id, kind: 'cookie', ip: meta.ip, userAgent: meta.userAgent, requestId: ctx.requestId });
}
