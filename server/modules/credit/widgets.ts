import { grades, type CreditGradesWidgetData, type Grade } from '#schema/credit/api.ts';
import type { Widget } from '../dashboard/widgets.ts';
import { memberNames } from '../members/lookup.ts';

/** 会员信用等级: member companies per grade, and the five best A-grade companies (flagged for recommendation). */
export const creditGradesWidget: Widget<CreditGradesWidgetData> = {
  key: 'creditGrades',
  permission: 'credit.read',
  events: ['credit.changed', 'credit.recomputed'],
  async compute({ services }) {
    const db = services.scoped;
    const [counts, best] = await Promise.all([
      db.creditStanding.groupBy({ by: ['grade'], _count: { _all: true } }),
      db.creditStanding.findMany({ where: { grade: 'A' }, orderBy: [{ score: 'desc' }, { memberId: 'asc' }], take: 5, select: { memberId: true, score: true } }),
    ]);
    const names = await memberNames(db, best.map((b) => b.memberId));
    return {
      grades: Object.fromEntries(grades.map((g) => [g, counts.find((c) => c.grade === g)?._count._all ?? 0])) as Record<Grade, number>,
      recommended: best.map((b) => ({ memberId: b.memberId, name: names.get(b.memberId) ?? '', score: b.score })),
    };
  },
};
