// Tags (标签) on member companies: the tag list of an association, bulk assignment, the tag query
// that filters members, and which people belong to which member company (for pushes and audiences).
import type { z } from 'zod';
import { translator } from '#schema/i18n/index.ts';
import type { MemberTagInput, TagAssignInput, TagQuery } from '#schema/members/targeting.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { ScopedClient, ScopedTx } from '../../db/tenant-scope.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { fieldError, missing } from './service.ts';

export type TagQueryInput = Pick<z.output<typeof TagQuery>, 'mode' | 'tagIds'>;

/** Members carrying every tag of the query (all) or at least one (any). */
export function tagWhere(q: TagQueryInput): Prisma.MemberWhereInput {
  const ids = [...new Set(q.tagIds)];
  return q.mode === 'all' ? { AND: ids.map((tagId) => ({ tags: { some: { tagId } } })) } : { tags: { some: { tagId: { in: ids } } } };
}

const categoryOrder = ['industry', 'region', 'size', 'needs', 'custom'];

export async function listTags(ctx: Pick<RequestCtx<any>, 'db'>) {
  const tags = await ctx.db.memberTag.findMany({ orderBy: [{ name: 'asc' }], include: { _count: { select: { members: true } } } });
  return tags
    .map((t) => ({ id: t.id, name: t.name, category: t.category as 'custom', members: t._count.members }))
    .sort((a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category));
}

export async function saveTag(ctx: RequestCtx, id: string | null, input: z.output<typeof MemberTagInput>) {
  if (id && !(await ctx.db.memberTag.findFirst({ where: { id }, select: { id: true } }))) throw missing(ctx, 'tags.entity');
  const same = await ctx.db.memberTag.findFirst({ where: { name: input.name, ...(id ? { id: { not: id } } : {}) }, select: { id: true } });
  if (same) throw fieldError(ctx, 'body.name', 'tags.errors.nameTaken', { name: input.name }, 'duplicate');
  const data = { name: input.name, category: input.category };
  const tag = await ctx.write((tx) => (id ? tx.memberTag.update({ where: { id }, data }) : tx.memberTag.create({ data: { ...data, tenantId: ctx.auth.tenant.id } })));
  return (await listTags(ctx)).find((t) => t.id === tag.id)!;
}

export async function deleteTag(ctx: RequestCtx, id: string) {
  if (!(await ctx.db.memberTag.findFirst({ where: { id }, select: { id: true } }))) throw missing(ctx, 'tags.entity');
  await ctx.write((tx) => tx.memberTag.delete({ where: { id } }));
}

/** Refuses tag ids that are not this association's, naming the problem in the caller's language. */
export async function checkTagIds(ctx: RequestCtx, tagIds: string[], path: string) {
  const ids = [...new Set(tagIds)];
  const found = await ctx.db.memberTag.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  if (found.length !== ids.length) throw fieldError(ctx, path, 'tags.errors.unknownTag');
  return found;
}

/** Adds or removes tags on many member companies in one transaction: all of them change, or none. */
export async function assignTags(ctx: RequestCtx, input: z.output<typeof TagAssignInput>) {
  const memberIds = [...new Set(input.memberIds)];
  const tagIds = [...new Set(input.tagIds)];
  await checkTagIds(ctx, tagIds, 'body.tagIds');
  const members = await ctx.db.member.count({ where: { id: { in: memberIds } } });
  if (members !== memberIds.length) throw fieldError(ctx, 'body.memberIds', 'tags.errors.unknownMember');
  const changed = await ctx.write(async (tx) => {
    if (input.action === 'remove') return (await tx.memberTagging.deleteMany({ where: { memberId: { in: memberIds }, tagId: { in: tagIds } } })).count;
    const data = memberIds.flatMap((memberId) => tagIds.map((tagId) => ({ tenantId: ctx.auth.tenant.id, memberId, tagId })));
    return (await tx.memberTagging.createMany({ data, skipDuplicates: true })).count;
  });
  return { changed };
}

/** Tags by name for an import: existing ones, and new custom tags created in the same transaction. */
export async function tagsByName(tx: ScopedTx, tenantId: string, names: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  const byName = new Map<string, string>();
  if (!wanted.length) return byName;
  for (const t of await tx.memberTag.findMany({ where: { name: { in: wanted } }, select: { id: true, name: true } })) byName.set(t.name, t.id);
  const missingNames = wanted.filter((n) => !byName.has(n));
  if (missingNames.length) {
    for (const t of await tx.memberTag.createManyAndReturn({ data: missingNames.map((name) => ({ tenantId, name, category: 'custom' })), select: { id: true, name: true } })) byName.set(t.name, t.id);
  }
  return byName;
}

/**
 * The people of each member company in this association: its own login (Member.accountUserId)
 * and the users whose e-mail is one of its contacts' e-mails. Disabled users are left out.
 */
export async function usersOfMembers(db: ScopedClient | ScopedTx, members: { id: string; accountUserId: string | null; contacts: { email: string | null }[] }[]): Promise<Map<string, string[]>> {
  const emails = [...new Set(members.flatMap((m) => m.contacts.map((c) => c.email?.toLowerCase()).filter((e): e is string => !!e)))];
  const accountIds = [...new Set(members.map((m) => m.accountUserId).filter((x): x is string => !!x))];
  const people = await db.membership.findMany({
    where: { user: { disabledAt: null }, OR: [{ userId: { in: accountIds } }, { user: { email: { in: emails } } }] },
    select: { userId: true, user: { select: { email: true } } },
  });
  const byEmail = new Map(people.map((p) => [p.user.email.toLowerCase(), p.userId]));
  const inTenant = new Set(people.map((p) => p.userId));
  const out = new Map<string, string[]>();
  for (const m of members) {
    const ids = new Set<string>();
    if (m.accountUserId && inTenant.has(m.accountUserId)) ids.add(m.accountUserId);
    for (const c of m.contacts) {
      const u = c.email ? byEmail.get(c.email.toLowerCase()) : undefined;
      if (u) ids.add(u);
    }
    out.set(m.id, [...ids]);
  }
  return out;
}

/** The member companies a user belongs to (as their login or as one of their contacts). */
export async function membersOfUser(db: ScopedClient | ScopedTx, user: { id: string; email: string }) {
  return db.member.findMany({
    where: { OR: [{ accountUserId: user.id }, { contacts: { some: { email: { equals: user.email, mode: 'insensitive' } } } }] },
    select: { id: true, name: true, status: true, tags: { select: { tag: { select: { id: true, name: true } } } } },
  });
}

/** The names of the tags carried by the member companies a user belongs to. */
export async function tagNamesOfUser(db: ScopedClient | ScopedTx, user: { id: string; email: string }): Promise<Set<string>> {
  const members = await membersOfUser(db, user);
  return new Set(members.flatMap((m) => m.tags.map((t) => t.tag.name)));
}

export function tagError(ctx: RequestCtx, key: string, params: Record<string, unknown> = {}) {
  return new ApiError('conflict', {}, { reason: translator(ctx.locale)(`members.${key}`, params) });
}
