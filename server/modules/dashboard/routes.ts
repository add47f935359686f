import { DashboardSnapshot } from '#schema/dashboard/api.ts';
import { defineRoute } from '../../http/routes.ts';
import { computeWidget, visibleWidgets } from './service.ts';

export const dashboardRoutes = [
  defineRoute({
    method: 'get',
    path: '/dashboard',
    tag: 'dashboard',
    summary: 'The leadership dashboard: every widget the caller may see, computed now (then live over Socket.IO)',
    access: 'dashboard.view',
    response: DashboardSnapshot,
    async handler({ ctx }) {
      const widgets = await Promise.all(visibleWidgets(ctx.auth.role).map((w) => computeWidget(ctx.services, w, ctx.auth.tenant)));
      return { widgets, generatedAt: new Date().toISOString() };
    },
  }),
];
