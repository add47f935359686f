import { failure } from '#lib/reviews/form.ts';
import type { Application, Assignment, Call } from '#lib/reviews/types.ts';
import type { PeerReviews } from '#schema/reviews/api.ts';
import type { z } from 'zod';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'review.perform');
  const api = apiFor(event);
  const id = encodeURIComponent(event.params.id);
  try {
    const assignment = (await api.get<{ items: Assignment[] }>('/assignments/mine')).items.find((a) => a.id === event.params.id);
    const [application, peers] = await Promise.all([api.get<Application>(`/assignments/${id}/application`), api.get<z.infer<typeof PeerReviews>>(`/assignments/${id}/peers`)]);
    const call = await api.get<Call>(`/calls/${application.callId}`);
    return { assignment: assignment!, application, peers, call };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  score: async (event) => {
    const data = await event.request.formData();
    const scores: Record<string, number> = {};
    const values: Record<string, string> = {};
    for (const [k, v] of data.entries()) {
      if (!k.startsWith('score_') || typeof v !== 'string') continue;
      values[k] = v;
      if (v.trim() !== '') scores[k.slice(6)] = Number(v);
    }
    const opinion = String(data.get('opinion') ?? '').trim();
    values.opinion = opinion;
    try {
      await apiFor(event).post(`/assignments/${encodeURIComponent(event.params.id)}/score`, { scores, opinion: opinion || null, submit: data.get('submit') === 'yes' });
    } catch (err) {
      return failure(err, values);
    }
    return { done: true };
  },
};
