import { callApi } from '#lib/server/api.ts';
import { requireSession, rethrow } from '#lib/server/guard.ts';
import type { PushNotice } from '#lib/members/targeting.ts';
import type { PageServerLoad } from './$types';

/** A member company's person opens a targeted push: opening it is the company's read receipt. */
export const load: PageServerLoad = async (event) => {
  requireSession(event);
  try {
    return { notice: await callApi<PushNotice>(event, 'POST', `/member-pushes/${encodeURIComponent(event.params.id)}/open`) };
  } catch (err) {
    rethrow(err, event);
  }
};
