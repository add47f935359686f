import { apiFor } from '#lib/server/api.ts';
import { requireSession } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

/** Everything under (app) needs a session; without one, go to the login page and come back after. */
export const load: LayoutServerLoad = async (event) => {
  const session = requireSession(event);
  // The bell's count; a failure here must not take the page down.
  const unread = await apiFor(event)
    .get<{ unread: number }>('/notifications', { limit: 1 })
    .then((r) => r.unread)
    .catch(() => 0);
  return { session, unread };
};
