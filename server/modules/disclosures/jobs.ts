import type { Job } from '../../jobs/scheduler.ts';
import { zonedDateTime } from '../../exports/dates.ts';

/**
 * Public questions past their reply deadline and still unanswered: the compliance department and
 * the secretariat are told once per question (claimed by setting overdueNotifiedAt, so two
 * instances or two runs never tell twice).
 */
export const overdueQuestionsJob: Job = {
  name: 'disclosure-questions-overdue',
  schedule: { everyMinutes: 30 },
  async run(ctx) {
    const { scoped } = ctx.services;
    const due = await scoped.disclosureQuestion.findMany({ where: { answeredAt: null, overdueNotifiedAt: null, dueAt: { lt: ctx.now } }, include: { disclosure: { select: { title: true } } } });
    if (!due.length) return;
    const staff = (await scoped.membership.findMany({ where: { role: { in: ['compliance', 'secretariat'] } }, select: { userId: true } })).map((m) => m.userId);
    for (const q of due) {
      const claimed = await ctx.write((tx) => tx.disclosureQuestion.updateMany({ where: { id: q.id, overdueNotifiedAt: null, answeredAt: null }, data: { overdueNotifiedAt: ctx.now } }));
      if (claimed.count !== 1) continue;
      const dueOn = q.dueOn.toISOString().slice(0, 10);
      await ctx.services.notify({
        tenantId: ctx.tenant.id,
        userIds: staff,
        kind: 'disclosure.question.overdue',
        title: `公众提问超期未答复：${q.disclosure.title}`,
        body: `${q.name} 于 ${zonedDateTime(q.askedAt, ctx.tenant.timeZone)} 提出的问题已超过答复期限（${dueOn}，7 个工作日），请尽快答复：${q.question.slice(0, 80)}`,
        link: `/disclosures/${q.disclosureId}`,
      });
    }
  },
};
