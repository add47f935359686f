import type { Scheduler } from '../jobs/scheduler.ts';
import { sendDueSurveys } from './meetings/survey.ts';
import { membersDailyJob } from './members/jobs.ts';
import { reviewReminderJob } from './reviews/reminders.ts';
import { creditDecayJob } from './credit/service.ts';
import { overdueQuestionsJob } from './disclosures/jobs.ts';
import { riskReviewJob } from './integrity/jobs.ts';

/** Scheduled jobs of the platform and the modules; a module adds its own here. */
export function registerJobs(scheduler: Scheduler) {
  scheduler.register({
    name: 'expired-sessions',
    schedule: { dailyAt: '03:30' },
    // Sessions refuse themselves once expired; this only keeps the table small.
    run: ({ now, write }) => write((tx) => tx.session.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } })).then(() => {}),
  });
  scheduler.register({ name: 'meeting-surveys', schedule: { everyMinutes: 10 }, run: sendDueSurveys });
  scheduler.register(membersDailyJob);
  scheduler.register(reviewReminderJob);
  scheduler.register(creditDecayJob);
  scheduler.register(overdueQuestionsJob);
  scheduler.register(riskReviewJob);
}
