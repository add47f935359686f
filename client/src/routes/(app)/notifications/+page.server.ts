import type { z } from 'zod';
import type { NotificationPage } from '#schema/api/notifications.ts';
import { apiFor } from '#lib/server/api.ts';
import { formFailure, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    return { page: await apiFor(event).get<z.infer<typeof NotificationPage>>('/notifications', { limit: 50, cursor: event.url.searchParams.get('cursor') }) };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  read: async (event) => {
    const id = String((await event.request.formData()).get('id') ?? '');
    try {
      await apiFor(event).post(`/notifications/${encodeURIComponent(id)}/read`);
    } catch (err) {
      return formFailure(err);
    }
  },
  readAll: async (event) => {
    try {
      await apiFor(event).post('/notifications/read-all');
    } catch (err) {
      return formFailure(err);
    }
  },
};
