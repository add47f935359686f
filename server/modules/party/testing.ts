import type { ApiClient } from '../../testing/harness.ts';

/** Route-coverage fixtures: a party meeting, a council meeting and a matter in the first demo association. */
export async function partyFixtures(admin: ApiClient) {
  const branchId = (await admin.post('/api/v1/party/branches', { name: '仅限本会的支部' })).body.id as string;
  const partyMeeting = (await admin.post('/api/v1/party/meetings', { branchId, kind: 'committee', title: '仅限本会的支委会', heldOn: new Date().toISOString() })).body.id as string;
  const councilMeeting = (await admin.post('/api/v1/council/meetings', { title: '仅限本会的理事会', heldOn: new Date().toISOString() })).body.id as string;
  const councilMatter = (await admin.post(`/api/v1/council/meetings/${councilMeeting}/matters`, { title: '仅限本会的议题', majorCategory: 'project' })).body.id as string;
  const partyMember = (await admin.post('/api/v1/party/members', { branchId, name: '仅限本会的党员' })).body.id as string;
  return { partyMeeting, councilMeeting, councilMatter, partyMember };
}

export const partySampleBodies: Record<string, unknown> = {
  'PATCH /api/v1/party/meetings/{id}': { minutes: 'outsider' },
  'PATCH /api/v1/party/members/{id}': { name: 'outsider' },
  'POST /api/v1/council/meetings/{id}/matters': { title: 'outsider' },
  'POST /api/v1/council-matters/{id}/pre-review': { opinion: 'outsider' },
  'POST /api/v1/council-matters/{id}/votes': { choice: 'for' },
  'POST /api/v1/council-matters/{id}/decision': { decision: 'approved' },
};
