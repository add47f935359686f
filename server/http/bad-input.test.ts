import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, loginAs, startTestServer, type TestServer } from '../testing/harness.ts';

/** Each kind of bad input gets its clear 4xx in the caller's language, and changes nothing. */

let server: TestServer;
let admin: ApiClient;
const prisma = () => server.services.db.prisma;
const counts = async () => ({ notes: await prisma().note.count(), sessions: await prisma().session.count(), audit: await prisma().auditLog.count() });

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, 'admin@demo.test');
});
afterAll(() => server?.stop());

describe('bad input', () => {
  it('a wrong password: 401 invalid_credentials, no session', async () => {
    const before = await prisma().session.count();
    const res = await new ApiClient(server.url).post('/api/v1/auth/login', { email: 'finance@demo.test', password: 'not-the-password' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'invalid_credentials', message: 'The e-mail or password is incorrect.' });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await prisma().session.count()).toBe(before);
  });

  it('an unknown e-mail answers exactly like a wrong password', async () => {
    const res = await new ApiClient(server.url).post('/api/v1/auth/login', { email: 'nobody@demo.test', password: 'whatever1' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });

  it('an unknown tenant: 404 tenant_not_found naming it', async () => {
    const res = await new ApiClient(server.url, 'zh-CN').post('/api/v1/auth/login', { email: 'admin@demo.test', password: DEMO_PASSWORD, tenant: 'no-such-assoc' });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'tenant_not_found', message: '未找到协会“no-such-assoc”。' });
  });

  it('a tenant the user does not belong to: 403 not_member', async () => {
    const res = await new ApiClient(server.url).post('/api/v1/auth/login', { email: 'admin@demo.test', password: DEMO_PASSWORD, tenant: 'demo2' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_member');
  });

  it('an expired session: 401 session_expired and the cookie is cleared', async () => {
    const client = await loginAs(server, 'secretariat@demo.test');
    await prisma().session.updateMany({ where: { user: { email: 'secretariat@demo.test' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await client.get('/api/v1/notes');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_expired');
    expect(res.headers.getSetCookie().join()).toMatch(/xh_session=;/);
  });

  it('an expired bearer token: 401 session_expired', async () => {
    const issued = await new ApiClient(server.url).post('/api/v1/auth/token', { email: 'council@demo.test', password: DEMO_PASSWORD });
    expect(issued.status).toBe(201);
    const client = new ApiClient(server.url);
    client.bearer = issued.body.token;
    expect((await client.get('/api/v1/notes')).status).toBe(200);
    await prisma().session.updateMany({ where: { kind: 'bearer', user: { email: 'council@demo.test' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await client.get('/api/v1/notes');
    expect([res.status, res.body.error.code]).toEqual([401, 'session_expired']);
  });

  it('a made-up token: 401 unauthenticated', async () => {
    const client = new ApiClient(server.url);
    client.bearer = 'x'.repeat(43);
    const res = await client.get('/api/v1/auth/session');
    expect([res.status, res.body.error.code]).toEqual([401, 'unauthenticated']);
  });

  it('a JSON body over 1 MB: 413, nothing stored', async () => {
    const before = await counts();
    const res = await admin.post('/api/v1/notes', { title: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect((await counts()).notes).toBe(before.notes);
  });

  it('malformed JSON: 400 invalid_json', async () => {
    const before = await counts();
    const res = await admin.request('POST', '/api/v1/notes', '{"title": "unterminated');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid_json', message: 'The request body is not valid JSON.' });
    expect((await counts()).notes).toBe(before.notes);
  });

  it('a body that is not JSON: 415', async () => {
    const res = await admin.request('POST', '/api/v1/notes', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('unknown fields: 422 listing each, nothing stored', async () => {
    const before = await counts();
    const res = await admin.post('/api/v1/notes', { title: 'ok', tenantId: 'someone-else', isAdmin: true });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body', code: 'unrecognized_keys', message: expect.stringMatching(/tenantId.*isAdmin/) })]);
    expect((await counts()).notes).toBe(before.notes);
  });

  it('validation messages follow the caller’s language', async () => {
    const zh = await loginAs(server, 'compliance@demo.test', { language: 'zh-CN' });
    const res = await zh.post('/api/v1/invitations', { email: 'not-an-email', role: 'member' });
    expect(res.status).toBe(403);
    const res2 = await admin.request('POST', '/api/v1/invitations', { email: 'not-an-email', role: 'pope' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(res2.status).toBe(422);
    expect(res2.body.error.message).toBe('提交的内容有误，请检查标出的字段。');
    expect(res2.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.email', 'body.role']);
    expect(res2.body.error.details.find((d: { path: string }) => d.path === 'body.email').message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('SQL and HTML inside strings are stored and returned as plain text', async () => {
    const before = await counts();
    const title = `Robert'); DROP TABLE "Note";-- <script>alert(1)</script>`;
    const res = await admin.post('/api/v1/notes', { title });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
    expect((await admin.get(`/api/v1/notes/${res.body.id}`)).body.title).toBe(title);
    expect(await prisma().note.count()).toBe(before.notes + 1);
    const search = await admin.get(`/api/v1/users?q=${encodeURIComponent(`' OR 1=1 --`)}`);
    expect([search.status, search.body.items]).toEqual([200, []]);
  });

  it('an empty required field is named in plain words', async () => {
    const res = await admin.request('POST', '/api/v1/notes', { title: '   ' }, { 'accept-language': 'zh-CN' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.title', message: '请填写此项' })]);
  });

  it('control characters in text are refused', async () => {
    const res = await admin.post('/api/v1/notes', { title: 'bell\u0007' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.title', message: 'Control characters are not allowed' });
  });

  it('an id that is not a UUID: 404, not a database error', async () => {
    const res = await admin.get(`/api/v1/notes/${encodeURIComponent("1' OR '1'='1")}`);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });

  it('an unknown API path: 404 JSON', async () => {
    const res = await admin.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('a write from a foreign origin is refused even with a valid session', async () => {
    const before = await counts();
    const res = await admin.request('POST', '/api/v1/notes', { title: 'csrf' }, { origin: 'https://evil.example' });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect((await counts()).notes).toBe(before.notes);
  });
});
