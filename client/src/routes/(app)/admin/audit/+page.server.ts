import { can } from '#schema/permissions.ts';
import type { AuditEntry, Page, TenantUser } from '#lib/api.ts';
import { zonedDayBoundary } from '#lib/dates.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 30;

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'audit.read');
  const p = event.url.searchParams;
  const filters = {
    entity: (p.get('entity') ?? '').trim().slice(0, 60),
    action: (p.get('action') ?? '').trim().slice(0, 30),
    actorId: (p.get('actorId') ?? '').trim(),
    from: (p.get('from') ?? '').trim(),
    to: (p.get('to') ?? '').trim(),
  };
  const tz = session.tenant.timeZone;
  // Dates are days in the association's time zone; the API wants instants.
  const query = {
    entity: filters.entity,
    action: filters.action,
    actorId: /^[0-9a-f-]{36}$/i.test(filters.actorId) ? filters.actorId : '',
    from: zonedDayBoundary(filters.from, tz)?.toISOString(),
    to: zonedDayBoundary(filters.to, tz, true)?.toISOString(),
    limit: PAGE_SIZE,
  };
  const api = apiFor(event);
  try {
    const [log, people] = await Promise.all([
      api.get<Page<AuditEntry>>('/audit', { ...query, cursor: p.get('cursor') ?? undefined }),
      can(session.role, 'user.list') ? api.get<Page<TenantUser>>('/users', { limit: 100, sort: 'name' }) : Promise.resolve(null),
    ]);
    return { entries: log.items, nextCursor: log.nextCursor, filters, query, paged: p.has('cursor'), actors: people?.items ?? [] };
  } catch (err) {
    rethrow(err, event);
  }
};
