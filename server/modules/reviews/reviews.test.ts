import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let secretariat: ApiClient;
let member: ApiClient;
let expert: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  member = await loginAs(server, 'member@demo.test');
  expert = await loginAs(server, 'expert@demo.test');
});
afterAll(() => server?.stop());

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....word/document.xml')]).toString('base64');

/** The wall clock in Asia/Shanghai `ms` from now, to the second. */
const shanghai = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + ms)).replace(' ', 'T');

const call = (over: Record<string, unknown> = {}) => ({
  title: '2027 年度新能源科技项目',
  commissioner: 'government',
  fieldTags: ['新能源'],
  formFields: [{ key: 'budget', label: '预算（万元）', type: 'number', required: true }],
  materials: [{ key: 'plan', label: '项目申报书', formats: ['pdf'], required: true }],
  deadline: '2030-01-01T00:00:00',
  rubric: [
    { key: 'innovation', label: '创新性', weight: 40, min: 0, max: 10 },
    { key: 'feasibility', label: '可行性', weight: 60, min: 0, max: 10 },
  ],
  ...over,
});

async function openCall(over: Record<string, unknown> = {}) {
  const c = await secretariat.post('/api/v1/calls', call(over));
  expect(c.status).toBe(201);
  expect((await secretariat.post(`/api/v1/calls/${c.body.id}/publish`)).status).toBe(200);
  return c.body;
}

async function submitted(callId: string, over: Record<string, unknown> = {}) {
  const a = await member.post(`/api/v1/calls/${callId}/applications`, { title: '分布式储能示范', organization: '某新材料股份有限公司', creditCode: '91320000MA1X2Y3K4W', region: '江苏', answers: { budget: 300 }, ...over });
  expect(a.status).toBe(201);
  expect((await member.post(`/api/v1/applications/${a.body.id}/materials`, { key: 'plan', fileName: '申报书.pdf', content: pdf })).status).toBe(200);
  const s = await member.post(`/api/v1/applications/${a.body.id}/submit`);
  expect(s.status).toBe(200);
  return s.body;
}

describe('calls and applications', () => {
  it('reads the deadline on the association’s wall clock (Asia/Shanghai) and keeps drafts from applicants', async () => {
    const c = await secretariat.post('/api/v1/calls', call());
    expect(c.body.deadline).toBe('2029-12-31T16:00:00.000Z');
    expect(c.body.deadlineLocal).toBe('2030-01-01 00:00:00');
    expect(c.body.status).toBe('draft');
    expect((await member.get(`/api/v1/calls/${c.body.id}`)).status).toBe(404);
    expect((await member.post(`/api/v1/calls/${c.body.id}/applications`, { title: 'x', organization: 'y' })).status).toBe(404);
    await secretariat.post(`/api/v1/calls/${c.body.id}/publish`);
    expect((await member.get('/api/v1/calls')).body.items.map((x: { id: string }) => x.id)).toContain(c.body.id);
  });

  it('checks materials automatically: missing, wrong format by content, then accepted', async () => {
    const c = await openCall();
    const a = (await member.post(`/api/v1/calls/${c.id}/applications`, { title: '光伏项目', organization: '某公司', creditCode: '91320000MA1X2Y3K4W', answers: {} })).body;
    expect(a.materialCheck).toEqual({ ok: false, problems: [{ key: 'plan', problem: 'missing' }] });
    let res = await member.post(`/api/v1/applications/${a.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['answers.budget', 'materials.plan']);
    // A Word file renamed to .pdf is caught by its content.
    res = await member.post(`/api/v1/applications/${a.id}/materials`, { key: 'plan', fileName: '申报书.pdf', content: docx });
    expect(res.body.materialCheck.problems).toEqual([{ key: 'plan', problem: 'format' }]);
    res = await member.post(`/api/v1/applications/${a.id}/materials`, { key: 'plan', fileName: '申报书.pdf', content: pdf });
    expect(res.body.materialCheck).toEqual({ ok: true, problems: [] });
    await member.request('PUT', `/api/v1/applications/${a.id}`, { title: '光伏项目', organization: '某公司', creditCode: '91320000MA1X2Y3K4W', answers: { budget: 120 } });
    res = await member.post(`/api/v1/applications/${a.id}/submit`);
    expect(res.body.status).toBe('submitted');
    // The call no longer changes under its applicants.
    const edit = await secretariat.request('PUT', `/api/v1/calls/${c.id}`, call({ title: '改了标题' }));
    expect(edit.status).toBe(409);
    expect((await member.get(`/api/v1/calls/${c.id}`)).body.title).toBe('2027 年度新能源科技项目');
    // The applicant sees the status; a second submission and later edits are refused.
    expect((await member.get('/api/v1/applications/mine')).body.items.find((x: { id: string }) => x.id === a.id).status).toBe('submitted');
    expect((await member.post(`/api/v1/applications/${a.id}/submit`)).status).toBe(409);
    expect((await member.request('PUT', `/api/v1/applications/${a.id}`, { title: '改', organization: '某公司' })).status).toBe(409);
    // Another member's application is not visible to this applicant.
    const other = await loginAs(server, 'member@demo2.test');
    expect((await other.get(`/api/v1/applications/${a.id}`)).status).toBe(404);
  });

  it('enforces the deadline to the second', async () => {
    const c = await openCall({ deadline: shanghai(2500) });
    const a = (await member.post(`/api/v1/calls/${c.id}/applications`, { title: '赶在截止前', organization: '某公司', creditCode: '91320000MA1X2Y3K4W', answers: { budget: 1 } })).body;
    await member.post(`/api/v1/applications/${a.id}/materials`, { key: 'plan', fileName: 'a.pdf', content: pdf });
    const wait = Date.parse(c.deadline) - Date.now() + 1100;
    await new Promise((ok) => setTimeout(ok, Math.max(0, wait)));
    const late = await member.post(`/api/v1/applications/${a.id}/submit`);
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('deadline_passed');
    expect((await member.get(`/api/v1/applications/${a.id}`)).body.status).toBe('draft');
  });
});

describe('expert draw', () => {
  it('screens conflicts (same employer, declared co-author, applicant’s staff, second unconfirmed e-mail) and is reproducible', async () => {
    // 韩冰 (清源大学) gets an address the applicant lists as a second, unconfirmed one.
    const pool = (await secretariat.get(`/api/v1/experts?tag=${encodeURIComponent('新能源')}`)).body.items as { id: string; name: string }[];
    const id = (name: string) => pool.find((e) => e.name === name)!.id;
    const han = (await secretariat.get(`/api/v1/experts/${id('韩冰')}`)).body;
    const { id: _i, userId: _u, updatedAt: _t, relationships, ...rest } = han;
    await secretariat.request('PUT', `/api/v1/experts/${han.id}`, { ...rest, email: 'hanbing@mail.test', relationships: relationships.map(({ id: _r, ...r }: { id: string }) => r) });

    const c = await openCall({ avoidance: { onePerEmployer: false } });
    // 华能 employs 林海 and 朱琳; 王晓燕 is on the applicant's team and 陈思远 declared her as co-author.
    const app = await submitted(c.id, { organization: '华能新能源科技有限公司', creditCode: '91110000MA01A2B3C4', staffNames: ['王晓燕'], contactEmails: ['hanbing@mail.test'] });
    const draw = await secretariat.post(`/api/v1/calls/${c.id}/draws`, { applicationIds: [app.id], perApplication: 3, seed: 20261127 });
    expect(draw.status).toBe(201);
    const ex = draw.body.excluded[app.id];
    expect(ex[id('林海')]).toContain('same_employer');
    expect(ex[id('朱琳')]).toContain('same_employer');
    expect(ex[id('王晓燕')]).toContain('applicant_staff');
    expect(ex[id('陈思远')]).toContain('relationship');
    expect(ex[id('韩冰')]).toContain('applicant_email');
    expect(draw.body.picks[app.id]).toEqual([]);
    expect(draw.body.shortfall[app.id]).toBe(3);

    const verify = await secretariat.get(`/api/v1/draws/${draw.body.id}/verify`);
    expect(verify.body).toMatchObject({ matches: true, seed: 20261127 });
    expect(verify.body.recomputedHash).toBe(draw.body.snapshotHash);
  });

  it('draws a batch, notifies the drawn, lets them decline, and replaces the decline the same way', async () => {
    const c = await openCall({ avoidance: { onePerEmployer: false }, blindReview: true });
    const a1 = await submitted(c.id, { organization: '甲科技有限公司', creditCode: '91320000MA1X2Y3K4A' });
    const a2 = await submitted(c.id, { organization: '乙能源有限公司', creditCode: '91320000MA1X2Y3K4B' });
    // Five experts hold 新能源 fields; all five are drawn for each application.
    const draw = (await secretariat.post(`/api/v1/calls/${c.id}/draws`, { perApplication: 5 })).body;
    expect(draw.applicationIds.sort()).toEqual([a1.id, a2.id].sort());
    for (const a of [a1, a2]) expect(draw.picks[a.id]).toHaveLength(5);
    expect((await member.get(`/api/v1/applications/${a1.id}`)).body.status).toBe('under_review');

    // Blind review: the reviewer does not see the applicant.
    const mine = (await expert.get('/api/v1/assignments/mine')).body.items.filter((x: { callId: string }) => x.callId === c.id);
    expect(mine).toHaveLength(2);
    expect(mine.every((x: { organization: string | null }) => x.organization === null)).toBe(true);
    expect(JSON.stringify(mine)).not.toContain('甲科技');
    expect((await expert.get('/api/v1/notifications')).body.items.some((n: { link: string }) => n.link === '/reviews/assignments')).toBe(true);

    const declined = mine.find((x: { applicationId: string }) => x.applicationId === a1.id);
    expect((await expert.post(`/api/v1/assignments/${declined.id}/respond`, { accept: false })).body.status).toBe('declined');
    expect((await expert.post(`/api/v1/assignments/${declined.id}/respond`, { accept: true })).status).toBe(409);

    // A new expert joins the pool; the replacement can only be them.
    const fresh = (await secretariat.post('/api/v1/experts', { name: '新来的专家', fieldTags: ['新能源/风电'], employer: '丙研究院' })).body;
    const rep = await secretariat.post(`/api/v1/assignments/${declined.id}/replace`);
    expect(rep.status).toBe(201);
    expect(rep.body.kind).toBe('replacement');
    expect(rep.body.picks[a1.id].map((p: { expertId: string }) => p.expertId)).toEqual([fresh.id]);
    expect(rep.body.excluded[a1.id][declined.expertId]).toContain('declined');
    const all = (await secretariat.get(`/api/v1/calls/${c.id}/assignments`)).body.items;
    expect(all.find((x: { id: string }) => x.id === declined.id).status).toBe('replaced');
    const log = (await secretariat.get(`/api/v1/calls/${c.id}/draws`)).body.items;
    expect(log.map((d: { kind: string }) => d.kind)).toEqual(['initial', 'replacement']);
    for (const d of log) expect((await secretariat.get(`/api/v1/draws/${d.id}/verify`)).body.matches).toBe(true);
  });

  it('keeps the draw log append-only in the database itself', async () => {
    const c = await openCall();
    await submitted(c.id, { organization: '丁公司', creditCode: '91320000MA1X2Y3K4C' });
    const d = (await secretariat.post(`/api/v1/calls/${c.id}/draws`, { perApplication: 1 })).body;
    const prisma = server.services.db.prisma;
    await expect(prisma.$executeRawUnsafe(`UPDATE "ExpertDraw" SET seed = seed + 1 WHERE id = '${d.id}'`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "ExpertDraw" WHERE id = '${d.id}'`)).rejects.toThrow(/append-only/);
    expect((await secretariat.get(`/api/v1/draws/${d.id}/verify`)).body.matches).toBe(true);
  });

  it('respects per-expert load limits across draws', async () => {
    // 蒋明 is the only 生物医药/医疗器械 expert; a limit of one review per period stops a second draw.
    const jiang = (await secretariat.get(`/api/v1/experts?q=${encodeURIComponent('蒋明')}`)).body.items[0];
    const p = (await secretariat.get(`/api/v1/experts/${jiang.id}`)).body;
    const { id: _i, userId: _u, updatedAt: _t, relationships: _r, ...rest } = p;
    await secretariat.request('PUT', `/api/v1/experts/${p.id}`, { ...rest, maxReviewsPerPeriod: 1 });
    const c = await openCall({ fieldTags: ['生物医药/医疗器械'] });
    const a1 = await submitted(c.id, { organization: '戊医疗', creditCode: '91320000MA1X2Y3K4D' });
    const a2 = await submitted(c.id, { organization: '己医疗', creditCode: '91320000MA1X2Y3K4E' });
    const d = (await secretariat.post(`/api/v1/calls/${c.id}/draws`, { applicationIds: [a1.id, a2.id], perApplication: 1 })).body;
    const picked = [...d.picks[a1.id], ...d.picks[a2.id]];
    expect(picked).toHaveLength(1);
    const again = (await secretariat.post(`/api/v1/calls/${c.id}/draws`, { applicationIds: [a1.id, a2.id], perApplication: 1 })).body;
    const other = d.picks[a1.id].length ? a2.id : a1.id;
    expect(again.excluded[other][jiang.id]).toContain('load_limit');
  });
});
