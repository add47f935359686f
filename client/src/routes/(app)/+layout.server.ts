import { requireSession } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

/** Everything under (app) needs a session; without one, go to the login page and come back after. */
export const load: LayoutServerLoad = (event) => {
  const session = requireSession(event);
  return { session };
};
