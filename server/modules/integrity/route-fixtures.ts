import type { ApiClient } from '../../testing/harness.ts';

const pdf = { name: '仅限本会.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 fixture').toString('base64') };

/** One row of each kind the disclosures and integrity routes name by {id}, in the first association. */
export async function integrityFixtures(admin: ApiClient, council: ApiClient): Promise<Record<string, string>> {
  const disclosure = (await admin.post('/api/v1/disclosures', { kind: 'annual_report', title: '仅限本会的年报', body: '正文', file: pdf })).body.id;
  await admin.post(`/api/v1/disclosures/${disclosure}/transitions`, { to: 'published' });
  const question = (await new (admin.constructor as typeof ApiClient)(admin.base).post(`/api/v1/portal/demo/disclosures/${disclosure}/questions`, { name: '路人', email: 'q@example.test', question: '仅限本会的提问？' })).body.id;
  const memberId = (await admin.get('/api/v1/members')).body.items[0].id;
  const risk = (await admin.post('/api/v1/integrity/risks', { department: '财务部', post: '出纳', title: '仅限本会', level: 'low', description: 'd', measures: 'm', owner: 'o', reviewOn: '2027-01-01' })).body.id;
  const entry = (await admin.post('/api/v1/integrity/entries', { memberId, kind: 'award', title: '仅限本会', evidence: 'e', file: pdf, occurredOn: '2026-01-01' })).body.id;
  const declaration = (await council.post('/api/v1/parttime/declarations', { organisation: '仅限本会', position: '顾问', paid: false, startOn: '2026-01-01' })).body.id;
  return { disclosure, disclosureQuestion: question, integrityRisk: risk, integrityEntry: entry, partTimeDeclaration: declaration };
}

export const integritySampleBodies: Record<string, unknown> = {
  'PUT /api/v1/disclosures/{id}': { kind: 'other', title: 'outsider', body: 'outsider' },
  'POST /api/v1/disclosures/{id}/transitions': { to: 'withdrawn', reason: 'outsider' },
  'POST /api/v1/disclosure-questions/{id}/answer': { answer: 'outsider' },
  'PUT /api/v1/integrity/risks/{id}': { department: 'x', post: 'x', title: 'outsider', level: 'low', description: 'x', measures: 'x', owner: 'x', reviewOn: '2027-01-01' },
  'PUT /api/v1/parttime/declarations/{id}': { organisation: 'outsider', position: 'outsider', paid: false, startOn: '2026-01-01' },
  'POST /api/v1/parttime/declarations/{id}/decision': { decision: 'approved' },
};
