import type { z } from 'zod';
import type { DashboardSnapshot } from '#schema/dashboard/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'dashboard.view');
  try {
    return { snapshot: await apiFor(event).get<z.infer<typeof DashboardSnapshot>>('/dashboard') };
  } catch (err) {
    rethrow(err, event);
  }
};
