import type { Job, JobContext } from '../../jobs/scheduler.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { todayIn } from '../members/dates.ts';
import { loadCalendar } from './service.ts';
import { workingDaysBetween } from './working-days.ts';

/** Working days before the deadline when the secretariat is reminded. */
export const DUE_SOON_WORKING_DAYS = 2;

async function staffOf(ctx: JobContext, roles: string[]) {
  return (await ctx.services.scoped.membership.findMany({ where: { role: { in: roles } }, select: { userId: true } })).map((m) => m.userId);
}

/**
 * Public questions still unanswered: two working days before the deadline the secretariat is
 * reminded; past the deadline the compliance department and the secretariat are told. Each goes
 * once per question (claimed by setting its timestamp, so two instances or two runs never repeat it).
 */
export const overdueQuestionsJob: Job = {
  name: 'disclosure-questions-overdue',
  schedule: { everyMinutes: 30 },
  async run(ctx) {
    const { scoped } = ctx.services;
    const open = await scoped.disclosureQuestion.findMany({ where: { answeredAt: null, OR: [{ overdueNotifiedAt: null, dueAt: { lt: ctx.now } }, { dueSoonNotifiedAt: null, dueAt: { gte: ctx.now } }] }, include: { disclosure: { select: { title: true } } } });
    if (!open.length) return;
    const today = todayIn(ctx.tenant.timeZone, ctx.now);
    const year = Number(today.slice(0, 4));
    const cal = await loadCalendar(scoped, year, year + 1);
    const secretariat = await staffOf(ctx, ['secretariat']);
    const overdueTo = await staffOf(ctx, ['compliance', 'secretariat']);
    for (const q of open) {
      const dueOn = q.dueOn.toISOString().slice(0, 10);
      if (q.dueAt < ctx.now) {
        const claimed = await ctx.write((tx) => tx.disclosureQuestion.updateMany({ where: { id: q.id, overdueNotifiedAt: null, answeredAt: null }, data: { overdueNotifiedAt: ctx.now } }));
        if (claimed.count !== 1) continue;
        await ctx.services.notify({
          tenantId: ctx.tenant.id,
          userIds: overdueTo,
          kind: 'disclosure.question.overdue',
          title: `公众提问超期未答复：${q.disclosure.title}`,
          body: `${q.name} 于 ${zonedDateTime(q.askedAt, ctx.tenant.timeZone)} 提出的问题已超过答复期限（${dueOn}，7 个工作日），请尽快答复：${q.question.slice(0, 80)}`,
          link: `/disclosures/${q.disclosureId}`,
        });
      } else if (dueOn >= today && workingDaysBetween(today, dueOn, cal) <= DUE_SOON_WORKING_DAYS) {
        const claimed = await ctx.write((tx) => tx.disclosureQuestion.updateMany({ where: { id: q.id, dueSoonNotifiedAt: null, answeredAt: null }, data: { dueSoonNotifiedAt: ctx.now } }));
        if (claimed.count !== 1) continue;
        await ctx.services.notify({
          tenantId: ctx.tenant.id,
          userIds: secretariat,
          kind: 'disclosure.question.dueSoon',
          title: `公众提问即将到期：${q.disclosure.title}`,
          body: `${q.name} 的提问须在 ${dueOn} 前答复（剩 ${workingDaysBetween(today, dueOn, cal)} 个工作日）：${q.question.slice(0, 80)}`,
          link: `/disclosures/${q.disclosureId}`,
        });
      }
    }
  },
};
