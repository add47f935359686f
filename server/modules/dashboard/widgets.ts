import type { ActiveMembersData } from '#schema/dashboard/api.ts';
import type { DomainEventName } from '#schema/events.ts';
import type { Action } from '#schema/permissions.ts';
import type { Services } from '../../http/routes.ts';
import { applicationsWidget } from '../members/widgets.ts';
import { alertsWidget } from '../compliance/widgets.ts';
import { standardsByStage } from '../standards/widget.ts';
import { meetingsWidget } from '../meetings/widget.ts';
import { reviewProgressWidget } from '../reviews/widget.ts';
import { duesCollectionWidget } from '../finance/widgets.ts';
import { disclosuresWidget } from '../disclosures/widgets.ts';
import { creditGradesWidget } from '../credit/widgets.ts';

export interface WidgetContext {
  services: Services;
  tenant: { id: string; timeZone: string };
  now: Date;
}

/**
 * A widget of the leadership dashboard: what it needs to be seen, how to compute its numbers from
 * its module's data (inside the tenant's scope), and which domain events change them. The
 * dashboard recomputes a widget when one of its events happens and pushes it to open dashboards.
 * A module adds its widgets to `dashboardWidgets`.
 */
export interface Widget<T = unknown> {
  key: string;
  /** Besides dashboard.view: a widget about, e.g., finance also needs the finance permission of its drill-down. */
  permission?: Action;
  events: DomainEventName[];
  compute(ctx: WidgetContext): Promise<T>;
}

const dayFormat = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Distinct people who logged in, per local day, over the last 30 days (from the audit log's login events). */
const activeMembers: Widget<ActiveMembersData> = {
  key: 'activeMembers',
  events: ['session.started', 'membership.changed'],
  async compute({ services, now, tenant }) {
    const since = new Date(now.getTime() - 30 * 24 * 3600_000);
    const logins = await services.scoped.auditLog.findMany({
      where: { action: 'login', createdAt: { gte: since }, actorId: { not: null } },
      select: { actorId: true, createdAt: true },
    });
    const format = dayFormat(tenant.timeZone);
    const perDay = new Map<string, Set<string>>();
    const everyone = new Set<string>();
    for (const l of logins) {
      const day = format.format(l.createdAt);
      if (!perDay.has(day)) perDay.set(day, new Set());
      perDay.get(day)!.add(l.actorId!);
      everyone.add(l.actorId!);
    }
    const days = Array.from({ length: 30 }, (_, i) => {
      const date = format.format(new Date(now.getTime() - (29 - i) * 24 * 3600_000));
      return { date, active: perDay.get(date)?.size ?? 0 };
    });
    const total = await services.scoped.membership.count();
    return { active30d: everyone.size, total, days };
  },
};

export const dashboardWidgets: Widget[] = [activeMembers, standardsByStage as Widget, meetingsWidget as Widget, applicationsWidget as Widget, alertsWidget as Widget, reviewProgressWidget as Widget, duesCollectionWidget as Widget, disclosuresWidget as Widget, creditGradesWidget as Widget];
