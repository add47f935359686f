// The SQL that would bring the migrations in prisma/migrations up to the schema in prisma/schema/,
// or '' when they match. It needs no database of yours: the migrations are applied to a throw-away
// PGlite served over TCP, and Prisma's CLI compares that database with the schema.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { prismaEnv } from './prisma-env.ts';

export async function pendingMigrationSql(): Promise<string> {
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  const server = new PGLiteSocketServer({ db: db.pglite!, port: 0, host: '127.0.0.1' });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  try {
    // Asynchronous on purpose: the PGlite server answering the CLI runs in this very process.
    // Prisma's CLI on this very Node, not whatever `npx` the PATH finds first.
    const { stdout: sql } = await promisify(execFile)(
      process.execPath,
      ['node_modules/prisma/build/index.js', 'migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema', '--script'],
      { env: { ...prismaEnv(), DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable` }, encoding: 'utf8', cwd: `${import.meta.dirname}/..` },
    );
    return sql.replace(/^-- This is an empty migration\.\s*$/m, '').trim();
  } finally {
    await server.stop();
    await db.close();
  }
}
