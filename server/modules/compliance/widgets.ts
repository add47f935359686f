import { severities, type AlertsWidgetData } from '#schema/compliance/api.ts';
import type { Widget } from '../dashboard/widgets.ts';

/** 合规预警: alerts not closed by severity and status, how many are past their SLA, and those closed lately. */
export const alertsWidget: Widget<AlertsWidgetData> = {
  key: 'complianceAlerts',
  permission: 'compliance.read',
  events: ['compliance.alert.changed'],
  async compute({ services, now }) {
    const db = services.scoped;
    const [open, closed30d] = await Promise.all([
      db.complianceAlert.findMany({ where: { status: { in: ['open', 'acknowledged'] } }, select: { status: true, severity: true, dueAt: true } }),
      db.complianceAlert.count({ where: { status: { in: ['resolved', 'dismissed'] }, closedAt: { gte: new Date(now.getTime() - 30 * 24 * 3600_000) } } }),
    ]);
    return {
      bySeverity: [...severities].reverse().map((severity) => ({
        severity,
        open: open.filter((a) => a.severity === severity && a.status === 'open').length,
        acknowledged: open.filter((a) => a.severity === severity && a.status === 'acknowledged').length,
      })),
      overdue: open.filter((a) => a.dueAt < now).length,
      closed30d,
    };
  },
};
