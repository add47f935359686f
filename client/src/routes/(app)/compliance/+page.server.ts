import { alertStatuses, severities } from '#schema/compliance/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Alert, AlertSummary } from '#lib/compliance/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'compliance.read');
  const p = event.url.searchParams;
  const status = (alertStatuses as readonly string[]).includes(p.get('status') ?? '') ? (p.get('status') as Alert['status']) : '';
  const severity = (severities as readonly string[]).includes(p.get('severity') ?? '') ? (p.get('severity') as Alert['severity']) : '';
  const open = !status && p.get('all') !== '1';
  const api = apiFor(event);
  try {
    const [list, summary] = await Promise.all([
      api.get<{ items: Alert[] }>('/compliance/alerts', { status, severity, open: open ? 'true' : undefined }),
      api.get<AlertSummary>('/compliance/alerts/summary'),
    ]);
    return { alerts: list.items, summary, filters: { status, severity, open } };
  } catch (err) {
    rethrow(err, event);
  }
};
