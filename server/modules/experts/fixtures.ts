import type { ApiClient } from '../../testing/harness.ts';

/** Rows of the expert pool for the route-coverage test (created by the first association's admin). */
export async function expertFixtures(admin: ApiClient): Promise<Record<string, string>> {
  const expert = (await admin.get('/api/v1/experts?limit=1')).body.items[0].id as string;
  const expertInvitation = (await admin.post(`/api/v1/experts/${expert}/invitations`, { kind: 'review', subject: '仅限本会' })).body.id as string;
  return { expert, expertInvitation };
}

export const expertSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/experts/{id}': { name: 'outsider', fieldTags: ['x'] },
  'POST /api/v1/experts/{id}/invitations': { kind: 'review', subject: 'outsider' },
  'POST /api/v1/experts/{id}/services': { kind: 'review', subject: 'outsider', hours: 1, servedOn: '2026-11-20' },
  'POST /api/v1/expert-invitations/{id}/respond': { accept: true },
};
