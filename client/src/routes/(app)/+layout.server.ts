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
  // Counts on sidebar entries (server/modules/nav-badges.ts), kept live by nav:badge pushes.
  const badges = await apiFor(event)
    .get<{ badges: Record<string, number> }>('/nav/badges')
    .then((r) => r.badges)
    .catch(() => ({}) as Record<string, number>);
  return { session, unread, badges };
};
