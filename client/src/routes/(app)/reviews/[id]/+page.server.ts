import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { failure, lines } from '#lib/reviews/form.ts';
import type { Application, Assignment, Call, Draw } from '#lib/reviews/types.ts';
import type { CallResults, PublicNotice, ReviewProgress } from '#schema/reviews/api.ts';
import type { z } from 'zod';
import { apiFor } from '#lib/server/api.ts';
import { fields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'call.read');
  const api = apiFor(event);
  const id = encodeURIComponent(event.params.id);
  const canRead = can(session.role, 'application.read');
  const canDraw = can(session.role, 'review.draw');
  try {
    const [call, apps, draws, assignments, results, progress, panels, notices] = await Promise.all([
      api.get<Call>(`/calls/${id}`),
      canRead ? api.get<{ items: Application[] }>(`/calls/${id}/applications`) : null,
      canDraw ? api.get<{ items: Draw[] }>(`/calls/${id}/draws`) : null,
      canDraw ? api.get<{ items: Assignment[] }>(`/calls/${id}/assignments`) : null,
      canRead ? api.get<z.infer<typeof CallResults>>(`/calls/${id}/results`) : null,
      canRead ? api.get<z.infer<typeof ReviewProgress>>(`/calls/${id}/progress`) : null,
      canRead ? api.get<{ items: { id: string; name: string; applications: number; members: number }[] }>(`/calls/${id}/panels`) : null,
      api.get<{ items: z.infer<typeof PublicNotice>[] }>(`/calls/${id}/notices`),
    ]);
    return {
      call,
      applications: apps?.items ?? [],
      draws: draws?.items ?? [],
      assignments: assignments?.items ?? [],
      results,
      progress,
      panels: panels?.items ?? [],
      notices: notices.items,
      canPanel: can(session.role, 'panel.manage'),
      canManage: can(session.role, 'call.manage'),
      canApply: can(session.role, 'application.submit'),
      canRead,
      canDraw,
    };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  publish: async (event) => {
    try {
      await apiFor(event).post(`/calls/${encodeURIComponent(event.params.id)}/publish`);
    } catch (err) {
      return failure(err, {}, { form: 'publish' });
    }
    return { done: 'publish' as const };
  },
  apply: async (event) => {
    const v = fields(await event.request.formData(), 'title', 'organization', 'creditCode', 'region', 'contactEmails', 'staffNames');
    let app: Application;
    try {
      app = await apiFor(event).post<Application>(`/calls/${encodeURIComponent(event.params.id)}/applications`, {
        title: v.title,
        organization: v.organization,
        creditCode: v.creditCode || null,
        region: v.region || null,
        contactEmails: lines(v.contactEmails),
        staffNames: lines(v.staffNames),
      });
    } catch (err) {
      return failure(err, v, { form: 'apply' });
    }
    redirect(303, `/reviews/applications/${app.id}`);
  },
  draw: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'perApplication', 'seed');
    const applicationIds = data.getAll('applicationIds').map(String);
    try {
      await apiFor(event).post(`/calls/${encodeURIComponent(event.params.id)}/draws`, { applicationIds, perApplication: Number(v.perApplication || 0), ...(v.seed ? { seed: Number(v.seed) } : {}) });
    } catch (err) {
      return failure(err, v, { form: 'draw' });
    }
    return { done: 'draw' as const };
  },
  panel: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'name', 'chairExpertId');
    let panel: { id: string };
    try {
      panel = await apiFor(event).post<{ id: string }>(`/calls/${encodeURIComponent(event.params.id)}/panels`, {
        name: v.name,
        chairExpertId: v.chairExpertId,
        memberExpertIds: data.getAll('memberExpertIds').map(String),
        applicationIds: data.getAll('panelApplicationIds').map(String),
      });
    } catch (err) {
      return failure(err, v, { form: 'panel' });
    }
    redirect(303, `/reviews/panels/${panel.id}`);
  },
  decide: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'decision');
    try {
      await apiFor(event).post(`/applications/${encodeURIComponent(v.id)}/decision`, { decision: v.decision });
    } catch (err) {
      return failure(err, v, { form: 'decide', id: v.id });
    }
    return { done: 'decide' as const };
  },
  notice: async (event) => {
    const v = fields(await event.request.formData(), 'objectionDays');
    try {
      await apiFor(event).post(`/calls/${encodeURIComponent(event.params.id)}/notices`, { objectionDays: Number(v.objectionDays || 7) });
    } catch (err) {
      return failure(err, v, { form: 'notice' });
    }
    return { done: 'notice' as const };
  },
  remind: async (event) => {
    try {
      const r = await apiFor(event).post<{ reminded: number; withoutAccount: number }>(`/calls/${encodeURIComponent(event.params.id)}/remind`);
      return { done: 'remind' as const, ...r };
    } catch (err) {
      return failure(err, {}, { form: 'remind' });
    }
  },
  replace: async (event) => {
    const { id } = fields(await event.request.formData(), 'id');
    try {
      await apiFor(event).post(`/assignments/${encodeURIComponent(id)}/replace`);
    } catch (err) {
      return failure(err, {}, { form: 'replace', id });
    }
    return { done: 'replace' as const };
  },
};
