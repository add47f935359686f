import { rooms } from '#schema/events.ts';
import type { Services } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import type { ScopedTx } from '../../db/tenant-scope.ts';

export interface NewNotification {
  tenantId: string;
  userIds: string[];
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  /** Also send it by e-mail (SMTP when configured, else the log). */
  email?: boolean;
}

const view = (n: { id: string; kind: string; title: string; body: string; link: string | null; readAt: Date | null; createdAt: Date }) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});
export type NotificationView = ReturnType<typeof view>;
export { view as notificationView };

/**
 * Tells people something, in the app (pushed live to their open pages) and optionally by e-mail.
 * Call it after the change that caused it has committed; it never fails that change.
 */
export async function notify(s: Pick<Services, 'db' | 'mailer' | 'config'> & { push: Services['push'] }, n: NewNotification): Promise<void> {
  const userIds = [...new Set(n.userIds)];
  if (!userIds.length) return;
  const prisma = s.db.prisma;
  try {
    const created = await prisma.notification.createManyAndReturn({
      data: userIds.map((userId) => ({ tenantId: n.tenantId, userId, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null })),
    });
    for (const row of created) {
      const unread = await prisma.notification.count({ where: { tenantId: n.tenantId, userId: row.userId, readAt: null } });
      s.push(rooms.member(n.tenantId, row.userId), 'notification:new', { notification: view(row), unread });
    }
    if (n.email) {
      const users = await prisma.user.findMany({ where: { id: { in: userIds }, disabledAt: null }, select: { id: true, email: true } });
      const link = n.link ? `\n\n${s.config.PUBLIC_URL}${n.link}` : '';
      for (const u of users) {
        await s.mailer.send({ to: u.email, subject: n.title, text: `${n.body}${link}` });
      }
      await prisma.notification.updateMany({ where: { id: { in: created.map((c) => c.id) } }, data: { emailedAt: new Date() } });
    }
  } catch (err) {
    logger.error({ err, kind: n.kind }, 'notification not delivered');
  }
}

/**
 * Writes notifications inside the caller's transaction, so they exist exactly when its change
 * commits (all recipients or none). After the commit, `announce` pushes them to open pages.
 */
export async function insertNotifications(tx: ScopedTx, n: Omit<NewNotification, 'email' | 'tenantId'>) {
  const userIds = [...new Set(n.userIds)];
  if (!userIds.length) return [];
  return tx.notification.createManyAndReturn({ data: userIds.map((userId) => ({ userId, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null }) as never) });
}

/** Pushes notifications written by insertNotifications to their users' open pages, with their unread counts (one query for all). */
export async function announce(s: Pick<Services, 'db' | 'push'>, rows: Awaited<ReturnType<typeof insertNotifications>>): Promise<void> {
  if (!rows.length) return;
  try {
    const counts = await s.db.prisma.notification.groupBy({
      by: ['tenantId', 'userId'],
      where: { tenantId: { in: [...new Set(rows.map((r) => r.tenantId))] }, userId: { in: [...new Set(rows.map((r) => r.userId))] }, readAt: null },
      _count: { _all: true },
    });
    const unread = new Map(counts.map((c) => [`${c.tenantId}:${c.userId}`, c._count._all]));
    for (const row of rows) s.push(rooms.member(row.tenantId, row.userId), 'notification:new', { notification: view(row), unread: unread.get(`${row.tenantId}:${row.userId}`) ?? 0 });
  } catch (err) {
    logger.error({ err }, 'notifications not announced');
  }
}

/** Marks a user's unread notifications that point at `link` as read, inside the caller's transaction. */
export async function markReadByLink(tx: ScopedTx, userId: string, link: string, at = new Date()): Promise<number> {
  return (await tx.notification.updateMany({ where: { userId, link, readAt: null }, data: { readAt: at } })).count;
}
