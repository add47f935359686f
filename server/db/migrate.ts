import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from './database.ts';

export const migrationsDir = resolve(import.meta.dirname, '../../prisma/migrations');

export class MigrationError extends Error {
  readonly migration: string;
  constructor(migration: string, cause: unknown) {
    super(`Migration ${migration} failed and was rolled back; the database is unchanged by it. ${(cause as Error)?.message ?? cause}`);
    this.migration = migration;
    this.cause = cause;
  }
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const buf = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: buf.toString('utf8'), checksum: createHash('sha256').update(buf).digest('hex') };
    });
}

// Prisma's own bookkeeping table, so that `prisma migrate status/deploy` agree with what we applied.
const bookkeeping = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK = 7_203_117;

export interface MigrateResult {
  applied: string[];
  total: number;
  warnings: string[];
}

/**
 * Applies pending migrations in order, each in its own transaction together with its bookkeeping
 * row, so a failing migration leaves the database exactly as it was. Concurrent starts of several
 * instances serialise on an advisory lock.
 */
export async function migrate(db: Database, dir = migrationsDir): Promise<MigrateResult> {
  const files = listMigrations(dir);
  await db.sql.exec(bookkeeping);
  const applied: string[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    await db.sql
      .transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const rows = await tx.query<{ checksum: string; finished_at: Date | null }>(
          'SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL',
          [file.name],
        );
        const done = rows.find((r) => r.finished_at);
        if (done) {
          if (done.checksum !== file.checksum) warnings.push(`${file.name} was changed after it was applied`);
          return;
        }
        if (rows.length) throw new Error(`it is recorded as started but never finished; resolve it with \`prisma migrate resolve\``);
        const id = randomUUID();
        await tx.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
          [id, file.checksum, file.name],
        );
        await tx.exec(file.sql);
        await tx.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
        applied.push(file.name);
      })
      .catch((err: unknown) => {
        throw new MigrationError(file.name, err);
      });
  }
  return { applied, total: files.length, warnings };
}

/** True when every migration file is recorded as finished (used by /readyz). */
export async function migrationsUpToDate(db: Database, dir = migrationsDir): Promise<boolean> {
  const files = listMigrations(dir);
  const rows = await db.sql.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return files.every((f) => done.has(f.name));
}
