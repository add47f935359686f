import ExcelJS from 'exceljs';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { periodStart, pointsFromEvent } from './service.ts';

let server: TestServer;
let staff: ApiClient;
let member: ApiClient;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
  member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

type Row = { rank: number; id: string; name: string; points: number };
const ranking = async (scope: 'users' | 'members', period = 'all') => (await member.get(`/api/v1/points/ranking?scope=${scope}&period=${period}`)).body.items as Row[];

describe('points ranking', () => {
  it('ranks people and member companies by their points, highest first, with the ledger as its sum', async () => {
    const users = await ranking('users');
    expect(users.length).toBeGreaterThan(2);
    expect(users.map((u) => u.points)).toEqual(users.map((u) => u.points).toSorted((a, b) => b - a));
    expect(users[0].rank).toBe(1);
    const lines = (await staff.get('/api/v1/points/ledger?limit=200')).body.items as { points: number; user: { id: string } | null; member: { id: string } | null }[];
    for (const u of users) expect(u.points).toBe(lines.filter((l) => l.user?.id === u.id).reduce((s, l) => s + l.points, 0));
    const companies = await ranking('members');
    for (const c of companies) expect(c.points).toBe(lines.filter((l) => l.member?.id === c.id).reduce((s, l) => s + l.points, 0));
    expect(companies[0].name).toBe('华东智能制造股份有限公司');
  });

  it('an adjustment with a reason moves a person up, and every open ranking hears of it live', async () => {
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: member.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const heard = new Promise<DomainEvents['points.awarded']>((ok) => socket.on('domain:event', (e: { name: string; data: DomainEvents['points.awarded'] }) => e.name === 'points.awarded' && ok(e.data)));

    const users = await ranking('users', 'year');
    const last = users.at(-1)!;
    const res = await staff.post('/api/v1/points/adjustments', { userId: last.id, points: users[0].points + 5, reason: '年度优秀志愿者' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'adjustment', reason: '年度优秀志愿者', user: { id: last.id } });
    expect(await heard).toMatchObject({ userId: last.id, points: users[0].points + 5, kind: 'adjustment' });
    const now = await ranking('users', 'year');
    expect(now[0]).toMatchObject({ id: last.id, rank: 1, points: last.points + users[0].points + 5 });
    // Equal points share a rank.
    const ties = now.filter((r, i) => i > 0 && r.points === now[i - 1].points);
    for (const t of ties) expect(t.rank).toBe(now.find((r) => r.points === t.points)!.rank);
  });

  it('refuses adjustments of zero, without a target, or to someone outside the association', async () => {
    const zero = await staff.post('/api/v1/points/adjustments', { userId: (await ranking('users'))[0].id, points: 0, reason: 'x' });
    expect([zero.status, zero.body.error.details[0].message]).toEqual([422, '调整分值不能为 0。']);
    expect((await staff.post('/api/v1/points/adjustments', { points: 5, reason: 'x' })).status).toBe(422);
    const outsider = await loginAs(server, 'admin@demo2.test');
    const outsiderId = (await outsider.get('/api/v1/auth/session')).body.user.id;
    expect((await staff.post('/api/v1/points/adjustments', { userId: outsiderId, points: 5, reason: 'x' })).status).toBe(422);
    expect((await member.post('/api/v1/points/adjustments', { userId: outsiderId, points: 5, reason: 'x' })).status).toBe(403);
  });

  it("shows a member its own and its company's points and rank", async () => {
    const mine = (await member.get('/api/v1/points/mine')).body;
    expect(mine.member).toMatchObject({ name: '华东智能制造股份有限公司', rank: 1 });
    expect(mine.member.points).toBe((await ranking('members'))[0].points);
    expect(mine.user.points).toBe(mine.entries.filter((e: { user: { name: string } | null }) => e.user?.name === '马骏（会员单位联系人）').reduce((s: number, e: { points: number }) => s + e.points, 0));
  });

  it('a ranking exports to Excel in the same order', async () => {
    const res = await fetch(`${server.url}/api/v1/points/ranking/export?format=xlsx&scope=members&period=all`, { headers: { cookie: member.cookie, 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    expect(rows[1]).toEqual(['名次', '会员单位', '积分']);
    expect(rows.slice(2).map((r) => [Number(r[0]), r[1], Number(r[2])])).toEqual((await ranking('members')).map((r) => [r.rank, r.name, r.points]));
  });

  it('rules per activity apply to later points', async () => {
    const rules = (await staff.get('/api/v1/points/rules')).body;
    const { updatedAt: _u, ...input } = rules;
    const saved = await staff.request('PUT', '/api/v1/points/rules', { ...input, meetingAttended: 15 });
    expect([saved.status, saved.body.meetingAttended]).toEqual([200, 15]);
    const session = (await member.get('/api/v1/auth/session')).body;
    server.services.events.publish('meeting.attended', { tenantId: session.tenant.id, meetingId: '0190a000-0000-7000-8000-00000000aa01', title: '规则调整后的会议', userId: session.user.id, mode: 'online', watchMinutes: 50, at: new Date().toISOString() });
    await expect.poll(async () => (await member.get('/api/v1/points/mine')).body.entries.find((e: { title: string }) => e.title === '规则调整后的会议')?.points).toBe(15);
  });
});

describe('ranking periods', () => {
  it('counts points in the period they were earned: last years\' work is in the all-time ranking only', async () => {
    const session = (await staff.get('/api/v1/auth/session')).body;
    const total = async (period: string) => (await ranking('users', period)).find((r) => r.id === session.user.id)?.points ?? 0;
    const [year, all] = [await total('year'), await total('all')];
    const old = await pointsFromEvent(server.services, 'expert.service.recorded', { tenantId: session.tenant.id, userId: session.user.id, kind: 'consultation', hours: 10, at: '2020-05-01T02:00:00.000Z' });
    expect(old).toMatchObject({ points: 80 });
    expect([await total('year'), await total('all')]).toEqual([year, all + 80]);
  });

  it("start at the association's local month, quarter and year", () => {
    const now = new Date('2026-04-30T17:00:00Z'); // 1 May 01:00 in Shanghai
    expect(periodStart('month', 'Asia/Shanghai', now)?.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(periodStart('quarter', 'Asia/Shanghai', now)?.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(periodStart('year', 'Asia/Shanghai', now)?.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(periodStart('month', 'UTC', now)?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(periodStart('all', 'Asia/Shanghai', now)).toBeNull();
  });
});
