import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let admin: ApiClient;
let adminId: string;
beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, 'admin@demo.test');
  adminId = (await admin.get('/api/v1/auth/session')).body.user.id;
});
afterAll(() => server?.stop());

describe('audit log page', () => {
  it('shows who changed what, with before and after, for every change made through the API', async () => {
    const created = await admin.post('/api/v1/notes', { title: '理事会纪要' });
    await admin.patch(`/api/v1/notes/${created.body.id}`, { title: '理事会纪要（定稿）' });
    await admin.delete(`/api/v1/notes/${created.body.id}`);
    const res = await admin.get(`/api/v1/audit?entity=Note&entityId=${created.body.id}`);
    expect(res.status).toBe(200);
    const [del, upd, ins] = res.body.items;
    expect([ins.action, upd.action, del.action]).toEqual(['insert', 'update', 'delete']);
    expect(upd).toMatchObject({ actor: { id: adminId, email: 'admin@demo.test' }, changed: ['title'], before: { title: '理事会纪要' }, after: { title: '理事会纪要（定稿）' } });
    expect(del.after).toBeNull();
  });

  it('records logins and failed logins of the association', async () => {
    await new ApiClient(server.url).post('/api/v1/auth/login', { email: 'finance@demo.test', password: 'wrong-password', tenant: 'demo' });
    await loginAs(server, 'finance@demo.test');
    const actions = (await admin.get('/api/v1/audit?entity=User&action=login_failed')).body.items;
    expect(actions[0].after).toMatchObject({ email: 'finance@demo.test' });
    const logins = (await admin.get('/api/v1/audit?action=login')).body.items;
    expect(logins.some((r: { actor: { email: string } }) => r.actor.email === 'finance@demo.test')).toBe(true);
  });

  it('filters by actor and time range and pages with a cursor', async () => {
    const secretariat = await loginAs(server, 'secretariat@demo.test');
    const sid = (await secretariat.get('/api/v1/auth/session')).body.user.id;
    const from = new Date().toISOString();
    for (let i = 0; i < 5; i++) await secretariat.post('/api/v1/notes', { title: `note ${i}` });
    const first = await admin.get(`/api/v1/audit?actorId=${sid}&entity=Note&from=${encodeURIComponent(from)}&limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await admin.get(`/api/v1/audit?actorId=${sid}&entity=Note&from=${encodeURIComponent(from)}&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const titles = [...first.body.items, ...second.body.items].map((r: { after: { title: string } }) => r.after.title);
    expect(titles).toEqual(['note 4', 'note 3', 'note 2', 'note 1', 'note 0']);
    const future = await admin.get(`/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
  });

  it('is readable by council and compliance, not by members', async () => {
    expect((await (await loginAs(server, 'council@demo.test')).get('/api/v1/audit')).status).toBe(200);
    expect((await (await loginAs(server, 'compliance@demo.test')).get('/api/v1/audit')).status).toBe(200);
    expect((await (await loginAs(server, 'member@demo.test')).get('/api/v1/audit')).status).toBe(403);
  });

  it("never shows another association's entries", async () => {
    const other = new ApiClient(server.url);
    await other.post('/api/v1/auth/login', { email: 'admin@demo2.test', password: DEMO_PASSWORD });
    const rows = (await other.get('/api/v1/audit?limit=200')).body.items as { actor: { email: string } | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.actor?.email.endsWith('@demo.test') && r.actor.email !== 'expert@demo.test')).toEqual([]);
  });
});
