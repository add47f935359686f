import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { systemWrite } from '../../db/tenant-scope.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let party: ApiClient;
let branchId: string;
const ids: Record<string, string> = {};
const clients: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  party = await loginAs(server, 'party@demo.test');
  branchId = (await party.post('/api/v1/party/branches', { name: '协会秘书处党支部' })).body.id;
  // Five members: four with accounts (member, council, expert, finance), one without.
  for (const role of ['member', 'council', 'expert', 'finance']) {
    clients[role] = await loginAs(server, `${role}@demo.test`);
    ids[role] = (await clients[role].get('/api/v1/auth/session')).body.user.id;
    const res = await party.post('/api/v1/party/members', { branchId, name: `${role} 同志`, userId: ids[role], joinedOn: '2020-07-01' });
    expect(res.status).toBe(201);
  }
  await party.post('/api/v1/party/members', { branchId, name: '离线党员', kind: 'probationary' });
});
afterAll(() => server?.stop());

async function newMeeting(kind = 'committee', heldOn = new Date().toISOString()) {
  const res = await party.post('/api/v1/party/meetings', { branchId, kind, title: `${kind} 会议`, heldOn, place: '会议室' });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('party meetings: sign-in and attendance', () => {
  it('lets members of the branch sign in once, refuses others, and records the attendance rate', async () => {
    const m = await newMeeting();
    const recorded: DomainEvents['party.meeting.recorded'][] = [];
    const stop = server.services.events.on('party.meeting.recorded', (e) => void recorded.push(e));
    for (const role of ['member', 'council', 'expert']) expect((await clients[role].post(`/api/v1/party/meetings/${m.id}/sign-in`)).status).toBe(200);
    const twice = await clients.member.post(`/api/v1/party/meetings/${m.id}/sign-in`);
    expect(twice.body).toMatchObject({ signedIn: 3, mySignIn: true });
    const outsider = await loginAs(server, 'secretariat@demo.test');
    const refused = await outsider.post(`/api/v1/party/meetings/${m.id}/sign-in`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('notPartyMember');

    const done = await party.post(`/api/v1/party/meetings/${m.id}/record`);
    expect(done.body).toMatchObject({ signedIn: 3, expected: 5, attendanceRate: 0.6 });
    // Below 80%: the contract event carries the rate for the compliance rules.
    expect(recorded).toEqual([expect.objectContaining({ partyMeetingId: m.id, kind: 'committee', attendanceRate: 0.6 })]);
    expect((await clients.finance.post(`/api/v1/party/meetings/${m.id}/sign-in`)).status).toBe(409);
    expect((await party.post(`/api/v1/party/meetings/${m.id}/record`)).status).toBe(409);
    stop();
  });

  it('counts exactly 80% as meeting the rule', async () => {
    const m = await newMeeting('group');
    for (const role of ['member', 'council', 'expert', 'finance']) await clients[role].post(`/api/v1/party/meetings/${m.id}/sign-in`);
    expect((await party.post(`/api/v1/party/meetings/${m.id}/record`)).body.attendanceRate).toBe(0.8);
  });

  it("hides a branch's meetings from people outside the party roles who are not its members", async () => {
    const m = await newMeeting('lecture');
    expect((await clients.member.get(`/api/v1/party/meetings/${m.id}`)).status).toBe(200);
    const other = await loginAs(server, 'secretariat@demo.test');
    expect((await other.get(`/api/v1/party/meetings/${m.id}`)).status).toBe(404);
  });

  it('keeps minutes', async () => {
    const m = await newMeeting('congress');
    const res = await party.patch(`/api/v1/party/meetings/${m.id}`, { minutes: '传达学习上级会议精神，讨论年度党建计划。' });
    expect(res.body.minutes).toBe('传达学习上级会议精神，讨论年度党建计划。');
    expect((await clients.member.patch(`/api/v1/party/meetings/${m.id}`, { minutes: 'x' })).status).toBe(403);
  });
});

describe('三会一课 calendar', () => {
  it('shows per kind whether this period is held, due or overdue', async () => {
    const cal = (await party.get(`/api/v1/party/calendar?branchId=${branchId}`)).body;
    const byKind = Object.fromEntries(cal.kinds.map((k: { kind: string; state: string }) => [k.kind, k]));
    expect(byKind.committee.state).toBe('ok');
    expect(byKind.committee.everyMonths).toBe(1);
    expect(byKind.congress.everyMonths).toBe(3);
    expect(byKind.lecture.state).toBe('ok');
    expect(cal.kinds).toHaveLength(4);
    const council = await loginAs(server, 'council@demo.test');
    expect((await council.get('/api/v1/party/calendar')).status).toBe(200);
    expect((await clients.member.get('/api/v1/party/calendar')).status).toBe(403);
  });
});

describe('study records, ranking and report', () => {
  it('ranks members by points: 2 per meeting attended, 1 per study hour', async () => {
    const members = (await party.get('/api/v1/party/members')).body.items as { id: string; name: string }[];
    const expert = members.find((m) => m.name === 'expert 同志')!;
    const today = new Date().toISOString().slice(0, 10);
    const rec = await party.post('/api/v1/party/study-records', { memberId: expert.id, title: '学习《社会组织登记管理条例》', hours: 3.5, studiedOn: today, notes: '结合协会章程学习' });
    expect(rec.status).toBe(201);
    const ranking = (await party.get('/api/v1/party/ranking')).body.items as { name: string; points: number; rank: number; meetings: number }[];
    const expertRow = ranking.find((r) => r.name === 'expert 同志')!;
    // Signed in to two meetings above (committee and group): 4 points, plus 3 whole study hours.
    expect(expertRow).toMatchObject({ meetings: 2, points: 7, rank: 1 });
    const council = ranking.find((r) => r.name === 'council 同志')!;
    expect(council).toMatchObject({ points: 4, rank: 2 });
    expect(ranking.at(-1)).toMatchObject({ name: '离线党员', points: 0 });
  });

  it('produces a study report PDF for a period', async () => {
    const year = new Date().getFullYear();
    const res = await fetch(`${server.url}/api/v1/party/study-report?from=${year}-01-01&to=${year}-12-31`, { headers: { cookie: party.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString()).toBe('%PDF');
  });
});

describe('governance', () => {
  it('refuses to record the decision on a major matter until the party branch pre-review is recorded', async () => {
    const secretariat = await loginAs(server, 'secretariat@demo.test');
    const meeting = (await secretariat.post('/api/v1/council/meetings', { title: '第三届理事会第五次会议', heldOn: new Date().toISOString() })).body;
    const major = (await secretariat.post(`/api/v1/council/meetings/${meeting.id}/matters`, { title: '购置办公用房（大额支出）', majorCategory: 'spending' })).body;
    const ordinary = (await secretariat.post(`/api/v1/council/meetings/${meeting.id}/matters`, { title: '调整会议室使用办法' })).body;

    await clients.council.post(`/api/v1/council-matters/${major.id}/votes`, { choice: 'against' });
    const vote = await clients.council.post(`/api/v1/council-matters/${major.id}/votes`, { choice: 'for' });
    expect(vote.body.votes).toEqual({ for: 1, against: 0, abstain: 0 });
    expect((await clients.member.post(`/api/v1/council-matters/${major.id}/votes`, { choice: 'for' })).status).toBe(403);

    const blocked = await secretariat.post(`/api/v1/council-matters/${major.id}/decision`, { decision: 'approved' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.reason).toBe('preReviewRequired');
    expect((await secretariat.post(`/api/v1/council-matters/${ordinary.id}/decision`, { decision: 'approved' })).body.decision).toBe('approved');

    expect((await secretariat.post(`/api/v1/council-matters/${major.id}/pre-review`, { opinion: '同意' })).status).toBe(403);
    const reviewed = await party.post(`/api/v1/council-matters/${major.id}/pre-review`, { opinion: '支部委员会审议同意，建议控制预算。' });
    expect(reviewed.body.preReview.opinion).toBe('支部委员会审议同意，建议控制预算。');
    const decided = await secretariat.post(`/api/v1/council-matters/${major.id}/decision`, { decision: 'approved' });
    expect(decided.body).toMatchObject({ decision: 'approved' });
    expect((await secretariat.post(`/api/v1/council-matters/${major.id}/decision`, { decision: 'rejected' })).status).toBe(409);
  });

  it("checks the council's party-member share against the configured minimum", async () => {
    const secretariat = await loginAs(server, 'secretariat@demo.test');
    // The council of demo: council@demo.test (a party member, above) and one more who is not.
    const tenant = await server.services.db.prisma.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
    await systemWrite(server.services.db.prisma, { actorId: null, tenantId: tenant.id }, async (tx) => {
      const u = await tx.user.create({ data: { email: 'council2@demo.test', name: '第二位理事' } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: u.id, role: 'council' } });
    });
    const share = (await secretariat.get('/api/v1/governance/council-share')).body;
    expect(share).toEqual({ councilSize: 2, partyMembers: 1, share: 0.5, minimum: 0.5, ok: true });
    const stricter = (await secretariat.request('PUT', '/api/v1/governance/settings', { councilPartyShareMinimum: 0.6 })).body;
    expect(stricter.share).toMatchObject({ share: 0.5, minimum: 0.6, ok: false });
  });
});
