import type { DocumentStore } from '../../collab/store.ts';
import type { Database } from '../db/database.ts';
import { systemWrite } from '../db/tenant-scope.ts';

/**
 * Collaborative documents in the database: CollabDocument holds the compacted state, CollabUpdate
 * the log of updates appended since. Platform code on the unscoped client, with explicit tenants.
 */
export function prismaStore({ prisma, sql }: Pick<Database, 'prisma' | 'sql'>): DocumentStore {
  return {
    async load(tenantId, name) {
      // The log before the snapshot: a compaction committing in between only moves updates from the
      // log into the snapshot, so reading in this order can never miss one.
      const updates = await prisma.collabUpdate.findMany({ where: { tenantId, name }, orderBy: { id: 'asc' }, select: { update: true } });
      const doc = await prisma.collabDocument.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { state: true } });
      return { state: doc?.state ?? null, updates: updates.map((u) => u.update) };
    },
    async append(tenantId, name, update) {
      // Every keystroke's acknowledgement waits for this: one plain statement, straight to the
      // database driver (no query planning in Prisma's compiler).
      await sql.query('INSERT INTO "CollabUpdate" ("tenantId", name, update) VALUES ($1, $2, $3)', [tenantId, name, Buffer.from(update)]);
    },
    async compact(tenantId, name, fold, editors) {
      await systemWrite(prisma, { actorId: editors[0] ?? null, tenantId }, async (tx) => {
        // One compaction per document at a time, across every app instance.
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`collab:${tenantId}:${name}`}))::text`;
        const doc = await tx.collabDocument.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { state: true } });
        // Thousands of rows after a busy session: plain SQL, as Prisma's row mapping and a query with
        // an argument per id would hold up the event loop the editors' updates go through.
        const rows = await tx.$queryRaw<{ id: string; update: Uint8Array }[]>`SELECT id::text, update FROM "CollabUpdate" WHERE "tenantId" = ${tenantId} AND name = ${name} ORDER BY id`;
        const state = Buffer.from(fold(doc?.state ?? null, rows.map((r) => r.update)));
        await tx.collabDocument.upsert({ where: { tenantId_name: { tenantId, name } }, create: { tenantId, name, state }, update: { state } });
        // Exactly the rows folded in: one appended after the read (even with a lower id) stays.
        if (rows.length) await tx.$executeRaw`DELETE FROM "CollabUpdate" WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
        if (editors.length) {
          await tx.auditLog.create({ data: { tenantId, actorId: editors[0], action: 'edit', entity: 'CollabDocument', entityId: name, after: { editors, bytes: state.byteLength } } });
        }
      });
    },
  };
}
