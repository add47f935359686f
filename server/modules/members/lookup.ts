import { Prisma, type PrismaClient } from '../../db/generated/client.ts';
import type { ScopedClient, ScopedTx } from '../../db/tenant-scope.ts';

type ScopedClientOrTx = ScopedClient | ScopedTx;

/**
 * Read-only questions other modules (the credit archive, the points ledger) ask about member
 * companies, so they never read the members module's tables themselves. Every function runs in
 * the caller's tenant through the scoped client.
 */

export interface MemberRef {
  id: string;
  name: string;
}

/**
 * The member company a user belongs to: the company whose login the user is (Member.accountUserId),
 * else the company that lists the user's e-mail address among its contacts. Null when none.
 */
export async function memberOfUser(db: ScopedClientOrTx, prisma: PrismaClient, userId: string): Promise<MemberRef | null> {
  const own = await db.member.findFirst({ where: { accountUserId: userId }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true } });
  if (own) return own;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return null;
  const contact = await db.memberContact.findFirst({ where: { email: { equals: user.email, mode: 'insensitive' } }, orderBy: { createdAt: 'asc' }, select: { member: { select: { id: true, name: true } } } });
  return contact?.member ?? null;
}

/** One member company by id, or null when it is not in this association. */
export async function memberRef(db: ScopedClientOrTx, id: string): Promise<MemberRef | null> {
  return db.member.findFirst({ where: { id }, select: { id: true, name: true } });
}

/** Names of member companies by id. */
export async function memberNames(db: ScopedClientOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.member.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Member companies in a stable order, a page at a time (after = the last id of the previous page). */
export async function memberPage(db: ScopedClientOrTx, after: string | null, take: number, nameContains?: string): Promise<MemberRef[]> {
  return db.member.findMany({
    where: { ...(after ? { id: { gt: after } } : {}), ...(nameContains ? { name: { contains: nameContains, mode: 'insensitive' } } : {}) },
    orderBy: { id: 'asc' },
    take,
    select: { id: true, name: true },
  });
}

/** How many member companies the association has. */
export async function memberCount(db: ScopedClientOrTx): Promise<number> {
  return db.member.count();
}

/** An uploaded file (MemberFile) of this association: its metadata, or with its content. */
export async function memberFile(db: ScopedClientOrTx, id: string, withContent = false) {
  return db.memberFile.findFirst({ where: { id }, select: { id: true, name: true, contentType: true, size: true, content: withContent } });
}

/** The login of a member company (its applicant account), if it has one. */
export async function memberAccountUserId(db: ScopedClientOrTx, memberId: string): Promise<string | null> {
  return (await db.member.findFirst({ where: { id: memberId }, select: { accountUserId: true } }))?.accountUserId ?? null;
}

/** A subquery of the ids of every member company of an association, for set-based statements of other modules (read-only). */
export function memberIdsSql(tenantId: string): Prisma.Sql {
  return Prisma.sql`SELECT "id" FROM "Member" WHERE "tenantId" = ${tenantId}`;
}
