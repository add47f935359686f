import { rooms } from '#schema/events.ts';
import { can } from '#schema/permissions.ts';
import { roles, type Role } from '#schema/roles.ts';
import { runInTenant } from '../../db/tenant-scope.ts';
import type { Services } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import { dashboardWidgets, type Widget } from './widgets.ts';

export function visibleWidgets(role: Role): Widget[] {
  return can(role, 'dashboard.view') ? dashboardWidgets.filter((w) => !w.permission || can(role, w.permission)) : [];
}

export async function computeWidget(s: Services, w: Widget, tenant: { id: string; timeZone: string }) {
  const data = await runInTenant({ tenantId: tenant.id, actorId: null }, () => w.compute({ services: s, tenant, now: new Date() }));
  return { key: w.key, data, updatedAt: new Date().toISOString() };
}

/** How long a burst of events for one widget is gathered before it is recomputed once. */
const COALESCE_MS = 300;

/**
 * Live updates without polling: each widget's events trigger a recomputation for that tenant
 * (coalesced), pushed to the role rooms allowed to see the widget. Runs on the instance that
 * committed the change, like every event handler; the push reaches all instances through the adapter.
 */
export function startDashboardFeed(s: Services) {
  const pending = new Map<string, NodeJS.Timeout>();
  const schedule = (w: Widget, tenantId: string) => {
    const key = `${tenantId}:${w.key}`;
    if (pending.has(key)) return;
    const timer = setTimeout(async () => {
      pending.delete(key);
      try {
        const tenant = await s.db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { id: true, timeZone: true } });
        if (!tenant) return;
        const state = await computeWidget(s, w, tenant);
        for (const role of roles) if (visibleWidgets(role).includes(w)) s.push(rooms.role(tenantId, role), 'dashboard:widget', state);
      } catch (err) {
        logger.warn({ err, widget: w.key }, 'dashboard widget not refreshed');
      }
    }, COALESCE_MS);
    timer.unref();
    pending.set(key, timer);
  };
  const stops = dashboardWidgets.flatMap((w) =>
    w.events.map((name) =>
      s.events.on(name, (data) => {
        const tenantId = (data as { tenantId?: string }).tenantId;
        if (tenantId) schedule(w, tenantId);
      }),
    ),
  );
  return () => {
    for (const stop of stops) stop();
    for (const t of pending.values()) clearTimeout(t);
  };
}
