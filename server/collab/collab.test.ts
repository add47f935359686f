// The collab path through the whole app: real providers against startTestServer(), logged in with
// the demo accounts' session cookies or bearer tokens.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToText } from '../../collab/text.ts';
import { openProvider, waitFor, type TestProvider } from '../../collab/testing.ts';
import type { Database } from '../db/database.ts';
import { createTestDatabase, loginAs, startTestServer, type ApiClient, type TestServer } from '../testing/harness.ts';
import { docInDatabase, textInDatabase } from './testing.ts';

// The demo accounts log in many times here; with Redis the per-IP limit is shared by every test file.
const ENV = { LOGIN_MAX_PER_IP: '10000' };

let database: { db: Database; drop(): Promise<void> };
let server: TestServer;
let note: string;
let tenantId: string;
const open: TestProvider[] = [];
const clients = new Map<string, ApiClient>();

const collabUrl = () => `${server.url.replace(/^http/, 'ws')}/collab`;
async function as(email: string) {
  const key = email;
  if (!clients.has(key)) clients.set(key, await loginAs(server, email, { tenant: email.endsWith('@demo2.test') ? 'demo2' : 'demo' }));
  return clients.get(key)!;
}
async function provider(email: string | null, opts: { name?: string; token?: string; headers?: Record<string, string>; doc?: Y.Doc } = {}) {
  const cookie = email ? (await as(email)).cookie : undefined;
  const p = openProvider({ url: collabUrl(), name: opts.name ?? note, cookie, token: opts.token, headers: opts.headers, doc: opts.doc });
  open.push(p);
  return p;
}
const refusal = (p: TestProvider) => waitFor('refusal', () => p.failure);
const stored = () => textInDatabase(database.db, tenantId, note);

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(ENV, { db: database.db });
  const admin = await as('admin@demo.test');
  const notes = await admin.get('/api/v1/notes');
  note = notes.body.items[0].document;
  tenantId = (await admin.get('/api/v1/auth/session')).body.tenant.id;
});

afterAll(async () => {
  for (const p of open) p.destroy();
  await server?.stop();
  await database?.drop();
});

describe('collab: who may open a note', () => {
  it('refuses a user without note.read with reason forbidden', async () => {
    const p = await provider('member@demo.test');
    expect(await refusal(p)).toBe('forbidden');
  });

  it('refuses a connection without a session with reason unauthenticated', async () => {
    const p = await provider(null);
    expect(await refusal(p)).toBe('unauthenticated');
  });

  it('refuses an unknown or expired bearer token with reason unauthenticated', async () => {
    const p = await provider(null, { token: 'x'.repeat(43) });
    expect(await refusal(p)).toBe('unauthenticated');
  });

  it('refuses a user of tenant demo2 on a note of tenant demo with reason not_found', async () => {
    const p = await provider('admin@demo2.test');
    expect(await refusal(p)).toBe('not_found');
  });

  it('refuses an unknown document kind and a note that does not exist', async () => {
    const kind = await provider('admin@demo.test', { name: note.replace(/^note:/, 'minutes:') });
    expect(await refusal(kind)).toBe('not_found');
    const missing = await provider('admin@demo.test', { name: 'note:00000000-0000-4000-8000-000000000000' });
    expect(await refusal(missing)).toBe('not_found');
  });

  it("ignores the session cookie on a connection opened by another site's page", async () => {
    const p = await provider('admin@demo.test', { headers: { origin: 'https://evil.example' } });
    expect(await refusal(p)).toBe('unauthenticated');
  });
});

describe('collab: editing a note', () => {
  it('shows each editor the other\'s edits live, in the editor fragment, and stores them', async () => {
    const a = await provider('secretariat@demo.test');
    const b = await provider('compliance@demo.test');
    await waitFor('both synced', () => a.saved() && b.saved());
    expect(a.scope).toBe('read-write');
    const paragraph = (doc: Y.Doc, s: string) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(s)]);
      const fragment = doc.getXmlFragment('default');
      fragment.insert(fragment.length, [p]);
    };
    paragraph(a.doc, 'from secretariat');
    await waitFor('b sees a', () => docToText(b.doc).includes('from secretariat'));
    paragraph(b.doc, 'from compliance');
    await waitFor('a sees b', () => docToText(a.doc).includes('from compliance'));
    await waitFor('both saved', () => a.saved() && b.saved());
    expect(docToText(a.doc)).toBe(docToText(b.doc));
    expect(docToText(await docInDatabase(database.db, tenantId, note))).toBe(docToText(a.doc));
    a.destroy();
    b.destroy();
  });

  it('accepts a bearer token from POST /auth/token as the provider token', async () => {
    const client = await as('expert@demo.test');
    const res = await client.post('/api/v1/auth/token', { email: 'expert@demo.test', password: 'demo12345', tenant: 'demo' });
    expect(res.status).toBe(201);
    const p = await provider(null, { token: res.body.token });
    await waitFor('synced', p.saved);
    expect(p.scope).toBe('read-write');
    p.type('script edit. ');
    await waitFor('saved', p.saved);
    expect(await stored()).toContain('script edit. ');
    p.destroy();
  });

  it('lets a read-only role read, but its edits reach neither the others nor the database', async () => {
    const reader = await provider('council@demo.test');
    const editor = await provider('secretariat@demo.test');
    await waitFor('reader authenticated', () => reader.provider.isAuthenticated && reader.provider.synced);
    expect(reader.scope).toBe('readonly');
    await waitFor('editor synced', editor.saved);
    reader.type('COUNCIL WAS HERE');
    await waitFor('reader told it is not saved', () => reader.provider.hasUnsyncedChanges);
    editor.type('editor after council. ');
    await waitFor('reader sees the editor', () => reader.text().includes('editor after council. '));
    await waitFor('editor saved', editor.saved);
    expect(editor.text()).not.toContain('COUNCIL');
    expect(await stored()).not.toContain('COUNCIL');
    reader.destroy();
    editor.destroy();
  });

  it('takes write access from an editor within a second of an admin making them council', async () => {
    const expert = await as('expert@demo.test');
    const expertId = (await expert.get('/api/v1/auth/session')).body.user.id;
    const p = await provider('expert@demo.test');
    const watcher = await provider('secretariat@demo.test');
    await waitFor('synced', () => p.saved() && watcher.saved());
    expect(p.scope).toBe('read-write');
    const closes = p.closes;

    const admin = await as('admin@demo.test');
    const res = await admin.patch(`/api/v1/users/${expertId}`, { role: 'council' });
    expect(res.status).toBe(200);
    await waitFor('connection closed', () => p.closes > closes, 1_000);
    await waitFor('reconnected read-only', () => p.provider.isAuthenticated && p.scope === 'readonly');

    p.type('EXPERT AFTER DEMOTION');
    await waitFor('not saved', () => p.provider.hasUnsyncedChanges);
    watcher.type('watcher. ');
    await waitFor('expert still reads', () => p.text().includes('watcher. '));
    await waitFor('watcher saved', watcher.saved);
    expect(watcher.text()).not.toContain('EXPERT');
    expect(await stored()).not.toContain('EXPERT');
    p.destroy();
    watcher.destroy();
    expect((await admin.patch(`/api/v1/users/${expertId}`, { role: 'expert' })).status).toBe(200);
  });

  it('cuts editors off a deleted note and never stores its document back', async () => {
    const admin = await as('admin@demo.test');
    const created = await admin.post('/api/v1/notes', { title: 'to be deleted' });
    const name = created.body.document;
    const p = await provider('secretariat@demo.test', { name });
    await waitFor('synced', p.saved);
    p.type('draft text');
    await waitFor('saved', p.saved);
    expect((await admin.delete(`/api/v1/notes/${created.body.id}`)).status).toBe(204);
    expect(await waitFor('told it is gone', () => p.failure)).toBe('not_found');
    p.destroy();
    // Unloading compacts the document; its rows must not come back.
    await waitFor('unloaded', () => !server.collab.hocuspocus.documents.has(name));
    const prisma = database.db.prisma;
    expect([await prisma.collabDocument.count({ where: { name } }), await prisma.collabUpdate.count({ where: { name } })]).toEqual([0, 0]);
  });

  it('cuts an editor off once their session expires, and refuses them on reconnect', async () => {
    const client = await loginAs(server, 'party@demo.test');
    const p = openProvider({ url: collabUrl(), name: note, cookie: client.cookie });
    open.push(p);
    await waitFor('synced', p.saved);
    const id = createHash('sha256').update(client.cookie.split('=')[1]).digest('hex');
    await database.db.prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await server.collab.sweepSessions();
    expect(await waitFor('refused on reconnect', () => p.failure)).toBe('unauthenticated');
  });

  it('keeps the text across a server restart on the same database', async () => {
    const p = await provider('secretariat@demo.test');
    await waitFor('synced', p.saved);
    p.type('before restart. ');
    await waitFor('saved', p.saved);
    const before = p.text();
    p.destroy();
    await server.stop();
    server = await startTestServer(ENV, { db: database.db });
    const again = await provider('secretariat@demo.test');
    await waitFor('synced after restart', again.saved);
    expect(again.text()).toBe(before);
    expect(before).toContain('before restart. ');
  });
});
