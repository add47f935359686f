import type { StandardsByStageData } from '#schema/standards/api.ts';
import { stages } from '#schema/standards/workflow.ts';
import type { Widget } from '../dashboard/widgets.ts';

/** 标准项目阶段分布: how many projects are in each stage, drilled down to the filtered project list. */
export const standardsByStage: Widget<StandardsByStageData> = {
  key: 'standardsByStage',
  permission: 'standard.read',
  events: ['standard.project.changed'],
  async compute({ services }) {
    const groups = await services.scoped.standardProject.groupBy({ by: ['stage'], _count: { _all: true } });
    const count = new Map(groups.map((g) => [g.stage, g._count._all]));
    const rows = stages.map((stage) => ({ stage, count: count.get(stage) ?? 0 }));
    return { total: rows.reduce((n, r) => n + r.count, 0), stages: rows };
  },
};
