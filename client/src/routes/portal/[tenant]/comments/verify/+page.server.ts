import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

// The e-mailed link opens this page; confirming is a button (a POST), so that mail scanners that
// fetch links do not confirm on the reader's behalf.
export const load: PageServerLoad = async (event) => ({ token: event.url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const { token } = fields(await event.request.formData(), 'token');
    try {
      await apiFor(event).post(`/portal/${encodeURIComponent(event.params.tenant)}/standards/comment-verifications`, { token });
    } catch (err) {
      return formFailure(err, { token });
    }
    return { verified: true as const };
  },
};
