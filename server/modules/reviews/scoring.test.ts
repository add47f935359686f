import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { median, weightedTotal } from './scoring.ts';

let server: TestServer;
let secretariat: ApiClient;
let member: ApiClient;
let expert: ApiClient;
let admin: ApiClient;
const ORG = '保密储能科技有限公司';
const CODE = '91320000MA1X2Y3K4Q';
let appId = '';
let callId = '';

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  member = await loginAs(server, 'member@demo.test');
  expert = await loginAs(server, 'expert@demo.test');
  admin = await loginAs(server, 'admin@demo.test');
  // A second reviewer with an account: the admin joins the pool.
  const adminId = (await admin.get('/api/v1/auth/session')).body.user.id;
  expect((await secretariat.post('/api/v1/experts', { userId: adminId, name: '王建国', fieldTags: ['新能源/储能'], employer: '某咨询公司' })).status).toBe(201);
  const call = await secretariat.post('/api/v1/calls', {
    title: '盲审项目',
    commissioner: 'government',
    fieldTags: ['新能源'],
    materials: [{ key: 'plan', label: '申报书', formats: ['pdf'] }],
    deadline: '2099-01-01T00:00:00',
    blindReview: true,
    aggregation: 'median',
    rubric: [
      { key: 'innovation', label: '创新性', weight: 40, min: 0, max: 10 },
      { key: 'feasibility', label: '可行性', weight: 60, min: 0, max: 10 },
    ],
    avoidance: { onePerEmployer: false },
  });
  callId = call.body.id;
  await secretariat.post(`/api/v1/calls/${callId}/publish`);
  appId = (await member.post(`/api/v1/calls/${callId}/applications`, { title: '储能安全', organization: ORG, creditCode: CODE, staffNames: ['赵六'] })).body.id;
  await member.post(`/api/v1/applications/${appId}/materials`, { key: 'plan', fileName: `${ORG}申报书.pdf`, content: Buffer.from('%PDF-1.4').toString('base64') });
  expect((await member.post(`/api/v1/applications/${appId}/submit`)).status).toBe(200);
  const draw = await secretariat.post(`/api/v1/calls/${callId}/draws`, { perApplication: 6 });
  expect(draw.body.picks[appId]).toHaveLength(6);
});
afterAll(() => server?.stop());

const mine = async (who: ApiClient) => (await who.get('/api/v1/assignments/mine')).body.items.find((a: { applicationId: string }) => a.applicationId === appId);

describe('rubric arithmetic', () => {
  it('scales each score to its range before weighting, on 0–100', () => {
    const rubric = [
      { key: 'a', label: 'a', weight: 40, min: 0, max: 10 },
      { key: 'b', label: 'b', weight: 60, min: 1, max: 5 },
    ];
    expect(weightedTotal(rubric, { a: 10, b: 5 })).toBe(100);
    expect(weightedTotal(rubric, { a: 5, b: 3 })).toBe(50);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('reviewing', () => {
  it('hides the applicant’s identity from reviewers of a blind call in every response', async () => {
    const a = await mine(expert);
    const responses = [
      await expert.get('/api/v1/assignments/mine'),
      await expert.get(`/api/v1/assignments/${a.id}/application`),
      await expert.get(`/api/v1/assignments/${a.id}/peers`),
      await expert.post(`/api/v1/assignments/${a.id}/respond`, { accept: true }),
      await expert.post(`/api/v1/assignments/${a.id}/score`, { scores: { innovation: 7 } }),
    ];
    for (const r of responses) {
      expect(r.status).toBeLessThan(300);
      const text = JSON.stringify(r.body);
      for (const secret of [ORG, CODE, 'member@demo.test', '赵六']) expect(text, secret).not.toContain(secret);
    }
    // The material downloads under a neutral name; the secretariat gets the applicant's own.
    const file = await fetch(`${server.url}/api/v1/applications/${appId}/materials/plan`, { headers: { cookie: expert.cookie } });
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get('content-disposition')!)).not.toContain(ORG);
    expect(decodeURIComponent(file.headers.get('content-disposition')!)).toContain('plan.pdf');
    const office = await fetch(`${server.url}/api/v1/applications/${appId}/materials/plan`, { headers: { cookie: secretariat.cookie } });
    expect(decodeURIComponent(office.headers.get('content-disposition')!)).toContain(`${ORG}申报书.pdf`);
    // A member who did not apply cannot fetch it.
    const other = await loginAs(server, 'member@demo2.test');
    expect((await other.get(`/api/v1/applications/${appId}/materials/plan`)).status).toBe(404);
    const view = responses[1].body;
    expect(view).toMatchObject({ title: '储能安全', organization: null, applicantId: null, creditCode: null });
    // The secretariat still sees who applied.
    expect((await secretariat.get(`/api/v1/calls/${callId}/applications`)).body.items[0].organization).toBe(ORG);
  });

  it('refuses scores outside a criterion’s range and a submission without an opinion', async () => {
    const a = await mine(expert);
    const res = await expert.post(`/api/v1/assignments/${a.id}/score`, { scores: { innovation: 11, feasibility: 5 }, submit: true, opinion: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('body.scores.innovation');
    expect((await expert.post(`/api/v1/assignments/${a.id}/score`, { scores: { innovation: 10, feasibility: 5 }, submit: true })).status).toBe(422);
    expect((await mine(expert)).status).toBe('accepted');
    // A reviewer who has not accepted cannot score.
    const b = await mine(admin);
    expect((await admin.post(`/api/v1/assignments/${b.id}/score`, { scores: { innovation: 8, feasibility: 6 } })).status).toBe(409);
    // Both still have work to do: a reminder reaches both accounts.
    expect((await secretariat.post(`/api/v1/calls/${callId}/remind`)).body).toEqual({ reminded: 2, withoutAccount: 4 });
    const notes = (await expert.get('/api/v1/notifications')).body.items;
    expect(notes.some((n: { title: string }) => n.title.includes('评审提醒'))).toBe(true);
  });

  it('shows others’ reviews only after one’s own is submitted, and aggregates by the call’s median', async () => {
    const b = await mine(admin);
    await admin.post(`/api/v1/assignments/${b.id}/respond`, { accept: true });
    const sub = await admin.post(`/api/v1/assignments/${b.id}/score`, { scores: { innovation: 8, feasibility: 6 }, opinion: '技术路线可行，但创新性一般。', submit: true });
    expect(sub.body).toMatchObject({ status: 'submitted', total: 68 });
    // Submitted is final.
    expect((await admin.post(`/api/v1/assignments/${b.id}/score`, { scores: { innovation: 10, feasibility: 10 }, submit: true, opinion: '改' })).status).toBe(409);

    const a = await mine(expert);
    expect((await expert.get(`/api/v1/assignments/${a.id}/peers`)).body).toEqual({ visible: false, items: [] });
    await expert.post(`/api/v1/assignments/${a.id}/score`, { scores: { innovation: 10, feasibility: 9 }, opinion: '创新性突出。', submit: true });
    const peers = (await expert.get(`/api/v1/assignments/${a.id}/peers`)).body;
    expect(peers.visible).toBe(true);
    expect(peers.items).toMatchObject([{ expertName: '王建国', total: 68, opinion: '技术路线可行，但创新性一般。' }]);

    const results = (await secretariat.get(`/api/v1/calls/${callId}/results`)).body;
    const row = results.items.find((r: { applicationId: string }) => r.applicationId === appId);
    expect(row).toMatchObject({ submitted: 2, assigned: 6, score: 81, median: 81, mean: 81, criteria: { innovation: 9, feasibility: 7.5 } });
  });

  it('reports progress per reviewer and application, and reminds those with unfinished reviews', async () => {
    const progress = (await secretariat.get(`/api/v1/calls/${callId}/progress`)).body;
    expect(progress.applications).toEqual([{ applicationId: appId, title: '储能安全', assigned: 6, submitted: 2 }]);
    expect(progress.reviewers.find((r: { name: string }) => r.name === '林海')).toMatchObject({ assigned: 1, submitted: 1, pending: 0 });
    expect(progress.reviewers.filter((r: { pending: number }) => r.pending === 1)).toHaveLength(4);
    const remind = (await secretariat.post(`/api/v1/calls/${callId}/remind`)).body;
    // The four unfinished reviewers have no account; the two with one have finished.
    expect(remind).toEqual({ reminded: 0, withoutAccount: 4 });
  });
});

describe('dashboard widget', () => {
  it('shows the council scored vs. assigned reviews per call, with the call to drill into', async () => {
    const council = await loginAs(server, 'council@demo.test');
    const widget = (await council.get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'reviewProgress');
    const call = widget.data.calls.find((c: { callId: string }) => c.callId === callId);
    expect(call).toMatchObject({ title: '盲审项目', applications: 1, assigned: 6, submitted: 2 });
    // Finance may see the dashboard but not applications: no review widget.
    const finance = await loginAs(server, 'finance@demo.test');
    const res = await finance.get('/api/v1/dashboard');
    expect(res.status === 403 || !res.body.widgets.some((w: { key: string }) => w.key === 'reviewProgress')).toBe(true);
  });
});

describe('daily reminders', () => {
  it('reminds reviewers whose assignments have been open for more than three days, and not the others', async () => {
    const { reviewReminderJob } = await import('./reminders.ts');
    const { runInTenant, write } = await import('../../db/tenant-scope.ts');
    const session = (await secretariat.get('/api/v1/auth/session')).body;
    const tenant = { id: session.tenant.id, slug: session.tenant.slug, name: session.tenant.name, timeZone: session.tenant.timeZone };
    const run = (now: Date) =>
      runInTenant({ tenantId: tenant.id, actorId: null }, () => reviewReminderJob.run({ services: server.services, tenant, slot: 'test', now, write: (fn) => write(server.services.scoped, fn) }));
    // An expert with an account and a review still open: the admin's assignment on another application.
    const adminUser = (await admin.get('/api/v1/auth/session')).body.user.id;
    const count = async () => (await server.services.db.prisma.notification.count({ where: { userId: adminUser, kind: 'review.reminder' } }));
    const c2 = (await secretariat.post('/api/v1/calls', { title: '提醒测试', commissioner: 'member', fieldTags: ['新能源/储能'], deadline: '2099-01-01T00:00:00', eligibility: { requireCreditCode: false }, rubric: [{ key: 'o', label: '综合', weight: 1, max: 10 }], avoidance: { onePerEmployer: false } })).body;
    await secretariat.post(`/api/v1/calls/${c2.id}/publish`);
    const a = (await member.post(`/api/v1/calls/${c2.id}/applications`, { title: '提醒项目', organization: '某公司' })).body;
    await member.post(`/api/v1/applications/${a.id}/submit`);
    await secretariat.post(`/api/v1/calls/${c2.id}/draws`, { perApplication: 10 });
    const before = await count();
    await run(new Date());
    expect(await count()).toBe(before);
    await run(new Date(Date.now() + 4 * 86_400_000));
    expect(await count()).toBe(before + 1);
  });
});
