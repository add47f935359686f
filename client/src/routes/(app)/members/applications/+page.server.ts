import { applicationStatuses } from '#schema/members/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { ApplicationSummary, StepTimes } from '#lib/members/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.review');
  const p = event.url.searchParams;
  const status = (applicationStatuses as readonly string[]).includes(p.get('status') ?? '') ? (p.get('status') as ApplicationSummary['status']) : '';
  const step = (p.get('step') ?? '').slice(0, 40);
  const api = apiFor(event);
  try {
    const [list, times] = await Promise.all([
      api.get<{ items: ApplicationSummary[] }>('/membership-applications', { status, step }),
      api.get<StepTimes>('/membership-applications/step-times'),
    ]);
    return { applications: list.items, times: times.steps, filters: { status, step } };
  } catch (err) {
    rethrow(err, event);
  }
};
