import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { notAuditedModels } from './schema-files.ts';
import { runInTenant, scopeToTenant, tenantModels, write, TenantScopeError, type ScopedClient } from './tenant-scope.ts';

let db: Database;
let drop: () => Promise<void>;
let scoped: ScopedClient;
let a: string;
let b: string;
let user: string;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await migrate(db);
  scoped = scopeToTenant(db.prisma);
  a = (await db.prisma.tenant.create({ data: { slug: 'ta', name: 'A' } })).id;
  b = (await db.prisma.tenant.create({ data: { slug: 'tb', name: 'B' } })).id;
  user = (await db.prisma.user.create({ data: { email: 'u@x.test', name: 'U' } })).id;
});
afterAll(() => drop());

const inA = <T>(fn: () => Promise<T>) => runInTenant({ tenantId: a, actorId: user, requestId: 'req-1' }, fn);
const inB = <T>(fn: () => Promise<T>) => runInTenant({ tenantId: b, actorId: user }, fn);

describe('tenant scoping', () => {
  it('knows every table that carries a tenantId', async () => {
    const rows = await db.sql.query<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenantId'`);
    expect([...tenantModels].sort()).toEqual(rows.map((r) => r.table_name).sort());
  });

  it('fills in the tenant on create and hides other tenants on every read', async () => {
    const note = await inA(() => write(scoped, (tx) => tx.note.create({ data: { title: 'only A', createdById: user } as never })));
    expect(note.tenantId).toBe(a);
    expect(await inA(() => scoped.note.findFirst({ where: { id: note.id } }))).not.toBeNull();
    expect(await inB(() => scoped.note.findFirst({ where: { id: note.id } }))).toBeNull();
    expect(await inB(() => scoped.note.findUnique({ where: { id: note.id } }))).toBeNull();
    expect(await inB(() => scoped.note.count())).toBe(0);
    // A where clause naming the other tenant explicitly is overridden, not obeyed.
    expect(await inB(() => scoped.note.findMany({ where: { tenantId: a } }))).toEqual([]);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const note = await inA(() => write(scoped, (tx) => tx.note.create({ data: { title: 'keep', createdById: user } as never })));
    await expect(inB(() => write(scoped, (tx) => tx.note.update({ where: { id: note.id }, data: { title: 'stolen' } })))).rejects.toThrow();
    const removed = await inB(() => write(scoped, (tx) => tx.note.deleteMany({ where: { id: note.id } })));
    expect(removed.count).toBe(0);
    expect((await db.prisma.note.findUniqueOrThrow({ where: { id: note.id } })).title).toBe('keep');
  });

  it('refuses to create a row for another tenant', async () => {
    await expect(inA(() => write(scoped, (tx) => tx.note.create({ data: { tenantId: b, title: 'x', createdById: user } })))).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('refuses tenant-owned queries outside a tenant context', async () => {
    await expect(scoped.note.findMany()).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('refuses changes outside write(), so that every change is attributed', async () => {
    await expect(inA(() => scoped.note.create({ data: { title: 'x', createdById: user } as never }))).rejects.toBeInstanceOf(TenantScopeError);
  });
});

describe('audit log', () => {
  it('records each change with actor, tenant, request id, before and after, in the same transaction', async () => {
    const note = await inA(() => write(scoped, (tx) => tx.note.create({ data: { title: 'v1', createdById: user } as never })));
    await inA(() => write(scoped, (tx) => tx.note.update({ where: { id: note.id }, data: { title: 'v2' } })));
    const rows = await db.prisma.auditLog.findMany({ where: { entityId: note.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.action)).toEqual(['insert', 'update']);
    expect(rows[1]).toMatchObject({ tenantId: a, actorId: user, requestId: 'req-1', entity: 'Note', changed: ['title'] });
    expect(rows[1].before).toMatchObject({ title: 'v1' });
    expect(rows[1].after).toMatchObject({ title: 'v2' });
  });

  it('leaves no audit row for a change that was rolled back', async () => {
    const before = await db.prisma.auditLog.count();
    await expect(
      inA(() =>
        write(scoped, async (tx) => {
          await tx.note.create({ data: { title: 'doomed', createdById: user } as never });
          throw new Error('abort');
        }),
      ),
    ).rejects.toThrow('abort');
    expect(await db.prisma.auditLog.count()).toBe(before);
    expect(await db.prisma.note.count({ where: { title: 'doomed' } })).toBe(0);
  });

  it('never stores password hashes', async () => {
    await db.prisma.user.update({ where: { id: user }, data: { passwordHash: '$argon2id$secret' } });
    const row = await db.prisma.auditLog.findFirstOrThrow({ where: { entity: 'User', entityId: user, action: 'update' }, orderBy: { id: 'desc' } });
    expect(row.changed).toEqual(['passwordHash']);
    expect(JSON.stringify({ before: row.before, after: row.after })).not.toContain('secret');
  });

  it('is append-only: updates, deletes and truncation are refused by the database', async () => {
    const row = await db.prisma.auditLog.findFirstOrThrow();
    await expect(db.prisma.auditLog.update({ where: { id: row.id }, data: { action: 'forged' } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.sql.exec('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/);
  });

  it('is attached to every tenant table except those marked not audited in the schema', async () => {
    const rows = await db.sql.query<{ table_name: string; audited: boolean }>(`
      SELECT c.table_name,
             EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = format('%I', c.table_name)::regclass AND t.tgname = c.table_name || '_audit') AS audited
        FROM information_schema.columns c
       WHERE c.table_schema = 'public' AND c.column_name = 'tenantId'
       ORDER BY c.table_name`);
    const notAudited = notAuditedModels();
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect({ table: r.table_name, audited: r.audited }).toEqual({ table: r.table_name, audited: r.table_name !== 'AuditLog' && !notAudited.has(r.table_name) });
  });
});
