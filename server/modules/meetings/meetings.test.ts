import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { inDays, makeAttendees, meetingBody } from './testing.ts';

let server: TestServer;
let staff: ApiClient;
let member: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test');
  member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
});
afterAll(() => server?.stop());

function collect<K extends keyof DomainEvents>(name: K) {
  const seen: DomainEvents[K][] = [];
  const stop = server.services.events.on(name, (e) => void seen.push(e));
  return { seen, stop };
}

async function schedule(over: Record<string, unknown> = {}) {
  const res = await staff.post('/api/v1/meetings', meetingBody(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; title: string };
}

describe('scheduling a meeting', () => {
  it('announces meeting.scheduled with the venue and its scenic-area flag, and again when moved', async () => {
    const scheduled = collect('meeting.scheduled');
    const m = await schedule({ venue: { name: '黄山风景区会议中心', address: '安徽黄山', scenicArea: true } });
    expect(scheduled.seen).toHaveLength(1);
    expect(scheduled.seen[0]).toMatchObject({ meetingId: m.id, format: 'hybrid', venue: { name: '黄山风景区会议中心', scenicArea: true } });
    const moved = await staff.request('PUT', `/api/v1/meetings/${m.id}`, meetingBody({ startsAt: inDays(8), endsAt: inDays(8, 2) }));
    expect(moved.status).toBe(200);
    expect(scheduled.seen).toHaveLength(2);
    expect(scheduled.seen[1].venue?.scenicArea).toBe(false);
    scheduled.stop();
  });

  it('keeps the agenda with its speakers and refuses a meeting that ends before it starts', async () => {
    const m = await schedule({ agenda: [{ title: '主旨报告', speakers: [{ name: '李教授', affiliation: '清华大学' }] }, { title: '圆桌讨论' }] });
    const got = (await member.get(`/api/v1/meetings/${m.id}`)).body;
    expect(got.agenda.map((a: { title: string }) => a.title)).toEqual(['主旨报告', '圆桌讨论']);
    expect(got.agenda[0].speakers[0]).toMatchObject({ name: '李教授', affiliation: '清华大学' });
    expect(got.videoConfigured).toBe(false);
    const bad = await staff.post('/api/v1/meetings', meetingBody({ startsAt: inDays(3), endsAt: inDays(2) }));
    expect(bad.status).toBe(422);
    const noVenue = await staff.post('/api/v1/meetings', meetingBody({ format: 'onsite', venue: null }));
    expect(noVenue.status).toBe(422);
  });
});

describe('registration', () => {
  it('asks conditional fields only when their condition holds, and drops hidden answers', async () => {
    const m = await schedule({
      formFields: [
        { key: 'company', label: '单位', type: 'text', required: true },
        { key: 'hotel', label: '需要住宿', type: 'checkbox' },
        { key: 'nights', label: '住宿晚数', type: 'number', required: true, showIf: { field: 'hotel', equals: true } },
        { key: 'meal', label: '餐食', type: 'select', options: ['普通', '清真', '素食'] },
      ],
    });
    const [a, b] = await makeAttendees(server, 'demo', 2);
    const missingNights = await a.post(`/api/v1/meetings/${m.id}/registration`, { answers: { company: '甲公司', hotel: true } });
    expect(missingNights.status).toBe(422);
    expect(missingNights.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.answers.nights']);
    const badChoice = await a.post(`/api/v1/meetings/${m.id}/registration`, { answers: { company: '甲公司', meal: '海鲜' } });
    expect(badChoice.status).toBe(422);
    const ok = await a.post(`/api/v1/meetings/${m.id}/registration`, { answers: { company: '甲公司', hotel: true, nights: '2', meal: '清真' } });
    expect(ok.status).toBe(201);
    expect(ok.body.answers).toEqual({ company: '甲公司', hotel: true, nights: 2, meal: '清真' });
    const hidden = await b.post(`/api/v1/meetings/${m.id}/registration`, { answers: { company: '乙公司', nights: 5 } });
    expect(hidden.status).toBe(201);
    expect(hidden.body.answers).toEqual({ company: '乙公司', hotel: false });
  });

  it('gives each registration a QR badge and refuses a second registration', async () => {
    const m = await schedule();
    const res = await member.post(`/api/v1/meetings/${m.id}/registration`, {});
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('confirmed');
    expect(res.body.code).toMatch(/^[A-Z2-9]{10}$/);
    expect(Buffer.from(res.body.qr.split(',')[1], 'base64').toString()).toContain('<svg');
    const again = await member.post(`/api/v1/meetings/${m.id}/registration`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.details.message).toBe('您已报名该会议。');
  });

  it('refuses registrations outside the registration window', async () => {
    const notYet = await schedule({ registrationOpensAt: inDays(1), registrationClosesAt: inDays(2) });
    const closed = await schedule({ registrationOpensAt: inDays(-3), registrationClosesAt: inDays(-1) });
    for (const m of [notYet, closed]) {
      const res = await member.post(`/api/v1/meetings/${m.id}/registration`, {});
      expect(res.status).toBe(409);
      expect(res.body.error.details.reason).toBe('registrationClosed');
    }
  });

  it('never confirms more than the capacity under 200 concurrent registrations; the rest wait in line', async () => {
    const m = await schedule({ capacity: 50 });
    const people = await makeAttendees(server, 'demo', 200);
    const results = await Promise.all(people.map((p) => p.post(`/api/v1/meetings/${m.id}/registration`, {})));
    expect(results.map((r) => r.status).every((s) => s === 201)).toBe(true);
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(50);
    expect(results.filter((r) => r.body.status === 'waitlisted')).toHaveLength(150);
    const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition as number);
    expect(Math.max(...positions)).toBeLessThanOrEqual(150);
    const list = (await staff.get(`/api/v1/meetings/${m.id}/registrations`)).body;
    expect(list.counts).toMatchObject({ confirmed: 50, waitlisted: 150, capacity: 50 });
  }, 60_000);

  it('promotes the first person on the waitlist when a confirmed attendee cancels, and tells them', async () => {
    const m = await schedule({ capacity: 2 });
    const [a, b, c, d] = await makeAttendees(server, 'demo', 4);
    for (const p of [a, b, c, d]) await p.post(`/api/v1/meetings/${m.id}/registration`, {});
    expect((await d.get(`/api/v1/meetings/${m.id}`)).body.mine.waitlistPosition).toBe(2);
    const cancelled = await a.delete(`/api/v1/meetings/${m.id}/registration`);
    expect(cancelled.status).toBe(204);
    expect((await c.get(`/api/v1/meetings/${m.id}`)).body.mine.status).toBe('confirmed');
    expect((await d.get(`/api/v1/meetings/${m.id}`)).body.mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const note = (await c.get('/api/v1/notifications')).body.items[0];
    expect(note.title).toContain(m.title);
    expect(note.link).toBe(`/meetings/${m.id}`);
    // Cancelling a waitlist place frees no seat.
    await d.delete(`/api/v1/meetings/${m.id}/registration`);
    expect((await staff.get(`/api/v1/meetings/${m.id}/registrations`)).body.counts).toMatchObject({ confirmed: 2, waitlisted: 0 });
  });

  it('holds registrations for approval when required; approval takes a seat, or a waitlist place when full', async () => {
    const m = await schedule({ capacity: 1, requiresApproval: true });
    const [a, b] = await makeAttendees(server, 'demo', 2);
    const ra = (await a.post(`/api/v1/meetings/${m.id}/registration`, {})).body;
    const rb = (await b.post(`/api/v1/meetings/${m.id}/registration`, {})).body;
    expect([ra.status, rb.status]).toEqual(['pending', 'pending']);
    const forbidden = await member.post(`/api/v1/meeting-registrations/${ra.id}/decision`, { decision: 'approve' });
    expect(forbidden.status).toBe(403);
    expect((await staff.post(`/api/v1/meeting-registrations/${ra.id}/decision`, { decision: 'approve' })).body.status).toBe('confirmed');
    expect((await staff.post(`/api/v1/meeting-registrations/${rb.id}/decision`, { decision: 'approve' })).body.status).toBe('waitlisted');
    // Staff cancel the confirmed one: the approved waitlisted person moves up.
    await staff.post(`/api/v1/meeting-registrations/${ra.id}/decision`, { decision: 'cancel' });
    expect((await b.get(`/api/v1/meetings/${m.id}`)).body.mine.status).toBe('confirmed');
    const twice = await staff.post(`/api/v1/meeting-registrations/${ra.id}/decision`, { decision: 'approve' });
    expect(twice.status).toBe(409);
  });
});

describe('check-in', () => {
  it('checks in by badge code once: a second scan changes nothing and attendance is announced once', async () => {
    const m = await schedule();
    const [a] = await makeAttendees(server, 'demo', 1);
    const reg = (await a.post(`/api/v1/meetings/${m.id}/registration`, {})).body;
    const attended = collect('meeting.attended');
    const checkedIn = collect('meeting.checkedIn');
    const first = await staff.post(`/api/v1/meetings/${m.id}/check-in`, { code: reg.code.toLowerCase() });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ alreadyCheckedIn: false, counts: { checkedIn: 1, confirmed: 1 } });
    const [again, concurrent] = await Promise.all([
      staff.post(`/api/v1/meetings/${m.id}/check-in`, { code: reg.code }),
      staff.post(`/api/v1/meetings/${m.id}/check-in`, { registrationId: reg.id }),
    ]);
    expect([again.body.alreadyCheckedIn, concurrent.body.alreadyCheckedIn]).toEqual([true, true]);
    expect(again.body.registration.checkedInAt).toBe(first.body.registration.checkedInAt);
    expect(again.body.counts.checkedIn).toBe(1);
    expect(checkedIn.seen).toHaveLength(1);
    expect(attended.seen).toEqual([expect.objectContaining({ meetingId: m.id, userId: a.userId, mode: 'onsite', watchMinutes: null, title: m.title })]);
    attended.stop();
    checkedIn.stop();
  });

  it('finds attendees by name for staff and refuses to check in someone not confirmed', async () => {
    const m = await schedule({ capacity: 1 });
    const [a, b] = await makeAttendees(server, 'demo', 2);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});
    const rb = (await b.post(`/api/v1/meetings/${m.id}/registration`, {})).body;
    const found = (await staff.get(`/api/v1/meetings/${m.id}/registrations?q=${encodeURIComponent(b.name)}`)).body.items;
    expect(found.map((r: { id: string }) => r.id)).toEqual([rb.id]);
    const waiting = await staff.post(`/api/v1/meetings/${m.id}/check-in`, { registrationId: rb.id });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.details.reason).toBe('notConfirmed');
    const unknown = await staff.post(`/api/v1/meetings/${m.id}/check-in`, { code: 'NOSUCHCODE' });
    expect(unknown.status).toBe(404);
    expect((await member.post(`/api/v1/meetings/${m.id}/check-in`, { code: 'NOSUCHCODE' })).status).toBe(403);
  });
});

describe('attendee list export', () => {
  it('is an XLSX with every registration and the answers to the custom fields', async () => {
    const m = await schedule({ formFields: [{ key: 'company', label: '工作单位', type: 'text', required: true }] });
    const [a, b] = await makeAttendees(server, 'demo', 2);
    await a.post(`/api/v1/meetings/${m.id}/registration`, { answers: { company: '甲公司' } });
    await b.post(`/api/v1/meetings/${m.id}/registration`, { answers: { company: '乙研究院' } });
    const zh = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
    const res = await fetch(`${server.url}/api/v1/meetings/${m.id}/registrations/export`, { headers: { cookie: zh.cookie, 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const text = JSON.stringify(wb.worksheets[0].getSheetValues());
    for (const s of ['工作单位', '甲公司', '乙研究院', a.name, b.name, '已确认']) expect(text).toContain(s);
  });
});

describe('dashboard widget', () => {
  it('shows registrations and check-ins of coming meetings to the council, and pushes new numbers on check-in', async () => {
    const m = await schedule({ title: '驾驶舱测试会议', startsAt: inDays(0, -1), endsAt: inDays(0, 2) });
    const [a] = await makeAttendees(server, 'demo', 1);
    const reg = (await a.post(`/api/v1/meetings/${m.id}/registration`, {})).body;
    const council = await loginAs(server, 'council@demo.test');
    const widget = (await council.get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'meetings');
    const row = widget.data.meetings.find((x: { id: string }) => x.id === m.id);
    expect(row).toMatchObject({ live: true, confirmed: 1, checkedIn: 0 });
    const { io } = await import('socket.io-client');
    const socket = io(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: council.cookie } });
    try {
      await new Promise<void>((ok) => socket.once('connect', () => ok()));
      const pushed = new Promise<{ data: { meetings: { id: string; checkedIn: number }[] } }>((ok) =>
        socket.on('dashboard:widget', (w: { key: string; data: { meetings: { id: string; checkedIn: number }[] } }) => {
          if (w.key === 'meetings' && w.data.meetings.find((x) => x.id === m.id)?.checkedIn === 1) ok(w);
        }),
      );
      await staff.post(`/api/v1/meetings/${m.id}/check-in`, { code: reg.code });
      expect((await pushed).data.meetings.find((x) => x.id === m.id)?.checkedIn).toBe(1);
    } finally {
      socket.disconnect();
    }
  });
});

describe('public meetings on the portal', () => {
  it('lists only coming meetings whose audience is the public, without attendee data, to anyone', async () => {
    const open = await schedule({ title: '公众开放日', audience: 'public', capacity: 10 });
    const internal = await schedule({ title: '会员内部座谈' });
    const [a] = await makeAttendees(server, 'demo', 1);
    await a.post(`/api/v1/meetings/${open.id}/registration`, {});
    const res = await fetch(`${server.url}/api/v1/portal/demo/meetings`);
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: { id: string; seatsLeft: number }[] }).items;
    expect(items.map((i) => i.id)).toContain(open.id);
    expect(items.map((i) => i.id)).not.toContain(internal.id);
    expect(items.find((i) => i.id === open.id)!.seatsLeft).toBe(9);
    expect(JSON.stringify(items)).not.toContain(a.name);
    const other = await fetch(`${server.url}/api/v1/portal/demo2/meetings`);
    expect(JSON.stringify(await other.json())).not.toContain(open.id);
  });
});
