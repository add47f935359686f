import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Expense } from '#lib/finance/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'finance.read');
  try {
    return { expense: await apiFor(event).get<Expense>(`/finance/expenses/${encodeURIComponent(event.params.id)}`) };
  } catch (err) {
    rethrow(err, event);
  }
};
