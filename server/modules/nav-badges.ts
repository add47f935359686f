// Counts on sidebar entries (合规预警 · 3): each badge names its nav href, the permission that
// sees it, the domain events that change it and how to count. The layout loads the counts once
// (GET /nav/badges); afterwards the server pushes `nav:badge` to the role rooms allowed to see
// the entry whenever one of its events happens: live, without polling. A module adds a badge here.
import { z } from 'zod';
import { rooms, type DomainEventName } from '#schema/events.ts';
import { can, type Action } from '#schema/permissions.ts';
import { roles } from '#schema/roles.ts';
import { runInTenant } from '../db/tenant-scope.ts';
import { defineRoute, type Services } from '../http/routes.ts';
import { logger } from '../logger.ts';
import { alertSummary } from './compliance/service.ts';

export interface NavBadge {
  href: string;
  action: Action;
  events: DomainEventName[];
  /** Runs inside the tenant's scope. */
  count(s: Services): Promise<number>;
}

export const navBadges: NavBadge[] = [
  {
    href: '/compliance',
    action: 'compliance.read',
    events: ['compliance.alert.changed'],
    // Alerts not closed: open or acknowledged.
    count: async (s) => {
      const sum = await alertSummary({ db: s.scoped } as Parameters<typeof alertSummary>[0]);
      return sum.open + sum.acknowledged;
    },
  },
];

export const navBadgeRoutes = [
  defineRoute({
    method: 'get',
    path: '/nav/badges',
    tag: 'workspace',
    summary: 'Counts shown on sidebar entries the caller sees (e.g. open compliance alerts), by entry address; pushed live as nav:badge afterwards',
    access: 'session',
    response: z.object({ badges: z.record(z.string(), z.number().int()) }),
    handler: async ({ ctx }) => {
      const badges: Record<string, number> = {};
      for (const b of navBadges) if (can(ctx.auth.role, b.action)) badges[b.href] = await b.count(ctx.services);
      return { badges };
    },
  }),
];

/** Recounts a badge after each of its events (a burst coalesced into one count) and pushes it to the roles that see it. */
export function startNavBadges(s: Services, coalesceMs = 100): () => void {
  const pending = new Map<string, NodeJS.Timeout>();
  const stops = navBadges.flatMap((b) =>
    b.events.map((name) =>
      s.events.on(name, (data) => {
        const tenantId = (data as { tenantId?: string }).tenantId;
        if (!tenantId) return;
        const key = `${tenantId}:${b.href}`;
        if (pending.has(key)) return;
        const timer = setTimeout(async () => {
          pending.delete(key);
          try {
            const count = await runInTenant({ tenantId, actorId: null, requestId: `badge:${b.href}` }, () => b.count(s));
            for (const role of roles) if (can(role, b.action)) s.push(rooms.role(tenantId, role), 'nav:badge', { href: b.href, count });
          } catch (err) {
            logger.warn({ err, badge: b.href }, 'nav badge not refreshed');
          }
        }, coalesceMs);
        timer.unref();
        pending.set(key, timer);
      }),
    ),
  );
  return () => {
    for (const stop of stops) stop();
    for (const t of pending.values()) clearTimeout(t);
  };
}
