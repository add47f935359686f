import type { ApplicationsWidgetData } from '#schema/members/api.ts';
import type { Widget } from '../dashboard/widgets.ts';
import { workflowSteps } from './applications.ts';

type Step = { key: string; name: string; nameEn: string };

/** 入会审批: applications waiting at each step of the association's workflow, and the last 30 days' outcomes. */
export const applicationsWidget: Widget<ApplicationsWidgetData> = {
  key: 'membershipApplications',
  permission: 'member.review',
  events: ['member.application.changed'],
  async compute({ services, now }) {
    const db = services.scoped;
    const since = new Date(now.getTime() - 30 * 24 * 3600_000);
    const [steps, waiting, times, approved30d, rejected30d] = await Promise.all([
      workflowSteps({ db }),
      db.membershipApplication.findMany({ where: { status: 'in_review' }, select: { currentStep: true, steps: true } }),
      db.applicationSignature.groupBy({ by: ['stepKey'], _avg: { durationMs: true } }),
      db.membershipApplication.count({ where: { status: 'approved', decidedAt: { gte: since } } }),
      db.membershipApplication.count({ where: { status: 'rejected', decidedAt: { gte: since } } }),
    ]);
    const waitingAt = (key: string) => waiting.filter((w) => (w.steps as Step[])[w.currentStep]?.key === key).length;
    return {
      steps: steps.map((s) => {
        const avg = times.find((t) => t.stepKey === s.key)?._avg.durationMs;
        return { key: s.key, name: s.name, nameEn: s.nameEn, waiting: waitingAt(s.key), averageMs: avg == null ? null : Math.round(Number(avg)) };
      }),
      inReview: waiting.length,
      approved30d,
      rejected30d,
    };
  },
};
