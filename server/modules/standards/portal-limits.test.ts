import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { PORTAL_COMMENT_LIMITS } from './portal.ts';

let server: TestServer;
let id: string;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

beforeAll(async () => {
  // One proxy in front: X-Forwarded-For names the client, so the test can speak from several addresses.
  server = await startTestServer({ TRUST_PROXY: '1', LOGIN_MAX_PER_IP: '10000' });
  const secretariat = await loginAs(server, 'secretariat@demo.test');
  const council = await loginAs(server, 'council@demo.test');
  id = (await secretariat.post('/api/v1/standards/projects', { title: '绿色生产规范' })).body.id;
  await council.post(`/api/v1/standards/projects/${id}/transitions`, { to: 'approved', decision: '立项' });
  await secretariat.post(`/api/v1/standards/projects/${id}/transitions`, { to: 'drafting', decision: '起草' });
  await secretariat.post(`/api/v1/standards/projects/${id}/transitions`, { to: 'public_comment', decision: '征求意见', publicComment: { deadline: today(), allowPublic: true } });
});
afterAll(() => server?.stop());

const from = (ip: string, language = 'zh-CN') => {
  const c = new ApiClient(server.url, language);
  return { post: (body: object) => c.request('POST', `/api/v1/portal/demo/standards/comments/${id}`, body, { 'x-forwarded-for': ip }) };
};
const comment = (email: string) => ({ body: '建议补充术语', name: '公众', email });

describe('portal comment rate limits', () => {
  it('limit one address, whatever e-mails it uses, with a clear message and Retry-After', async () => {
    const one = from('198.51.100.7');
    for (let i = 0; i < PORTAL_COMMENT_LIMITS.perIp.points; i++) expect((await one.post(comment(`ip-${i}@example.test`))).status).toBe(201);
    const refused = await one.post(comment('ip-last@example.test'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.details.reason).toBe('perIp');
    expect(refused.body.error.details.message).toMatch(/^提交过于频繁.*请 \d+ 分钟后再试。$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // No comment was stored and no mail sent for the refused one; another address still gets through.
    expect(server.services.mailer.recent.some((m) => m.to === 'ip-last@example.test')).toBe(false);
    expect((await from('198.51.100.8').post(comment('someone@example.test'))).status).toBe(201);
  });

  it('limit one e-mail address, from however many addresses it writes', async () => {
    const email = 'Busy@Example.test';
    for (let i = 0; i < PORTAL_COMMENT_LIMITS.perEmail.points; i++) expect((await from(`203.0.113.${i + 1}`).post(comment(i % 2 ? email.toLowerCase() : email))).status).toBe(201);
    const refused = await from('203.0.113.200', 'en').post(comment(email));
    expect(refused.status).toBe(429);
    expect(refused.body.error.details.reason).toBe('perEmail');
    expect(refused.body.error.details.message).toMatch(/^Too many comments/);
  });
});
