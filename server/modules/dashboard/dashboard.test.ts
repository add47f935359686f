import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveMembersData } from '#schema/dashboard/api.ts';
import { loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

function live(cookie: string) {
  const s = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie } });
  sockets.push(s);
  return new Promise<Socket>((ok) => s.once('connect', () => ok(s)));
}

describe('leadership dashboard', () => {
  it('loads a snapshot of the widgets the council may see', async () => {
    const council = await loginAs(server, 'council@demo.test');
    const res = await council.get('/api/v1/dashboard');
    expect(res.status).toBe(200);
    const active = res.body.widgets.find((w: { key: string }) => w.key === 'activeMembers');
    const data = active.data as ActiveMembersData;
    expect(data.active30d).toBeGreaterThanOrEqual(1);
    const demo = await server.services.db.prisma.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(data.total).toBe(await server.services.db.prisma.membership.count({ where: { tenantId: demo.id } }));
    expect(data.days).toHaveLength(30);
    expect(data.days.at(-1)!.active).toBe(data.active30d);
    expect(Date.parse(active.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('pushes new numbers when someone logs in, to the council and not to members', async () => {
    const council = await live((await loginAs(server, 'council@demo.test')).cookie);
    const member = await live((await loginAs(server, 'member@demo.test')).cookie);
    const before = ((await (await loginAs(server, 'admin@demo.test')).get('/api/v1/dashboard')).body.widgets[0].data as ActiveMembersData).active30d;
    let memberGot = false;
    member.on('dashboard:widget', () => (memberGot = true));
    const pushed = new Promise<{ key: string; data: ActiveMembersData }>((ok) => {
      council.on('dashboard:widget', (w: { key: string; data: ActiveMembersData }) => {
        if (w.key === 'activeMembers' && w.data.active30d > before) ok(w);
      });
    });
    await loginAs(server, 'finance@demo.test');
    expect((await pushed).data.active30d).toBe(before + 1);
    await new Promise((ok) => setTimeout(ok, 500));
    expect(memberGot).toBe(false);
  });
});
