import type { PanelView } from '#schema/reviews/api.ts';
import type { z } from 'zod';
import { failure } from '#lib/reviews/form.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

type Panel = z.infer<typeof PanelView>;

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'call.read');
  try {
    const panel = await apiFor(event).get<Panel>(`/panels/${encodeURIComponent(event.params.id)}`);
    return { panel, user: { id: session.user.id, name: session.user.name } };
  } catch (err) {
    rethrow(err, event);
  }
};

const post = (event: Parameters<Actions[string]>[0], what: string, body: unknown) => apiFor(event).post<Panel>(`/panels/${encodeURIComponent(event.params.id)}/${what}`, body);

export const actions: Actions = {
  presence: async (event) => {
    const v = fields(await event.request.formData(), 'present');
    try {
      await post(event, 'presence', { present: v.present === 'yes' });
    } catch (err) {
      return failure(err, v);
    }
  },
  current: async (event) => {
    const v = fields(await event.request.formData(), 'applicationId');
    try {
      await post(event, 'current', v);
    } catch (err) {
      return failure(err, v);
    }
  },
  score: async (event) => {
    const data = await event.request.formData();
    const scores: Record<string, number> = {};
    const values: Record<string, string> = {};
    for (const [k, v] of data.entries()) if (k.startsWith('score_') && typeof v === 'string') (values[k] = v), v.trim() !== '' && (scores[k.slice(6)] = Number(v));
    try {
      await post(event, 'scores', { applicationId: String(data.get('applicationId') ?? ''), scores });
    } catch (err) {
      return failure(err, values);
    }
  },
  explain: async (event) => {
    const v = fields(await event.request.formData(), 'applicationId', 'explanation');
    try {
      await post(event, 'explain', v);
    } catch (err) {
      return failure(err, v);
    }
  },
  lock: async (event) => {
    const v = fields(await event.request.formData(), 'applicationId');
    try {
      await post(event, 'lock', v);
    } catch (err) {
      return failure(err, v);
    }
  },
};
