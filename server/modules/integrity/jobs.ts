import type { Job } from '../../jobs/scheduler.ts';
import { todayIn } from '../members/dates.ts';

/**
 * 廉政风险台账复核: on the review date of a risk point, the compliance department is reminded once
 * (the point is claimed for that date, so two instances or a re-run never remind twice; a new
 * review date reminds again).
 */
export const riskReviewJob: Job = {
  name: 'integrity-risk-reviews',
  schedule: { dailyAt: '08:00' },
  async run(ctx) {
    const { scoped } = ctx.services;
    const today = new Date(`${todayIn(ctx.tenant.timeZone, ctx.now)}T00:00:00.000Z`);
    const due = await scoped.integrityRiskPoint.findMany({ where: { reviewOn: { lte: today } }, orderBy: { reviewOn: 'asc' } });
    const fresh = due.filter((r) => r.remindedFor?.getTime() !== r.reviewOn.getTime());
    if (!fresh.length) return;
    const officers = (await scoped.membership.findMany({ where: { role: 'compliance' }, select: { userId: true } })).map((m) => m.userId);
    for (const r of fresh) {
      const claimed = await ctx.write((tx) => tx.integrityRiskPoint.updateMany({ where: { id: r.id, reviewOn: r.reviewOn, OR: [{ remindedFor: null }, { remindedFor: { not: r.reviewOn } }] }, data: { remindedFor: r.reviewOn } }));
      if (claimed.count !== 1) continue;
      await ctx.services.notify({
        tenantId: ctx.tenant.id,
        userIds: officers,
        kind: 'integrity.risk.review',
        title: `廉政风险点待复核：${r.department} · ${r.title}`,
        body: `复核日期 ${r.reviewOn.toISOString().slice(0, 10)}，责任人 ${r.owner}。请复核防控措施并更新下次复核日期。`,
        link: '/compliance/integrity?tab=risks',
      });
    }
  },
};
