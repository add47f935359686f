import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_ACCOUNT: '5', LOGIN_MAX_PER_IP: '40' });
});
afterAll(() => server?.stop());

const lastMailTo = (to: string) => [...server.services.mailer.recent].reverse().find((m) => m.to === to);
const tokenIn = (text: string) => /token=([\w-]+)/.exec(text)![1];

describe('login', () => {
  it('sets an HTTP-only SameSite session cookie and answers with the session', async () => {
    const client = new ApiClient(server.url);
    const res = await client.post('/api/v1/auth/login', { email: ' Expert@Demo.Test ', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^xh_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(res.body).toMatchObject({ user: { email: 'expert@demo.test' }, tenant: { slug: 'demo' }, role: 'expert' });
    expect(res.body.memberships.map((m: { slug: string }) => m.slug).sort()).toEqual(['demo', 'demo2']);
    expect(res.body.permissions).toContain('note.write');
    expect((await client.get('/api/v1/auth/session')).body.user.email).toBe('expert@demo.test');
  });

  it('enters the requested association, and can switch to another one the user belongs to', async () => {
    const client = await loginAs(server, 'expert@demo.test', { tenant: 'demo2' });
    expect((await client.get('/api/v1/auth/session')).body.tenant.slug).toBe('demo2');
    const switched = await client.post('/api/v1/auth/switch-tenant', { tenant: 'demo' });
    expect([switched.status, switched.body.tenant.slug]).toEqual([200, 'demo']);
    const notes = (await client.get('/api/v1/notes')).body.items.map((n: { title: string }) => n.title);
    expect(notes).toContain('2027 年度工作计划（草稿）');
    const refused = await client.post('/api/v1/auth/switch-tenant', { tenant: 'nowhere' });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'tenant_not_found']);
  });

  it('logout ends the session on the server, not only in the browser', async () => {
    const client = await loginAs(server, 'finance@demo.test');
    const saved = client.cookie;
    expect((await client.post('/api/v1/auth/logout')).status).toBe(200);
    client.cookie = saved;
    const res = await client.get('/api/v1/auth/session');
    expect(res.status).toBe(401);
  });

  it('gives scripts a short-lived bearer token that the API accepts', async () => {
    const res = await new ApiClient(server.url).post('/api/v1/auth/token', { email: 'party@demo.test', password: DEMO_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', tenant: 'demo' });
    const minutes = (Date.parse(res.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(50);
    expect(minutes).toBeLessThanOrEqual(60);
    const client = new ApiClient(server.url);
    client.bearer = res.body.token;
    expect((await client.get('/api/v1/auth/session')).body.role).toBe('party');
    // A bearer token is not a cookie: presenting it as one does not work.
    const asCookie = new ApiClient(server.url);
    asCookie.cookie = `xh_session=${res.body.token}`;
    expect((await asCookie.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('upgrades a password hash made with older argon2 parameters at the next login', async () => {
    const prisma = server.services.db.prisma;
    const old = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 });
    await prisma.user.update({ where: { email: 'compliance@demo2.test' }, data: { passwordHash: old } });
    await loginAs(server, 'compliance@demo2.test');
    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { email: 'compliance@demo2.test' } });
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await loginAs(server, 'compliance@demo2.test');
  });

  it('uses the language the user chose, over Accept-Language', async () => {
    const client = await loginAs(server, 'council@demo.test', { language: 'en' });
    expect((await client.patch('/api/v1/me', { locale: 'zh-CN' })).status).toBe(200);
    const res = await client.get('/api/v1/audit?limit=0');
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('提交的内容有误，请检查标出的字段。');
  });
});

describe('expired sessions', () => {
  it('are purged by the nightly job, while live ones stay', async () => {
    const prisma = server.services.db.prisma;
    const live = await loginAs(server, 'expert@demo2.test');
    const old = await loginAs(server, 'member@demo.test');
    await prisma.session.updateMany({ where: { user: { email: 'member@demo.test' } }, data: { expiresAt: new Date(Date.now() - 3 * 24 * 3600_000) } });
    // The next 04:00 in Shanghai (20:00 UTC): after the job's 03:30, within a day of now.
    const at = new Date();
    at.setUTCHours(20, 0, 0, 0);
    if (at.getTime() < Date.now()) at.setUTCDate(at.getUTCDate() + 1);
    await server.scheduler.tick(at);
    expect(await prisma.session.count({ where: { user: { email: 'member@demo.test' } } })).toBe(0);
    expect((await live.get('/api/v1/auth/session')).status).toBe(200);
    expect((await old.get('/api/v1/auth/session')).status).toBe(401);
  });
});

describe('login rate limit', () => {
  it('locks an account after 5 failures, even for the right password, and says when to retry', async () => {
    const client = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) {
      const res = await client.post('/api/v1/auth/login', { email: 'member@demo2.test', password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const res = await client.post('/api/v1/auth/login', { email: 'member@demo2.test', password: DEMO_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body.error.message).toMatch(/\d+ seconds/);
    // Another account from the same address is not affected by this account's lock.
    expect((await client.post('/api/v1/auth/login', { email: 'finance@demo2.test', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('a successful login clears the failures of an account', async () => {
    const client = new ApiClient(server.url);
    for (let i = 0; i < 4; i++) await client.post('/api/v1/auth/login', { email: 'party@demo2.test', password: 'wrong' });
    expect((await client.post('/api/v1/auth/login', { email: 'party@demo2.test', password: DEMO_PASSWORD })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await client.post('/api/v1/auth/login', { email: 'party@demo2.test', password: 'wrong' })).status).toBe(401);
  });

  it('limits attempts per IP address across accounts', async () => {
    const ipServer = await startTestServer({ LOGIN_MAX_PER_IP: '3' });
    try {
      const client = new ApiClient(ipServer.url);
      const emails = ['admin', 'finance', 'party', 'council'].map((r) => `${r}@demo2.test`);
      const statuses = [];
      for (const email of emails) statuses.push((await client.post('/api/v1/auth/login', { email, password: DEMO_PASSWORD })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await ipServer.stop();
    }
  });
});

describe('password reset', () => {
  it('e-mails a link; the token sets a new password once and ends all sessions', async () => {
    const old = await loginAs(server, 'secretariat@demo2.test');
    const req = await new ApiClient(server.url, 'zh-CN').post('/api/v1/auth/password-reset', { email: 'secretariat@demo2.test' });
    expect(req.status).toBe(202);
    const mail = lastMailTo('secretariat@demo2.test')!;
    expect(mail.subject).toBe('重置协会工作台密码');
    const token = tokenIn(mail.text);

    const short = await new ApiClient(server.url).post('/api/v1/auth/password-reset/confirm', { token, password: 'short' });
    expect(short.status).toBe(422);
    const ok = await new ApiClient(server.url).post('/api/v1/auth/password-reset/confirm', { token, password: 'a-new-password-1' });
    expect(ok.status).toBe(200);
    expect((await old.get('/api/v1/auth/session')).status).toBe(401);
    const again = await new ApiClient(server.url).post('/api/v1/auth/password-reset/confirm', { token, password: 'another-password' });
    expect([again.status, again.body.error.code]).toEqual([410, 'reset_token_invalid']);
    const login = await new ApiClient(server.url).post('/api/v1/auth/login', { email: 'secretariat@demo2.test', password: 'a-new-password-1' });
    expect(login.status).toBe(200);
  });

  it('answers the same for an unknown e-mail and sends nothing', async () => {
    const before = server.services.mailer.recent.length;
    const res = await new ApiClient(server.url).post('/api/v1/auth/password-reset', { email: 'ghost@nowhere.test' });
    expect(res.status).toBe(202);
    expect(server.services.mailer.recent.length).toBe(before);
  });
});

describe('invitations', () => {
  it('an admin invites a new person, who sets a password and lands in the association with that role', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const inv = await admin.post('/api/v1/invitations', { email: 'New.Person@Example.test', role: 'expert' });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ email: 'new.person@example.test', role: 'expert' });
    expect((await admin.get('/api/v1/invitations')).body.items.map((i: { id: string }) => i.id)).toContain(inv.body.id);

    const token = tokenIn(lastMailTo('new.person@example.test')!.text);
    const guest = new ApiClient(server.url);
    const lookup = await guest.get(`/api/v1/invitations/lookup?token=${token}`);
    expect(lookup.body).toEqual({ tenant: 'demo', tenantName: '中国示范行业协会', email: 'new.person@example.test', role: 'expert', existingUser: false });
    const missingName = await guest.post('/api/v1/invitations/accept', { token, password: 'welcome-123' });
    expect(missingName.status).toBe(422);
    const accepted = await guest.post('/api/v1/invitations/accept', { token, name: '新专家', password: 'welcome-123' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ tenant: { slug: 'demo' }, role: 'expert', user: { name: '新专家' } });
    expect((await guest.get('/api/v1/notes')).status).toBe(200);

    const reuse = await new ApiClient(server.url).post('/api/v1/invitations/accept', { token, name: 'x', password: 'welcome-123' });
    expect([reuse.status, reuse.body.error.code]).toEqual([410, 'invitation_invalid']);
    const dup = await admin.post('/api/v1/invitations', { email: 'new.person@example.test', role: 'member' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'already_member']);
  });

  it('an existing account joins a second association by proving its password', async () => {
    const admin2 = await loginAs(server, 'admin@demo2.test');
    await admin2.post('/api/v1/invitations', { email: 'council@demo.test', role: 'council' });
    const token = tokenIn(lastMailTo('council@demo.test')!.text);
    const wrong = await new ApiClient(server.url).post('/api/v1/invitations/accept', { token, password: 'not-my-password' });
    expect(wrong.status).toBe(401);
    const ok = await new ApiClient(server.url).post('/api/v1/invitations/accept', { token, password: DEMO_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.memberships.map((m: { slug: string }) => m.slug).sort()).toEqual(['demo', 'demo2']);
  });

  it('a revoked invitation no longer works', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const inv = await admin.post('/api/v1/invitations', { email: 'revoked@example.test', role: 'member' });
    const token = tokenIn(lastMailTo('revoked@example.test')!.text);
    expect((await admin.delete(`/api/v1/invitations/${inv.body.id}`)).status).toBe(204);
    const res = await new ApiClient(server.url).get(`/api/v1/invitations/lookup?token=${token}`);
    expect([res.status, res.body.error.code]).toEqual([410, 'invitation_invalid']);
  });
});

describe('roles', () => {
  it('an admin changes a role and the user’s next request has the new permissions', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const finance = await loginAs(server, 'finance@demo.test');
    expect((await finance.post('/api/v1/notes', { title: 'x' })).status).toBe(403);
    const id = (await finance.get('/api/v1/auth/session')).body.user.id;
    expect((await admin.patch(`/api/v1/users/${id}`, { role: 'secretariat' })).body.role).toBe('secretariat');
    expect((await finance.post('/api/v1/notes', { title: 'now allowed' })).status).toBe(201);
    await admin.patch(`/api/v1/users/${id}`, { role: 'finance' });
  });

  it("the association's own people are listed without member companies' accounts, and one is looked up by id", async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const all = (await admin.get('/api/v1/users?limit=100')).body.items as { id: string; role: string; name: string }[];
    expect(all.some((u) => u.role === 'member')).toBe(true);
    const people = (await admin.get('/api/v1/users?notRole=member&limit=100')).body.items as typeof all;
    expect(people.map((u) => u.id).sort()).toEqual(all.filter((u) => u.role !== 'member').map((u) => u.id).sort());
    const one = await admin.get(`/api/v1/users/${people[0].id}`);
    expect([one.status, one.body]).toEqual([200, expect.objectContaining({ id: people[0].id, name: people[0].name, role: people[0].role })]);
    // Someone of another association is not found here.
    const elsewhere = (await (await loginAs(server, 'admin@demo2.test')).get('/api/v1/auth/session')).body.user.id;
    expect((await admin.get(`/api/v1/users/${elsewhere}`)).status).toBe(404);
  });

  it('the last admin cannot demote or remove themselves', async () => {
    const admin = await loginAs(server, 'admin@demo2.test');
    const id = (await admin.get('/api/v1/auth/session')).body.user.id;
    const res = await admin.patch(`/api/v1/users/${id}`, { role: 'member' });
    expect([res.status, res.body.error.details]).toEqual([409, { reason: 'last_admin' }]);
    expect((await admin.delete(`/api/v1/users/${id}`)).status).toBe(409);
  });
});
