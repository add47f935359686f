import type { Job } from '../../jobs/scheduler.ts';
import { expertNames } from '../experts/service.ts';

/** Reviews left unfinished this long get a daily reminder. */
export const REMIND_AFTER_DAYS = 3;

/** Each morning, reviewers with assignments open for more than three days are reminded (in the app and by e-mail). */
export const reviewReminderJob: Job = {
  name: 'review-reminders',
  schedule: { dailyAt: '09:00' },
  async run({ services, tenant, now }) {
    const pending = await services.scoped.reviewAssignment.findMany({
      where: { status: { in: ['invited', 'accepted'] }, createdAt: { lt: new Date(now.getTime() - REMIND_AFTER_DAYS * 86_400_000) } },
      select: { expertId: true },
    });
    if (!pending.length) return;
    const names = await expertNames(services.scoped, pending.map((p) => p.expertId));
    const userIds = [...new Set([...names.values()].map((n) => n.userId).filter((u): u is string => !!u))];
    await services.notify({ tenantId: tenant.id, userIds, kind: 'review.reminder', title: '评审提醒 / Review reminder', body: '您有超过三天未完成的评审任务。/ You have reviews open for more than three days.', link: '/reviews/assignments', email: true });
  },
};
