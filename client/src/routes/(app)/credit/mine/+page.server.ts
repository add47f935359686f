import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Archive } from '../types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'credit.self');
  try {
    return await apiFor(event).get<{ archive: Archive | null }>('/credit/mine');
  } catch (err) {
    rethrow(err, event);
  }
};
