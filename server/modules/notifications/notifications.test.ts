import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let secretariat: ApiClient;
let me: { id: string; tenant: string };
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  const s = (await secretariat.get('/api/v1/auth/session')).body;
  me = { id: s.user.id, tenant: s.tenant.id };
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

const tell = (title: string, extra: { email?: boolean; userIds?: string[] } = {}) =>
  server.services.notify({ tenantId: me.tenant, userIds: extra.userIds ?? [me.id], kind: 'membership.application.submitted', title, body: '请审核。', link: '/members/applications/1', email: extra.email });

describe('notifications', () => {
  it('arrive live on the open page with the unread count, and are listed newest first', async () => {
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: secretariat.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const pushed = new Promise<{ notification: { title: string }; unread: number }>((ok) => socket.once('notification:new', ok));
    await tell('新的入会申请');
    const live = await pushed;
    expect(live.notification.title).toBe('新的入会申请');
    expect(live.unread).toBe(1);
    await tell('第二条');
    const list = await secretariat.get('/api/v1/notifications');
    expect(list.body.unread).toBe(2);
    expect(list.body.items.map((n: { title: string }) => n.title)).toEqual(['第二条', '新的入会申请']);
    expect(list.body.items[0]).toMatchObject({ link: '/members/applications/1', readAt: null });
  });

  it('are marked read one by one or all at once', async () => {
    const [first] = (await secretariat.get('/api/v1/notifications?unread=true')).body.items;
    const read = await secretariat.post(`/api/v1/notifications/${first.id}/read`);
    expect(read.body.readAt).not.toBeNull();
    expect((await secretariat.get('/api/v1/notifications')).body.unread).toBe(1);
    await secretariat.post('/api/v1/notifications/read-all');
    expect((await secretariat.get('/api/v1/notifications')).body.unread).toBe(0);
  });

  it('are e-mailed when asked, with the link', async () => {
    await tell('缴费提醒', { email: true });
    const mail = server.services.mailer.recent.at(-1)!;
    expect(mail).toMatchObject({ to: 'secretariat@demo.test', subject: '缴费提醒' });
    expect(mail.text).toContain(`${server.config.PUBLIC_URL}/members/applications/1`);
  });

  it("are private: a colleague neither sees nor marks someone else's", async () => {
    const colleague = await loginAs(server, 'finance@demo.test');
    const mine = (await secretariat.get('/api/v1/notifications')).body.items[0];
    expect((await colleague.get('/api/v1/notifications')).body.items).toEqual([]);
    const res = await colleague.post(`/api/v1/notifications/${mine.id}/read`);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});
