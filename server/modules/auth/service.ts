import { permissionsOf } from '#schema/permissions.ts';
import { roles, type Locale, type Role } from '#schema/roles.ts';
import type { Database } from '../../db/database.ts';
import { systemWrite, type AuditActor } from '../../db/tenant-scope.ts';
import type { Auth } from '../../http/context.ts';
import { ApiError } from '../../http/errors.ts';
import type { Services } from '../../http/routes.ts';
import { hashPassword, hashToken, needsRehash, newToken, verifyPassword } from './tokens.ts';

export type SessionKind = 'cookie' | 'bearer';

const asRole = (r: string): Role => ((roles as readonly string[]).includes(r) ? (r as Role) : 'member');
const asLocale = (l: string | null): Locale | null => (l === 'zh-CN' || l === 'en' ? l : null);

/** Records a security event (login, logout, failed login) in the audit log. */
export async function auditEvent(db: Database, e: AuditActor & { action: string; entity: string; entityId?: string; after?: object }) {
  await db.prisma.auditLog.create({
    data: {
      tenantId: e.tenantId,
      actorId: e.actorId,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      after: e.after ?? undefined,
      requestId: e.requestId ?? null,
    },
  });
}

export interface Credentials {
  email: string;
  password: string;
  tenant?: string;
}

/**
 * Checks credentials (rate-limited) and picks the tenant to enter. Unknown tenant: 404; wrong
 * e-mail or password: 401 with the same message either way; not a member: 403.
 */
export async function authenticate(s: Services, cred: Credentials, ip: string, requestId: string) {
  const db = s.db.prisma;
  const tenant = cred.tenant ? await db.tenant.findUnique({ where: { slug: cred.tenant } }) : null;
  if (cred.tenant && !tenant) throw new ApiError('tenant_not_found', { tenant: cred.tenant });
  await s.limiter.before(cred.email, ip);
  const user = await db.user.findUnique({
    where: { email: cred.email },
    include: { memberships: { orderBy: { createdAt: 'asc' }, include: { tenant: true } } },
  });
  const ok = await verifyPassword(user?.passwordHash, cred.password);
  if (!user || !ok || user.disabledAt) {
    await s.limiter.failed(cred.email);
    await auditEvent(s.db, {
      tenantId: tenant?.id ?? null,
      actorId: user?.id ?? null,
      requestId,
      action: 'login_failed',
      entity: 'User',
      entityId: user?.id,
      after: { email: cred.email, ip },
    });
    throw new ApiError('invalid_credentials');
  }
  await s.limiter.succeeded(cred.email);
  if (needsRehash(user.passwordHash!)) {
    const passwordHash = await hashPassword(cred.password);
    await systemWrite(db, { actorId: user.id, tenantId: tenant?.id ?? null, requestId }, (tx) => tx.user.update({ where: { id: user.id }, data: { passwordHash } }));
  }
  const membership = tenant ? user.memberships.find((m) => m.tenantId === tenant.id) : user.memberships[0];
  if (!membership) throw new ApiError('not_member');
  return { user, tenantId: membership.tenantId };
}

export async function createSession(
  s: Services,
  args: { userId: string; tenantId: string; kind: SessionKind; userAgent?: string; ip?: string; requestId?: string },
) {
  const { token, hash } = newToken();
  const ttlMs = args.kind === 'cookie' ? s.config.SESSION_TTL_HOURS * 3600_000 : s.config.TOKEN_TTL_MINUTES * 60_000;
  const expiresAt = new Date(Date.now() + ttlMs);
  await s.db.prisma.session.create({
    data: { id: hash, userId: args.userId, tenantId: args.tenantId, kind: args.kind, expiresAt, userAgent: args.userAgent?.slice(0, 300), ip: args.ip },
  });
  await auditEvent(s.db, { tenantId: args.tenantId, actorId: args.userId, requestId: args.requestId, action: 'login', entity: 'Session', after: { kind: args.kind, ip: args.ip } });
  s.events.publish('session.started', { tenantId: args.tenantId, userId: args.userId, kind: args.kind });
  return { token, expiresAt };
}

interface SessionRow {
  id: string;
  kind: string;
  tenantId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  locale: string | null;
  disabledAt: Date | null;
  memberships: { tenantId: string; role: string; slug: string; name: string; nameEn: string | null; timeZone: string }[];
}

/**
 * Resolves a token to its caller; 'expired' when it existed but ran out. Every authenticated
 * request starts here, so the session, its user and all of the user's associations come back in
 * one statement rather than one query per relation.
 */
export async function resolveSession(db: Database, token: string, kind: SessionKind, slidingTtlMs?: number): Promise<Auth | 'expired' | null> {
  const id = hashToken(token);
  const [session] = await db.prisma.$queryRaw<SessionRow[]>`
    SELECT s.id, s.kind, s."tenantId", s."expiresAt", s."lastSeenAt", u.id AS "userId", u.email, u.name, u.locale, u."disabledAt",
           COALESCE(json_agg(json_build_object('tenantId', t.id, 'role', m.role, 'slug', t.slug, 'name', t.name, 'nameEn', t."nameEn", 'timeZone', t."timeZone")
                    ORDER BY m."createdAt") FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    LEFT JOIN "Membership" m ON m."userId" = u.id
    LEFT JOIN "Tenant" t ON t.id = m."tenantId"
    WHERE s.id = ${id}
    GROUP BY s.id, u.id`;
  if (!session || session.kind !== kind) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.disabledAt) return 'expired';
  const current = session.memberships.find((m) => m.tenantId === session.tenantId);
  if (!current) return 'expired';
  let expiresAt = session.expiresAt;
  // Sliding expiry for browser sessions, written at most every few minutes.
  if (slidingTtlMs && now - session.lastSeenAt.getTime() > 5 * 60_000) {
    expiresAt = new Date(now + slidingTtlMs);
    await db.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now), expiresAt } }).catch(() => {});
  }
  return {
    sessionId: id,
    kind,
    expiresAt,
    user: { id: session.userId, email: session.email, name: session.name, locale: asLocale(session.locale) },
    tenant: { id: current.tenantId, slug: current.slug, name: current.name, nameEn: current.nameEn, timeZone: current.timeZone },
    role: asRole(current.role),
    memberships: session.memberships.map((m) => ({ id: m.tenantId, slug: m.slug, name: m.name, nameEn: m.nameEn, role: asRole(m.role) })),
  };
}

/** Of these session ids, the ones that have ended: logged out, expired, or their user disabled. */
export async function endedSessions(db: Database, ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Set();
  const live = await db.prisma.session.findMany({
    where: { id: { in: wanted }, expiresAt: { gt: new Date() }, user: { disabledAt: null } },
    select: { id: true },
  });
  const alive = new Set(live.map((s) => s.id));
  return new Set(wanted.filter((id) => !alive.has(id)));
}

/** The session a token names, as the API describes it, right after it was created or changed. */
export async function currentSessionInfo(db: Database, token: string, kind: SessionKind) {
  const auth = await resolveSession(db, token, kind);
  if (!auth || auth === 'expired') throw new ApiError('session_expired');
  return sessionInfo(auth);
}

export function sessionInfo(auth: Auth) {
  return {
    user: auth.user,
    tenant: auth.tenant,
    role: auth.role,
    permissions: permissionsOf(auth.role),
    memberships: auth.memberships,
    expiresAt: auth.expiresAt.toISOString(),
  };
}

export async function endSession(s: Services, auth: Auth, requestId: string) {
  await s.db.prisma.session.deleteMany({ where: { id: auth.sessionId } });
  await auditEvent(s.db, { tenantId: auth.tenant.id, actorId: auth.user.id, requestId, action: 'logout', entity: 'Session' });
}

export async function switchTenant(s: Services, auth: Auth, slug: string) {
  const target = auth.memberships.find((m) => m.slug === slug);
  if (!target) {
    const exists = await s.db.prisma.tenant.findUnique({ where: { slug } });
    throw exists ? new ApiError('not_member') : new ApiError('tenant_not_found', { tenant: slug });
  }
  await s.db.prisma.session.update({ where: { id: auth.sessionId }, data: { tenantId: target.id } });
}

const RESET_TTL_MS = 60 * 60_000;

export async function requestPasswordReset(s: Services, email: string, locale: Locale) {
  const user = await s.db.prisma.user.findUnique({ where: { email } });
  if (!user || user.disabledAt) return;
  const { token, hash } = newToken();
  await s.db.prisma.passwordReset.create({ data: { id: hash, userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) } });
  const link = `${s.config.PUBLIC_URL}/reset-password?token=${token}`;
  await s.mailer.send(
    locale === 'en'
      ? { to: email, subject: 'Reset your Xiehui password', text: `Open this link within one hour to choose a new password:\n${link}\n\nIf you did not ask for this, ignore this e-mail.` }
      : { to: email, subject: '重置协会工作台密码', text: `请在一小时内打开以下链接设置新密码：\n${link}\n\n如果这不是您本人的操作，请忽略本邮件。` },
  );
}

/** Sets the new password, uses up the token and ends every session of the user, all at once. */
export async function confirmPasswordReset(s: Services, token: string, password: string, requestId: string) {
  const reset = await s.db.prisma.passwordReset.findUnique({ where: { id: hashToken(token) } });
  if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) throw new ApiError('reset_token_invalid');
  const passwordHash = await hashPassword(password);
  await systemWrite(s.db.prisma, { actorId: reset.userId, tenantId: null, requestId }, async (tx) => {
    const used = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: new Date() } });
    if (used.count !== 1) throw new ApiError('reset_token_invalid');
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: reset.userId } });
  });
  s.revokeLive(reset.userId);
}

export async function updateMe(s: Services, auth: Auth, input: { name?: string; locale?: Locale | null }, requestId: string) {
  await systemWrite(s.db.prisma, { actorId: auth.user.id, tenantId: auth.tenant.id, requestId }, (tx) =>
    tx.user.update({ where: { id: auth.user.id }, data: input }),
  );
}
