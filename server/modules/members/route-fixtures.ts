import type { ApiClient } from '../../testing/harness.ts';

/** One row of each members resource kind, for the route-coverage test (created by the first association's admin). */
export async function membersFixtures(admin: ApiClient): Promise<Record<string, string>> {
  const level = (await admin.get('/api/v1/membership-levels')).body.items[0];
  const member = (await admin.get('/api/v1/members')).body.items[0];
  const detail = (await admin.get(`/api/v1/members/${member.id}`)).body;
  const file = (await admin.post('/api/v1/member-files', { name: 'licence.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4').toString('base64') })).body;
  const application = (await admin.post('/api/v1/membership-applications', { companyName: '仅限本会申请' })).body;
  const tag = (await admin.post('/api/v1/member-tags', { name: '仅限本会的标签', category: 'needs' })).body;
  await admin.post('/api/v1/member-tags/assign', { memberIds: [member.id], tagIds: [tag.id], action: 'add' });
  const push = (await admin.post('/api/v1/member-pushes', { title: '仅限本会的推送', body: '正文', kind: 'notice', query: { mode: 'any', tagIds: [tag.id] } })).body;
  const ledger = '单位名称,统一社会信用代码\n仅限本会导入,91350100M000100Y43\n';
  const imported = (await admin.request('POST', '/api/v1/member-imports?name=ledger.csv', ledger, { 'content-type': 'text/csv' })).body;
  return {
    membershipLevel: level.id,
    member: member.id,
    memberCertificate: detail.certificates[0].id,
    memberFile: file.id,
    membershipApplication: application.id,
    memberTag: tag.id,
    memberPush: push.id,
    memberImport: imported.id,
  };
}

/** Valid bodies, so that another association's request gets past validation to the 404. */
export const membersSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/membership-levels/{id}': { name: '改名', duesFen: 1 },
  'PUT /api/v1/members/{id}': { name: '改名', creditCode: '91350100M000100Y43', levelId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/members/{id}/certificates': { name: '证书', expiresOn: '2030-01-01' },
  'POST /api/v1/members/{id}/renew': { terms: 1 },
  'PUT /api/v1/membership-applications/{id}': { companyName: '改名' },
  'PUT /api/v1/member-tags/{id}': { name: '改名' },
  'PUT /api/v1/member-imports/{id}/mapping': { mapping: { name: 0, creditCode: 1 }, defaultLevelId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/member-imports/{id}/commit': {},
  'POST /api/v1/membership-applications/{id}/decisions': { decision: 'approve', comment: '同意' },
};
