import { z } from 'zod';
import { Id } from './common.ts';

export const NotificationView = z
  .object({
    id: Id,
    kind: z.string().meta({ description: 'What it is about, e.g. membership.application.approved' }),
    title: z.string(),
    body: z.string(),
    /** A path in the web app to open, when there is one. */
    link: z.string().nullable(),
    readAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Notification' });

export const NotificationQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const NotificationPage = z
  .object({ items: z.array(NotificationView), unread: z.number().int(), nextCursor: z.string().nullable() })
  .meta({ id: 'NotificationPage' });
