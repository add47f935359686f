import { z } from 'zod';
import { AuditEntry, AuditExportQuery, AuditQuery } from '#schema/api/audit.ts';
import { translator } from '#schema/i18n/index.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { EXPORT_LIMIT } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';

type Filter = Omit<z.output<typeof AuditExportQuery>, 'format'>;

/** Newest first, filtered; `before` continues a page. Actors are joined in for display. */
async function findEntries(ctx: RequestCtx, f: Filter, take: number, before?: bigint) {
  const rows = await ctx.db.auditLog.findMany({
    where: {
      ...(f.entity ? { entity: f.entity } : {}),
      ...(f.entityId ? { entityId: f.entityId } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.actorId ? { actorId: f.actorId } : {}),
      ...(before ? { id: { lt: before } } : {}),
      ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } } : {}),
    },
    orderBy: { id: 'desc' },
    take,
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => !!x))];
  const actors = new Map(
    (await ctx.services.db.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.createdAt,
    actor: r.actorId ? (actors.get(r.actorId) ?? { id: r.actorId, name: '', email: '' }) : null,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    changed: r.changed,
    before: r.before as Record<string, unknown> | null,
    after: r.after as Record<string, unknown> | null,
  }));
}

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
      const rows = await findEntries(ctx, query, query.limit + 1, before);
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() })),
        nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audit/export',
    tag: 'audit',
    summary: 'The filtered audit log as XLSX or PDF (the newest 10,000 entries at most)',
    access: 'audit.read',
    query: AuditExportQuery,
    response: 'file',
    produces: ['xlsx', 'pdf'],
    async handler({ query, ctx }) {
      const t = translator(ctx.locale);
      const tz = ctx.auth.tenant.timeZone;
      const rows = await findEntries(ctx, query, EXPORT_LIMIT);
      const change = (r: (typeof rows)[number]) =>
        (r.changed.length ? r.changed : Object.keys(r.after ?? r.before ?? {}))
          .map((k) => `${k}: ${show(r.before?.[k])} → ${show(r.after?.[k])}`)
          .join('\n');
      const columns: Column<(typeof rows)[number]>[] = [
        { header: t('audit.when'), width: 17, value: (r) => zonedDateTime(r.at, tz) },
        { header: t('audit.actor'), width: 18, value: (r) => r.actor?.name || r.actor?.email || t('audit.system') },
        { header: t('audit.action'), width: 10, value: (r) => t(`audit.actions.${r.action}`, { defaultValue: r.action }) },
        { header: t('audit.entity'), width: 14, value: (r) => r.entity },
        { header: 'ID', width: 16, value: (r) => r.entityId },
        { header: t('audit.changes'), width: 50, value: change },
      ];
      const title = `${ctx.auth.tenant.name} · ${t('audit.title')}`;
      const stamp = zonedDateTime(new Date(), tz).slice(0, 10);
      return query.format === 'xlsx'
        ? { filename: `${t('audit.title')}-${stamp}.xlsx`, body: await xlsxTable({ sheet: t('audit.title'), title, columns, rows }) }
        : { filename: `${t('audit.title')}-${stamp}.pdf`, body: await pdfTable({ title, subtitle: stamp, columns, rows, landscape: true }) };
    },
  }),
];

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
