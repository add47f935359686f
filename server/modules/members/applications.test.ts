import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { withCheckChar } from './seed.ts';

let server: TestServer;
let applicant: ApiClient;
let secretariat: ApiClient;
let compliance: ApiClient;
let admin: ApiClient;
let levelId: string;
const sockets: Socket[] = [];

const upload = async (who: ApiClient, name: string) =>
  (await who.post('/api/v1/member-files', { name, contentType: 'application/pdf', data: Buffer.from(`%PDF-1.4 ${name}`).toString('base64') })).body.id as string;

beforeAll(async () => {
  server = await startTestServer();
  applicant = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
  secretariat = await loginAs(server, 'secretariat@demo.test');
  compliance = await loginAs(server, 'compliance@demo.test');
  admin = await loginAs(server, 'admin@demo.test');
  levelId = (await secretariat.get('/api/v1/membership-levels')).body.items[0].id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

async function completeApplication(code: string, name = '苏州光电科技有限公司') {
  const licence = await upload(applicant, '营业执照.pdf');
  const cert = await upload(applicant, '资质证书.pdf');
  const res = await applicant.post('/api/v1/membership-applications', {
    companyName: name,
    creditCode: code,
    levelId,
    contactName: '孙丽',
    contactPhone: '13700000000',
    contactEmail: 'sunli@example.test',
    licenceFileId: licence,
    certificates: [{ name: '高新技术企业证书', expiresOn: '2099-06-30', fileId: cert }],
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('membership applications', () => {
  it('list exactly what is missing, and cannot be submitted until complete', async () => {
    const draft = await applicant.post('/api/v1/membership-applications', {
      companyName: '苏州光电科技有限公司',
      creditCode: '91320500MA1XY0009X',
      certificates: [{ name: '', expiresOn: '2001-01-01' }],
    });
    expect(draft.status).toBe(201);
    expect(draft.body.missing.map((m: { field: string }) => m.field)).toEqual([
      'creditCode',
      'levelId',
      'contactName',
      'contactPhone',
      'contactEmail',
      'licenceFileId',
      'certificates.0.name',
      'certificates.0.expiresOn',
      'certificates.0.fileId',
    ]);
    expect(draft.body.missing[0].message).toBe('统一社会信用代码格式或校验位不正确');
    expect(draft.body.missing[7].message).toBe('第 1 项资质证书已过期');
    const refused = await applicant.post(`/api/v1/membership-applications/${draft.body.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toHaveLength(9);
    expect((await applicant.get(`/api/v1/membership-applications/${draft.body.id}`)).body.status).toBe('draft');
  });

  it('are refused when the credit code belongs to a member already', async () => {
    const taken = (await secretariat.get('/api/v1/members')).body.items[0];
    const app = await completeApplication(taken.creditCode, '冒名公司');
    expect(app.duplicates).toEqual([{ kind: 'member', id: taken.id, name: taken.name }]);
    const res = await applicant.post(`/api/v1/membership-applications/${app.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toContain(taken.name);
  });

  it('go through the default steps, each signed by its department, with the applicant told live and the time per step recorded', async () => {
    const code = withCheckChar('91320500MA1XY0101');
    const app = await completeApplication(code);
    expect(app.missing).toEqual([]);

    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: applicant.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const seen: string[] = [];
    socket.on('domain:event', (e: { name: string; data: { applicationId: string; status: string; stepKey: string | null } }) => {
      if (e.name === 'member.application.changed' && e.data.applicationId === app.id) seen.push(`${e.data.status}:${e.data.stepKey}`);
    });

    const submitted = await applicant.post(`/api/v1/membership-applications/${app.id}/submit`);
    expect(submitted.body).toMatchObject({ status: 'in_review', pendingStep: { key: 'secretariat_review', name: '会员服务部初审' } });

    // Compliance may not sign the secretariat's step, nor the applicant anything.
    const early = await compliance.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '同意' });
    expect(early.status).toBe(403);
    expect((await applicant.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '同意' })).status).toBe(403);
    // A comment is required.
    expect((await secretariat.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '  ' })).status).toBe(422);

    const s1 = await secretariat.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '材料齐全' });
    expect(s1.body.pendingStep.key).toBe('compliance_review');
    const s2 = await compliance.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '无违规记录' });
    expect(s2.body.pendingStep.key).toBe('secretary_general');
    const s3 = await admin.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '同意入会' });
    expect(s3.body).toMatchObject({ status: 'approved', pendingStep: null });
    expect(s3.body.signatures.map((s: { stepName: string; comment: string }) => `${s.stepName}:${s.comment}`)).toEqual(['会员服务部初审:材料齐全', '合规审核:无违规记录', '秘书长审批:同意入会']);
    for (const s of s3.body.signatures) expect(s.durationMs).toBeGreaterThanOrEqual(0);

    // The company is now a (pending) member with its contact and certificate.
    const member = (await secretariat.get(`/api/v1/members/${s3.body.memberId}`)).body;
    expect(member).toMatchObject({ name: '苏州光电科技有限公司', creditCode: code, status: 'pending', primaryContact: '孙丽' });
    expect(member.certificates[0]).toMatchObject({ name: '高新技术企业证书', expiresOn: '2099-06-30' });

    await expect.poll(() => seen).toEqual(['in_review:secretariat_review', 'in_review:compliance_review', 'in_review:secretary_general', 'approved:null']);

    const times = (await secretariat.get('/api/v1/membership-applications/step-times')).body.steps;
    expect(times.map((s: { key: string; signed: number }) => [s.key, s.signed])).toEqual([
      ['secretariat_review', 1],
      ['compliance_review', 1],
      ['secretary_general', 1],
    ]);
    expect(times[0].averageMs).toBeGreaterThanOrEqual(0);
    expect(times[0].slowestMs).toBeGreaterThanOrEqual(times[0].averageMs);

    // The applicant was notified of the outcome.
    const notes = (await applicant.get('/api/v1/notifications')).body.items;
    expect(notes[0].title).toContain('已通过');
  });

  it('can be returned with a reason, changed and resubmitted to the step that returned it, or rejected', async () => {
    const app = await completeApplication(withCheckChar('91320500MA1XY0102'), '常州电机有限公司');
    await applicant.post(`/api/v1/membership-applications/${app.id}/submit`);
    await secretariat.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: '初审通过' });
    const returned = await compliance.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'return', comment: '请补充近三年无违法声明' });
    expect(returned.body).toMatchObject({ status: 'returned', reason: '请补充近三年无违法声明', pendingStep: null });
    // Reviewers cannot sign a returned application; the applicant can change it.
    expect((await admin.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'approve', comment: 'x' })).status).toBe(409);
    const mine = (await applicant.get(`/api/v1/membership-applications/${app.id}`)).body;
    expect(mine.canEdit).toBe(true);
    const changed = await applicant.request('PUT', `/api/v1/membership-applications/${app.id}`, { ...toInput(mine), address: '常州市新北区' });
    expect(changed.body.address).toBe('常州市新北区');
    const again = await applicant.post(`/api/v1/membership-applications/${app.id}/submit`);
    expect(again.body).toMatchObject({ status: 'in_review', pendingStep: { key: 'compliance_review' }, reason: null });
    const rejected = await compliance.post(`/api/v1/membership-applications/${app.id}/decisions`, { decision: 'reject', comment: '存在重大违法记录' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '存在重大违法记录' });
    expect((await applicant.request('PUT', `/api/v1/membership-applications/${app.id}`, toInput(mine))).status).toBe(409);
  });

  it('are private to their applicant among members, and follow per-association steps', async () => {
    const app = await completeApplication(withCheckChar('91320500MA1XY0103'), '无锡物联网有限公司');
    const otherMember = await loginAs(server, 'member@demo2.test');
    expect((await otherMember.get(`/api/v1/membership-applications/${app.id}`)).status).toBe(404);
    // Drafts are not in the reviewers' list.
    expect((await secretariat.get('/api/v1/membership-applications')).body.items.find((a: { id: string }) => a.id === app.id)).toBeUndefined();

    const steps = [
      { key: 'first', name: '秘书处审核', nameEn: 'Secretariat', role: 'secretariat' },
      { key: 'final', name: '理事会审议', nameEn: 'Council', role: 'council' },
    ];
    expect((await compliance.request('PUT', '/api/v1/membership-workflow', { steps })).status).toBe(403);
    expect((await secretariat.request('PUT', '/api/v1/membership-workflow', { steps })).body.steps).toHaveLength(2);
    const submitted = await applicant.post(`/api/v1/membership-applications/${app.id}/submit`);
    expect(submitted.body.steps.map((s: { key: string }) => s.key)).toEqual(['first', 'final']);
    const waiting = (await secretariat.get('/api/v1/membership-applications?step=first')).body.items;
    expect(waiting.map((a: { id: string }) => a.id)).toContain(app.id);
  });
});

function toInput(a: Record<string, any>) {
  return {
    companyName: a.companyName,
    creditCode: a.creditCode,
    levelId: a.levelId,
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    contactEmail: a.contactEmail,
    licenceFileId: a.licenceFile?.id,
    certificates: a.certificates.map((c: Record<string, any>) => ({ name: c.name, expiresOn: c.expiresOn, fileId: c.file?.id })),
  };
}
