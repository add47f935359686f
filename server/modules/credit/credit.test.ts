import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { pointsFromEvent } from '../points/service.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import { creditDecayJob, creditFromEvent } from './service.ts';
import { gradeOf, scoreOf } from './score.ts';

let server: TestServer;
let staff: ApiClient;
let member: ApiClient;
let tenantId: string;
let memberUserId: string;
const companies: Record<string, string> = {};

interface Entry { id: string; kind: string; title: string; points: number; fileUrl: string | null; evidence: string | null; link: string | null }
const archiveOf = async (memberId: string) => (await staff.get(`/api/v1/credit/members/${memberId}`)).body as { standing: { score: number; grade: string; memberName: string }; entries: Entry[]; history: { from: string | null; to: string; cause: string; score: number }[] };
const ledger = async () => (await staff.get('/api/v1/points/ledger?limit=200')).body.items as { title: string; points: number; user: { name: string } | null; member: { id: string } | null; kind: string }[];
const creditRows = (title: string) => server.services.db.prisma.creditEntry.count({ where: { tenantId, title } });

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
  member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
  const session = (await member.get('/api/v1/auth/session')).body;
  tenantId = session.tenant.id;
  memberUserId = session.user.id;
  for (const m of (await staff.get('/api/v1/credit/members?limit=100')).body.items) companies[m.memberName.slice(0, 4)] = m.memberId;
});
afterAll(() => server?.stop());

const attended = (title: string, userId = memberUserId): DomainEvents['meeting.attended'] => ({ tenantId, meetingId: randomUUID(), title, userId, mode: 'onsite', watchMinutes: null, at: new Date().toISOString() });

describe('credit entries and points from domain events', () => {
  it("a meeting attendance reaches the attendee's company archive and the attendee's points automatically", async () => {
    const before = (await archiveOf(companies['华东智能'])).standing.score;
    server.services.events.publish('meeting.attended', attended('会员沙龙（自动汇集）'));
    await expect.poll(async () => (await archiveOf(companies['华东智能'])).entries.filter((e) => e.title === '会员沙龙（自动汇集）').length).toBe(1);
    await expect.poll(async () => (await ledger()).filter((l) => l.title === '会员沙龙（自动汇集）').length).toBe(1);
    const a = await archiveOf(companies['华东智能']);
    const entry = a.entries.find((e) => e.title === '会员沙龙（自动汇集）')!;
    expect(entry).toMatchObject({ kind: 'meeting_attended', points: 1 });
    expect(entry.link).toMatch(/^\/meetings\//);
    expect(a.standing.score).toBe(before + 1);
    const line = (await ledger()).find((l) => l.title === '会员沙龙（自动汇集）')!;
    // Credited to the person and to the person's company at once.
    expect(line).toMatchObject({ kind: 'meeting_attended', points: 10, user: { name: '马骏（会员单位联系人）' }, member: { id: companies['华东智能'] } });
  });

  it('handles each event once, even delivered twice at the same moment (two instances) and again later', async () => {
    const event = attended('重复投递的会议');
    await Promise.all([creditFromEvent(server.services, 'meeting.attended', event), creditFromEvent(server.services, 'meeting.attended', event), pointsFromEvent(server.services, 'meeting.attended', event), pointsFromEvent(server.services, 'meeting.attended', event)]);
    expect(await creditFromEvent(server.services, 'meeting.attended', event)).toBeNull();
    expect(await pointsFromEvent(server.services, 'meeting.attended', event)).toBeNull();
    expect(await creditRows('重复投递的会议')).toBe(1);
    expect((await ledger()).filter((l) => l.title === '重复投递的会议')).toHaveLength(1);
    const a = await archiveOf(companies['华东智能']);
    expect(a.standing).toMatchObject({ score: expect.any(Number) });
    expect((await server.services.db.prisma.creditStanding.findFirst({ where: { tenantId, memberId: companies['华东智能'] } }))!.entries).toBe(a.entries.length);
  });

  it('a user who belongs to no member company gets points but no credit entry', async () => {
    // The finance officer is no member company's login or contact.
    const expert = await loginAs(server, 'finance@demo.test');
    const expertId = (await expert.get('/api/v1/auth/session')).body.user.id;
    const at = new Date().toISOString();
    const service: DomainEvents['expert.service.recorded'] = { tenantId, userId: expertId, kind: 'review', hours: 2.5, at };
    expect(await creditFromEvent(server.services, 'expert.service.recorded', service)).toBeNull();
    const line = await pointsFromEvent(server.services, 'expert.service.recorded', service);
    expect(line).toMatchObject({ points: 20, userId: expertId, memberId: null });
    expect(await server.services.db.prisma.creditEntry.count({ where: { tenantId, userId: expertId } })).toBe(0);
    expect((await expert.get('/api/v1/points/mine')).body.member).toBeNull();
  });

  it('standards work counts once per project, person and role; a second comment adds nothing', async () => {
    const projectId = randomUUID();
    const c = (role: 'commenter' | 'author', at: string): DomainEvents['standard.contribution'] => ({ tenantId, userId: memberUserId, projectId, projectTitle: '《绿色工厂评价通则》', role, at });
    await creditFromEvent(server.services, 'standard.contribution', c('commenter', '2026-11-01T01:00:00.000Z'));
    await creditFromEvent(server.services, 'standard.contribution', c('commenter', '2026-11-02T01:00:00.000Z'));
    await creditFromEvent(server.services, 'standard.contribution', c('author', '2026-11-03T01:00:00.000Z'));
    const titles = (await archiveOf(companies['华东智能'])).entries.filter((e) => e.title.startsWith('《绿色工厂评价通则》')).map((e) => e.title);
    expect(titles).toEqual(['《绿色工厂评价通则》（起草人）', '《绿色工厂评价通则》（提出意见）']);
  });

  it('dues paid late and a violation lower the score; crossing a threshold writes the grade history', async () => {
    const id = companies['江南新材'];
    const before = await archiveOf(id);
    expect(before.standing.grade).toBe('B');
    await creditFromEvent(server.services, 'dues.paid', { tenantId, memberId: id, invoiceId: randomUUID(), amountFen: 5_000_000, dueOn: '2026-03-31', paidOn: new Date().toISOString().slice(0, 10), onTime: false, actorId: null });
    const late = await archiveOf(id);
    expect(late.entries.filter((e) => e.kind === 'dues_late').map((e) => e.title)).toHaveLength(1);
    // Weights decay with age (half-life 730 days), so a fresh entry counts its full weight, give or take rounding.
    expect(before.standing.score - late.standing.score).toBeGreaterThanOrEqual(2);
    expect(before.standing.score - late.standing.score).toBeLessThanOrEqual(3);
    expect(late.history.length).toBe(before.history.length);
    await creditFromEvent(server.services, 'integrity.entry.recorded', { tenantId, entryId: randomUUID(), memberId: id, kind: 'violation', title: '以协会名义违规收费', severity: 'critical', at: new Date().toISOString(), actorId: null });
    const after = await archiveOf(id);
    expect(after.standing.grade).toBe('D');
    expect([29, 30]).toContain(late.standing.score - after.standing.score);
    expect(after.history.at(-1)).toMatchObject({ from: 'B', to: 'D', score: after.standing.score, cause: 'entry' });
    // Late dues earn no points; on-time dues credit the company.
    expect((await ledger()).filter((l) => l.member?.id === id && l.kind === 'dues_on_time')).toHaveLength(1);
  });

  it("ignores events of another association's members and compliance alerts (not about a member)", async () => {
    const other = await loginAs(server, 'admin@demo2.test');
    const otherTenant = (await other.get('/api/v1/auth/session')).body.tenant.id;
    const wrong = { tenantId: otherTenant, memberId: companies['华东智能'], invoiceId: randomUUID(), amountFen: 1, dueOn: '2026-01-01', paidOn: '2026-01-01', onTime: true, actorId: null };
    expect(await creditFromEvent(server.services, 'dues.paid', wrong)).toBeNull();
    expect(await pointsFromEvent(server.services, 'dues.paid', wrong)).toBeNull();
    expect(await creditFromEvent(server.services, 'compliance.alert.changed', { tenantId, alertId: randomUUID(), ruleKey: 'x', title: 'x', severity: 'high', status: 'open', actorId: null })).toBeNull();
  });
});

describe('manual entries, rules and what a member sees', () => {
  it('staff add an entry with evidence text and file; the member sees its own archive and evidence, nothing of other companies', async () => {
    const file = (await staff.post('/api/v1/member-files', { name: '表彰决定.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 award').toString('base64') })).body;
    const added = await staff.post(`/api/v1/credit/members/${companies['华东智能']}/entries`, { kind: 'award', title: '行业科技进步一等奖', evidence: '协会〔2026〕12 号表彰决定', fileId: file.id, occurredOn: '2026-11-20' });
    expect(added.status).toBe(201);
    const entry = added.body.entries.find((e: Entry) => e.id === added.body.entryId);
    expect(entry).toMatchObject({ kind: 'award', evidence: '协会〔2026〕12 号表彰决定', fileUrl: `/api/v1/credit/entries/${added.body.entryId}/evidence` });

    const mine = (await member.get('/api/v1/credit/mine')).body.archive;
    expect(mine.standing.memberName).toBe('华东智能制造股份有限公司');
    expect(mine.entries.map((e: Entry) => e.title)).toContain('行业科技进步一等奖');
    const download = await member.request('GET', entry.fileUrl);
    expect([download.status, download.body]).toEqual([200, '%PDF-1.4 award']);

    // Another company's evidence and archive stay closed to the member.
    const other = await staff.post(`/api/v1/credit/members/${companies['北方精密']}/entries`, { kind: 'complaint', severity: 'low', title: '投诉', evidence: '来信', fileId: file.id });
    expect((await member.request('GET', `/api/v1/credit/entries/${other.body.entryId}/evidence`)).status).toBe(404);
    expect((await member.get(`/api/v1/credit/members/${companies['北方精密']}`)).status).toBe(403);
    expect((await member.get('/api/v1/credit/members')).status).toBe(403);
    expect(JSON.stringify(mine)).not.toContain('北方精密');
  });

  it('refuses a manual entry without evidence, or of kind "manual" without points, in the caller\'s language', async () => {
    const noEvidence = await staff.post(`/api/v1/credit/members/${companies['华东智能']}/entries`, { kind: 'award', title: '无证明', evidence: ' ' });
    expect(noEvidence.status).toBe(422);
    const noPoints = await staff.post(`/api/v1/credit/members/${companies['华东智能']}/entries`, { kind: 'manual', title: '无分值', evidence: '说明' });
    expect([noPoints.status, noPoints.body.error.details[0].message]).toEqual([422, '“人工录入”类记录须填写分值。']);
    expect(await creditRows('无分值')).toBe(0);
  });

  it('previews the grade distribution under new rules, then saves them and recomputes every company at once', async () => {
    const rules = (await staff.get('/api/v1/credit/rules')).body;
    const { updatedAt: _u, ...input } = rules;
    const list = async () => (await staff.get('/api/v1/credit/members?limit=100')).body;
    const now = await list();
    const generous = { ...input, thresholds: { A: 2, B: 1, C: 0 } };
    const preview = (await staff.post('/api/v1/credit/rules/preview', generous)).body;
    expect(preview.current).toEqual(now.distribution);
    expect(preview.proposed).toEqual({ A: preview.members, B: 0, C: 0, D: 0 });
    expect(preview.changed).toBe(preview.members - now.distribution.A);
    const bad = await staff.request('PUT', '/api/v1/credit/rules', { ...input, thresholds: { A: 60, B: 75, C: 50 } });
    expect([bad.status, bad.body.error.details[0].message]).toEqual([422, '等级阈值须满足 A > B > C。']);

    expect((await staff.request('PUT', '/api/v1/credit/rules', generous)).status).toBe(200);
    const after = await list();
    expect(after.distribution).toEqual({ A: preview.members, B: 0, C: 0, D: 0 });
    const history = (await archiveOf(companies['江南新材'])).history;
    expect(history.at(-1)).toMatchObject({ from: 'D', to: 'A', cause: 'rules' });
    // Back to the earlier rules: the grades are what they were.
    await staff.request('PUT', '/api/v1/credit/rules', input);
    expect((await list()).distribution).toEqual(now.distribution);
    // The database's recomputation of everyone gives what score.ts gives one member at a time.
    const scoring = { baseScore: input.baseScore, weights: input.weights, decayHalfLifeDays: input.decayHalfLifeDays, thresholds: input.thresholds };
    const standings = await server.services.db.prisma.creditStanding.findMany({ where: { tenantId } });
    for (const st of standings) {
      const entries = await server.services.db.prisma.creditEntry.findMany({ where: { tenantId, memberId: st.memberId } });
      expect([st.memberId, st.score, st.grade, st.entries]).toEqual([st.memberId, scoreOf(entries, scoring, new Date()), gradeOf(scoreOf(entries, scoring, new Date()), scoring.thresholds), entries.length]);
    }
    // Only staff who manage credit change the rules.
    expect((await (await loginAs(server, 'council@demo.test')).request('PUT', '/api/v1/credit/rules', input)).status).toBe(403);
  });

  it('a new member company appears in the list at the base score', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const level = (await admin.get('/api/v1/membership-levels')).body.items[0];
    const created = await admin.post('/api/v1/members', { name: '新入会测试有限公司', creditCode: '91350100M000100Y43', levelId: level.id });
    expect(created.status).toBe(201);
    const rules = (await staff.get('/api/v1/credit/rules')).body;
    await expect.poll(async () => (await staff.get('/api/v1/credit/members?q=新入会')).body.items[0]).toMatchObject({ memberName: '新入会测试有限公司', score: rules.baseScore, entries: 0 });
  });
});

describe('entries from the finance and integrity modules themselves', () => {
  it('a violation recorded in the integrity ledger and dues paid in finance reach the archive (and dues on time, the points)', async () => {
    const officer = await loginAs(server, 'compliance@demo.test');
    const id = companies['岭南生物'];
    const recorded = await officer.post('/api/v1/integrity/entries', { memberId: id, kind: 'violation', title: '违规发布行业排名', severity: 'medium', evidence: '群众举报及网页截图', occurredOn: '2026-11-20' });
    expect(recorded.status).toBe(201);
    await expect.poll(async () => (await archiveOf(id)).entries.find((e) => e.title === '违规发布行业排名')).toMatchObject({ kind: 'violation', link: '/compliance/integrity?tab=entries' });

    const finance = await loginAs(server, 'finance@demo.test');
    const invoices = (await finance.get('/api/v1/finance/invoices?status=unpaid&kind=dues')).body.items as { id: string; memberId: string; status: string; amountFen: number; paidFen?: number; dueOn: string }[];
    const open = invoices.find((i) => i.status === 'unpaid');
    expect(open).toBeTruthy();
    const paidOn = new Date().toISOString().slice(0, 10);
    const paid = await finance.post(`/api/v1/finance/invoices/${open!.id}/payments`, { amountFen: open!.amountFen, method: 'bank_transfer', reference: 'ICBC-CREDIT', paidOn });
    expect(paid.status).toBe(201);
    const kind = paidOn <= open!.dueOn ? 'dues_on_time' : 'dues_late';
    await expect.poll(async () => (await archiveOf(open!.memberId)).entries.find((e) => e.link === `/finance/invoices/${open!.id}`)?.kind).toBe(kind);
    const lines = (await ledger()).filter((l) => l.member?.id === open!.memberId && l.kind === 'dues_on_time' && l.title.startsWith(`会费 ${(open!.amountFen / 100).toFixed(2)}`));
    expect(lines.length > 0).toBe(kind === 'dues_on_time');
  });
});

describe('exports', () => {
  it('the grade list opens in Excel best first, as the page shows it, and as a PDF', async () => {
    const download = async (path: string) => {
      const res = await fetch(server.url + path, { headers: { cookie: staff.cookie, 'accept-language': 'zh-CN' } });
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
    };
    const xlsx = await download('/api/v1/credit/members/export?format=xlsx');
    expect([xlsx.status, xlsx.type]).toEqual([200, expect.stringContaining('spreadsheetml')]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    expect(rows[1]).toEqual(['会员单位', '信用分', '信用等级', '记录', 'A 级推荐']);
    const list = (await staff.get('/api/v1/credit/members?limit=100')).body.items as { memberName: string; score: number; grade: string }[];
    expect(rows.slice(2).map((r) => [r[0], Number(r[1]), r[2]])).toEqual(list.map((m) => [m.memberName, m.score, m.grade]));
    const d = await download('/api/v1/credit/members/export?format=xlsx&grade=D');
    expect(d.status).toBe(200);
    const pdf = await download('/api/v1/credit/members/export?format=pdf');
    expect([pdf.status, pdf.body.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    expect((await member.request('GET', '/api/v1/credit/members/export?format=xlsx')).status).toBe(403);
  });
});

describe('dashboard: member credit grades', () => {
  it('counts companies per grade as the archive does, with the best A-grade companies to recommend', async () => {
    const council = await loginAs(server, 'council@demo.test');
    const widget = (await council.get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'creditGrades');
    const list = (await staff.get('/api/v1/credit/members?limit=100')).body;
    expect(widget.data.grades).toEqual(list.distribution);
    expect(widget.data.recommended.map((r: { memberId: string }) => r.memberId)).toEqual(list.items.filter((m: { grade: string }) => m.grade === 'A').slice(0, 5).map((m: { memberId: string }) => m.memberId));
    expect(widget.data.recommended.length).toBeGreaterThan(0);
  });
});

describe('the daily decay job', () => {
  it('lets old violations weigh less: a D company moves up years later, recorded as decay in its history, once per day on two instances', async () => {
    const id = companies['北方精密'];
    const before = await archiveOf(id);
    expect(before.standing.grade).toBe('D');
    const a = new Scheduler(server.services);
    const b = new Scheduler(server.services);
    a.register(creditDecayJob);
    b.register(creditDecayJob);
    // Six years on, at noon in Shanghai: after the job's 01:10 whatever the hour the test runs at.
    const later = new Date(Date.now() + 6 * 365 * 86_400_000);
    later.setUTCHours(4, 0, 0, 0);
    await Promise.all([a.tick(later), b.tick(later)]);
    const failed = await server.services.db.prisma.jobRun.findMany({ where: { name: { startsWith: 'credit-decay:' }, error: { not: null } } });
    expect(failed.map((f) => f.error)).toEqual([]);
    const after = await archiveOf(id);
    expect(after.standing.score).toBeGreaterThan(before.standing.score);
    expect(after.standing.grade).not.toBe('D');
    expect(after.history.filter((h) => h.cause === 'decay')).toHaveLength(1);
  });
});

describe('grade changes are news to the company', () => {
  it("the company's own login is notified when an entry changes its grade, with the entry that did it", async () => {
    const id = companies['华东智能'];
    let before = (await archiveOf(id)).standing.grade;
    let after = (await archiveOf(id)).standing;
    // Serious violations until the grade drops (each weighs 30 points).
    for (let i = 0; i < 4 && after.grade === before; i++) {
      before = after.grade;
      await creditFromEvent(server.services, 'integrity.entry.recorded', { tenantId, entryId: randomUUID(), memberId: id, kind: 'violation', title: '虚假宣传受到行政处罚', severity: 'critical', at: new Date().toISOString(), actorId: null });
      after = (await archiveOf(id)).standing;
    }
    expect(after.grade).not.toBe(before);
    const notes = (await member.get('/api/v1/notifications')).body.items as { title: string; body: string; link: string }[];
    expect(notes.find((n) => n.title === `信用等级由 ${before} 级调整为 ${after.grade} 级`)).toMatchObject({ body: `虚假宣传受到行政处罚（信用分 ${after.score}）`, link: '/credit/mine' });
  });
});
