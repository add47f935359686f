import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler } from '../../jobs/scheduler.ts';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { overdueQuestionsJob } from './jobs.ts';
import { newQuestionLimiter, QUESTIONS_PER_HOUR } from './rate-limit.ts';
import { plusDays, todayIn } from '../members/dates.ts';

let server: TestServer;
let staff: ApiClient;
let publicClient: ApiClient;
let ipSeq = 0;

/** A PDF small enough for a test. */
const pdf = { name: '2025年度工作报告.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n% test\n%%EOF\n').toString('base64') };
const draft = (title: string) => ({ kind: 'annual_report', title, year: 2025, body: '本会 2025 年度工作情况报告如下。', file: pdf });
/** Each asker comes from its own address (the API trusts X-Forwarded-For from loopback). */
const ask = (id: string, body: Record<string, unknown>, ip = `203.0.113.${++ipSeq}`, tenant = 'demo') =>
  publicClient.request('POST', `/api/v1/portal/${tenant}/disclosures/${id}/questions`, body, { 'x-forwarded-for': ip });
const question = { name: '张三', email: 'zhang@example.test', question: '会费收入同比变化的原因是什么？' };

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
  publicClient = new ApiClient(server.url, 'zh-CN');
});
afterAll(() => server?.stop());

describe('disclosures on the portal', () => {
  it('a draft is not public; once published it is listed with its PDF; withdrawn it is gone again', async () => {
    const created = await staff.post('/api/v1/disclosures', draft('2025年度工作报告'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', file: { name: '2025年度工作报告.pdf' } });
    const id = created.body.id;
    const portalIds = async () => (await publicClient.get('/api/v1/portal/demo/disclosures')).body.items.map((d: { id: string }) => d.id);
    expect(await portalIds()).not.toContain(id);
    expect((await publicClient.get(`/api/v1/portal/demo/disclosures/${id}`)).status).toBe(404);
    expect((await publicClient.get(`/api/v1/portal/demo/disclosures/${id}/file`)).status).toBe(404);
    expect((await ask(id, question)).status).toBe(404);

    const published = await staff.post(`/api/v1/disclosures/${id}/transitions`, { to: 'published' });
    expect(published.body.status).toBe('published');
    expect(await portalIds()).toContain(id);
    const file = await publicClient.get(`/api/v1/portal/demo/disclosures/${id}/file`);
    expect([file.status, file.headers.get('content-type'), String(file.body).startsWith('%PDF-')]).toEqual([200, 'application/pdf', true]);
    // A published disclosure is no longer edited in place.
    expect((await staff.request('PUT', `/api/v1/disclosures/${id}`, draft('改过的标题'))).status).toBe(409);

    const noReason = await staff.post(`/api/v1/disclosures/${id}/transitions`, { to: 'withdrawn' });
    expect([noReason.status, noReason.body.error.details[0].message]).toEqual([422, '撤回已公开的信息须填写原因。']);
    expect((await staff.post(`/api/v1/disclosures/${id}/transitions`, { to: 'withdrawn', reason: '数据有误，更正后重新公开' })).body.status).toBe('withdrawn');
    expect(await portalIds()).not.toContain(id);
  });

  it("another association's portal does not show this one's disclosures, and its staff cannot open them", async () => {
    const id = (await staff.post('/api/v1/disclosures', draft('仅本会公开的财务报告'))).body.id;
    await staff.post(`/api/v1/disclosures/${id}/transitions`, { to: 'published' });
    expect((await publicClient.get(`/api/v1/portal/demo2/disclosures/${id}`)).status).toBe(404);
    expect((await publicClient.get('/api/v1/portal/demo2/disclosures')).body.items.map((d: { id: string }) => d.id)).not.toContain(id);
    expect((await ask(id, question, undefined, 'demo2')).status).toBe(404);
    const other = await loginAs(server, 'secretariat@demo2.test');
    expect((await other.get(`/api/v1/disclosures/${id}`)).status).toBe(404);
  });

  it('only PDFs are attached, and a member company cannot write disclosures', async () => {
    const png = await staff.post('/api/v1/disclosures', { ...draft('假 PDF'), file: { ...pdf, data: Buffer.from('\x89PNG....').toString('base64') } });
    expect([png.status, png.body.error.details[0].message]).toEqual([422, '附件须为 PDF 文件。']);
    const member = await loginAs(server, 'member@demo.test');
    expect((await member.post('/api/v1/disclosures', draft('x'))).status).toBe(403);
  });
});

describe('public questions', () => {
  let id: string;
  beforeAll(async () => {
    id = (await staff.post('/api/v1/disclosures', { ...draft('2025年度审计报告'), kind: 'audit_report' })).body.id;
    await staff.post(`/api/v1/disclosures/${id}/transitions`, { to: 'published' });
  });

  it('a question asked on the portal gets its due date, is listed for the staff by deadline, and its answer shows on the portal', async () => {
    const asked = await ask(id, question);
    expect(asked.status).toBe(201);
    expect(asked.body.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const list = (await staff.get('/api/v1/disclosure-questions')).body.items;
    const mine = list.find((q: { id: string }) => q.id === asked.body.id);
    expect(mine).toMatchObject({ disclosureTitle: '2025年度审计报告', name: '张三', email: 'zhang@example.test', dueOn: asked.body.dueOn, overdue: false, workingDaysLeft: 7, answer: null });
    const dues = list.map((q: { dueAt: string }) => q.dueAt);
    expect(dues).toEqual([...dues].sort());

    let portal = (await publicClient.get(`/api/v1/portal/demo/disclosures/${id}`)).body;
    expect(portal.questions[0]).toMatchObject({ name: '张*', question: question.question, answer: null, dueOn: asked.body.dueOn });
    expect(JSON.stringify(portal)).not.toContain('zhang@example.test');

    // The secretariat is told, with the deadline.
    const told = (await staff.get('/api/v1/notifications')).body.items.find((n: { title: string }) => n.title === '新的公众提问：2025年度审计报告');
    expect(told).toMatchObject({ body: `张三：${question.question}（答复期限 ${asked.body.dueOn}）`, link: `/disclosures/${id}` });

    const answered = await staff.post(`/api/v1/disclosure-questions/${asked.body.id}/answer`, { answer: '主要因新增会员单位 12 家。' });
    expect(answered.body).toMatchObject({ answer: '主要因新增会员单位 12 家。', answeredBy: expect.any(String) });
    portal = (await publicClient.get(`/api/v1/portal/demo/disclosures/${id}`)).body;
    expect(portal.questions[0]).toMatchObject({ answer: '主要因新增会员单位 12 家。', answeredAt: expect.any(String) });
    expect((await staff.post(`/api/v1/disclosure-questions/${asked.body.id}/answer`, { answer: '再答一次' })).status).toBe(409);
    // The council reads but does not answer.
    const council = await loginAs(server, 'council@demo.test');
    expect((await council.get('/api/v1/disclosure-questions?filter=all')).status).toBe(200);
    expect((await council.post(`/api/v1/disclosure-questions/${asked.body.id}/answer`, { answer: 'x' })).status).toBe(403);
  });

  it('the question ledger exports to XLSX (parsed back) and PDF, answered ones with their answers', async () => {
    const res = await fetch(`${server.url}/api/v1/disclosure-questions/export?format=xlsx&filter=all`, { headers: { cookie: staff.cookie, 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    expect(book.worksheets[0].name).toBe('公众提问答复台账');
    expect(rows[1]).toEqual(['标题', '提问人', 'E-mail', '公众提问', '提问时间', '答复期限', '剩余工作日', '状态', '答复', '已答复']);
    const answered = rows.find((r) => r[3] === question.question && r[8]);
    expect(answered).toMatchObject({ 0: '2025年度审计报告', 1: '张三', 7: '已答复', 8: '主要因新增会员单位 12 家。' });
    const pdfRes = await fetch(`${server.url}/api/v1/disclosure-questions/export?format=pdf`, { headers: { cookie: staff.cookie } });
    expect([pdfRes.status, Buffer.from(await pdfRes.arrayBuffer()).subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
  });

  it('the leadership dashboard counts questions waiting and answered in time', async () => {
    const council = await loginAs(server, 'council@demo.test');
    const widget = (await council.get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'disclosures');
    const all = (await staff.get('/api/v1/disclosure-questions?filter=all')).body.items as { answeredAt: string | null; overdue: boolean }[];
    expect(widget.data).toMatchObject({ open: all.filter((q) => !q.answeredAt).length, overdue: all.filter((q) => q.overdue).length, answered: all.filter((q) => q.answeredAt).length });
    expect(widget.data.answeredOnTime).toBe(widget.data.answered);
    expect(widget.data.published).toBeGreaterThan(0);
  });

  it('refuses bad input: a missing e-mail, an invalid one, unknown fields', async () => {
    expect((await ask(id, { name: '李四', question: '请问审计机构是哪家？' })).status).toBe(422);
    expect((await ask(id, { ...question, email: 'not-an-email' })).status).toBe(422);
    expect((await ask(id, { ...question, admin: true })).status).toBe(422);
  });

  it(`takes at most ${QUESTIONS_PER_HOUR} questions an hour from one address; other addresses still ask`, async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < QUESTIONS_PER_HOUR; i++) expect((await ask(id, { ...question, question: `第 ${i + 1} 个问题：审计范围？` }, ip)).status).toBe(201);
    const refused = await ask(id, { ...question, question: '再问一个问题？' }, ip);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ask(id, question, '198.51.100.8')).status).toBe(201);
    // The count lives in the database: another instance's limiter refuses the address too.
    const tenantId = (await staff.get('/api/v1/auth/session')).body.tenant.id;
    await expect(newQuestionLimiter(server.services.db.prisma).consume(`${tenantId}:${ip}`)).rejects.toMatchObject({ remainingPoints: 0 });
  });

  it('an unanswered question past its deadline notifies the compliance department once, however many instances run the job', async () => {
    const asked = await ask(id, { ...question, name: '王五', question: '理事会换届费用为何未单列？' });
    const compliance = await loginAs(server, 'compliance@demo.test');
    const notices = async () => (await compliance.get('/api/v1/notifications?limit=100')).body.items.filter((n: { title: string; body: string }) => n.body.includes('理事会换届费用'));
    const run = async (at: Date) => {
      const a = new Scheduler(server.services);
      const b = new Scheduler(server.services);
      a.register(overdueQuestionsJob);
      b.register(overdueQuestionsJob);
      await Promise.all([a.tick(at), b.tick(at)]);
    };
    await run(new Date());
    expect(await notices()).toHaveLength(0);
    // Two working days before the deadline, the secretariat is reminded (once).
    const dueOn = asked.body.dueOn as string;
    const reminders = async () => (await staff.get('/api/v1/notifications?limit=100')).body.items.filter((n: { title: string; body: string }) => n.title.startsWith('公众提问即将到期') && n.body.includes('理事会换届费用'));
    const dueDay = new Date(`${dueOn}T02:00:00Z`); // 10:00 in Shanghai on the last day
    await run(dueDay);
    await run(new Date(dueDay.getTime() + 3600_000));
    expect((await reminders()).map((n: { body: string }) => n.body)).toEqual([expect.stringContaining(`须在 ${dueOn} 前答复（剩 0 个工作日）`)]);
    // Three weeks on, the deadline has passed: overdue in the list, one notice.
    const later = new Date(Date.now() + 21 * 86400_000);
    await run(later);
    await run(new Date(later.getTime() + 3600_000));
    const got = await notices();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ title: '公众提问超期未答复：2025年度审计报告', link: `/disclosures/${id}` });
    const overdue = (await staff.get('/api/v1/disclosure-questions?filter=overdue')).body.items.map((q: { id: string }) => q.id);
    expect(overdue).not.toContain(asked.body.id); // not yet past due now
  });
});

describe('the working-day calendar', () => {
  it("new questions follow the association's own calendar: ten holidays from tomorrow push the deadline past them", async () => {
    const id = (await staff.post('/api/v1/disclosures', draft('2025年度财务报告'))).body.id;
    await staff.post(`/api/v1/disclosures/${id}/transitions`, { to: 'published' });
    const before = (await ask(id, question)).body.dueOn as string;
    const today = todayIn('Asia/Shanghai');
    const holidays = Array.from({ length: 10 }, (_, i) => plusDays(today, i + 1));
    for (const year of new Set(holidays.map((d) => Number(d.slice(0, 4))))) {
      const current = (await staff.get(`/api/v1/work-calendar?year=${year}`)).body.days.filter((d: { day: string }) => !holidays.includes(d.day));
      const days = [...current.map(({ day, kind, name }: Record<string, string>) => ({ day, kind, name })), ...holidays.filter((d) => d.startsWith(`${year}-`)).map((day) => ({ day, kind: 'holiday', name: '临时休息' }))];
      expect((await staff.request('PUT', '/api/v1/work-calendar', { year, days })).status).toBe(200);
    }
    const after = (await ask(id, question)).body.dueOn as string;
    expect(after > holidays[9]).toBe(true);
    expect(after > before).toBe(true);
    for (const year of new Set(holidays.map((d) => Number(d.slice(0, 4))))) await staff.post('/api/v1/work-calendar/reset', { year });
  });

  it('shows the official 2026 arrangement by default; a saved year is this association’s own; reset restores the defaults', async () => {
    const y2026 = (await staff.get('/api/v1/work-calendar?year=2026')).body;
    expect(y2026).toMatchObject({ year: 2026, defaults: true, official: true });
    expect(y2026.days.find((d: { day: string }) => d.day === '2026-10-10')).toMatchObject({ kind: 'workday', weekday: 6 });
    expect((await staff.get('/api/v1/work-calendar?year=2027')).body).toMatchObject({ defaults: true, official: false });

    const dup = await staff.request('PUT', '/api/v1/work-calendar', { year: 2026, days: [{ day: '2026-12-01', kind: 'holiday', name: 'a' }, { day: '2026-12-01', kind: 'holiday', name: 'b' }] });
    expect([dup.status, dup.body.error.details[0].message]).toEqual([422, '日期 2026-12-01 重复。']);
    const saved = await staff.request('PUT', '/api/v1/work-calendar', { year: 2026, days: [...y2026.days.map(({ day, kind, name }: Record<string, string>) => ({ day, kind, name })), { day: '2026-12-31', kind: 'holiday', name: '本会年终休息' }] });
    expect(saved.body).toMatchObject({ defaults: false });
    expect(saved.body.days).toHaveLength(y2026.days.length + 1);
    // Other associations keep the defaults.
    const other = await loginAs(server, 'secretariat@demo2.test');
    expect((await other.get('/api/v1/work-calendar?year=2026')).body.defaults).toBe(true);
    const reset = await staff.post('/api/v1/work-calendar/reset', { year: 2026 });
    expect(reset.body).toMatchObject({ defaults: true, days: y2026.days });
    const council = await loginAs(server, 'council@demo.test');
    expect((await council.request('PUT', '/api/v1/work-calendar', { year: 2026, days: [] })).status).toBe(403);
  });
});
