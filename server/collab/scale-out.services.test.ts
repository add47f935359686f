// Two app instances on one PostgreSQL database and one Redis, as in the reference deployment.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, waitFor, type TestProvider } from '../../collab/testing.ts';
import type { Database } from '../db/database.ts';
import { createTestDatabase, loginAs, startTestServer, type ApiClient, type TestServer } from '../testing/harness.ts';
import { textInDatabase } from './testing.ts';

let database: { db: Database; drop(): Promise<void> };
let one: TestServer;
let two: TestServer;
let note: string;
let tenantId: string;
const open: TestProvider[] = [];

const collabUrl = (s: TestServer) => `${s.url.replace(/^http/, 'ws')}/collab`;
function provider(server: TestServer, client: ApiClient) {
  const p = openProvider({ url: collabUrl(server), name: note, cookie: client.cookie });
  open.push(p);
  return p;
}

beforeAll(async () => {
  if (!process.env.REDIS_URL) throw new Error('scale-out tests need REDIS_URL (npm run test:services)');
  database = await createTestDatabase();
  // The same prefix: the two instances must hear each other.
  const env = { LOGIN_MAX_PER_IP: '10000', REDIS_PREFIX: `xhtest:${randomBytes(4).toString('hex')}` };
  one = await startTestServer(env, { db: database.db });
  two = await startTestServer(env, { db: database.db });
  const admin = await loginAs(one, 'admin@demo.test', { tenant: 'demo' });
  note = (await admin.get('/api/v1/notes')).body.items[0].document;
  tenantId = (await admin.get('/api/v1/auth/session')).body.tenant.id;
});

afterAll(async () => {
  for (const p of open) p.destroy();
  await one?.stop();
  await two?.stop();
  await database?.drop();
});

describe('collab across two instances', () => {
  it('shows editors on different instances each other\'s edits, and both compactions keep everything', async () => {
    const a = provider(one, await loginAs(one, 'secretariat@demo.test', { tenant: 'demo' }));
    const b = provider(two, await loginAs(two, 'compliance@demo.test', { tenant: 'demo' }));
    await waitFor('both synced', () => a.saved() && b.saved());
    a.type('on one. ');
    await waitFor('two sees one', () => b.text().includes('on one. '));
    b.type('on two. ');
    await waitFor('one sees two', () => a.text().includes('on two. '));
    await waitFor('both saved', () => a.saved() && b.saved());
    const text = a.text();
    expect(b.text()).toBe(text);
    a.destroy();
    b.destroy();
    // Each instance compacts when its last client leaves; neither may drop the other's edits.
    await waitFor('compacted', async () => (await database.db.prisma.collabUpdate.count({ where: { tenantId, name: note } })) === 0, 10_000);
    expect(await textInDatabase(database.db, tenantId, note)).toBe(text);
  });

  it('cuts off an editor connected to the other instance within a second of a role change', async () => {
    const expert = await loginAs(two, 'expert@demo.test', { tenant: 'demo' });
    const expertId = (await expert.get('/api/v1/auth/session')).body.user.id;
    const p = provider(two, expert);
    await waitFor('synced', p.saved);
    expect(p.scope).toBe('read-write');
    const closes = p.closes;
    const admin = await loginAs(one, 'admin@demo.test', { tenant: 'demo' });
    expect((await admin.patch(`/api/v1/users/${expertId}`, { role: 'council' })).status).toBe(200);
    await waitFor('connection on the other instance closed', () => p.closes > closes, 1_000);
    await waitFor('reconnected read-only', () => p.provider.isAuthenticated && p.scope === 'readonly');
    expect((await admin.patch(`/api/v1/users/${expertId}`, { role: 'expert' })).status).toBe(200);
  });
});
