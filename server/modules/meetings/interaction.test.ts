import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { makeAttendees, meetingBody } from './testing.ts';

let server: TestServer;
let staff: ApiClient;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

type Live = { name: string; data: any };
/** A browser-like socket for one person, joined to the meeting's room; `seen` collects what reaches it. */
async function inRoom(who: ApiClient, meetingId: string) {
  const s = connect(server.url, { path: '/socket.io', transports: ['websocket'], ...(who.bearer ? { auth: { token: who.bearer } } : { extraHeaders: { cookie: who.cookie } }) });
  sockets.push(s);
  const seen: Live[] = [];
  s.on('domain:event', (e: Live) => void seen.push(e));
  await new Promise<void>((ok) => s.once('connect', () => ok()));
  const joined = await new Promise<{ ok: boolean; code?: string }>((ok) => s.emit('room:join', { kind: 'meeting', id: meetingId }, ok));
  return { socket: s, seen, joined };
}
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 20));
  }
};

async function meetingWith(n: number) {
  const m = (await staff.post('/api/v1/meetings', meetingBody())).body as { id: string };
  const people = await makeAttendees(server, 'demo', n);
  for (const p of people) await p.post(`/api/v1/meetings/${m.id}/registration`, {});
  return { m, people };
}

describe('live chat', () => {
  it('reaches everyone in the meeting room at once and is kept', async () => {
    const { m, people } = await meetingWith(2);
    const [a, b] = people;
    const bRoom = await inRoom(b, m.id);
    expect(bRoom.joined.ok).toBe(true);
    const sent = await a.post(`/api/v1/meetings/${m.id}/chat`, { body: '大家好，我是甲公司的代表' });
    expect(sent.status).toBe(201);
    await until(() => bRoom.seen.some((e) => e.name === 'meeting.chat.posted' && e.data.message.body === '大家好，我是甲公司的代表'));
    const later = (await b.get(`/api/v1/meetings/${m.id}/interaction`)).body;
    expect(later.chat.map((c: { body: string }) => c.body)).toEqual(['大家好，我是甲公司的代表']);
    expect(later.chat[0].userName).toBe(a.name);
  });

  it('is for participants only: others may not post, and another association cannot even join the room', async () => {
    const { m } = await meetingWith(0);
    const [outsiderMember] = await makeAttendees(server, 'demo', 1);
    const refused = await outsiderMember.post(`/api/v1/meetings/${m.id}/chat`, { body: 'hi' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('notParticipant');
    const other = await loginAs(server, 'admin@demo2.test');
    const { joined } = await inRoom(other, m.id);
    expect(joined).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('is rate-limited per person', async () => {
    const { m, people } = await meetingWith(2);
    const [a, b] = people;
    const results = [];
    for (let i = 0; i < 9; i++) results.push(await a.post(`/api/v1/meetings/${m.id}/chat`, { body: `消息 ${i}` }));
    expect(results.slice(0, 8).every((r) => r.status === 201)).toBe(true);
    expect(results[8].status).toBe(429);
    expect(Number(results[8].headers.get('retry-after'))).toBeGreaterThan(0);
    // Someone else is not held back by it.
    expect((await b.post(`/api/v1/meetings/${m.id}/chat`, { body: '我还能发言' })).status).toBe(201);
  });
});

describe('moderated Q&A', () => {
  it('shows a question to others only once approved; upvotes count once; answered questions close', async () => {
    const { m, people } = await meetingWith(3);
    const [asker, other, third] = people;
    const staffRoom = await inRoom(staff, m.id);
    const otherRoom = await inRoom(other, m.id);
    const q = (await asker.post(`/api/v1/meetings/${m.id}/questions`, { body: '团体标准何时发布？' })).body;
    expect(q.status).toBe('pending');
    await until(() => staffRoom.seen.some((e) => e.name === 'meeting.question.changed' && e.data.question.id === q.id));
    expect((await other.get(`/api/v1/meetings/${m.id}/interaction`)).body.questions).toEqual([]);
    expect((await asker.get(`/api/v1/meetings/${m.id}/interaction`)).body.questions.map((x: { id: string }) => x.id)).toEqual([q.id]);
    expect((await other.post(`/api/v1/meeting-questions/${q.id}/vote`)).status).toBe(409);
    expect((await other.post(`/api/v1/meeting-questions/${q.id}/moderation`, { action: 'approve' })).status).toBe(403);

    await staff.post(`/api/v1/meeting-questions/${q.id}/moderation`, { action: 'approve' });
    await until(() => otherRoom.seen.some((e) => e.name === 'meeting.question.changed' && e.data.question.status === 'approved'));
    expect(otherRoom.seen.filter((e) => e.name === 'meeting.question.changed' && e.data.question.status === 'pending')).toEqual([]);
    await other.post(`/api/v1/meeting-questions/${q.id}/vote`);
    const twice = await other.post(`/api/v1/meeting-questions/${q.id}/vote`);
    expect(twice.body).toMatchObject({ votes: 1, votedByMe: true });
    expect((await third.post(`/api/v1/meeting-questions/${q.id}/vote`)).body.votes).toBe(2);
    await until(() => otherRoom.seen.some((e) => e.name === 'meeting.question.changed' && e.data.question.votes === 2));

    await staff.post(`/api/v1/meeting-questions/${q.id}/moderation`, { action: 'answered' });
    expect((await asker.post(`/api/v1/meeting-questions/${q.id}/vote`)).status).toBe(409);
    expect((await other.get(`/api/v1/meetings/${m.id}/interaction`)).body.questions[0]).toMatchObject({ status: 'answered', votes: 2 });
  });
});

describe('live polls', () => {
  it('pushes results to the room as people vote, one vote each, until closed', async () => {
    const { m, people } = await meetingWith(3);
    const [a, b, c] = people;
    const cRoom = await inRoom(c, m.id);
    const poll = (await staff.post(`/api/v1/meetings/${m.id}/polls`, { question: '下届年会地点？', options: ['北京', '上海', '深圳'] })).body;
    await until(() => cRoom.seen.some((e) => e.name === 'meeting.poll.changed' && e.data.poll.id === poll.id));
    await a.post(`/api/v1/meeting-polls/${poll.id}/vote`, { option: 1 });
    await b.post(`/api/v1/meeting-polls/${poll.id}/vote`, { option: 1 });
    await until(() => cRoom.seen.some((e) => e.name === 'meeting.poll.changed' && e.data.poll.total === 2));
    expect(cRoom.seen.at(-1)!.data.poll.counts).toEqual([0, 2, 0]);
    const again = await a.post(`/api/v1/meeting-polls/${poll.id}/vote`, { option: 0 });
    expect(again.status).toBe(409);
    expect((await a.post(`/api/v1/meeting-polls/${poll.id}/vote`, { option: 7 })).status).toBe(422);
    await staff.post(`/api/v1/meeting-polls/${poll.id}/close`);
    expect((await c.post(`/api/v1/meeting-polls/${poll.id}/vote`, { option: 2 })).status).toBe(409);
    const seen = (await c.get(`/api/v1/meetings/${m.id}/interaction`)).body.polls[0];
    expect(seen).toMatchObject({ status: 'closed', counts: [0, 2, 0], total: 2, myVote: null });
  });
});
