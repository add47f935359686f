import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
const as: Record<string, ApiClient> = {};
const ids: Record<string, string> = {};
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['admin', 'secretariat', 'council', 'expert', 'member', 'finance']) {
    as[role] = await loginAs(server, `${role}@demo.test`, { language: 'zh-CN' });
    ids[role] = (await as[role].get('/api/v1/auth/session')).body.user.id;
  }
  as.outsider = await loginAs(server, 'admin@demo2.test');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

const publicComment = { deadline: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()) };
const move = (who: string, id: string, to: string, decision = '依据') =>
  as[who].post(`/api/v1/standards/projects/${id}/transitions`, { to, decision, ...(to === 'public_comment' ? { publicComment } : {}) });

describe('standard projects', () => {
  it('are proposed by an expert, who leads the working group, and start as 提案', async () => {
    const res = await as.expert.post('/api/v1/standards/projects', { title: '绿色生产规范', scope: '适用于制造业会员单位' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: '绿色生产规范', stage: 'proposal', myRole: 'leader', document: `standard:${res.body.id}` });
    const detail = (await as.expert.get(`/api/v1/standards/projects/${res.body.id}`)).body;
    expect(detail.members).toEqual([expect.objectContaining({ userId: ids.expert, role: 'leader' })]);
    expect(detail.nextStages).toEqual([]);
  });

  it('are not visible to roles without standard.read, nor to another association', async () => {
    const [p] = (await as.secretariat.get('/api/v1/standards/projects')).body.items;
    expect((await as.finance.get('/api/v1/standards/projects')).status).toBe(403);
    expect((await as.outsider.get('/api/v1/standards/projects')).body.items).toEqual([]);
    const res = await as.outsider.get(`/api/v1/standards/projects/${p.id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('standard project');
  });

  it('move through every stage only by the roles allowed, each with its decision in the history', async () => {
    const { id } = (await as.expert.post('/api/v1/standards/projects', { title: '团体标准编写指南' })).body;
    // 立项 is the council's decision, not the proposer's.
    const byLeader = await move('expert', id, 'approved');
    expect(byLeader.status).toBe(403);
    expect(byLeader.body.error.message).toContain('理事会');
    expect((await move('council', id, 'approved', '2026 年第 3 次理事会审议通过立项')).status).toBe(200);
    // Skipping stages is refused with a message about the stages.
    const skip = await move('expert', id, 'published');
    expect(skip.status).toBe(422);
    expect(skip.body.error.details[0].message).toContain('不能从“立项”转入“批准发布”');
    expect((await move('expert', id, 'drafting', '成立工作组开始起草')).status).toBe(200);
    expect((await move('expert', id, 'public_comment', '征求意见稿完成')).status).toBe(200);
    expect((await move('expert', id, 'technical_review', '意见已处理')).status).toBe(200);
    expect((await move('expert', id, 'published')).status).toBe(403);
    expect((await move('council', id, 'published', '技术审查通过，批准发布')).status).toBe(200);
    expect((await move('expert', id, 'filed')).status).toBe(403);
    expect((await move('secretariat', id, 'filed', '已在全国团体标准信息平台备案')).status).toBe(200);
    const done = await move('secretariat', id, 'review', '发布满三年，启动复审');
    expect(done.body.stage).toBe('review');
    expect(done.body.history.map((h: { to: string }) => h.to)).toEqual(['approved', 'drafting', 'public_comment', 'technical_review', 'published', 'filed', 'review']);
    expect(done.body.history[0]).toMatchObject({ from: 'proposal', decision: '2026 年第 3 次理事会审议通过立项', actorName: '黄志明（理事长）' });
    expect(done.body.nextStages).toEqual(['drafting', 'filed']);
  });

  it('require a written decision for every move', async () => {
    const { id } = (await as.expert.post('/api/v1/standards/projects', { title: '无决定' })).body;
    const res = await as.council.post(`/api/v1/standards/projects/${id}/transitions`, { to: 'approved', decision: '  ' });
    expect(res.status).toBe(422);
    expect((await as.council.get(`/api/v1/standards/projects/${id}`)).body.stage).toBe('proposal');
  });

  it('have a working group set by the leader; only leaders or the secretariat change it, and one leader always remains', async () => {
    const { id } = (await as.expert.post('/api/v1/standards/projects', { title: '工作组测试' })).body;
    const added = await as.expert.post(`/api/v1/standards/projects/${id}/members`, { userId: ids.member, role: 'author' });
    expect(added.status).toBe(200);
    expect(added.body.members.map((m: { role: string }) => m.role)).toEqual(['leader', 'author']);
    // The author may not reshape the group.
    expect((await as.member.post(`/api/v1/standards/projects/${id}/members`, { userId: ids.council, role: 'voter' })).status).toBe(403);
    expect((await as.secretariat.post(`/api/v1/standards/projects/${id}/members`, { userId: ids.council, role: 'voter' })).status).toBe(200);
    const last = await as.expert.post(`/api/v1/standards/projects/${id}/members`, { userId: ids.expert, role: null });
    expect(last.status).toBe(422);
    expect(last.body.error.details[0].message).toBe('工作组至少需要一名组长。');
    // Someone from another association cannot be added.
    const outsiderId = (await as.outsider.get('/api/v1/auth/session')).body.user.id;
    expect((await as.expert.post(`/api/v1/standards/projects/${id}/members`, { userId: outsiderId, role: 'reader' })).status).toBe(422);
    const mine = (await as.member.get('/api/v1/standards/projects?mine=true')).body.items;
    expect(mine.map((p: { id: string; myRole: string }) => [p.id, p.myRole])).toEqual([[id, 'author']]);
  });

  it('filter by stage for the drill-down from the dashboard', async () => {
    const approved = (await as.council.get('/api/v1/standards/projects?stage=review')).body.items;
    expect(approved.length).toBe(1);
    expect(approved[0].title).toBe('团体标准编写指南');
  });

  it('push changes live to the association and recompute the standards-by-stage widget', async () => {
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: as.council.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const event = new Promise<{ name: string; data: { stage: string } }>((ok) => socket.on('domain:event', (e) => e.name === 'standard.project.changed' && ok(e)));
    // A recompute for an earlier change may still arrive after connecting: wait for the one counting the new project.
    const widget = new Promise<{ data: { total: number; stages: { stage: string; count: number }[] } }>((ok) =>
      socket.on('dashboard:widget', (w) => w.key === 'standardsByStage' && (w.data as { total: number }).total === 5 && ok(w as never)),
    );
    await as.expert.post('/api/v1/standards/projects', { title: '实时推送' });
    expect((await event).data.stage).toBe('proposal');
    const w = await widget;
    expect(w.data.total).toBe(5);
    expect(w.data.stages.find((s) => s.stage === 'proposal')!.count).toBe(4);
    const snapshot = (await as.council.get('/api/v1/dashboard')).body.widgets.find((x: { key: string }) => x.key === 'standardsByStage');
    expect(snapshot.data.total).toBe(5);
  });
});
