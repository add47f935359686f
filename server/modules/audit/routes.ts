import { z } from 'zod';
import { AuditEntry, AuditQuery } from '#schema/api/audit.ts';
import { defineRoute } from '../../http/routes.ts';

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: 'The audit log of this association, newest first, with filters',
    access: 'audit.read',
    query: AuditQuery,
    response: z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }),
    async handler({ query, ctx }) {
      const before = query.cursor && /^\d+$/.test(query.cursor) ? BigInt(query.cursor) : undefined;
      const rows = await ctx.db.auditLog.findMany({
        where: {
          ...(query.entity ? { entity: query.entity } : {}),
          ...(query.entityId ? { entityId: query.entityId } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(before ? { id: { lt: before } } : {}),
          ...(query.from || query.to
            ? { createdAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lte: new Date(query.to) } : {}) } }
            : {}),
        },
        orderBy: { id: 'desc' },
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const actorIds = [...new Set(page.map((r) => r.actorId).filter((x): x is string => !!x))];
      const actors = new Map(
        (await ctx.services.db.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
      );
      return {
        items: page.map((r) => ({
          id: r.id.toString(),
          at: r.createdAt.toISOString(),
          actor: r.actorId ? (actors.get(r.actorId) ?? { id: r.actorId, name: '', email: '' }) : null,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          changed: r.changed,
          before: r.before as Record<string, unknown> | null,
          after: r.after as Record<string, unknown> | null,
        })),
        nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
      };
    },
  }),
];
