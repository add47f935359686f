import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { makeAttendees, meetingBody } from './testing.ts';

let server: TestServer;
let staff: ApiClient;
let admin: ApiClient;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test');
  admin = await loginAs(server, 'admin@demo.test');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

type Live = { name: string; data: any };
async function inRoom(who: ApiClient, meetingId: string) {
  const s = connect(server.url, { path: '/socket.io', transports: ['websocket'], ...(who.bearer ? { auth: { token: who.bearer } } : { extraHeaders: { cookie: who.cookie } }) });
  sockets.push(s);
  const seen: Live[] = [];
  s.on('domain:event', (e: Live) => void seen.push(e));
  await new Promise<void>((ok) => s.once('connect', () => ok()));
  await new Promise((ok) => s.emit('room:join', { kind: 'meeting', id: meetingId }, ok));
  return seen;
}
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 20));
  }
};

describe('cancelling a meeting', () => {
  it('cancels every registration, tells the registrants why, shows the status and takes no more registrations', async () => {
    const m = (await staff.post('/api/v1/meetings', meetingBody({ capacity: 1 }))).body;
    const [a, b, late] = await makeAttendees(server, 'demo', 3);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});
    await b.post(`/api/v1/meetings/${m.id}/registration`, {});
    expect((await b.get(`/api/v1/meetings/${m.id}`)).body.mine.status).toBe('waitlisted');

    const noReason = await staff.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '  ' });
    expect(noReason.status).toBe(422);
    const res = await staff.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '场地临时检修' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.cancellation.reason).toBe('场地临时检修');
    expect(res.body.registrationOpen).toBe(false);

    for (const p of [a, b]) {
      expect((await p.get(`/api/v1/meetings/${m.id}`)).body.mine.status).toBe('cancelled');
      const note = (await p.get('/api/v1/notifications')).body.items[0];
      expect(note.link).toBe(`/meetings/${m.id}`);
      expect(note.body).toContain('场地临时检修');
    }
    const list = (await staff.get('/api/v1/meetings')).body.items.find((x: { id: string }) => x.id === m.id);
    expect(list).toMatchObject({ status: 'cancelled', cancellation: { reason: '场地临时检修' } });
    expect((await staff.get(`/api/v1/meetings/${m.id}/registrations`)).body.counts).toMatchObject({ confirmed: 0, waitlisted: 0, pending: 0 });

    const refused = await late.post(`/api/v1/meetings/${m.id}/registration`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('meetingCancelled');
    // A cancelled seat does not come back through the waitlist, a second cancel or an edit.
    expect((await a.post(`/api/v1/meetings/${m.id}/registration`, {})).status).toBe(409);
    expect((await staff.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '再次' })).status).toBe(409);
    expect((await staff.request("PUT", `/api/v1/meetings/${m.id}`, meetingBody({ capacity: 5 }))).status).toBe(409);
    // The chat is closed with it, staff included.
    expect((await staff.post(`/api/v1/meetings/${m.id}/chat`, { body: '还有人吗' })).status).toBe(409);
    expect((await a.get(`/api/v1/meetings/${m.id}/interaction`)).body.canTakePart).toBe(false);
  });

  it('is audited, and is for staff only', async () => {
    const m = (await staff.post('/api/v1/meetings', meetingBody())).body;
    const [member] = await makeAttendees(server, 'demo', 1);
    await member.post(`/api/v1/meetings/${m.id}/registration`, {});
    expect((await member.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '我不想开了' })).status).toBe(403);
    await staff.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '主讲嘉宾无法出席' });
    const audit = (await admin.get(`/api/v1/audit?entity=Meeting&entityId=${m.id}`)).body.items;
    const change = audit.find((e: { changed: string[] }) => e.changed.includes('status'));
    expect(change.after).toMatchObject({ status: 'cancelled', cancelReason: '主讲嘉宾无法出席' });
    expect(change.actor.email).toBe('secretariat@demo.test');
    const regs = (await admin.get(`/api/v1/audit?entity=MeetingRegistration`)).body.items;
    expect(regs.some((e: { after: { meetingId?: string; status?: string } | null }) => e.after?.meetingId === m.id && e.after?.status === 'cancelled')).toBe(true);
  });
});

describe('hiding a chat message', () => {
  it('removes it live for everyone and from attendees’ history, keeps it marked for moderators, and audits it', async () => {
    const m = (await staff.post('/api/v1/meetings', meetingBody())).body;
    const [a, b] = await makeAttendees(server, 'demo', 2);
    for (const p of [a, b]) await p.post(`/api/v1/meetings/${m.id}/registration`, {});
    const seenByB = await inRoom(b, m.id);
    const bad = (await a.post(`/api/v1/meetings/${m.id}/chat`, { body: '加微信领返利' })).body;
    await a.post(`/api/v1/meetings/${m.id}/chat`, { body: '请问下午几点开始？' });

    expect((await b.post(`/api/v1/meeting-chat/${bad.id}/hide`)).status).toBe(403);
    const hidden = await staff.post(`/api/v1/meeting-chat/${bad.id}/hide`);
    expect(hidden.status).toBe(200);
    expect(hidden.body.hidden).toBe(true);
    await until(() => seenByB.some((e) => e.name === 'meeting.chat.hidden' && e.data.messageId === bad.id));

    const forB = (await b.get(`/api/v1/meetings/${m.id}/interaction`)).body.chat;
    expect(forB.map((c: { body: string }) => c.body)).toEqual(['请问下午几点开始？']);
    const forStaff = (await staff.get(`/api/v1/meetings/${m.id}/interaction`)).body.chat;
    expect(forStaff.map((c: { body: string; hidden: boolean }) => [c.body, c.hidden])).toEqual([
      ['加微信领返利', true],
      ['请问下午几点开始？', false],
    ]);

    const audit = (await admin.get(`/api/v1/audit?entity=MeetingChatMessage&entityId=${bad.id}`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'hide', actor: { email: 'secretariat@demo.test' }, before: { body: '加微信领返利' } });
    // Hiding again changes nothing and writes no second entry.
    expect((await staff.post(`/api/v1/meeting-chat/${bad.id}/hide`)).status).toBe(200);
    expect((await admin.get(`/api/v1/audit?entity=MeetingChatMessage&entityId=${bad.id}`)).body.items).toHaveLength(1);
  });

  it('is not possible across associations', async () => {
    const m = (await staff.post('/api/v1/meetings', meetingBody())).body;
    const [a] = await makeAttendees(server, 'demo', 1);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});
    const msg = (await a.post(`/api/v1/meetings/${m.id}/chat`, { body: '本会消息' })).body;
    const other = await loginAs(server, 'secretariat@demo2.test');
    expect((await other.post(`/api/v1/meeting-chat/${msg.id}/hide`)).status).toBe(404);
  });
});
