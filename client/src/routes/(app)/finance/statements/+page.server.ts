import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Statement } from '#lib/finance/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'finance.read');
  const p = event.url.searchParams;
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: session.tenant.timeZone, year: 'numeric' }).format(new Date()));
  const y = Number(p.get('year'));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : thisYear;
  const by = p.get('by') === 'quarter' || p.get('by') === 'year' ? (p.get('by') as 'quarter' | 'year') : 'month';
  try {
    return { statement: await apiFor(event).get<Statement>('/finance/statements', { year, by }), thisYear };
  } catch (err) {
    rethrow(err, event);
  }
};
