// Two app processes on one PostgreSQL database and one Redis, behind a failover proxy, as in the
// reference deployment: realtime events cross instances, and when one instance is killed its
// clients carry on through the other without losing anything saved.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, waitFor, type TestProvider } from '../../collab/testing.ts';
import { spawnServer, type ChildServer } from '../collab/testing.ts';
import { failoverProxy } from '../testing/failover-proxy.ts';
import { createTestDatabase, loginAs, type ApiClient } from '../testing/harness.ts';
import type { Database } from '../db/database.ts';

let database: { db: Database; url?: string; drop(): Promise<void> };
let a: ChildServer;
let b: ChildServer;
let proxy: { url: string; close(): Promise<void> };
const sockets: Socket[] = [];
const providers: TestProvider[] = [];

const port = (s: { url: string }) => Number(new URL(s.url).port);

function socketTo(url: string, client: ApiClient, reconnection = false): Socket {
  const s = connect(url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: client.cookie }, reconnection, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  sockets.push(s);
  return s;
}
const connected = (s: Socket) => new Promise<void>((ok, fail) => (s.connected ? ok() : (s.once('connect', () => ok()), s.once('connect_error', fail))));
function next<T>(s: Socket, event: string, pred: (p: T) => boolean = () => true, ms = 5_000) {
  return new Promise<T>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${event} within ${ms} ms`)), ms);
    const on = (p: T) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      s.off(event, on);
      ok(p);
    };
    s.on(event, on);
  });
}

beforeAll(async () => {
  if (!process.env.REDIS_URL || !process.env.TEST_DATABASE_URL) throw new Error('scale-out tests need PostgreSQL and Redis (npm run test:services)');
  database = await createTestDatabase();
  const shared = { DATABASE_URL: database.url!, REDIS_PREFIX: `xhtest:${randomBytes(4).toString('hex')}` };
  // One after the other: the first migrates and seeds, the second finds it done.
  a = await spawnServer({ ...shared, DATA_DIR: mkdtempSync(join(tmpdir(), 'xh-a-')) });
  b = await spawnServer({ ...shared, DATA_DIR: mkdtempSync(join(tmpdir(), 'xh-b-')) });
  proxy = await failoverProxy([port(a), port(b)]);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const p of providers) p.destroy();
  await proxy?.close();
  for (const s of [a, b]) s?.child.kill('SIGKILL');
  await database?.drop();
});

describe('two instances', () => {
  it('show who is online across instances', async () => {
    const watcher = socketTo(a.url, await loginAs(a, 'admin@demo.test'));
    await connected(watcher);
    const seen = next<{ online: { role: string }[] }>(watcher, 'presence:update', (p) => p.online.some((u) => u.role === 'secretariat'));
    const other = socketTo(b.url, await loginAs(b, 'secretariat@demo.test'));
    await connected(other);
    await seen;
  });

  it('deliver a domain event from a change on one instance to browsers on the other', async () => {
    const watcher = socketTo(a.url, await loginAs(a, 'expert@demo.test'));
    await connected(watcher);
    const got = next<{ name: string; data: { title: string } }>(watcher, 'domain:event', (e) => e.name === 'note.created');
    await (await loginAs(b, 'admin@demo.test')).post('/api/v1/notes', { title: '跨实例推送' });
    expect((await got).data.title).toBe('跨实例推送');
  });

  it('push a dashboard widget recomputed on one instance to a dashboard open on the other', async () => {
    const wall = socketTo(a.url, await loginAs(a, 'council@demo.test'));
    await connected(wall);
    const before = (await (await loginAs(a, 'council@demo.test')).get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'activeMembers');
    // A first login of someone new on the other instance: recomputed there, pushed here with one more.
    const pushed = next<{ key: string; data: { active30d: number } }>(wall, 'dashboard:widget', (w) => w.key === 'activeMembers' && w.data.active30d === before.data.active30d + 1);
    await loginAs(b, 'party@demo.test');
    await pushed;
  });

  it('deliver a notification and a revocation from one instance to the user’s socket on the other', async () => {
    const council = await loginAs(a, 'council@demo.test');
    const socket = socketTo(a.url, council);
    await connected(socket);
    const notified = next<{ notification: { title: string } }>(socket, 'notification:new');
    const revoked = next(socket, 'session:revoked');
    const admin = await loginAs(b, 'admin@demo.test');
    const id = (await council.get('/api/v1/auth/session')).body.user.id;
    expect((await admin.patch(`/api/v1/users/${id}`, { role: 'finance' })).status).toBe(200);
    expect((await notified).notification.title).toBe('您的角色已变更');
    await revoked;
    await admin.patch(`/api/v1/users/${id}`, { role: 'council' });
  });

  it('carry clients over to the other instance when one is killed, losing nothing saved', async () => {
    const editor = await loginAs(a, 'secretariat@demo.test');
    const admin = await loginAs(a, 'admin@demo.test');
    const note = (await admin.post('/api/v1/notes', { title: '故障切换' })).body;
    const socket = socketTo(proxy.url, editor, true);
    await connected(socket);
    const provider = openProvider({ url: `${proxy.url.replace(/^http/, 'ws')}/collab`, name: note.document, cookie: editor.cookie });
    providers.push(provider);
    await waitFor('synced', provider.saved);
    provider.type('before the crash. ');
    await waitFor('saved before the crash', provider.saved);

    const dropped = new Promise((ok) => socket.once('disconnect', ok));
    a.child.kill('SIGKILL');
    await a.exited;
    await dropped;

    // The socket reconnects through the proxy to the surviving instance and still hears events.
    await waitFor('socket back', () => socket.connected, 15_000);
    const got = next<{ name: string; data: { title: string } }>(socket, 'domain:event', (e) => e.name === 'note.updated');
    const adminOnB = await loginAs(b, 'admin@demo.test');
    await adminOnB.patch(`/api/v1/notes/${note.id}`, { title: '故障切换（续）' });
    expect((await got).data.title).toBe('故障切换（续）');

    // The editor reconnects too: what was saved is there, and new edits are saved on the other instance.
    await waitFor('editor back', provider.saved, 15_000);
    expect(provider.text()).toContain('before the crash. ');
    provider.type('after the crash.');
    await waitFor('saved after the crash', provider.saved, 10_000);
    const reader = openProvider({ url: `${b.url.replace(/^http/, 'ws')}/collab`, name: note.document, cookie: (await loginAs(b, 'compliance@demo.test')).cookie });
    providers.push(reader);
    await waitFor('fresh reader synced', reader.saved, 10_000);
    expect(reader.text()).toBe('before the crash. after the crash.');
  });
});
