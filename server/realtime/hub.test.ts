import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, loginAs, startTestServer, type TestServer } from '../testing/harness.ts';
import { PRESENCE_COALESCE_MS } from './hub.ts';

let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(() => server?.stop());

function open(auth: { cookie?: string; token?: string }): Socket {
  const s = connect(server.url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
    auth: auth.token ? { token: auth.token } : {},
    reconnection: false,
  });
  sockets.push(s);
  return s;
}

const next = <T>(s: Socket, event: string, pred: (p: T) => boolean = () => true, ms = 5000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const handler = (p: T) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      s.off(event, handler);
      resolve(p);
    };
    s.on(event, handler);
  });

const connected = (s: Socket) =>
  new Promise<void>((ok, fail) => {
    if (s.connected) return ok();
    s.once('connect', () => ok());
    s.once('connect_error', fail);
  });

type Presence = { online: { name: string; role: string }[] };

describe('realtime hub', () => {
  it('refuses a connection without a session', async () => {
    const s = open({});
    const err = await new Promise<Error & { data?: { code: string } }>((ok) => s.once('connect_error', ok));
    expect(err.data?.code).toBe('unauthenticated');
  });

  it('pushes who is online in the association when a colleague connects, and only to that association', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const watcher = open({ cookie: admin.cookie });
    await connected(watcher);
    const stranger = open({ cookie: (await loginAs(server, 'admin@demo2.test')).cookie });
    const strangerSawDemo = next<Presence>(stranger, 'presence:update', (p) => p.online.some((u) => u.role === 'secretariat'), 1500).then(() => true, () => false);

    const seen = next<Presence>(watcher, 'presence:update', (p) => p.online.some((u) => u.role === 'secretariat'));
    const colleague = open({ cookie: (await loginAs(server, 'secretariat@demo.test')).cookie });
    await connected(colleague);
    const presence = await seen;
    expect(presence.online.map((u) => u.name)).toEqual(expect.arrayContaining(['王建国（秘书长）', '李敏（会员服务部）']));
    expect(await strangerSawDemo).toBe(false);

    const gone = next<Presence>(watcher, 'presence:update', (p) => !p.online.some((u) => u.role === 'secretariat'));
    colleague.disconnect();
    await gone;
  });

  it('accepts a bearer token in auth.token', async () => {
    const res = await new ApiClient(server.url).post('/api/v1/auth/token', { email: 'expert@demo.test', password: DEMO_PASSWORD });
    const s = open({ token: res.body.token });
    // A list computed just before this socket joined may arrive first; the next one has it.
    const seen = next<Presence>(s, 'presence:update', (p) => p.online.some((u) => u.role === 'expert'));
    await connected(s);
    await seen;
  });

  it('checks the permission and the association before joining an entity room', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const note = (await admin.post('/api/v1/notes', { title: 'room test' })).body;
    const join = async (cookie: string) => {
      const s = open({ cookie });
      await connected(s);
      return s.emitWithAck('room:join', { kind: 'note', id: note.id });
    };
    expect(await join(admin.cookie)).toEqual({ ok: true });
    expect(await join((await loginAs(server, 'member@demo.test')).cookie)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join((await loginAs(server, 'admin@demo2.test')).cookie)).toMatchObject({ ok: false, code: 'not_found' });
    const s = open({ cookie: admin.cookie });
    await connected(s);
    expect(await s.emitWithAck('room:join', { kind: 'payroll', id: note.id })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('delivers domain events only to roles allowed to see them', async () => {
    const expert = open({ cookie: (await loginAs(server, 'expert@demo.test')).cookie });
    const member = open({ cookie: (await loginAs(server, 'member@demo.test')).cookie });
    await Promise.all([connected(expert), connected(member)]);
    const expertGot = next<{ name: string; data: { title: string } }>(expert, 'domain:event', (e) => e.name === 'note.created');
    const memberGot = next(member, 'domain:event', () => true, 1500).then(() => true, () => false);
    const admin = await loginAs(server, 'admin@demo.test');
    await admin.post('/api/v1/notes', { title: '实时推送' });
    expect((await expertGot).data.title).toBe('实时推送');
    expect(await memberGot).toBe(false);
  });

  it('drops the live connection of a user whose role was changed', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const party = await loginAs(server, 'party@demo.test');
    const s = open({ cookie: party.cookie });
    await connected(s);
    const revoked = next<{ reason: string }>(s, 'session:revoked');
    const disconnected = new Promise<string>((ok) => s.once('disconnect', ok));
    const id = (await party.get('/api/v1/auth/session')).body.user.id;
    await admin.patch(`/api/v1/users/${id}`, { role: 'member' });
    expect((await revoked).reason).toBeTruthy();
    expect(await disconnected).toBe('io server disconnect');
    await admin.patch(`/api/v1/users/${id}`, { role: 'party' });
  });

  it('logging out drops the connections of that session only, not the same user on another device', async () => {
    const phone = await loginAs(server, 'compliance@demo.test');
    const laptop = await loginAs(server, 'compliance@demo.test');
    const onPhone = open({ cookie: phone.cookie });
    const onLaptop = open({ cookie: laptop.cookie });
    await Promise.all([connected(onPhone), connected(onLaptop)]);
    const phoneGone = new Promise<string>((ok) => onPhone.once('disconnect', ok));
    const laptopGone = new Promise<string>((ok) => onLaptop.once('disconnect', ok));
    expect((await phone.post('/api/v1/auth/logout')).status).toBe(200);
    expect(await phoneGone).toBe('io server disconnect');
    expect(await Promise.race([laptopGone, new Promise((ok) => setTimeout(() => ok('still connected'), 1000))])).toBe('still connected');
    expect(onLaptop.connected).toBe(true);
  });

  it('drops a connection once its session has expired, and only that one', async () => {
    const expiring = await loginAs(server, 'finance@demo.test');
    const staying = await loginAs(server, 'finance@demo.test');
    const a = open({ cookie: expiring.cookie });
    const b = open({ cookie: staying.cookie });
    await Promise.all([connected(a), connected(b)]);
    const token = expiring.cookie.split('=')[1];
    const { createHash } = await import('node:crypto');
    await server.services.db.prisma.session.update({ where: { id: createHash('sha256').update(token).digest('hex') }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const told = next<{ reason: string }>(a, 'session:revoked');
    await server.hub.sweepSessions();
    expect((await told).reason).toBe('session expired');
    await new Promise((ok) => setTimeout(ok, 200));
    expect([a.connected, b.connected]).toEqual([false, true]);
  });

  it('sends one presence list for a burst of connections, not one per connection', async () => {
    const admin = await loginAs(server, 'admin@demo.test');
    const watcher = open({ cookie: admin.cookie });
    await connected(watcher);
    await new Promise((ok) => setTimeout(ok, 400));
    let updates = 0;
    watcher.on('presence:update', () => updates++);
    const started = performance.now();
    const burst = Array.from({ length: 20 }, () => open({ cookie: admin.cookie }));
    await Promise.all(burst.map(connected));
    await new Promise((ok) => setTimeout(ok, 600));
    // At most one list per coalescing window while the burst lasted (on a quiet machine the 20
    // connections take well under a second: a handful of lists, not 20). A busy machine stretches
    // the burst over more windows, so the bound follows the time it really took.
    const windows = Math.ceil((performance.now() - started) / PRESENCE_COALESCE_MS);
    expect(updates).toBeGreaterThanOrEqual(1);
    expect(updates).toBeLessThanOrEqual(Math.min(windows + 1, burst.length - 1));
  });
});
