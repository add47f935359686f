import type { ApiClient, TestServer } from '../../testing/harness.ts';
import { evaluateEvent } from './service.ts';

/** One rule and one alert in the first association, for the route-coverage test. */
export async function complianceFixtures(admin: ApiClient, server: TestServer): Promise<Record<string, string>> {
  const tenantId = (await admin.get('/api/v1/auth/session')).body.tenant.id;
  await evaluateEvent(server.services, 'meeting.scheduled', {
    tenantId,
    meetingId: '0190a000-0000-7000-8000-0000000000ff',
    title: '仅限本会的景区会议',
    format: 'onsite',
    startsAt: '2027-01-01T00:00:00Z',
    endsAt: '2027-01-01T08:00:00Z',
    venue: { name: '景区', address: null, scenicArea: true },
    actorId: null,
  });
  const rule = (await admin.get('/api/v1/compliance/rules')).body.items[0];
  const alert = (await admin.get('/api/v1/compliance/alerts')).body.items[0];
  return { complianceRule: rule.id, complianceAlert: alert.id };
}

export const complianceSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/compliance/rules/{id}': { key: 'renamed', name: '改', event: 'meeting.scheduled', conditions: { all: [{ fact: 'scenicArea', operator: 'equal', value: true }] }, severity: 'low' },
  'POST /api/v1/compliance/alerts/{id}/transitions': { to: 'acknowledged' },
};
