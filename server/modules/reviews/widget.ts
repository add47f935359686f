import type { ReviewProgressData } from '#schema/reviews/api.ts';
import type { Widget } from '../dashboard/widgets.ts';
import { callStatus } from './calls.ts';

/** 评审进度: for each published call, reviews submitted against reviews assigned (declines and replacements left out). */
export const reviewProgressWidget: Widget<ReviewProgressData> = {
  key: 'reviewProgress',
  permission: 'application.read',
  events: ['review.drawn', 'review.assignment.changed', 'call.changed', 'application.changed'],
  async compute({ services, now }) {
    const db = services.scoped;
    const calls = await db.projectCall.findMany({ where: { status: 'open' }, orderBy: { deadline: 'desc' }, take: 12, select: { id: true, title: true, status: true, deadline: true } });
    const ids = calls.map((c) => c.id);
    const [rows, apps] = ids.length
      ? await Promise.all([
          db.reviewAssignment.groupBy({ by: ['callId', 'status'], where: { callId: { in: ids }, status: { in: ['invited', 'accepted', 'submitted'] } }, _count: { _all: true } }),
          db.projectApplication.groupBy({ by: ['callId'], where: { callId: { in: ids }, status: { not: 'draft' } }, _count: { _all: true } }),
        ])
      : [[], []];
    const list = calls.map((c) => {
      const mine = rows.filter((r) => r.callId === c.id);
      const assigned = mine.reduce((s, r) => s + r._count._all, 0);
      const submitted = mine.filter((r) => r.status === 'submitted').reduce((s, r) => s + r._count._all, 0);
      return { callId: c.id, title: c.title, status: callStatus(c, now) as 'open' | 'closed', applications: apps.find((a) => a.callId === c.id)?._count._all ?? 0, assigned, submitted };
    });
    return { assigned: list.reduce((s, c) => s + c.assigned, 0), submitted: list.reduce((s, c) => s + c.submitted, 0), calls: list };
  },
};
