import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let id: string;
const as: Record<string, ApiClient> = {};
let anonymous: ApiClient;
const url = (p: string) => `/api/v1/standards/projects/${id}${p}`;
const portal = (p = '') => `/api/v1/portal/demo/standards/comments${p}`;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['secretariat', 'council', 'member']) as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo', language: 'zh-CN' });
  anonymous = new ApiClient(server.url, 'zh-CN');
  id = (await as.secretariat.post('/api/v1/standards/projects', { title: '绿色生产规范', scope: '本文件规定了绿色生产的要求。' })).body.id;
  await as.council.post(url('/transitions'), { to: 'approved', decision: '立项' });
  await as.secretariat.post(url('/transitions'), { to: 'drafting', decision: '起草' });
});
afterAll(() => server?.stop());

describe('public comment on the portal (征求意见)', () => {
  it('opens only with a deadline of today or later, and publishes a snapshot of the draft', async () => {
    expect((await as.secretariat.post(url('/transitions'), { to: 'public_comment', decision: '征求意见' })).status).toBe(422);
    const past = await as.secretariat.post(url('/transitions'), { to: 'public_comment', decision: '征求意见', publicComment: { deadline: '2020-01-01' } });
    expect(past.body.error.details[0].message).toBe('转入征求意见时须设置截止日期（不早于今天）。');
    const ok = await as.secretariat.post(url('/transitions'), { to: 'public_comment', decision: '征求意见', publicComment: { deadline: today(), allowPublic: true } });
    expect(ok.status).toBe(200);
    const versions = (await as.secretariat.get(url('/versions'))).body.items;
    expect(versions[0].name).toMatch(/^征求意见稿 \d{4}-\d{2}-\d{2}$/);

    const list = (await anonymous.get(portal())).body.items;
    expect(list).toEqual([expect.objectContaining({ id, title: '绿色生产规范', open: true, allowPublic: true })]);
    const draft = (await anonymous.get(portal(`/${id}`))).body;
    expect(draft.registered).toBe(false);
    expect(draft.clauses.slice(0, 3)).toEqual([
      { clause: '1', title: '范围' },
      { clause: '2', title: '规范性引用文件' },
      { clause: '3', title: '术语和定义' },
    ]);
    expect(JSON.stringify(draft.content)).toContain('本文件规定了绿色生产的要求。');
  });

  it('takes a registered user’s comment on a clause at once, into the comment-resolution matrix', async () => {
    const res = await as.member.post(portal(`/${id}`), { clause: '1', type: 'technical', body: '范围应包括服务业', name: '马骏', organization: '示范公司' });
    expect([res.status, res.body.status]).toEqual([201, 'accepted']);
    const threads = (await as.secretariat.get(url('/comments'))).body.items;
    expect(threads).toEqual([expect.objectContaining({ source: 'portal', clause: '1', type: 'technical', body: '范围应包括服务业', authorName: '马骏，示范公司' })]);
  });

  it('takes a comment from the public only after they open the e-mailed link', async () => {
    const missing = await anonymous.post(portal(`/${id}`), { body: '缺少邮箱', name: '张三' });
    expect(missing.status).toBe(422);
    const sent = await anonymous.post(portal(`/${id}`), { clause: '2', type: 'editorial', body: '引用文件年号有误', name: '张三', email: 'zhangsan@example.test' });
    expect(sent.body.status).toBe('verification_sent');
    const mail = server.services.mailer.recent.at(-1)!;
    expect(mail.to).toBe('zhangsan@example.test');
    const token = /token=([\w-]+)/.exec(mail.text)![1];
    expect((await as.secretariat.get(url('/comments'))).body.items).toHaveLength(1);
    expect((await anonymous.post('/api/v1/portal/demo/standards/comment-verifications', { token })).body.status).toBe('accepted');
    const threads = (await as.secretariat.get(url('/comments'))).body.items;
    expect(threads.map((c: { clause: string; authorName: string }) => [c.clause, c.authorName])).toEqual([
      ['1', '马骏，示范公司'],
      ['2', '张三'],
    ]);
    // A link works once.
    expect((await anonymous.post('/api/v1/portal/demo/standards/comment-verifications', { token })).status).toBe(422);
  });

  it('enforces the deadline, for new comments and for confirmations still pending', async () => {
    await anonymous.post(portal(`/${id}`), { body: '迟到的意见', name: '李四', email: 'lisi@example.test' });
    const token = /token=([\w-]+)/.exec(server.services.mailer.recent.at(-1)!.text)![1];
    await server.services.db.prisma.standardProject.update({ where: { id }, data: { commentDeadline: new Date(Date.now() - 1000) } });
    const late = await as.member.post(portal(`/${id}`), { body: '截止后', name: '马骏' });
    expect(late.status).toBe(422);
    expect(late.body.error.details[0].message).toMatch(/^征求意见已于 \d{4}-\d{2}-\d{2} 截止，不再接受意见。$/);
    expect((await anonymous.post('/api/v1/portal/demo/standards/comment-verifications', { token })).status).toBe(422);
    expect((await anonymous.get(portal())).body.items[0].open).toBe(false);
  });

  it('refuses the public when the project accepts registered users only, and hides drafts not in public comment', async () => {
    const other = (await as.secretariat.post('/api/v1/standards/projects', { title: '仅注册用户' })).body.id;
    await as.council.post(`/api/v1/standards/projects/${other}/transitions`, { to: 'approved', decision: '立项' });
    await as.secretariat.post(`/api/v1/standards/projects/${other}/transitions`, { to: 'drafting', decision: '起草' });
    expect((await anonymous.get(portal(`/${other}`))).status).toBe(404);
    await as.secretariat.post(`/api/v1/standards/projects/${other}/transitions`, { to: 'public_comment', decision: '征求意见', publicComment: { deadline: today() } });
    const res = await anonymous.post(portal(`/${other}`), { body: '公众意见', name: '王五', email: 'wangwu@example.test' });
    expect(res.status).toBe(401);
    expect((await new ApiClient(server.url).get(`/api/v1/portal/demo2/standards/comments/${other}`)).status).toBe(404);
  });
});
