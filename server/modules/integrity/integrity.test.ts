import ExcelJS from 'exceljs';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { riskReviewJob } from './jobs.ts';

let server: TestServer;
let officer: ApiClient; // 合规管理部
let council: ApiClient; // 理事
let party: ApiClient; // 党支部书记
let councilId: string;
let memberId: string;
let memberName: string;
let free: { id: string; name: string }[];
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  officer = await loginAs(server, 'compliance@demo.test', { language: 'zh-CN' });
  council = await loginAs(server, 'council@demo.test', { language: 'zh-CN' });
  party = await loginAs(server, 'party@demo.test', { language: 'zh-CN' });
  councilId = (await officer.get('/api/v1/users?q=council@demo.test')).body.items[0].id;
  // Member companies nobody has declared a position with yet (the demo data has some).
  const declared = new Set((await officer.get('/api/v1/parttime/declarations')).body.items.map((d: { payerMemberId: string | null }) => d.payerMemberId));
  free = (await officer.get('/api/v1/members')).body.items.filter((m: { id: string }) => !declared.has(m.id));
  memberId = free[0].id;
  memberName = free[0].name;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

async function socketOf(client: ApiClient) {
  const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: client.cookie } });
  sockets.push(socket);
  await new Promise<void>((ok) => socket.once('connect', () => ok()));
  return socket;
}

describe('the integrity-risk ledger', () => {
  it('compliance records risk points per department and post; the council reads them; others may not', async () => {
    const body = { department: '财务部', post: '出纳', title: '大额资金支付', level: 'high', description: '单笔支出未经审批即付款', measures: '双人复核；超过 5 万元须集体决策', owner: '刘会计', reviewOn: '2020-06-30' };
    const created = await officer.post('/api/v1/integrity/risks', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, reviewDue: true });
    const changed = await officer.request('PUT', `/api/v1/integrity/risks/${created.body.id}`, { ...body, reviewOn: '2099-06-30', level: 'medium' });
    expect(changed.body).toMatchObject({ level: 'medium', reviewDue: false });
    expect((await council.get('/api/v1/integrity/risks')).body.items.map((r: { title: string }) => r.title)).toContain('大额资金支付');
    expect((await council.post('/api/v1/integrity/risks', body)).status).toBe(403);
    const member = await loginAs(server, 'member@demo.test');
    expect((await member.get('/api/v1/integrity/risks')).status).toBe(403);
    // The ledger exports as the association files it.
    const xlsx = await fetch(`${server.url}/api/v1/integrity/risks/export?format=xlsx`, { headers: { cookie: council.cookie, 'accept-language': 'zh-CN' } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    expect(rows[1]).toEqual(['部门', '岗位', '风险点', '风险等级', '风险描述', '防控措施', '责任人', '复核日期']);
    expect(rows).toContainEqual(['财务部', '出纳', '大额资金支付', '中', '单笔支出未经审批即付款', '双人复核；超过 5 万元须集体决策', '刘会计', '2099-06-30']);
  });
});

describe('risk review reminders', () => {
  it('on the review date the compliance department is reminded once, by one of two instances; a new date reminds again', async () => {
    const body = { department: '办公室', post: '采购', title: '采购围标串标', level: 'medium', description: '供应商之间串通报价', measures: '三家以上比价；采购结果公示', owner: '周主任', reviewOn: '2026-03-01' };
    const id = (await officer.post('/api/v1/integrity/risks', body)).body.id;
    const reminders = async () => (await officer.get('/api/v1/notifications?limit=100')).body.items.filter((n: { title: string }) => n.title === '廉政风险点待复核：办公室 · 采购围标串标');
    const run = async (at: string) => {
      const a = new Scheduler(server.services);
      const b = new Scheduler(server.services);
      a.register(riskReviewJob);
      b.register(riskReviewJob);
      await Promise.all([a.tick(new Date(at)), b.tick(new Date(at))]);
    };
    // 09:00 in Shanghai on 2 March and the day after.
    await run('2026-03-02T01:00:00Z');
    await run('2026-03-03T01:00:00Z');
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]).toMatchObject({ link: '/compliance/integrity?tab=risks' });
    await officer.request('PUT', `/api/v1/integrity/risks/${id}`, { ...body, reviewOn: '2026-06-01' });
    await run('2026-05-31T01:00:00Z');
    expect(await reminders()).toHaveLength(1);
    await run('2026-06-01T01:00:00Z');
    expect(await reminders()).toHaveLength(2);
  });
});

describe('integrity entries about member companies', () => {
  it('publishes integrity.entry.recorded for the credit archive, with the evidence file kept', async () => {
    const seen = new Promise<DomainEvents['integrity.entry.recorded']>((ok) => {
      const stop = server.services.events.on('integrity.entry.recorded', (d) => {
        stop();
        ok(d);
      });
    });
    const file = { name: '投诉材料.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 evidence').toString('base64') };
    const res = await officer.post('/api/v1/integrity/entries', { memberId, kind: 'complaint', title: '客户投诉延期交货', severity: 'medium', evidence: '投诉函及往来邮件', file, occurredOn: '2026-11-02' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ memberName, kind: 'complaint', severity: 'medium', file: { name: '投诉材料.pdf' } });
    expect(await seen).toMatchObject({ entryId: res.body.id, memberId, kind: 'complaint', title: '客户投诉延期交货', severity: 'medium' });
    const download = await officer.get(`/api/v1/integrity/entries/${res.body.id}/file`);
    expect([download.status, String(download.body)]).toEqual([200, '%PDF-1.4 evidence']);
    // A violation needs its severity; an award has none.
    const noSeverity = await officer.post('/api/v1/integrity/entries', { memberId, kind: 'violation', title: '违规', evidence: '检查记录', occurredOn: '2026-11-03' });
    expect([noSeverity.status, noSeverity.body.error.details[0].message]).toEqual([422, '违规、投诉和合规发现须注明程度。']);
    const award = await officer.post('/api/v1/integrity/entries', { memberId, kind: 'award', title: '年度优秀会员', severity: 'high', evidence: '表彰决定', occurredOn: '2026-11-04' });
    expect(award.body.severity).toBeNull();
    expect((await officer.get(`/api/v1/integrity/entries?memberId=${memberId}`)).body.items.map((e: { title: string }) => e.title)).toEqual(['年度优秀会员', '客户投诉延期交货']);
  });

  it("reaches the member's credit archive (the credit module consumes the event)", async () => {
    const res = await officer.post('/api/v1/integrity/entries', { memberId, kind: 'violation', title: '以协会名义违规评比', severity: 'high', evidence: '举报材料与核查记录', occurredOn: '2026-11-05' });
    await expect.poll(async () => JSON.stringify((await officer.get(`/api/v1/credit/members/${memberId}`)).body)).toContain('以协会名义违规评比');
    expect(res.status).toBe(201);
  });
});

describe('part-time declarations (兼职申报) and payments (兼职取酬)', () => {
  it('a council member declares; the declarant cannot decide it; the party secretary approves, or rejects only with a comment', async () => {
    const decl = await council.post('/api/v1/parttime/declarations', { organisation: memberName, position: '独立董事', payerMemberId: memberId, paid: true, amountFen: 6_000_000, startOn: '2026-01-01' });
    expect(decl.status).toBe(201);
    expect(decl.body).toMatchObject({ status: 'pending', isMember: true, role: 'council' });
    const other = await council.post('/api/v1/parttime/declarations', { organisation: '某大学', position: '兼职教授', paid: false, startOn: '2026-03-01' });
    // Paid positions need their amount.
    expect((await council.post('/api/v1/parttime/declarations', { organisation: '某公司', position: '顾问', paid: true, startOn: '2026-03-01' })).status).toBe(422);
    // Someone who only declares sees their own declarations; the council member cannot decide theirs.
    const finance = await loginAs(server, 'finance@demo.test');
    await finance.post('/api/v1/parttime/declarations', { organisation: '某基金会', position: '监事', paid: false, startOn: '2026-02-01' });
    const financeSees = (await finance.get('/api/v1/parttime/declarations')).body.items;
    expect(financeSees.map((d: { organisation: string }) => d.organisation)).toEqual(['某基金会']);
    expect((await council.get('/api/v1/parttime/declarations')).body.items.length).toBeGreaterThan(financeSees.length);
    expect((await council.post(`/api/v1/parttime/declarations/${decl.body.id}/decision`, { decision: 'approved' })).status).toBe(403);
    const noComment = await party.post(`/api/v1/parttime/declarations/${other.body.id}/decision`, { decision: 'rejected' });
    expect([noComment.status, noComment.body.error.details[0].message]).toEqual([422, '驳回须填写审批意见。']);
    const rejected = await party.post(`/api/v1/parttime/declarations/${other.body.id}/decision`, { decision: 'rejected', comment: '请补充聘任文件' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewComment: '请补充聘任文件', reviewedBy: expect.any(String) });
    const approved = await party.post(`/api/v1/parttime/declarations/${decl.body.id}/decision`, { decision: 'approved', comment: '同意，报酬须如实申报' });
    expect(approved.body.status).toBe('approved');
    expect((await party.post(`/api/v1/parttime/declarations/${decl.body.id}/decision`, { decision: 'rejected', comment: 'x' })).status).toBe(409);
    // The declarant is told.
    const notes = (await council.get('/api/v1/notifications')).body.items.map((n: { title: string }) => n.title);
    expect(notes).toContain(`兼职申报已批准：${memberName}`);
  });

  it('the declarant corrects a pending declaration and answers a rejection; an approved one, or anyone else’s, stays as it is', async () => {
    const first = await council.post('/api/v1/parttime/declarations', { organisation: '某研究院', position: '顾问', paid: false, startOn: '2026-04-01' });
    const put = (who: ApiClient, id: string, body: unknown) => who.request('PUT', `/api/v1/parttime/declarations/${id}`, body);
    // A typo fixed while it waits: still pending, with the new values.
    const fixed = await put(council, first.body.id, { organisation: '某研究院', position: '首席顾问', paid: true, amountFen: 1_200_000, startOn: '2026-04-01' });
    expect([fixed.status, fixed.body]).toEqual([200, expect.objectContaining({ status: 'pending', position: '首席顾问', paid: true, amountFen: 1_200_000 })]);
    // Bad input changes nothing.
    expect((await put(council, first.body.id, { organisation: '某研究院', position: '顾问', paid: true, startOn: '2026-04-01' })).status).toBe(422);
    // Rejected, then changed: back to the reviewers as pending, the old decision cleared, and they are told.
    await party.post(`/api/v1/parttime/declarations/${first.body.id}/decision`, { decision: 'rejected', comment: '报酬须附聘用协议' });
    const again = await put(council, first.body.id, { organisation: '某研究院', position: '首席顾问', paid: true, amountFen: 1_500_000, startOn: '2026-04-01' });
    expect(again.body).toMatchObject({ status: 'pending', amountFen: 1_500_000, reviewComment: null, reviewedBy: null, reviewedAt: null });
    expect((await party.get('/api/v1/notifications')).body.items.map((n: { title: string }) => n.title)).toContain(`兼职申报已修改，重新提交审批：${again.body.userName}`);
    // Someone else's cannot be changed, not even by a reviewer.
    const notMine = await put(party, first.body.id, { organisation: '别人', position: '别人', paid: false, startOn: '2026-04-01' });
    expect([notMine.status, notMine.body.error.details.reason]).toEqual([403, '只能修改本人的兼职申报。']);
    // Approved: fixed as it is.
    await party.post(`/api/v1/parttime/declarations/${first.body.id}/decision`, { decision: 'approved' });
    const late = await put(council, first.body.id, { organisation: '某研究院', position: '院长', paid: false, startOn: '2026-04-01' });
    expect([late.status, late.body.error.details.reason]).toEqual([409, '已批准的申报不能修改；职务有变化请重新申报。']);
    const now = (await council.get('/api/v1/parttime/declarations')).body.items.find((d: { id: string }) => d.id === first.body.id);
    expect(now).toMatchObject({ status: 'approved', position: '首席顾问', amountFen: 1_500_000 });
  });

  it('a secretariat reviewer cannot decide their own declaration', async () => {
    const secretariat = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
    const own = await secretariat.post('/api/v1/parttime/declarations', { organisation: '某协会', position: '理事', paid: false, startOn: '2026-05-01' });
    const res = await secretariat.post(`/api/v1/parttime/declarations/${own.body.id}/decision`, { decision: 'approved' });
    expect([res.status, res.body.error.details.reason]).toEqual([409, '不能审批本人的兼职申报。']);
  });
});

describe('council member paid by a member company: the rule council_paid_without_declaration through the real compliance engine', () => {
  let other: { id: string; name: string };
  beforeAll(async () => {
    other = free[1];
  });
  const pay = (payerMemberId: string | null, extra: Record<string, unknown> = {}) => officer.post('/api/v1/parttime/payments', { userId: councilId, payerMemberId, amountFen: 500_000, paidOn: '2026-11-20', ...extra });
  const openAlerts = async () => (await officer.get('/api/v1/compliance/alerts?open=true')).body.items.filter((a: { ruleKey: string }) => a.ruleKey === 'council_paid_without_declaration') as { summary: string; facts: Record<string, unknown> }[];
  const evaluated = async (paymentId: string) =>
    expect.poll(() => server.services.db.prisma.complianceFact.count({ where: { eventId: `parttime.payment.recorded:${paymentId}` } })).toBe(1);

  it('with an approved declaration for that payer: no alert', async () => {
    const before = (await openAlerts()).length;
    const res = await pay(memberId);
    expect(res.body).toMatchObject({ declarationFiled: true, payerIsMember: true, role: 'council', payerName: memberName });
    await evaluated(res.body.id);
    expect((await openAlerts()).length).toBe(before);
  });

  it('from a member company without a declaration (or only a pending or rejected one): an alert', async () => {
    // A pending declaration for the other company does not count.
    await council.post('/api/v1/parttime/declarations', { organisation: other.name, position: '顾问', payerMemberId: other.id, paid: true, amountFen: 100_000, startOn: '2026-06-01' });
    const res = await pay(other.id);
    expect(res.body).toMatchObject({ declarationFiled: false, payerIsMember: true });
    await evaluated(res.body.id);
    await expect.poll(async () => (await openAlerts()).some((a) => a.facts.declarationFiled === false && a.summary.includes(other.name))).toBe(true);
  });

  it('from an organisation that is not a member company: no alert', async () => {
    const before = (await openAlerts()).length;
    const res = await pay(null, { payerName: '某大学' });
    expect(res.body).toMatchObject({ declarationFiled: false, payerIsMember: false });
    await evaluated(res.body.id);
    expect((await openAlerts()).length).toBe(before);
    expect((await officer.post('/api/v1/parttime/payments', { userId: councilId, amountFen: 1, paidOn: '2026-11-20' })).status).toBe(422);
  });
});

describe('the live badge on 合规预警 in the sidebar', () => {
  it('loads the count of alerts not closed and pushes the new count live to compliance and council, not to others', async () => {
    const start = (await officer.get('/api/v1/nav/badges')).body.badges['/compliance'];
    const summary = (await officer.get('/api/v1/compliance/alerts/summary')).body;
    expect(start).toBe(summary.open + summary.acknowledged);
    expect((await (await loginAs(server, 'member@demo.test')).get('/api/v1/nav/badges')).body.badges).toEqual({});

    const officerSocket = await socketOf(officer);
    const councilSocket = await socketOf(council);
    const memberSocket = await socketOf(await loginAs(server, 'member@demo.test'));
    const memberGot: unknown[] = [];
    memberSocket.on('nav:badge', (b) => memberGot.push(b));
    const next = (s: Socket) => new Promise<{ href: string; count: number }>((ok) => s.once('nav:badge', ok));
    let officerNext = next(officerSocket);
    const councilNext = next(councilSocket);

    const other = free[2];
    await officer.post('/api/v1/parttime/payments', { userId: councilId, payerMemberId: other.id, amountFen: 800_000, paidOn: '2026-11-21' });
    expect(await officerNext).toEqual({ href: '/compliance', count: start + 1 });
    expect(await councilNext).toEqual({ href: '/compliance', count: start + 1 });

    // Acknowledging keeps it counted; resolving takes it off.
    const alert = (await officer.get('/api/v1/compliance/alerts?status=open')).body.items[0];
    officerNext = next(officerSocket);
    await officer.post(`/api/v1/compliance/alerts/${alert.id}/transitions`, { to: 'acknowledged' });
    expect((await officerNext).count).toBe(start + 1);
    officerNext = next(officerSocket);
    await officer.post(`/api/v1/compliance/alerts/${alert.id}/transitions`, { to: 'resolved', reason: '已补办申报' });
    expect((await officerNext).count).toBe(start);
    expect(memberGot).toEqual([]);
  });
});
