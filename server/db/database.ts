import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';
import { pgliteSettings, seedDataDir } from './pglite-template.ts';

/** The small SQL surface the migration runner and health checks need, for both engines. */
/**
 * Bursts (200 people registering for one meeting at once) queue for a connection and for row locks:
 * a write waits its turn rather than failing after Prisma's default 2 s wait and 5 s run.
 */
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(script: string): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  /** The embedded engine itself, when kind is pglite (tests and tooling serve it over TCP). */
  pglite?: PGlite;
  /** Unscoped client: only platform code (auth, tenants, jobs) uses it; modules use the tenant-scoped one. */
  prisma: PrismaClient;
  sql: SqlRunner & { transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; without it PGlite is used. */
  url?: string;
  /** PGlite data directory, or 'memory://' for a throw-away database. */
  dataDir?: string;
  poolSize?: number;
  /** PGlite's shared_buffers (PostgreSQL syntax, e.g. 16MB). */
  sharedBuffers?: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPGlite(opts.dataDir ?? 'memory://', opts.sharedBuffers ?? '16MB');
}

async function openPGlite(dataDir: string, sharedBuffers: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory && !seedDataDir(dataDir)) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : join(dataDir), { postgresqlconf: pgliteSettings(sharedBuffers), extensions: { pg_trgm } });
  const runner = (q: Pick<PGlite, 'query' | 'exec'>): SqlRunner => ({
    async query<T>(text: string, params?: unknown[]) {
      return (await q.query<T>(text, params)).rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db), transactionOptions });
  return {
    kind: 'pglite',
    pglite: db,
    prisma,
    sql: { ...runner(db), transaction: (fn) => db.transaction((tx) => fn(runner(tx))) },
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/**
 * Names Prisma's statements so that each pool connection prepares a statement once and then only
 * binds it: parsing and planning every query again cost the members list about a millisecond of
 * database CPU per request. The app has a few hundred query shapes; long ones (IN lists of a bulk
 * change) and any past the cap stay unnamed ('' for pg), so no connection caches without bound.
 * Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later (max_prepared_statements).
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2000;
function statementName(query: { sql: string; args: unknown[] }): string {
  let name = statementNames.get(query.sql);
  if (name !== undefined) return name;
  if (query.sql.length > 4000 || query.args.length > 40 || statementNames.size >= MAX_NAMED_STATEMENTS) return '';
  statementNames.set(query.sql, (name = `xh${statementNames.size}`));
  return name;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that the server drops (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const runner = (c: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<T>(text: string, params?: unknown[]) {
      return (await c.query(text, params)).rows as T[];
    },
    async exec(script: string) {
      await c.query(script);
    },
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: statementName }), transactionOptions });
  return {
    kind: 'postgres',
    prisma,
    sql: {
      ...runner(pool),
      async transaction(fn) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(runner(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
