// 精准推送: a policy, training or notice to the member companies matching a tag query, delivered as
// in-app notifications to each company's people, with delivery and read receipts per company.
import type { z } from 'zod';
import { translator } from '#schema/i18n/index.ts';
import type { PushInput, TagQuery } from '#schema/members/targeting.ts';
import { announce, insertNotifications, markReadByLink } from '../notifications/service.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import type { FileResult } from '../../exports/files.ts';
import type { Column } from '../../exports/xlsx.ts';
import { missing } from './service.ts';
import { checkTagIds, tagWhere, usersOfMembers } from './tags.ts';

/** Where a recipient opens a push (the notification's link). */
export const noticeLink = (pushId: string) => `/members/notices/${pushId}`;

/** Pushes go to current members: active, or in their grace period. */
const reachableStatuses = ['active', 'grace'];

async function recipientsOf(ctx: RequestCtx, query: z.output<typeof TagQuery>) {
  const members = await ctx.db.member.findMany({
    where: { ...tagWhere(query), status: { in: reachableStatuses } },
    select: { id: true, name: true, accountUserId: true, contacts: { select: { email: true } } },
    orderBy: { name: 'asc' },
  });
  const users = await usersOfMembers(ctx.db, members);
  return members.map((m) => ({ id: m.id, name: m.name, userIds: users.get(m.id) ?? [] }));
}

export async function previewPush(ctx: RequestCtx, query: z.output<typeof TagQuery>) {
  await checkTagIds(ctx, query.tagIds, 'body.tagIds');
  const list = await recipientsOf(ctx, query);
  return {
    members: list.length,
    reachable: list.filter((m) => m.userIds.length).length,
    users: new Set(list.flatMap((m) => m.userIds)).size,
    sample: list.slice(0, 20).map((m) => ({ id: m.id, name: m.name, users: m.userIds.length })),
  };
}

/**
 * Sends a push: the push, one receipt row per member company and the notifications of all their
 * people are written in one transaction, so either every recipient has it or none does.
 */
export async function sendPush(ctx: RequestCtx, input: z.output<typeof PushInput>) {
  const t = translator(ctx.locale);
  const tags = await checkTagIds(ctx, input.query.tagIds, 'body.query.tagIds');
  const list = await recipientsOf(ctx, input.query);
  if (!list.length) throw new ApiError('conflict', {}, { reason: t('members.push.errors.noRecipients') });
  const me = ctx.auth.user;
  const { push, notes } = await ctx.write(async (tx) => {
    const push = await tx.memberPush.create({
      data: {
        tenantId: ctx.auth.tenant.id,
        title: input.title,
        body: input.body,
        kind: input.kind,
        link: input.link ?? null,
        query: { mode: input.query.mode, tags: input.query.tagIds.map((id) => ({ id, name: tags.find((x) => x.id === id)!.name })) },
        sentById: me.id,
        sentByName: me.name || me.email,
      },
    });
    const now = new Date();
    await tx.memberPushRecipient.createMany({
      data: list.map((m) => ({ tenantId: ctx.auth.tenant.id, pushId: push.id, memberId: m.id, memberName: m.name, userIds: m.userIds, deliveredAt: m.userIds.length ? now : null })),
    });
    const notes = await insertNotifications(tx, {
      userIds: list.flatMap((m) => m.userIds),
      kind: `member.push.${input.kind}`,
      title: `【${t(`members.push.kinds.${input.kind}`)}】${input.title}`,
      body: input.body.length > 200 ? `${input.body.slice(0, 200)}…` : input.body,
      link: noticeLink(push.id),
    });
    return { push, notes };
  });
  await announce(ctx.services, notes);
  ctx.services.events.publish('member.push.sent', { tenantId: push.tenantId, pushId: push.id, title: push.title, recipients: list.length, actorId: me.id });
  return getPush(ctx, push.id);
}

type PushRow = NonNullable<Awaited<ReturnType<RequestCtx['db']['memberPush']['findFirst']>>>;
const queryView = (p: PushRow) => p.query as { mode: 'all' | 'any'; tags: { id: string; name: string }[] };

export async function listPushes(ctx: RequestCtx) {
  const pushes = await ctx.db.memberPush.findMany({ orderBy: { sentAt: 'desc' }, take: 200 });
  const ids = pushes.map((p) => p.id);
  const [total, delivered, read] = await Promise.all([
    ctx.db.memberPushRecipient.groupBy({ by: ['pushId'], where: { pushId: { in: ids } }, _count: { _all: true } }),
    ctx.db.memberPushRecipient.groupBy({ by: ['pushId'], where: { pushId: { in: ids }, deliveredAt: { not: null } }, _count: { _all: true } }),
    ctx.db.memberPushRecipient.groupBy({ by: ['pushId'], where: { pushId: { in: ids }, readAt: { not: null } }, _count: { _all: true } }),
  ]);
  const n = (g: { pushId: string; _count: { _all: number } }[], id: string) => g.find((x) => x.pushId === id)?._count._all ?? 0;
  return pushes.map((p) => ({
    id: p.id,
    title: p.title,
    kind: p.kind as 'policy',
    query: queryView(p),
    sentBy: p.sentByName,
    sentAt: p.sentAt.toISOString(),
    recipients: n(total, p.id),
    delivered: n(delivered, p.id),
    read: n(read, p.id),
  }));
}

export async function getPush(ctx: RequestCtx, id: string) {
  const p = await ctx.db.memberPush.findFirst({ where: { id }, include: { recipients: { orderBy: [{ readAt: { sort: 'asc', nulls: 'last' } }, { memberName: 'asc' }] } } });
  if (!p) throw missing(ctx, 'push.entity');
  const r = p.recipients;
  return {
    id: p.id,
    title: p.title,
    body: p.body,
    link: p.link,
    kind: p.kind as 'policy',
    query: queryView(p),
    sentBy: p.sentByName,
    sentAt: p.sentAt.toISOString(),
    recipients: r.length,
    delivered: r.filter((x) => x.deliveredAt).length,
    read: r.filter((x) => x.readAt).length,
    recipientList: r.map((x) => ({
      memberId: x.memberId,
      memberName: x.memberName,
      users: x.userIds.length,
      deliveredAt: x.deliveredAt?.toISOString() ?? null,
      readAt: x.readAt?.toISOString() ?? null,
      readBy: x.readByName,
    })),
  };
}

/** The pushes that reached the caller, newest first, with their company's read state. */
export async function myPushes(ctx: RequestCtx) {
  const rows = await ctx.db.memberPushRecipient.findMany({
    where: { userIds: { has: ctx.auth.user.id } },
    include: { push: { select: { id: true, title: true, kind: true, sentAt: true } } },
    orderBy: { push: { sentAt: 'desc' } },
    take: 100,
  });
  return rows.map((r) => ({ id: r.push.id, title: r.push.title, kind: r.push.kind as 'policy', sentAt: r.push.sentAt.toISOString(), memberName: r.memberName, readAt: r.readAt?.toISOString() ?? null }));
}

/**
 * A recipient opens the push: its text, and the read receipt of their member company (the first
 * opening counts) together with their notification marked read. Anyone the push did not reach gets 404.
 */
export async function openPush(ctx: RequestCtx, id: string) {
  const me = ctx.auth.user;
  const p = await ctx.db.memberPush.findFirst({ where: { id }, include: { recipients: { where: { userIds: { has: me.id } }, take: 1 } } });
  const mine = p?.recipients[0];
  if (!p || !mine) throw missing(ctx, 'push.entity');
  let readAt = mine.readAt;
  if (!readAt) {
    const now = new Date();
    const first = await ctx.write(async (tx) => {
      // Only the first opening by anyone of the company sets the receipt.
      const changed = await tx.memberPushRecipient.updateMany({ where: { id: mine.id, readAt: null }, data: { readAt: now, readById: me.id, readByName: me.name || me.email } });
      await markReadByLink(tx, me.id, noticeLink(p.id), now);
      return changed.count === 1;
    });
    if (first) {
      readAt = now;
      ctx.services.events.publish('member.push.read', { tenantId: p.tenantId, pushId: p.id, memberId: mine.memberId, readAt: now.toISOString(), actorId: me.id });
    } else readAt = (await ctx.db.memberPushRecipient.findFirst({ where: { id: mine.id } }))!.readAt;
  } else if (await ctx.db.notification.count({ where: { userId: me.id, link: noticeLink(p.id), readAt: null } })) {
    await ctx.write((tx) => markReadByLink(tx, me.id, noticeLink(p.id)));
  }
  return { id: p.id, title: p.title, body: p.body, kind: p.kind as 'policy', link: p.link, sentAt: p.sentAt.toISOString(), memberName: mine.memberName, readAt: readAt!.toISOString() };
}

/** A push's receipts per member company as XLSX (parses back: one row per company). */
export async function exportPushReceipts(ctx: RequestCtx, id: string): Promise<FileResult> {
  const t = translator(ctx.locale);
  const p = await getPush(ctx, id);
  const tz = ctx.auth.tenant.timeZone;
  const at = (iso: string | null) => (iso ? formatInTimeZone(iso, tz) : '');
  const status = (r: (typeof p.recipientList)[number]) => (r.readAt ? t('members.push.read') : r.deliveredAt ? t('members.push.unread') : t('members.push.notDelivered'));
  const columns: Column<(typeof p.recipientList)[number]>[] = [
    { header: t('members.fields.name'), width: 34, value: (r) => r.memberName },
    { header: t('members.push.status'), width: 14, value: status },
    { header: t('members.push.deliveredAt'), width: 18, value: (r) => at(r.deliveredAt) },
    { header: t('members.push.readAt'), width: 18, value: (r) => at(r.readAt) },
    { header: t('members.push.readBy'), width: 16, value: (r) => r.readBy },
  ];
  const { xlsxTable } = await import('../../exports/xlsx.ts');
  const sheet = t('members.push.recipients');
  return { filename: `${p.title.slice(0, 40)}-${sheet}.xlsx`, body: await xlsxTable({ sheet, title: `${p.title} · ${t('members.push.sentBy', { name: p.sentBy, at: at(p.sentAt) })}`, columns, rows: p.recipientList }) };
}

/** "2026-11-27 10:35" in the association's time zone. */
function formatInTimeZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
