import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fold } from '../../collab/store.ts';
import { storedText } from '../../collab/testing.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase } from '../testing/harness.ts';
import { prismaStore } from './prisma-store.ts';

let db: Database;
let drop: () => Promise<void>;
let tenantId: string;
let otherTenantId: string;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await migrate(db);
  tenantId = (await db.prisma.tenant.create({ data: { slug: 'ta', name: 'A' } })).id;
  otherTenantId = (await db.prisma.tenant.create({ data: { slug: 'tb', name: 'B' } })).id;
});
afterAll(() => drop());

/** Successive edits of one document, as the updates a provider would send. */
function editor() {
  const doc = new Y.Doc();
  return (s: string) => {
    const before = Y.encodeStateVector(doc);
    doc.getText('t').insert(doc.getText('t').length, s);
    return Y.encodeStateAsUpdate(doc, before);
  };
}

const logCount = (name: string) => db.prisma.collabUpdate.count({ where: { tenantId, name } });

describe('prismaStore', () => {
  it('loads what was appended, in order, per tenant', async () => {
    const store = prismaStore(db);
    const edit = editor();
    for (const s of ['a', 'b', 'c']) await store.append(tenantId, 'note:load', edit(s));
    const { state, updates } = await store.load(tenantId, 'note:load');
    expect(state).toBeNull();
    expect(storedText(state, updates)).toBe('abc');
    expect((await store.load(otherTenantId, 'note:load')).updates).toEqual([]);
  });

  it('compacts the log into the snapshot and deletes the folded updates', async () => {
    const store = prismaStore(db);
    const edit = editor();
    await store.append(tenantId, 'note:compact', edit('one '));
    await store.append(tenantId, 'note:compact', edit('two'));
    await store.compact(tenantId, 'note:compact', (state, updates) => fold(new Y.Doc(), state, updates), ['u1']);
    const { state, updates } = await store.load(tenantId, 'note:compact');
    expect(updates).toEqual([]);
    expect(storedText(state, [])).toBe('one two');
  });

  it('keeps an update appended while a compaction is running', async () => {
    const store = prismaStore(db);
    const edit = editor();
    await store.append(tenantId, 'note:race', edit('before '));
    let late: Promise<void> | undefined;
    await store.compact(
      tenantId,
      'note:race',
      (state, updates) => {
        // Another connection's edit, after this compaction read the log. On PostgreSQL it commits on
        // another connection while this transaction runs; PGlite queues it behind the transaction.
        late = store.append(tenantId, 'note:race', edit('after'));
        return fold(new Y.Doc(), state, updates);
      },
      [],
    );
    await late;
    const { state, updates } = await store.load(tenantId, 'note:race');
    expect(updates).toHaveLength(1);
    expect(storedText(state, [])).toBe('before ');
    expect(storedText(state, updates)).toBe('before after');
  });

  it('changes nothing when the fold fails', async () => {
    const store = prismaStore(db);
    const edit = editor();
    await store.append(tenantId, 'note:fail', edit('safe'));
    await expect(
      store.compact(tenantId, 'note:fail', () => {
        throw new Error('fold failed');
      }, ['u1']),
    ).rejects.toThrow('fold failed');
    expect(await logCount('note:fail')).toBe(1);
    expect(await db.prisma.collabDocument.count({ where: { tenantId, name: 'note:fail' } })).toBe(0);
  });

  it('keeps in the snapshot what an earlier compaction stored, even if this process never saw it', async () => {
    const store = prismaStore(db);
    const a = new Y.Doc();
    a.getText('t').insert(0, 'from another instance');
    await store.compact(tenantId, 'note:merge', (state, updates) => fold(a, state, updates), []);
    const b = new Y.Doc();
    b.getText('t').insert(0, 'here ');
    await store.compact(tenantId, 'note:merge', (state, updates) => fold(b, state, updates), []);
    const text = storedText((await store.load(tenantId, 'note:merge')).state, []);
    expect(text).toContain('from another instance');
    expect(text).toContain('here ');
  });

  it('records who edited in the audit log when it compacts', async () => {
    const store = prismaStore(db);
    const user = await db.prisma.user.create({ data: { email: 'editor@x.test', name: 'E' } });
    const edit = editor();
    await store.append(tenantId, 'note:audit', edit('x'));
    await store.compact(tenantId, 'note:audit', (state, updates) => fold(new Y.Doc(), state, updates), [user.id]);
    const rows = await db.prisma.auditLog.findMany({ where: { tenantId, entity: 'CollabDocument', entityId: 'note:audit' } });
    expect(rows.map((r) => r.actorId)).toEqual([user.id]);
  });
});
