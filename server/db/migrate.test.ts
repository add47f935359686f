import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.ts';
import { listMigrations, migrate, MigrationError, migrationsDir, migrationsUpToDate } from './migrate.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyDatabase() {
  const t = await createTestDatabase();
  cleanups.push(t.drop);
  return t.db;
}

describe('migrations applied at start', () => {
  it('apply to an empty database and are recorded where prisma migrate status looks', async () => {
    const db = await emptyDatabase();
    const files = listMigrations();
    expect(files.length).toBeGreaterThan(0);
    const result = await migrate(db);
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(files.map((f) => [f.name, f.checksum, 1]));
    expect(rows.every((r) => r.finished_at)).toBe(true);
    expect(await migrationsUpToDate(db)).toBe(true);
    // The schema is usable through Prisma right away.
    expect(await db.prisma.tenant.count()).toBe(0);
  });

  it('do nothing the second time', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.warnings).toEqual([]);
  });

  it('stop at a failing migration, leave the database as it was before it, and name it', async () => {
    const db = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'xh-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    const bad = join(dir, '99990101000000_broken');
    mkdirSync(bad);
    // The first statement would succeed on its own; the second fails, so neither may remain.
    writeFileSync(join(bad, 'migration.sql'), 'CREATE TABLE "Leftover" ("id" TEXT PRIMARY KEY);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n');

    const err = await migrate(db, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe('99990101000000_broken');
    expect((err as Error).message).toMatch(/NoSuchTable/);

    const leftover = await db.sql.query(`SELECT to_regclass('"Leftover"') AS t`);
    expect(leftover[0].t).toBeNull();
    const recorded = await db.sql.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((r) => r.migration_name)).not.toContain('99990101000000_broken');
    // The good migrations before it stay applied, and the app reports itself as not up to date.
    expect(recorded.length).toBe(listMigrations().length);
    expect(await migrationsUpToDate(db, dir)).toBe(false);
  });
});
