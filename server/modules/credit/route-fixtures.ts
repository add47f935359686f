import type { ApiClient } from '../../testing/harness.ts';

/** A credit entry with an evidence file in the first association, for the route-coverage test (the member fixture comes from the members module). */
export async function creditFixtures(admin: ApiClient): Promise<Record<string, string>> {
  const member = (await admin.get('/api/v1/credit/members')).body.items[0];
  const file = (await admin.post('/api/v1/member-files', { name: 'evidence.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4').toString('base64') })).body;
  const added = (await admin.post(`/api/v1/credit/members/${member.memberId}/entries`, { kind: 'award', title: '仅限本会的表彰', evidence: '表彰决定', fileId: file.id })).body;
  return { creditEntry: added.entryId };
}

/** Valid bodies, so that another association's request gets past validation to the 404. */
export const creditSampleBodies: Record<string, unknown> = {
  'POST /api/v1/credit/members/{id}/entries': { kind: 'award', title: '外会录入', evidence: '无' },
};
