import { applicationStatuses } from '#schema/members/api.ts';
import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { put } from '#lib/members/api.server.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { ApplicationSummary, StepTimes, Workflow } from '#lib/members/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'member.review');
  const p = event.url.searchParams;
  const status = (applicationStatuses as readonly string[]).includes(p.get('status') ?? '') ? (p.get('status') as ApplicationSummary['status']) : '';
  const step = (p.get('step') ?? '').slice(0, 40);
  const api = apiFor(event);
  try {
    const [list, times, workflow] = await Promise.all([
      api.get<{ items: ApplicationSummary[] }>('/membership-applications', { status, step }),
      api.get<StepTimes>('/membership-applications/step-times'),
      api.get<Workflow>('/membership-workflow'),
    ]);
    return { applications: list.items, times: times.steps, workflow: workflow.steps, filters: { status, step }, canManage: can(session.role, 'member.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  workflow: async (event) => {
    const data = await event.request.formData();
    const keys = data.getAll('key').map(String);
    const names = data.getAll('name').map(String);
    const namesEn = data.getAll('nameEn').map(String);
    const roles = data.getAll('role').map(String);
    const steps = keys
      .map((key, i) => ({ key: key.trim() || `step_${i + 1}`, name: names[i]?.trim() ?? '', nameEn: namesEn[i]?.trim() ?? '', role: roles[i] }))
      .filter((s) => s.name || s.nameEn);
    try {
      await put(event, '/membership-workflow', { steps });
    } catch (err) {
      return formFailure(err, fields(data, 'key'), { form: 'workflow' });
    }
    return { done: 'workflow' as const };
  },
};
