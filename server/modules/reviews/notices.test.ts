import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let secretariat: ApiClient;
let member: ApiClient;
let expert: ApiClient;
let callId = '';
let approved = '';
let rejected = '';

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  member = await loginAs(server, 'member@demo.test');
  expert = await loginAs(server, 'expert@demo.test');
  callId = (await secretariat.post('/api/v1/calls', { title: '2027 年度储能示范', commissioner: 'government', fieldTags: ['新能源'], deadline: '2099-01-01T00:00:00', rubric: [{ key: 'o', label: '综合', weight: 1, max: 100 }], avoidance: { onePerEmployer: false } })).body.id;
  await secretariat.post(`/api/v1/calls/${callId}/publish`);
  const apply = async (title: string, organization: string, creditCode: string) => {
    const a = (await member.post(`/api/v1/calls/${callId}/applications`, { title, organization, creditCode })).body;
    await member.post(`/api/v1/applications/${a.id}/submit`);
    return a.id as string;
  };
  approved = await apply('百兆瓦时储能电站', '某储能公司', '91320000MA1X2Y3K4W');
  rejected = await apply('小型储能试点', '另一公司', '91320000MA1X2Y3K4A');
  // A written review by the demo expert, and a panel with a consensus opinion.
  await secretariat.post(`/api/v1/calls/${callId}/draws`, { applicationIds: [approved], perApplication: 5 });
  const mine = (await expert.get('/api/v1/assignments/mine')).body.items.find((a: { applicationId: string }) => a.applicationId === approved);
  await expert.post(`/api/v1/assignments/${mine.id}/respond`, { accept: true });
  await expert.post(`/api/v1/assignments/${mine.id}/score`, { scores: { o: 88 }, opinion: '示范意义突出，建议立项。', submit: true });
  const chairId = (await expert.get('/api/v1/experts/me')).body.profile.id;
  const panel = (await secretariat.post(`/api/v1/calls/${callId}/panels`, { name: '储能评审组', chairExpertId: chairId, memberExpertIds: [chairId], applicationIds: [approved] })).body;
  await expert.post(`/api/v1/panels/${panel.id}/presence`, { present: true });
  await expert.post(`/api/v1/panels/${panel.id}/scores`, { applicationId: approved, scores: { o: 90 } });
  // The consensus opinion as the collab server would have stored it.
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText('专家组一致同意立项。')]);
  doc.getXmlFragment('default').insert(0, [p]);
  const tenantId = (await secretariat.get('/api/v1/auth/session')).body.tenant.id;
  await server.services.db.prisma.collabUpdate.create({ data: { tenantId, name: panel.current.document, update: Buffer.from(Y.encodeStateAsUpdate(doc)) } });
  await expert.post(`/api/v1/panels/${panel.id}/lock`, { applicationId: approved });
});
afterAll(() => server?.stop());

describe('decision and publication', () => {
  it('records decisions and tells the applicant', async () => {
    expect((await secretariat.post(`/api/v1/applications/${approved}/decision`, { decision: 'approved' })).body.status).toBe('approved');
    expect((await secretariat.post(`/api/v1/applications/${rejected}/decision`, { decision: 'rejected' })).body.status).toBe('rejected');
    expect((await member.get('/api/v1/applications/mine')).body.items.find((a: { id: string }) => a.id === approved).status).toBe('approved');
    expect((await member.get('/api/v1/notifications')).body.items.some((n: { title: string }) => n.title.includes('已立项'))).toBe(true);
  });

  it('generates the 公示 notice as PDF and DOCX listing only the approved projects', async () => {
    const pdf = await fetch(`${server.url}/api/v1/calls/${callId}/notice?format=pdf&objectionDays=5`, { headers: { cookie: secretariat.cookie } });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await fetch(`${server.url}/api/v1/calls/${callId}/notice?format=docx`, { headers: { cookie: secretariat.cookie } });
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']);
    expect(xml).toContain('百兆瓦时储能电站');
    expect(xml).toContain('某储能公司');
    expect(xml).not.toContain('小型储能试点');
    expect(xml).toContain('公示期自发布之日起 7 天');
  });

  it('publishes the notice to the public portal with its objection period, to anyone and only for this association', async () => {
    const before = Date.now();
    const n = await secretariat.post(`/api/v1/calls/${callId}/notices`, { objectionDays: 7 });
    expect(n.status).toBe(201);
    expect(Date.parse(n.body.objectionEndsAt) - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 5000);
    const pub = await new ApiClient(server.url).get('/api/v1/portal/demo/notices');
    expect(pub.status).toBe(200);
    expect(pub.body.items[0]).toMatchObject({ open: true, items: [{ title: '百兆瓦时储能电站', organization: '某储能公司' }] });
    expect(pub.body.items[0].title.en).toContain('2027 年度储能示范');
    expect((await new ApiClient(server.url).get('/api/v1/portal/demo2/notices')).body.items).toEqual([]);
    // Once published, decisions stand.
    expect((await secretariat.post(`/api/v1/applications/${rejected}/decision`, { decision: 'approved' })).status).toBe(409);
  });

  it('keeps every opinion in the project archive: written reviews, revealed panel scores and the consensus', async () => {
    const archive = (await secretariat.get(`/api/v1/applications/${approved}/archive`)).body;
    expect(archive.application).toMatchObject({ title: '百兆瓦时储能电站', status: 'approved' });
    expect(archive.reviews).toMatchObject([{ expertName: '林海', total: 88, opinion: '示范意义突出，建议立项。' }]);
    expect(archive.panels).toMatchObject([{ panelName: '储能评审组', status: 'locked', scores: [{ expertName: '林海', total: 90 }] }]);
    expect(archive.panels[0].consensus).toContain('专家组一致同意立项。');
    expect(archive.notices).toHaveLength(1);
  });
});
