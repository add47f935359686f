import { IdParams, Ok } from '#schema/api/common.ts';
import { NotificationPage, NotificationQuery, NotificationView } from '#schema/api/notifications.ts';
import { notFound } from '../../http/errors.ts';
import { defineRoute } from '../../http/routes.ts';
import { notificationView } from './service.ts';

export const notificationRoutes = [
  defineRoute({
    method: 'get',
    path: '/notifications',
    tag: 'notifications',
    summary: 'My notifications in this association, newest first, with the unread count',
    access: 'workspace.view',
    query: NotificationQuery,
    response: NotificationPage,
    async handler({ query, ctx }) {
      const mine = { userId: ctx.auth.user.id };
      const rows = await ctx.db.notification.findMany({
        where: { ...mine, ...(query.unread === 'true' ? { readAt: null } : {}), ...(query.cursor ? { id: { lt: query.cursor } } : {}) },
        orderBy: { id: 'desc' },
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const unread = await ctx.db.notification.count({ where: { ...mine, readAt: null } });
      return { items: page.map(notificationView), unread, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/{id}/read',
    tag: 'notifications',
    summary: 'Mark one of my notifications as read',
    access: 'workspace.view',
    resource: 'notification',
    params: IdParams,
    response: NotificationView,
    async handler({ params, ctx }) {
      const n = await ctx.db.notification.findFirst({ where: { id: params.id, userId: ctx.auth.user.id } });
      if (!n) throw notFound('notification');
      const row = n.readAt ? n : await ctx.write((tx) => tx.notification.update({ where: { id: n.id }, data: { readAt: new Date() } }));
      return notificationView(row);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/read-all',
    tag: 'notifications',
    summary: 'Mark all my notifications as read',
    access: 'workspace.view',
    response: Ok,
    async handler({ ctx }) {
      await ctx.write((tx) => tx.notification.updateMany({ where: { userId: ctx.auth.user.id, readAt: null }, data: { readAt: new Date() } }));
      return { ok: true as const };
    },
  }),
];
