import type { MeetingsWidgetData } from '#schema/meetings/api.ts';
import type { Widget } from '../dashboard/widgets.ts';

/** Registrations and check-ins of the meetings running now and the next ones; live while a meeting runs. */
export const meetingsWidget: Widget<MeetingsWidgetData> = {
  key: 'meetings',
  permission: 'meeting.read',
  events: ['meeting.scheduled', 'meeting.cancelled', 'meeting.registration.changed', 'meeting.checkedIn'],
  async compute({ services, now }) {
    const db = services.scoped;
    const rows = await db.meeting.findMany({ where: { endsAt: { gte: now }, status: 'scheduled' }, orderBy: { startsAt: 'asc' }, take: 5 });
    const ids = rows.map((r) => r.id);
    const groups = await db.meetingRegistration.groupBy({ by: ['meetingId', 'status'], where: { meetingId: { in: ids } }, _count: { _all: true } });
    const checked = await db.meetingRegistration.groupBy({ by: ['meetingId'], where: { meetingId: { in: ids }, checkedInAt: { not: null } }, _count: { _all: true } });
    const n = (id: string, status: string) => groups.find((g) => g.meetingId === id && g.status === status)?._count._all ?? 0;
    const meetings = rows.map((m) => ({
      id: m.id,
      title: m.title,
      startsAt: m.startsAt.toISOString(),
      live: m.startsAt <= now && now < m.endsAt,
      capacity: m.capacity,
      confirmed: n(m.id, 'confirmed'),
      waitlisted: n(m.id, 'waitlisted'),
      pending: n(m.id, 'pending'),
      checkedIn: checked.find((c) => c.meetingId === m.id)?._count._all ?? 0,
    }));
    const upcoming = await db.meeting.count({ where: { endsAt: { gte: now }, status: 'scheduled' } });
    return { upcoming, meetings };
  },
};
