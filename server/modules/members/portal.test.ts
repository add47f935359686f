import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { withCheckChar } from './seed.ts';

let server: TestServer;
let anyone: ApiClient;
const pdf = (name: string) => ({ name, contentType: 'application/pdf', data: Buffer.from(`%PDF-1.4 ${name}`).toString('base64') });

beforeAll(async () => {
  server = await startTestServer();
  anyone = new ApiClient(server.url, 'zh-CN');
});
afterAll(() => server?.stop());

describe('applying on the public portal', () => {
  it('lists what is missing, then takes a complete application with its files into review and lets the applicant follow it', async () => {
    const levels = (await anyone.get('/api/v1/portal/demo/membership-levels')).body.items;
    expect(levels.map((l: { name: string }) => l.name)).toContain('会员单位');

    const incomplete = await anyone.post('/api/v1/portal/demo/membership-applications', { companyName: '宁波港航物流有限公司' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error.details.map((d: { message: string }) => d.message)).toContain('请上传营业执照扫描件');

    const body = {
      companyName: '宁波港航物流有限公司',
      creditCode: withCheckChar('91330200MA2H00501'),
      levelId: levels[3].id,
      contactName: '钱进',
      contactPhone: '13500000000',
      contactEmail: 'qj@example.test',
      licence: pdf('营业执照.pdf'),
      certificates: [{ name: '道路运输经营许可证', expiresOn: '2099-01-01', file: pdf('许可证.pdf') }],
    };
    const created = await anyone.post('/api/v1/portal/demo/membership-applications', body);
    expect(created.status).toBe(201);
    const { id, token } = created.body;

    // The secretariat sees it waiting for its first step, with the uploaded files.
    const secretariat = await loginAs(server, 'secretariat@demo.test');
    const seen = (await secretariat.get(`/api/v1/membership-applications/${id}`)).body;
    expect(seen).toMatchObject({ status: 'in_review', pendingStep: { key: 'secretariat_review' }, licenceFile: { name: '营业执照.pdf' } });
    await secretariat.post(`/api/v1/membership-applications/${id}/decisions`, { decision: 'return', comment: '请补充法人身份证明' });

    const status = await anyone.get(`/api/v1/portal/demo/membership-applications/${id}?token=${token}`);
    expect(status.body).toMatchObject({ companyName: '宁波港航物流有限公司', status: 'returned', reason: '请补充法人身份证明', signatures: [{ stepName: '会员服务部初审', decision: 'return' }] });

    // Without the token, or from another association's portal, there is nothing to see.
    expect((await anyone.get(`/api/v1/portal/demo/membership-applications/${id}?token=${'x'.repeat(32)}`)).status).toBe(404);
    expect((await anyone.get(`/api/v1/portal/demo2/membership-applications/${id}?token=${token}`)).status).toBe(404);

    // The same company cannot apply twice while it is already a member or in review.
    const again = await anyone.post('/api/v1/portal/demo/membership-applications', { ...body, creditCode: (await secretariat.get('/api/v1/members')).body.items[0].creditCode });
    expect(again.status).toBe(422);
    expect(again.body.error.details[0].code).toBe('duplicate');
  });
});
