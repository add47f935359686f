import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { evaluateEvent } from './service.ts';
import { meetingBody } from '../meetings/testing.ts';

let server: TestServer;
let officer: ApiClient;
let tenantId: string;
const sockets: Socket[] = [];

const scheduled = (meetingId: string, scenicArea: boolean, title = '年度理事会'): DomainEvents['meeting.scheduled'] => ({
  tenantId,
  meetingId,
  title,
  format: 'onsite',
  startsAt: '2027-04-10T01:00:00.000Z',
  endsAt: '2027-04-10T09:00:00.000Z',
  venue: { name: scenicArea ? '张家界景区国际会议中心' : '协会会议室', address: null, scenicArea },
  actorId: null,
});
const alerts = async () => (await officer.get('/api/v1/compliance/alerts')).body.items as { id: string; ruleKey: string; summary: string; status: string; severity: string }[];

beforeAll(async () => {
  server = await startTestServer();
  officer = await loginAs(server, 'compliance@demo.test', { language: 'zh-CN' });
  tenantId = (await officer.get('/api/v1/auth/session')).body.tenant.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe('compliance rules on domain events', () => {
  it('an association whose first rule is added through the API still gets the seed library', async () => {
    const other = await loginAs(server, 'compliance@demo2.test');
    const otherId = (await other.get('/api/v1/auth/session')).body.tenant.id;
    // As if no rule had ever been needed there (seed data may already have triggered the library).
    await server.services.db.prisma.complianceEvaluation.deleteMany({ where: { tenantId: otherId } });
    await server.services.db.prisma.complianceAlert.deleteMany({ where: { tenantId: otherId } });
    await server.services.db.prisma.complianceRule.deleteMany({ where: { tenantId: otherId } });
    const added = await other.post('/api/v1/compliance/rules', { key: 'gift_over_500', name: '礼品超标', event: 'expense.created', conditions: { all: [{ fact: 'category', operator: 'equal', value: 'gift' }] }, severity: 'low' });
    expect(added.status).toBe(201);
    const keys = ((await other.get('/api/v1/compliance/rules')).body.items as { key: string }[]).map((r) => r.key);
    expect(keys).toContain('gift_over_500');
    expect(keys).toContain('expense_without_decision');
    expect(keys).toHaveLength(7);
  });

  it('a meeting in a scenic area raises one alert, pushed live to the compliance department; a meeting elsewhere none', async () => {
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: officer.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const pushed = new Promise<{ name: string; data: DomainEvents['compliance.alert.changed'] }>((ok) => socket.on('domain:event', (e) => e.name === 'compliance.alert.changed' && ok(e)));

    server.services.events.publish('meeting.scheduled', scheduled('0190a000-0000-7000-8000-000000000001', true));
    const live = await pushed;
    expect(live.data).toMatchObject({ ruleKey: 'scenic_venue', severity: 'high', status: 'open', title: '风景名胜区办会' });
    server.services.events.publish('meeting.scheduled', scheduled('0190a000-0000-7000-8000-000000000002', false, '常务理事会'));
    await expect.poll(async () => (await server.services.db.prisma.complianceFact.count({ where: { tenantId } }))).toBe(2);
    const list = await alerts();
    expect(list.map((a) => `${a.ruleKey}:${a.summary}`)).toEqual(['scenic_venue:年度理事会']);
    // The officer is notified with a link to the alert.
    const notes = (await officer.get('/api/v1/notifications')).body.items;
    expect(notes[0]).toMatchObject({ title: '合规预警：风景名胜区办会', link: `/compliance/alerts/${list[0].id}` });
  });

  it('evaluates each business event once, even delivered twice at the same moment (two instances)', async () => {
    const event = scheduled('0190a000-0000-7000-8000-000000000003', true, '重复投递的会议');
    await Promise.all([evaluateEvent(server.services, 'meeting.scheduled', event), evaluateEvent(server.services, 'meeting.scheduled', event)]);
    await evaluateEvent(server.services, 'meeting.scheduled', event);
    expect((await alerts()).filter((a) => a.summary === '重复投递的会议')).toHaveLength(1);
  });

  it('party meetings below 80% attendance raise an alert (consumed from party.meeting.recorded)', async () => {
    const rec = (id: string, attendanceRate: number): DomainEvents['party.meeting.recorded'] => ({ tenantId, partyMeetingId: id, kind: 'branch_assembly', title: `支部党员大会 ${attendanceRate}`, heldOn: '2026-11-20', attendanceRate, actorId: null });
    await evaluateEvent(server.services, 'party.meeting.recorded', rec('0190a000-0000-7000-8000-000000000010', 0.75));
    await evaluateEvent(server.services, 'party.meeting.recorded', rec('0190a000-0000-7000-8000-000000000011', 0.9));
    expect((await alerts()).filter((a) => a.ruleKey === 'party_attendance_below_80').map((a) => a.summary)).toEqual(['支部党员大会 0.75']);
  });

  it('alerts go open → acknowledged → resolved or dismissed, with a reason, and keep their history', async () => {
    const [first] = await alerts();
    const skip = await officer.post(`/api/v1/compliance/alerts/${first.id}/transitions`, { to: 'resolved', reason: '已改址' });
    expect(skip.status).toBe(409);
    expect(skip.body.error.details.reason).toBe('预警当前为“待处理”，不能变为“已整改”。');
    expect((await officer.post(`/api/v1/compliance/alerts/${first.id}/transitions`, { to: 'acknowledged' })).body.status).toBe('acknowledged');
    const noReason = await officer.post(`/api/v1/compliance/alerts/${first.id}/transitions`, { to: 'resolved' });
    expect([noReason.status, noReason.body.error.details[0].message]).toEqual([422, '整改或排除预警时须填写说明。']);
    const done = await officer.post(`/api/v1/compliance/alerts/${first.id}/transitions`, { to: 'resolved', reason: '会议已改在协会会议室举行' });
    expect(done.body).toMatchObject({ status: 'resolved', reason: '会议已改在协会会议室举行' });
    expect(done.body.history.map((h: { status: string }) => h.status)).toEqual(['open', 'acknowledged', 'resolved']);
    expect(done.body.history[2]).toMatchObject({ actor: '陈刚（合规管理部）', reason: '会议已改在协会会议室举行' });
    expect((await officer.post(`/api/v1/compliance/alerts/${first.id}/transitions`, { to: 'dismissed', reason: 'x' })).status).toBe(409);
    // The council can read but not handle alerts.
    const council = await loginAs(server, 'council@demo.test');
    expect((await council.get(`/api/v1/compliance/alerts/${first.id}`)).status).toBe(200);
    expect((await council.post(`/api/v1/compliance/alerts/${first.id}/transitions`, { to: 'acknowledged' })).status).toBe(403);
    const summary = (await officer.get('/api/v1/compliance/alerts/summary')).body;
    expect(summary.open).toBe((await alerts()).filter((a) => a.status === 'open').length);
  });

  it('rules are data the officer edits, with a preview over past records before saving', async () => {
    const rules = (await officer.get('/api/v1/compliance/rules')).body.items;
    expect(rules.map((r: { key: string }) => r.key).sort()).toEqual(['council_paid_without_declaration', 'expense_without_decision', 'party_attendance_below_80', 'reception_over_standard', 'scenic_venue', 'unapproved_fee']);
    // Would a rule on the venue's name have caught the earlier meetings?
    const preview = await officer.post('/api/v1/compliance/rules/preview', { event: 'meeting.scheduled', conditions: { any: [{ fact: 'venueName', operator: 'equal', value: '协会会议室' }] } });
    expect(preview.body.evaluated).toBe(3);
    expect(preview.body.matches.map((m: { summary: string }) => m.summary)).toEqual(['常务理事会']);
    // Raising the attendance line to 95% catches the 90% meeting from now on.
    const party = rules.find((r: { key: string }) => r.key === 'party_attendance_below_80');
    const saved = await officer.request('PUT', `/api/v1/compliance/rules/${party.id}`, { ...party, id: undefined, openAlerts: undefined, updatedAt: undefined, nameEn: party.nameEn ?? undefined, description: party.description ?? undefined, conditions: { all: [{ fact: 'attendanceRate', operator: 'lessThan', value: 0.95 }] } });
    expect(saved.status).toBe(200);
    await evaluateEvent(server.services, 'party.meeting.recorded', { tenantId, partyMeetingId: '0190a000-0000-7000-8000-000000000012', kind: 'branch_assembly', title: '支委会 0.9', heldOn: '2026-11-21', attendanceRate: 0.9, actorId: null });
    expect((await alerts()).some((a) => a.summary === '支委会 0.9')).toBe(true);
    // Malformed conditions are refused.
    const bad = await officer.request('PUT', `/api/v1/compliance/rules/${party.id}`, { ...party, id: undefined, openAlerts: undefined, updatedAt: undefined, nameEn: undefined, description: undefined, conditions: { all: [{ fact: 'x', operator: 'eval', value: 1 }] } });
    expect(bad.status).toBe(422);
  });

  it('a meeting scheduled through the meetings module at a scenic venue raises the alert, linked to the meeting', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const meeting = await admin.post('/api/v1/meetings', meetingBody({ title: '西湖景区年会', venue: { name: '西湖景区会议中心', address: '杭州', scenicArea: true } }));
    expect(meeting.status).toBe(201);
    await expect.poll(async () => (await officer.get('/api/v1/compliance/alerts')).body.items.find((a: { summary: string }) => a.summary === '西湖景区年会')?.link).toBe(`/meetings/${meeting.body.id}`);
  });

  it("keeps associations apart: another one's events raise nothing here", async () => {
    const other = await loginAs(server, 'compliance@demo2.test');
    const otherTenant = (await other.get('/api/v1/auth/session')).body.tenant.id;
    const before = (await alerts()).length;
    await evaluateEvent(server.services, 'meeting.scheduled', { ...scheduled('0190a000-0000-7000-8000-000000000020', true, '别的协会的会'), tenantId: otherTenant });
    expect((await alerts()).length).toBe(before);
    expect((await other.get('/api/v1/compliance/alerts')).body.items.map((a: { summary: string }) => a.summary)).toEqual(['别的协会的会']);
  });
});

describe('dashboard: compliance alerts', () => {
  it('counts alerts not closed by severity and status for the council', async () => {
    const council = await loginAs(server, 'council@demo.test');
    const widget = (await council.get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'complianceAlerts');
    const open = (await alerts()).filter((a) => a.status === 'open' || a.status === 'acknowledged');
    const high = widget.data.bySeverity.find((s: { severity: string }) => s.severity === 'high');
    expect(high.open + high.acknowledged).toBe(open.filter((a) => a.severity === 'high').length);
    expect(widget.data.closed30d).toBe(1);
  });
});
