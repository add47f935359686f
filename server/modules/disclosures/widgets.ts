import type { DisclosuresWidgetData } from '#schema/disclosures/api.ts';
import type { Widget } from '../dashboard/widgets.ts';

/** 信息公开: what is published, questions waiting (and past their 7 working days), and answers given in time. */
export const disclosuresWidget: Widget<DisclosuresWidgetData> = {
  key: 'disclosures',
  permission: 'disclosure.read',
  events: ['disclosure.changed', 'disclosure.question.changed'],
  async compute({ services, now }) {
    const db = services.scoped;
    const [published, questions] = await Promise.all([
      db.disclosure.count({ where: { status: 'published' } }),
      db.disclosureQuestion.findMany({ select: { answeredAt: true, dueAt: true } }),
    ]);
    const waiting = questions.filter((q) => !q.answeredAt);
    const answered = questions.filter((q) => q.answeredAt);
    return {
      published,
      open: waiting.length,
      overdue: waiting.filter((q) => q.dueAt < now).length,
      answered: answered.length,
      answeredOnTime: answered.filter((q) => q.answeredAt! <= q.dueAt).length,
    };
  },
};
