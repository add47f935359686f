import type { z } from 'zod';
import { translator } from '#schema/i18n/index.ts';
import type { MemberExportQuery, MemberFileInput, MemberInput, MemberListQuery, MembershipLevelInput, MemberCertificateInput } from '#schema/members/api.ts';
import { isValidCreditCode } from '#schema/members/credit-code.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { EXPORT_LIMIT, type FileResult } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import type { ScopedClient } from '../../db/tenant-scope.ts';
import { dateToDay, dayToDate, daysBetween, todayIn } from './dates.ts';
import { renewal, type MemberStatus } from './lifecycle.ts';
import { tagWhere } from './tags.ts';
import { can } from '#schema/permissions.ts';
import type { Grade } from '#schema/credit/api.ts';
import { standingsFor } from '../credit/service.ts';

export const MAX_FILE_BYTES = 700 * 1024;
export const COUNT_CAP = 10_000;

/** A validation failure on one field, worded in the caller's language. */
export function fieldError(ctx: RequestCtx<any>, path: string, key: string, params: Record<string, unknown> = {}, code = 'custom') {
  const t = translator(ctx.locale);
  return new ApiError('validation_failed', {}, [{ path, code, message: t(`members.${key}`, params) }]);
}

/** "Not found" naming the entity in the caller's language. */
export function missing(ctx: RequestCtx<any>, entityKey: string) {
  return notFound(translator(ctx.locale)(`members.${entityKey}`));
}

// ---- levels ----

export async function listLevels(ctx: Pick<RequestCtx<any>, 'db'>) {
  const levels = await ctx.db.membershipLevel.findMany({ orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }], include: { _count: { select: { members: true } } } });
  return levels.map((l) => ({ id: l.id, name: l.name, nameEn: l.nameEn, duesFen: l.duesFen, termMonths: l.termMonths, sortOrder: l.sortOrder, members: l._count.members }));
}

export async function saveLevel(ctx: RequestCtx, id: string | null, input: z.output<typeof MembershipLevelInput>) {
  if (id && !(await ctx.db.membershipLevel.findFirst({ where: { id }, select: { id: true } }))) throw missing(ctx, 'levelEntity');
  const data = { name: input.name, nameEn: input.nameEn ?? null, duesFen: input.duesFen, termMonths: input.termMonths, sortOrder: input.sortOrder };
  const level = await ctx.write((tx) => (id ? tx.membershipLevel.update({ where: { id }, data }) : tx.membershipLevel.create({ data: { ...data, tenantId: ctx.auth.tenant.id } })));
  return (await listLevels(ctx)).find((l) => l.id === level.id)!;
}

export async function deleteLevel(ctx: RequestCtx, id: string) {
  const level = await ctx.db.membershipLevel.findFirst({ where: { id }, include: { _count: { select: { members: true } } } });
  if (!level) throw missing(ctx, 'levelEntity');
  if (level._count.members > 0) throw new ApiError('conflict', {}, { reason: translator(ctx.locale)('members.errors.levelInUse') });
  await ctx.write((tx) => tx.membershipLevel.delete({ where: { id } }));
}

// ---- members ----

const tagInclude = { tags: { include: { tag: { select: { id: true, name: true, category: true } } }, orderBy: { createdAt: 'asc' } } } satisfies Prisma.MemberInclude;

const memberInclude = {
  ...tagInclude,
  level: true,
  contacts: { orderBy: [{ isPrimary: 'desc' }, { createdAt: 'asc' }] },
  certificates: { orderBy: { expiresOn: 'asc' } },
} satisfies Prisma.MemberInclude;
type MemberRow = Prisma.MemberGetPayload<{ include: typeof memberInclude }>;
const listSelect = { id: true, name: true, creditCode: true, status: true, industry: true, region: true, joinedOn: true, expiresOn: true } satisfies Prisma.MemberSelect;
/** What a list row shows: the member's own fields, its level, primary contact and tags. */
type MemberListRow = Prisma.MemberGetPayload<{ select: typeof listSelect }> & {
  level: { id: string; name: string };
  primaryContact: string | null;
  tags: { id: string; name: string; category: string }[];
};

type Standing = { score: number; grade: Grade };

/** Scores and grades from the credit archive, for callers who may read credit. */
async function creditOf(ctx: RequestCtx<any>, ids: string[]) {
  return ctx.auth && can(ctx.auth.role, 'credit.read') ? standingsFor(ctx.db, ids) : new Map<string, Standing>();
}

function summary(m: MemberListRow, credit: Standing | null = null) {
  return {
    id: m.id,
    name: m.name,
    creditCode: m.creditCode,
    status: m.status as 'active',
    level: { id: m.level.id, name: m.level.name },
    industry: m.industry,
    region: m.region,
    joinedOn: m.joinedOn ? dateToDay(m.joinedOn) : null,
    expiresOn: m.expiresOn ? dateToDay(m.expiresOn) : null,
    primaryContact: m.primaryContact,
    tags: m.tags,
    credit,
  };
}

async function memberView(ctx: RequestCtx<any>, m: MemberRow) {
  const today = todayIn(ctx.auth?.tenant.timeZone ?? 'Asia/Shanghai');
  const fileIds = m.certificates.map((c) => c.fileId).filter((x): x is string => !!x);
  const files = fileIds.length ? await ctx.db.memberFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, name: true, size: true } }) : [];
  return {
    ...summary({ ...m, primaryContact: (m.contacts.find((c) => c.isPrimary) ?? m.contacts[0])?.name ?? null, tags: m.tags.map((t) => t.tag) }, (await creditOf(ctx, [m.id])).get(m.id)),
    address: m.address,
    contacts: m.contacts.map((c) => ({ id: c.id, name: c.name, title: c.title, phone: c.phone, email: c.email, isPrimary: c.isPrimary })),
    certificates: m.certificates.map((c) => {
      const expiresOn = dateToDay(c.expiresOn);
      return { id: c.id, name: c.name, number: c.number, issuer: c.issuer, expiresOn, daysLeft: daysBetween(today, expiresOn), file: files.find((f) => f.id === c.fileId) ?? null };
    }),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export async function getMember(ctx: RequestCtx, id: string) {
  const m = await ctx.db.member.findFirst({ where: { id }, include: memberInclude });
  if (!m) throw missing(ctx, 'entity');
  return memberView(ctx, m);
}

type Filter = Pick<z.output<typeof MemberListQuery>, 'q' | 'status' | 'levelId' | 'sort' | 'order' | 'tags' | 'tagMode'>;

/**
 * Codes starting with a prefix. Codes are upper-case letters and digits, all below "Z", so the range
 * [prefix, prefix + "Z") holds exactly them and walks the (tenantId, creditCode) index in any
 * collation, which LIKE 'prefix%' only does in the C collation.
 */
const codePrefix = (prefix: string) => ({ gte: prefix, lt: `${prefix}Z`, startsWith: prefix });

function memberWhere(f: Filter): Prisma.MemberWhereInput {
  const q = f.q?.trim();
  return {
    ...(f.tags.length ? tagWhere({ mode: f.tagMode, tagIds: f.tags }) : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.levelId ? { levelId: f.levelId } : {}),
    // Something shaped like the start of a credit code searches codes (by index); anything else, names.
    ...(q ? (/^[0-9A-Za-z]{2,18}$/.test(q) && /\d/.test(q) ? { creditCode: codePrefix(q.toUpperCase()) } : { name: { contains: q, mode: 'insensitive' } }) : {}),
  };
}

/**
 * A page of the list: the members, then their level, primary contact and tags in one more query
 * (Prisma would make four: the list is the most requested page, and each query costs a round trip
 * and its planning).
 */
async function findMembers(ctx: RequestCtx, f: Filter, skip: number, take: number): Promise<MemberListRow[]> {
  const rows = await ctx.db.member.findMany({
    where: memberWhere(f),
    orderBy: [{ [f.sort]: f.sort === 'joinedOn' || f.sort === 'expiresOn' ? { sort: f.order, nulls: 'last' } : f.order }, { id: f.order }] as Prisma.MemberOrderByWithRelationInput[],
    skip,
    take,
    select: listSelect,
  });
  if (!rows.length) return [];
  const details = await ctx.db.$queryRaw<{ id: string; levelId: string; levelName: string; primaryContact: string | null; tags: MemberListRow['tags'] }[]>`
    SELECT m.id, l.id AS "levelId", l.name AS "levelName",
           (SELECT c.name FROM "MemberContact" c WHERE c."memberId" = m.id AND c."isPrimary" ORDER BY c."createdAt" LIMIT 1) AS "primaryContact",
           COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'category', t.category) ORDER BY mt."createdAt")
                     FROM "MemberTagging" mt JOIN "MemberTag" t ON t.id = mt."tagId" WHERE mt."memberId" = m.id), '[]') AS tags
    FROM "Member" m JOIN "MembershipLevel" l ON l.id = m."levelId"
    WHERE m."tenantId" = ${ctx.auth.tenant.id} AND m.id = ANY(${rows.map((m) => m.id)}::text[])`;
  const byId = new Map(details.map((d) => [d.id, d]));
  return rows.map((m) => {
    const d = byId.get(m.id)!;
    return { ...m, level: { id: d.levelId, name: d.levelName }, primaryContact: d.primaryContact, tags: d.tags };
  });
}

export async function listMembers(ctx: RequestCtx, o: z.output<typeof MemberListQuery>) {
  const offset = o.cursor ? Number.parseInt(o.cursor, 10) || 0 : 0;
  const rows = await findMembers(ctx, o, offset, o.limit + 1);
  const page = rows.slice(0, o.limit);
  // A page that is not full (and not past the end) ends the list, so it gives the total: most
  // searches need no count. Counting stops at COUNT_CAP: past that the list says "10,000+".
  const lastPage = rows.length <= o.limit && (rows.length > 0 || offset === 0);
  const [total, credit] = await Promise.all([
    lastPage ? offset + rows.length : ctx.db.member.count({ where: memberWhere(o), take: COUNT_CAP + 1 }),
    creditOf(ctx, page.map((m) => m.id)),
  ]);
  return { items: page.map((m) => summary(m, credit.get(m.id))), total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP, nextCursor: rows.length > o.limit ? String(offset + o.limit) : null };
}

export async function exportMembers(ctx: RequestCtx, o: z.output<typeof MemberExportQuery>): Promise<FileResult> {
  const t = translator(ctx.locale);
  const rows = (await findMembers(ctx, o, 0, EXPORT_LIMIT)).map((m) => summary(m));
  const columns: Column<(typeof rows)[number]>[] = [
    { header: t('members.fields.name'), width: 34, value: (m) => m.name },
    { header: t('members.fields.creditCode'), width: 22, value: (m) => m.creditCode },
    { header: t('members.fields.level'), width: 14, value: (m) => m.level.name },
    { header: t('members.fields.status'), width: 10, value: (m) => t(`members.status.${m.status}`) },
    { header: t('members.fields.industry'), width: 14, value: (m) => m.industry },
    { header: t('members.fields.region'), width: 12, value: (m) => m.region },
    { header: t('members.fields.contact'), width: 12, value: (m) => m.primaryContact },
    { header: t('members.fields.joinedOn'), width: 12, value: (m) => m.joinedOn },
    { header: t('members.fields.expiresOn'), width: 12, value: (m) => m.expiresOn },
    { header: t('members.tags.title'), width: 24, value: (m) => m.tags.map((x) => x.name).join('、') },
  ];
  const sheet = t('members.export.sheet');
  const title = `${ctx.auth.tenant.name} · ${sheet}`;
  const stamp = todayIn(ctx.auth.tenant.timeZone);
  return o.format === 'xlsx'
    ? { filename: `${sheet}-${stamp}.xlsx`, body: await xlsxTable({ sheet, title, columns, rows }) }
    : { filename: `${sheet}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows, landscape: true }) };
}

/** Refuses a code whose check character is wrong, or one another member already carries. */
async function checkCreditCode(ctx: RequestCtx, code: string, exceptId: string | null) {
  if (!isValidCreditCode(code)) throw fieldError(ctx, 'body.creditCode', 'errors.creditCodeCheck', {}, 'credit_code_check');
  const other = await ctx.db.member.findFirst({ where: { creditCode: code, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true } });
  if (other) throw fieldError(ctx, 'body.creditCode', 'errors.creditCodeTaken', { name: other.name }, 'duplicate');
}

export async function saveMember(ctx: RequestCtx, id: string | null, input: z.output<typeof MemberInput>) {
  if (id && !(await ctx.db.member.findFirst({ where: { id }, select: { id: true } }))) throw missing(ctx, 'entity');
  await checkCreditCode(ctx, input.creditCode, id);
  if (!(await ctx.db.membershipLevel.findFirst({ where: { id: input.levelId }, select: { id: true } }))) throw fieldError(ctx, 'body.levelId', 'errors.levelUnknown');
  const tenantId = ctx.auth.tenant.id;
  const data = {
    name: input.name,
    creditCode: input.creditCode,
    levelId: input.levelId,
    status: input.status,
    industry: input.industry ?? null,
    region: input.region ?? null,
    address: input.address ?? null,
    joinedOn: input.joinedOn ? dayToDate(input.joinedOn) : null,
    expiresOn: input.expiresOn ? dayToDate(input.expiresOn) : null,
  };
  // Exactly one primary contact when there are any: the first marked, else the first.
  const primaryIndex = Math.max(0, input.contacts.findIndex((c) => c.isPrimary));
  const contacts = input.contacts.map((c, i) => ({ tenantId, name: c.name, title: c.title ?? null, phone: c.phone ?? null, email: c.email ?? null, isPrimary: i === primaryIndex }));
  const member = await ctx.write(async (tx) => {
    const m = id ? await tx.member.update({ where: { id }, data }) : await tx.member.create({ data: { ...data, tenantId } });
    await tx.memberContact.deleteMany({ where: { memberId: m.id } });
    if (contacts.length) await tx.memberContact.createMany({ data: contacts.map((c) => ({ ...c, memberId: m.id })) });
    return m;
  });
  ctx.services.events.publish('member.changed', { tenantId, memberId: member.id, name: member.name, status: member.status, actorId: ctx.auth.user.id });
  return getMember(ctx, member.id);
}

export async function deleteMember(ctx: RequestCtx, id: string) {
  const m = await ctx.db.member.findFirst({ where: { id } });
  if (!m) throw missing(ctx, 'entity');
  await ctx.write((tx) => tx.member.delete({ where: { id } }));
  ctx.services.events.publish('member.changed', { tenantId: m.tenantId, memberId: id, name: m.name, status: 'withdrawn', actorId: ctx.auth.user.id });
}

// ---- certificates ----

async function checkFile(ctx: RequestCtx<any>, fileId: string | undefined, path: string) {
  if (fileId && !(await ctx.db.memberFile.findFirst({ where: { id: fileId }, select: { id: true } }))) throw fieldError(ctx, path, 'errors.fileUnknown');
}

export async function addCertificate(ctx: RequestCtx, memberId: string, input: z.output<typeof MemberCertificateInput>) {
  if (!(await ctx.db.member.findFirst({ where: { id: memberId }, select: { id: true } }))) throw missing(ctx, 'entity');
  await checkFile(ctx, input.fileId, 'body.fileId');
  await ctx.write((tx) =>
    tx.memberCertificate.create({
      data: { tenantId: ctx.auth.tenant.id, memberId, name: input.name, number: input.number ?? null, issuer: input.issuer ?? null, expiresOn: dayToDate(input.expiresOn), fileId: input.fileId ?? null },
    }),
  );
  return getMember(ctx, memberId);
}

export async function deleteCertificate(ctx: RequestCtx, id: string) {
  const c = await ctx.db.memberCertificate.findFirst({ where: { id } });
  if (!c) throw missing(ctx, 'certificateEntity');
  await ctx.write((tx) => tx.memberCertificate.delete({ where: { id } }));
}

// ---- files ----

export async function uploadFile(ctx: RequestCtx, input: z.output<typeof MemberFileInput>) {
  const content = Buffer.from(input.data, 'base64');
  if (content.length > MAX_FILE_BYTES) throw fieldError(ctx, 'body.data', 'errors.fileTooLarge');
  const f = await ctx.write((tx) =>
    tx.memberFile.create({ data: { tenantId: ctx.auth.tenant.id, name: input.name, contentType: input.contentType, size: content.length, content, uploadedById: ctx.auth.user.id } }),
  );
  return { id: f.id, name: f.name, contentType: f.contentType, size: f.size };
}

/** A file's content, for reviewers and member staff, or for whoever uploaded it. */
export async function readFile(ctx: RequestCtx, id: string, mayReadAll: boolean) {
  const f = await ctx.db.memberFile.findFirst({ where: { id, ...(mayReadAll ? {} : { uploadedById: ctx.auth.user.id }) } });
  if (!f) throw missing(ctx, 'fileEntity');
  return f;
}

// ---- lifecycle ----

export const DEFAULT_GRACE_DAYS = 30;

export async function graceDaysOf(db: ScopedClient): Promise<number> {
  return (await db.membershipSettings.findFirst({}))?.graceDays ?? DEFAULT_GRACE_DAYS;
}

export async function getSettings(ctx: RequestCtx) {
  return { graceDays: await graceDaysOf(ctx.db) };
}

export async function setSettings(ctx: RequestCtx, input: { graceDays: number }) {
  await ctx.write(async (tx) => {
    const existing = await tx.membershipSettings.findFirst({});
    if (existing) await tx.membershipSettings.update({ where: { id: existing.id }, data: { graceDays: input.graceDays } });
    else await tx.membershipSettings.create({ data: { tenantId: ctx.auth.tenant.id, graceDays: input.graceDays } });
  });
  return getSettings(ctx);
}

/**
 * Renews a membership for whole terms of its level (a first payment activates a pending member).
 * Dates are days in the association's time zone; see lifecycle.ts for the rules.
 */
export async function renewMember(ctx: RequestCtx, id: string, terms: number) {
  const m = await ctx.db.member.findFirst({ where: { id }, include: { level: true } });
  if (!m) throw missing(ctx, 'entity');
  const today = todayIn(ctx.auth.tenant.timeZone);
  const r = renewal(
    { status: m.status as MemberStatus, joinedOn: m.joinedOn ? dateToDay(m.joinedOn) : null, expiresOn: m.expiresOn ? dateToDay(m.expiresOn) : null },
    today,
    m.level.termMonths,
    terms,
    await graceDaysOf(ctx.db),
  );
  if (!r) throw new ApiError('conflict', {}, { reason: translator(ctx.locale)('members.errors.notRenewable', { status: translator(ctx.locale)(`members.status.${m.status}`) }) });
  await ctx.write((tx) => tx.member.update({ where: { id }, data: { status: r.status, joinedOn: dayToDate(r.joinedOn), expiresOn: dayToDate(r.expiresOn) } }));
  ctx.services.events.publish('member.changed', { tenantId: m.tenantId, memberId: id, name: m.name, status: r.status, actorId: ctx.auth.user.id });
  return getMember(ctx, id);
}

/** The member company whose login the caller is (member self-service), or null when none is linked. */
export async function myMember(ctx: RequestCtx) {
  const m = await ctx.db.member.findFirst({ where: { accountUserId: ctx.auth.user.id }, orderBy: { createdAt: 'asc' }, include: memberInclude });
  return m ? memberView(ctx, m) : null;
}
