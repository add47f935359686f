import { rooms } from '#schema/events.ts';
import type { Services } from '../../http/routes.ts';
import { logger } from '../../logger.ts';

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
