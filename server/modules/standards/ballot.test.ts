import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let id: string;
const as: Record<string, ApiClient> = {};
const ids: Record<string, string> = {};
const contributions: { userId: string; role: string }[] = [];

const url = (p: string) => `/api/v1/standards/projects/${id}${p}`;
const publicComment = { deadline: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()) };
const move = (who: string, to: string) => as[who].post(url('/transitions'), { to, decision: '依据', ...(to === 'public_comment' ? { publicComment } : {}) });
const vote = (who: string, choice: string, reasons = '') => as[who].post(url('/ballot/votes'), { choice, reasons });

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['secretariat', 'council', 'expert', 'member', 'finance', 'party']) {
    as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo', language: 'zh-CN' });
    ids[role] = (await as[role].get('/api/v1/auth/session')).body.user.id;
  }
  server.services.events.on('standard.contribution', (e) => {
    contributions.push({ userId: e.userId, role: e.role });
  });
  id = (await as.secretariat.post('/api/v1/standards/projects', { title: '投票测试标准' })).body.id;
  for (const [who, role] of [['expert', 'voter'], ['member', 'voter'], ['party', 'author']] as const) await as.secretariat.post(url('/members'), { userId: ids[who], role });
});
afterAll(() => server?.stop());

describe('technical-review ballot', () => {
  it('is closed until the project enters technical review', async () => {
    const res = await vote('expert', 'approve');
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toBe('只有在技术审查阶段才能投票。');
    for (const [who, to] of [['council', 'approved'], ['secretariat', 'drafting'], ['secretariat', 'public_comment'], ['secretariat', 'technical_review']]) expect((await move(who, to)).status).toBe(200);
    const ballot = (await as.expert.get(url('/ballot'))).body;
    expect(ballot).toMatchObject({ round: 1, open: true, canVote: true, canResolve: false, blocking: 0 });
    // Two voters and the leader may vote.
    expect(ballot.tally).toEqual({ approve: 0, approve_with_comments: 0, disapprove: 0, abstain: 0, notVoted: 3 });
  });

  it('takes votes only from voters and the leader, and a 反对 only with written reasons', async () => {
    expect((await vote('party', 'approve')).status).toBe(403);
    const bare = await vote('member', 'disapprove');
    expect(bare.status).toBe(422);
    expect(bare.body.error.details[0]).toMatchObject({ path: 'body.reasons' });
    expect((await vote('member', 'disapprove', '第 4.1 条的限值缺少试验依据')).status).toBe(200);
    const tally = (await vote('expert', 'approve_with_comments', '建议补充示例')).body;
    expect(tally.tally).toEqual({ approve: 0, approve_with_comments: 1, disapprove: 1, abstain: 0, notVoted: 1 });
    expect(tally.blocking).toBe(1);
    expect(contributions.filter((c) => c.role === 'voter').map((c) => c.userId)).toEqual([ids.member, ids.expert]);
  });

  it('blocks publication while a disapproval is unresolved, until the leader records its resolution', async () => {
    const blocked = await move('council', 'published');
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details[0].message).toBe('有 1 张反对票尚未记录处理结果，不能批准发布。');
    expect((await as.council.get(url(''))).body.stage).toBe('technical_review');
    // Only the leader records it.
    expect((await as.expert.post(url('/ballot/resolutions'), { voterId: ids.member, resolution: '已补充' })).status).toBe(403);
    const none = await as.secretariat.post(url('/ballot/resolutions'), { voterId: ids.expert, resolution: '不是反对票' });
    expect(none.status).toBe(422);
    const resolved = await as.secretariat.post(url('/ballot/resolutions'), { voterId: ids.member, resolution: '已在 4.1 补充试验依据，投票人认可' });
    expect(resolved.body.blocking).toBe(0);
    expect(resolved.body.votes.find((v: { voterId: string }) => v.voterId === ids.member)).toMatchObject({ choice: 'disapprove', resolution: '已在 4.1 补充试验依据，投票人认可', resolvedByName: '李敏（会员服务部）' });
    expect((await move('council', 'published')).status).toBe(200);
  });

  it('is visible to the council, which decides on publication, but not to others outside the working group', async () => {
    expect((await as.finance.get(url('/ballot'))).status).toBe(403);
    const council = (await as.council.get(url('/ballot'))).body;
    expect([council.canVote, council.tally.disapprove]).toEqual([false, 1]);
  });

  it('starts a new round when the project returns to technical review, and a changed vote loses its old resolution', async () => {
    for (const [who, to] of [['secretariat', 'filed'], ['secretariat', 'review'], ['secretariat', 'drafting'], ['secretariat', 'public_comment'], ['secretariat', 'technical_review']]) expect((await move(who, to)).status).toBe(200);
    const ballot = (await as.member.get(url('/ballot'))).body;
    expect(ballot).toMatchObject({ round: 2, votes: [], blocking: 0 });
    await vote('member', 'disapprove', '仍有异议');
    await as.secretariat.post(url('/ballot/resolutions'), { voterId: ids.member, resolution: '已处理' });
    const again = (await vote('member', 'disapprove', '新的异议')).body;
    expect(again.blocking).toBe(1);
    expect(again.myVote).toMatchObject({ reasons: '新的异议', resolution: null });
  });
});
